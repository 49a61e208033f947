import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../../activities';
import type { TicketNotification } from '../../src/contracts/tickets';
import { loadConfig, type Config } from '../../src/config';
import type { Actor, RoleSlug } from '../../src/domain';
import { createLogger } from '../../src/logger';
import type { RedisClient } from '../../src/redis';
import { createRedis } from '../../src/redis';
import type { TicketNotifier } from '../../src/notify/notifier';
import type { TelegramPacingLimits } from '../../src/telegram/pacing';
import { TicketService } from '../../src/services/tickets';
import { temporalClientInterceptors } from '../../src/observability/tracing';
import { activityDeps, createTemporalWorker, workflowBundleOptions } from '../../src/temporal-worker';
import { createTestDatabase, type TestDatabase } from './db';
import { createItemWithParts, createUser } from './factories';
import { testRedisPrefix, testRedisUrl } from './redis';
import { startDevServer, startTimeSkippingServer, uniqueTaskQueue, workflowBundle } from './temporal';

/** Collects notifications instead of sending them (or, given `inner`, once `inner` has sent them). */
export class RecordingNotifier implements TicketNotifier {
  readonly sent: TicketNotification[] = [];
  /** The inner notifier's outbox and chat lanes, when it has them (the Telegram one). */
  readonly queue: TicketNotifier['queue'];
  readonly deliverChat: TicketNotifier['deliverChat'];
  readonly queueRefresh: TicketNotifier['queueRefresh'];
  readonly refresh: TicketNotifier['refresh'];
  constructor(private readonly inner?: TicketNotifier) {
    this.queue = inner?.queue?.bind(inner);
    this.queueRefresh = inner?.queueRefresh?.bind(inner);
    this.refresh = inner?.refresh?.bind(inner);
    this.deliverChat = inner?.deliverChat?.bind(inner);
  }
  async notify(notification: TicketNotification): Promise<void> {
    await this.inner?.notify(notification);
    this.sent.push(notification);
  }
  events(ticketId?: number): string[] {
    return this.sent.filter((n) => ticketId === undefined || n.ticketId === ticketId).map((n) => n.event);
  }
}

export interface Workshop {
  db: TestDatabase;
  env: TestWorkflowEnvironment;
  /** The Temporal client the service calls through (env.client, or a traced one). */
  temporal: Client;
  redis: RedisClient;
  worker: Worker;
  service: TicketService;
  notifier: RecordingNotifier;
  taskQueue: string;
  config: Config;
  stop(): Promise<void>;
}

/**
 * Everything a workflow test needs on real servers: a fresh database, a Redis prefix, a Temporal
 * server (dev server, or the time-skipping one), a running worker with the real activities, and
 * the service facade the bot and API use.
 */
export interface WorkshopOptions {
  timeSkipping?: boolean;
  qcSlaMinutes?: number;
  /** The (fake) Bot API the worker's activities send through; none by default. */
  telegram?: { token: string; apiRoot: string };
  /** Extra environment for the config (e.g. ACCESS_REQUEST_TTL_HOURS). */
  env?: Record<string, string>;
  /** Really sends notifications through this (the bot harness: Telegram); by default they are only recorded. */
  notifier?: (deps: Omit<ActivityDeps, 'ticketNotifier'>) => TicketNotifier;
  /** Extra dev-server arguments, e.g. dynamic config values. */
  serverArgs?: string[];
  /**
   * Outgoing pacing of the support bridge: off by default here (tests share one staff group and
   * would wait out Telegram's 20/min); give limits to exercise it.
   */
  telegramPacing?: TelegramPacingLimits | false;
  /**
   * Tracing was enabled before (src/observability/tracing.ts): the worker runs the traced bundle
   * (bundled here), the client carries the trace context.
   */
  traced?: boolean;
}

export async function startWorkshop(options: WorkshopOptions = {}): Promise<Workshop> {
  const db = await createTestDatabase();
  const env = options.timeSkipping ? await startTimeSkippingServer() : await startDevServer(options.serverArgs);
  const taskQueue = uniqueTaskQueue('workshop');
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      QC_SLA_MINUTES: String(options.qcSlaMinutes ?? 240),
      ...(options.telegram ? { BOT_TOKEN: options.telegram.token, TELEGRAM_API_ROOT: options.telegram.apiRoot } : {}),
      ...options.env,
    },
    'test',
  );
  const logger = createLogger('silent');
  const redis = createRedis(config.redis, logger);
  const temporal = options.traced
    ? new Client({ connection: env.connection, namespace: env.namespace, interceptors: temporalClientInterceptors() })
    : env.client;
  const deps = { config, logger, orm: db.orm, redis, temporal };
  const notifier = new RecordingNotifier(options.notifier?.(activityDeps(deps)));
  const worker = await createTemporalWorker(
    activityDeps(deps, { ticketNotifier: notifier, telegramPacing: options.telegramPacing ?? false }),
    {
      connection: env.nativeConnection,
      bundle: options.traced ? await tracedWorkflowBundle() : workflowBundle(),
      taskQueue,
    },
  );
  const running = worker.run();
  return {
    db,
    env,
    temporal,
    redis,
    worker,
    notifier,
    taskQueue,
    config,
    service: new TicketService(deps),
    async stop() {
      worker.shutdown();
      await running;
      redis.disconnect();
      await env.teardown();
      await db.drop();
    },
  };
}

/** The traced workflow bundle, as a traced worker runs it (bundled per workshop: few tests need it). */
async function tracedWorkflowBundle(): Promise<{ code: string }> {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(true), logger: quiet });
  return { code };
}

export async function actorWith(workshop: Workshop, roles: RoleSlug[]): Promise<Actor> {
  const user = await createUser(workshop.db.orm, { roles });
  return { id: user.id, roles };
}

/** A reviewed-and-assignable ticket: an item with parts, specs of the given minutes. */
export async function newTicket(workshop: Workshop, master: Actor, minutes: number[] = [45]) {
  const { item, parts } = await createItemWithParts(workshop.db.orm, {
    partNames: minutes.map((_, i) => `part ${i + 1}`),
  });
  return workshop.service.createTicket(master, {
    serial: item.serialNumber,
    partSpecs: minutes.map((m, i) => ({ partId: parts[i].id, color: 'green', minutes: m })),
  });
}
