// A ticketflow worker in a process of its own, for tests that kill one (SIGKILL) mid-delivery.
// Configured from the environment like src/worker.ts (DATABASE_URL, REDIS_URL, REDIS_PREFIX,
// TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, BOT_TOKEN, TELEGRAM_API_ROOT, ...), with the production
// activities (createTemporalWorker + activityDeps) and the run's prebuilt workflow bundle
// (TEST_WORKFLOW_BUNDLE). Prints "ready" once it polls. Start it with `startWorkerProcess`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { createOrm } from '../../src/db/orm';
import { createLogger } from '../../src/logger';
import { createRedis } from '../../src/redis';
import { activityDeps, createTemporalWorker } from '../../src/temporal-worker';

export interface WorkerProcess {
  child: ChildProcess;
  /** When the worker said it polls (Date.now()). */
  readyAt: number;
  /** SIGKILL: no shutdown, no grace time; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** Spawns the worker with `env` (on top of this process's) and waits for "ready". */
export async function startWorkerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, ...env, TF_WORKER_PROCESS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readyAt = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve(Date.now());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`));
    });
  });
  return {
    child,
    readyAt,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig(process.env, 'test');
  const logger = createLogger('silent');
  const orm = await createOrm({ clientUrl: config.database.url!, poolSize: 5 });
  const redis = createRedis(config.redis, logger);
  const { address, namespace, taskQueue } = config.temporal;
  const temporal = new Client({ connection: await Connection.connect({ address }), namespace });
  const connection = await NativeConnection.connect({ address });
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('TEST_WORKFLOW_BUNDLE is not set');
  const worker = await createTemporalWorker(
    activityDeps({ config, logger, orm, redis, temporal }, { telegramPacing: false }),
    { connection, bundle: { codePath: bundle }, taskQueue },
  );
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

if (process.env.TF_WORKER_PROCESS === '1' && path.resolve(process.argv[1] ?? '') === __filename) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
