// The app's webhook path under infrastructure faults: the real bot and HTTP app, in this process,
// reach Postgres through a TCP proxy the test can cut and Redis on a private server the test can
// stop — never the shared ones. The Temporal worker (the real activities, notifications through
// the fake Bot API) runs on its own connections and can be stopped and started again. Everything
// the app logs is kept, to check that no secret was written.
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Message, Update, User } from 'grammy/types';
import { startTelegram, type TelegramRuntime } from '../../src/bot/runtime';
import { loadConfig, type Config } from '../../src/config';
import { createOrm, type Orm } from '../../src/db/orm';
import type { RoleSlug } from '../../src/domain';
import { buildHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createRedis, type RedisClient } from '../../src/redis';
import { activityDeps, createTemporalWorker } from '../../src/temporal-worker';
import { createTestDatabase, type TestDatabase } from './db';
import { createTicket, createUser, uniqueTelegramId } from './factories';
import { startFakeBotApi, TEST_BOT_TOKEN, type FakeBotApi } from '@ticketflow/telegram-emulator/testing';
import { LogCapture } from './log-capture';
import { startPrivateRedis, type PrivateRedis } from './private-redis';
import { testRedisPrefix, testRedisUrl } from './redis';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { startDevServer, uniqueTaskQueue, workflowBundle } from './temporal';

/** The app's secrets in these tests: none of them may appear in its log. */
export const FAULT_SECRETS = {
  botToken: TEST_BOT_TOKEN,
  webhookSecret: 'fault-webhook-secret-5f2d9c7a1b',
  apiToken: 'fault-api-token-0f9e8d7c6b5a4f3e2d1c',
  // Postgres trusts local connections, so any password gets in; it still travels in DATABASE_URL.
  databasePassword: 'pg-pass-7c3e1a9b5d',
};

export interface Delivery {
  status: number;
  body: string;
  ms: number;
}

export interface FaultHarness {
  telegram: FakeBotApi;
  db: TestDatabase;
  env: TestWorkflowEnvironment;
  /** Postgres as the app reaches it. */
  pg: TcpProxy;
  /** Temporal's frontend as the app reaches it (the worker has its own connection). */
  temporal: TcpProxy;
  /** The app's Redis. */
  redisServer: PrivateRedis;
  /** The app's Redis client. */
  redis: RedisClient;
  logs: LogCapture;
  config: Config;
  url: string;
  /** The app's DATABASE_URL (with the password). */
  databaseUrl: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** POSTs an update to the webhook as Telegram does (secret header), with no client-side timeout. */
  deliver(update: Update): Promise<Delivery>;
  /** A technician with Telegram, an assigned ticket, and that ticket's card (with its buttons) in their chat. */
  technicianWithCard(): Promise<{ tg: User; userId: number; ticketId: number; card: Message }>;
  stopAll(): Promise<void>;
}

export interface FaultHarnessOptions {
  slowPressAnswerMs?: number;
  /** More environment for the app and the worker (e.g. MAIN_GROUP_ID for the support desk). */
  env?: Record<string, string>;
}

