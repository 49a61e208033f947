// The bench's workshop, as test/support/workshop.ts builds it for the tests but without jest: a
// fresh migrated database on a real Postgres, a local Temporal dev server (the CLI chosen by
// scripts/setup-temporal.sh), a worker with the real activities, and the TicketService facade the
// bot calls. Everything started registers its undo step with the Cleanup as soon as it exists, so
// a failure half-way through start-up still drops the database and stops the server.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import type { Client as TemporalClient } from '@temporalio/client';
import { type EphemeralServerExecutable, TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createTicketActivities } from '../activities/tickets';
import { createWorkSessionActivities } from '../activities/sessions';
import { createI18n } from '../src/i18n';
import { loadConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { createOrm, type Orm } from '../src/db/orm';
import { createLogger, type Logger } from '../src/logger';
import { createRedis } from '../src/redis';
import type { TicketNotifier } from '../src/notify/notifier';
import { ProgressionService } from '../src/services/progression';
import { SupportService } from '../src/services/support';
import { TicketService } from '../src/services/tickets';
import { missingTemporalBinary, temporalBinaries } from '../src/temporal/binaries';
import { dynamicConfigArgs } from '../src/temporal/dev-server-tuning';
import { ALL_SEARCH_ATTRIBUTES } from '../src/contracts/search-attributes';
import { createTemporalWorker, loadWorkflowBundle } from '../src/temporal-worker';
import type { Cleanup } from './cleanup';

/** Notifications go nowhere: the bench measures transitions, not Telegram. */
/**
 * No bot here, but a transition's notifications are taken as a bot's outbox takes them: queued with
 * the transition and left to the chats' lanes (not run: there is no Telegram), so the ticket
 * workflow's history is the one it has in production. The QC SLA's would reach `notify`.
 */
export const noopNotifier: TicketNotifier = {
  queue: async (_em, notifications) => notifications.map((n) => ({ ...n, queued: true })),
  notify: async () => undefined,
};

export interface BenchEnv {
  databaseName: string;
  /** The bench database's URL (for the app and worker processes of the press bench). */
  databaseUrl: string;
  logger: Logger;
  orm: Orm;
  temporal: TestWorkflowEnvironment;
  /** The facade as the bot uses it: service pre-reads, then a Temporal update(-with-start). */
  service: TicketService;
  /** The same facade with a Temporal client that starts nothing: createTicket's transaction alone. */
  serviceWithoutTemporal: TicketService;
  ticketActivities: ReturnType<typeof createTicketActivities>;
  sessionActivities: ReturnType<typeof createWorkSessionActivities>;
  /** Rejects if the worker stops on its own (it would otherwise leave every update hanging). */
  workerFailed: Promise<never>;
}

const DATABASE_POOL_SIZE = 10;

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: serverUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot connect to Postgres at ${redact(serverUrl)}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

let runtimeInstalled = false;
/** Temporal's core runtime logs errors only and leaves SIGINT/SIGTERM to the bench. */
function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  runtimeInstalled = true;
}

/**
 * The CLI behind a one-line wrapper that sends its stdout (the start-up banner) to /dev/null: the
 * bench's stdout carries only the results. Its errors still reach stderr. The wrapper `exec`s the
 * CLI, so once the server runs the wrapper is no longer needed and is removed right away.
 */
async function startDevServer(dynamicConfig: readonly string[], cleanup: Cleanup): Promise<TestWorkflowEnvironment> {
  const { cli } = temporalBinaries();
  // Never @temporalio/testing's download (it needs the internet): say what fixes it instead.
  if (!cli) throw new Error(missingTemporalBinary('cli'));
  const wrapperDir = await mkdtemp(path.join(os.tmpdir(), 'tf-bench-'));
  const removeWrapper = () => rm(wrapperDir, { recursive: true, force: true });
  cleanup.add(`remove ${wrapperDir}`, removeWrapper);
  const wrapper = path.join(wrapperDir, 'temporal');
  const quoted = `'${cli.replace(/'/g, `'\\''`)}'`;
  await writeFile(wrapper, `#!/bin/sh\nexec ${quoted} "$@" >/dev/null\n`, { mode: 0o755 });
  const executable: EphemeralServerExecutable = { type: 'existing-path', path: wrapper };
  try {
    return await TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
        log: { format: 'pretty', level: 'error' },
        extraArgs: dynamicConfigArgs(dynamicConfig),
      },
    });
  } finally {
    await removeWrapper();
  }
}

