// The whole ticketflow in one process: core connections, the Temporal worker, the bot, the HTTP
// app — and, without a bot token, the sandbox standing in for Telegram. `npm run dev` runs this
// on embedded defaults; the sandbox browser test runs it on the test servers.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { NativeConnection } from '@temporalio/worker';
import { startTelegram } from './bot/runtime';
import { closeCore, startCore } from './bootstrap';
import type { Config } from './config';
import type { CoreDeps } from './deps';
import { buildHttpServer } from './http/server';
import type { Logger } from './logger';
import { sandboxMiniAppRoutes } from './sandbox/miniapp';
import { sandboxRoutes } from './sandbox/routes';
import { SANDBOX_BOT_TOKEN, startSandbox, type Sandbox } from './sandbox/sandbox';
import { seedDemo } from './sandbox/seed';
import { botApiTracing, enableTracing, temporalClientInterceptors } from './observability/tracing';
import { startAdminNotifications } from './notify/telegram-notifier';
import { createServices } from './services';
import { temporalConnectionOptions } from './temporal/client';
import { prepareTemporalNamespace } from './temporal/namespace';
import { ensureSchedules } from './schedules';
import { activityDeps, createTemporalWorker, loadWorkflowBundle } from './temporal-worker';
import type { WorkflowBundleOption } from '@temporalio/worker';

type Stop = () => Promise<void>;

export interface SystemOptions {
  /** PGlite: one connection, nothing to serialize. */
  embeddedDatabase?: boolean;
  seed?: 'demo';
  /** A prebuilt workflow bundle (tests; the traced one while tracing is on); otherwise bundled here once. */
  workflowBundle?: WorkflowBundleOption;
}

export interface RunningSystem {
  deps: CoreDeps;
  app: FastifyInstance;
  /** Where the app listens. */
  url: string;
  sandbox: Sandbox | null;
  stop(): Promise<void>;
}

/**
 * Starts everything; `config` is adjusted in place for the sandbox (bot token, Bot API root,
 * webhook on localhost). The sandbox is never used when a real BOT_TOKEN is set.
 */
export async function startSystem(config: Config, logger: Logger, options: SystemOptions = {}): Promise<RunningSystem> {
  const stops: Stop[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  try {
    let sandbox: Sandbox | null = null;
    if (!config.telegram.botToken) {
      sandbox = await startSandbox({ techGroups: config.telegram.techGroups });
      const started = sandbox;
      stops.push(() => started.close());
      config.http.host = '127.0.0.1';
      config.telegram.botToken = SANDBOX_BOT_TOKEN;
      config.telegram.apiRoot = sandbox.server.url;
      config.telegram.webhookUrl = `http://127.0.0.1:${config.http.port}`;
      config.telegram.webhookSecret = randomBytes(24).toString('hex');
      config.telegram.mainGroupId ??= sandbox.staffGroupId;
    }

    // Before startCore and the worker: the Temporal client and the worker are traced from the start.
    const tracing = config.tracing.enabled
      ? enableTracing('ticketflow', { otlpEndpoint: config.tracing.otlpEndpoint })
      : null;
    if (tracing) stops.push(() => tracing.shutdown());
    const deps = await startCore(config, logger, {
      embeddedDatabase: options.embeddedDatabase,
      temporalInterceptors: temporalClientInterceptors(),
    });
    stops.push(() => closeCore(deps));

    const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    await prepareTemporalNamespace(connection, config.temporal, logger);
    const worker = await createTemporalWorker(activityDeps(deps), {
      connection,
      bundle: options.workflowBundle ?? (await loadWorkflowBundle(logger, { traced: tracing !== null })),
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });
    // The weekly level evaluation's schedule, created or brought up to date (idempotent).
    await ensureSchedules(deps);

    // One set of services for the bot and the REST API.
    const services = createServices(deps);
    const telegram = await startTelegram(deps, { services });
    if (telegram) stops.push(() => telegram.stop());
    if (tracing) telegram?.bot.api.config.use(botApiTracing);
    const adminNotifications = await startAdminNotifications(deps);
    if (adminNotifications) stops.push(() => adminNotifications.stop());
    const app = await buildHttpServer(deps, telegram, services);
    if (sandbox) {
      await sandbox.restore(deps.orm.em.fork());
      await app.register(sandboxRoutes, { sandbox, orm: deps.orm });
      await app.register(sandboxMiniAppRoutes, { sandbox });
    }
    const url = await app.listen({ host: config.http.host, port: config.http.port });
    stops.push(() => app.close());
    if (sandbox && telegram?.webhookSecret) {
      // The port is known only now (it may have been 0): point the emulator's webhook at it.
      config.telegram.webhookUrl = url;
      await telegram.bot.api.setWebhook(`${url}/webhook/${telegram.webhookSecret}`, {
        secret_token: telegram.webhookSecret,
      });
    }

    if (sandbox && options.seed === 'demo') {
      const people = await seedDemo(sandbox, deps.orm, services.tickets);
      logger.info({ personas: people.map((p) => `${p.name} (${p.kind})`) }, 'demo workshop loaded');
    }
    return { deps, app, url, sandbox, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