export async function startFaultHarness(options: FaultHarnessOptions = {}): Promise<FaultHarness> {
  const telegram = await startFakeBotApi();
  const db = await createTestDatabase();
  const env = await startDevServer();
  const taskQueue = uniqueTaskQueue('faults');

  // The worker: its own connections to the real servers.
  const workerConfig = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      ...options.env,
    },
    'test',
  );
  const workerLogger = createLogger('silent');
  const workerRedis = createRedis(workerConfig.redis, workerLogger);
  const workerDeps = activityDeps(
    { config: workerConfig, logger: workerLogger, orm: db.orm, redis: workerRedis, temporal: env.client },
    { telegramPacing: false },
  );
  let worker: { worker: Worker; running: Promise<void> } | null = null;
  const startWorker = async () => {
    if (worker) return;
    const created = await createTemporalWorker(workerDeps, {
      connection: env.nativeConnection,
      bundle: workflowBundle(),
      taskQueue,
    });
    worker = { worker: created, running: created.run() };
  };
  const stopWorker = async () => {
    const current = worker;
    if (!current) return;
    worker = null;
    current.worker.shutdown();
    await current.running;
  };
  await startWorker();

  // The app: Postgres through the proxy, a private Redis, every log line kept.
  const pgUrl = new URL(db.url);
  const pg = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
  const appUrl = new URL(db.url);
  appUrl.port = String(pg.port);
  appUrl.username = appUrl.username || 'postgres';
  appUrl.password = FAULT_SECRETS.databasePassword;
  const databaseUrl = appUrl.toString();
  const orm: Orm = await createOrm({ clientUrl: databaseUrl, poolSize: 3 });
  const redisServer = await startPrivateRedis();
  const logs = new LogCapture();
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisServer.url,
      REDIS_PREFIX: 'tf:',
      TEMPORAL_TASK_QUEUE: taskQueue,
      BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      WEBHOOK_URL: 'http://127.0.0.1:9',
      WEBHOOK_SECRET: FAULT_SECRETS.webhookSecret,
      API_TOKEN: FAULT_SECRETS.apiToken,
      ...options.env,
    },
    'test',
  );
  const logger = createLogger('debug', 'ticketflow-app', { destination: logs });
  const redis = createRedis(config.redis, logger);
  const [temporalHost, temporalPort] = env.address.split(':');
  const temporalLink = await startTcpProxy({ host: temporalHost, port: Number(temporalPort) });
  const temporalConnection = await Connection.connect({ address: `127.0.0.1:${temporalLink.port}` });
  const temporal = new Client({ connection: temporalConnection, namespace: env.namespace });
  const deps = { config, logger, orm, redis, temporal };
  const runtime: TelegramRuntime = (await startTelegram(deps, { slowPressAnswerMs: options.slowPressAnswerMs }))!;
  const app: FastifyInstance = await buildHttpServer(deps, runtime);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await runtime.bot.api.setWebhook(`${url}/webhook/${FAULT_SECRETS.webhookSecret}`, {
    secret_token: FAULT_SECRETS.webhookSecret,
  });
  telegram.emulator.clearCalls();

  return {
    telegram,
    db,
    env,
    pg,
    temporal: temporalLink,
    redisServer,
    redis,
    logs,
    config,
    url,
    databaseUrl,
    startWorker,
    stopWorker,
    async deliver(update) {
      const started = Date.now();
      const res = await fetch(`${url}/webhook/${FAULT_SECRETS.webhookSecret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': FAULT_SECRETS.webhookSecret },
        body: JSON.stringify(update),
      });
      return { status: res.status, body: await res.text(), ms: Date.now() - started };
    },
    async technicianWithCard() {
      const tg = telegram.state.addUser({ id: uniqueTelegramId(), first_name: 'Tess', language_code: 'en' });
      telegram.state.ensurePrivateChat(tg);
      const user = await createUser(db.orm, {
        roles: ['technician'] as RoleSlug[],
        telegramId: tg.id,
        firstName: 'Tess',
      });
      const ticket = await createTicket(db.orm, { status: 'assigned', technician: user });
      const card = telegram.state.addMessage(tg.id, {
        sender: { kind: 'bot' },
        content: { text: `Ticket #${ticket.id}` },
        replyMarkup: { inline_keyboard: [[{ text: 'Start', callback_data: `tt:${ticket.id}:start` }]] },
      });
      return { tg, userId: user.id, ticketId: ticket.id, card };
    },
    async stopAll() {
      await app.close().catch(() => undefined);
      await runtime.stop().catch(() => undefined);
      redis.disconnect();
      await orm.close(true).catch(() => undefined);
      await temporalConnection.close().catch(() => undefined);
      await temporalLink.close();
      await stopWorker().catch(() => undefined);
      workerRedis.disconnect();
      await env.teardown().catch(() => undefined);
      await pg.close();
      await redisServer.stop();
      await telegram.close();
      await db.drop();
    },
  };
}

/** Polls `probe` until it yields a value (every 100 ms, up to `timeoutMs`); throws naming `what` otherwise. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