export async function startBenchEnv(options: {
  databaseServerUrl: string;
  dynamicConfig: readonly string[];
  cleanup: Cleanup;
  progress: (message: string) => void;
}): Promise<BenchEnv> {
  const { databaseServerUrl, dynamicConfig, cleanup, progress } = options;
  quietTemporalRuntime();
  const logger = createLogger('silent', 'ticketflow-bench');
  const databaseName = `tf_bench_${randomBytes(4).toString('hex')}`;

  // The database, the dev server and the workflow bundle are independent: start them together.
  // Each registers its undo step as soon as it exists, so a failure of another still cleans it up.
  const database = (async () => {
    await withAdmin(databaseServerUrl, (c) => c.query(`create database "${databaseName}"`));
    cleanup.add(`drop database ${databaseName}`, () =>
      withAdmin(databaseServerUrl, (c) => c.query(`drop database if exists "${databaseName}" with (force)`)),
    );
    const orm = await createOrm({
      clientUrl: databaseUrl(databaseServerUrl, databaseName),
      poolSize: DATABASE_POOL_SIZE,
    });
    cleanup.add('close the ORM', () => orm.close(true));
    await migrate(orm, { serialize: true });
    progress(`database ${databaseName} created and migrated on ${redact(databaseServerUrl)}`);
    return orm;
  })();
  const devServer = (async () => {
    const env = await startDevServer(dynamicConfig, cleanup);
    cleanup.add('stop the Temporal dev server', () => env.teardown());
    progress(`Temporal dev server up (${temporalBinaries().cli})`);
    return env;
  })();
  const bundle = loadWorkflowBundle(logger);
  const settled = await Promise.allSettled([database, devServer, bundle]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  const [orm, temporal, workflowBundle] = await Promise.all([database, devServer, bundle]);

  const taskQueue = `bench-${randomBytes(4).toString('hex')}`;
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', TEMPORAL_TASK_QUEUE: taskQueue, REDIS_PREFIX: `${taskQueue}:` },
    'test',
  );
  // Nothing on the ticket path uses Redis; the in-process stand-in keeps the bench self-contained.
  const redis = createRedis({ url: undefined, prefix: config.redis.prefix }, logger);
  cleanup.add('disconnect the Redis stand-in', async () => redis.disconnect());
  const deps = { config, logger, orm, redis, temporal: temporal.client };
  const worker: Worker = await createTemporalWorker(
    // No bot: notifications go to the no-op notifier (above) and nothing is sent to Telegram.
    {
      ...deps,
      ticketNotifier: noopNotifier,
      telegram: null,
      i18n: createI18n(config.defaultLocale),
      supportRouting: new SupportService(deps),
      levelEvaluations: new ProgressionService(deps),
    },
    { connection: temporal.nativeConnection, bundle: workflowBundle, taskQueue },
  );
  let stopping = false;
  const running = worker.run();
  const workerFailed = running.then(
    () => {
      if (stopping) return new Promise<never>(() => undefined);
      throw new Error('the Temporal worker stopped unexpectedly');
    },
    (err: unknown) => {
      throw new Error(`the Temporal worker failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    },
  );
  workerFailed.catch(() => undefined); // raced against every Temporal call; never an unhandled rejection
  cleanup.add('stop the worker', async () => {
    stopping = true;
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
  });
  progress(`worker running on task queue ${taskQueue}`);

  const idleTemporal = { workflow: { start: async () => undefined } } as unknown as TemporalClient;
  return {
    databaseName,
    databaseUrl: databaseUrl(databaseServerUrl, databaseName),
    logger,
    orm,
    temporal,
    service: new TicketService(deps),
    serviceWithoutTemporal: new TicketService({ ...deps, temporal: idleTemporal }),
    ticketActivities: createTicketActivities(deps),
    sessionActivities: createWorkSessionActivities(deps),
    workerFailed,
  };
}
