// `npm run dev`: the whole system in one process tree on embedded defaults.
// Temporal dev server (SQLite under .data/, Web UI :8233, search attributes registered),
// PGlite behind a Postgres socket when DATABASE_URL is unset, the in-process Redis stand-in
// when REDIS_URL is unset, then app and worker in this one process.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { onShutdownSignal } from './bootstrap';
import { loadConfigOrExit } from './config';
import { createLogger, type Logger } from './logger';
import { startSystem } from './system';
import { temporalBinaries } from './temporal/binaries';
import { installTemporalRuntime } from './temporal/runtime';
import { ALL_SEARCH_ATTRIBUTES } from './temporal/search-attributes';

const dataDir = path.resolve(__dirname, '../.data');

/** `--seed demo` or `--seed=demo`. */
function seedArgument(argv = process.argv.slice(2)): string | undefined {
  const i = argv.findIndex((a) => a === '--seed' || a.startsWith('--seed='));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
}
const TEMPORAL_UI_PORT = 8233;

type Stop = () => Promise<void>;

async function startTemporalDevServer(logger: Logger, address: string): Promise<Stop> {
  const [host, port] = address.split(':');
  const { cli } = temporalBinaries();
  logger.info({ cli: cli ?? 'download' }, 'starting the Temporal dev server');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
      ip: host === 'localhost' ? '127.0.0.1' : host,
      port: Number(port),
      ui: true,
      uiPort: TEMPORAL_UI_PORT,
      dbFilename: path.join(dataDir, 'temporal.sqlite'),
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: 'warn' },
    },
  });
  return () => env.teardown();
}

async function startEmbeddedPostgres(logger: Logger): Promise<{ url: string; stop: Stop }> {
  const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const address = server.getServerConn();
  logger.warn({ address }, 'DATABASE_URL is not set: using embedded PGlite (one connection, data in .data/pglite)');
  return {
    url: `postgres://postgres@${address}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  const env = { ...process.env };
  const config = loadConfigOrExit('dev', env);
  const logger = createLogger(config.logLevel, 'ticketflow-dev');
  installTemporalRuntime(logger);
  mkdirSync(dataDir, { recursive: true });
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  onShutdownSignal(logger, stopAll);

  try {
    if (!process.env.TEMPORAL_ADDRESS) stops.push(await startTemporalDevServer(logger, config.temporal.address));
    const embeddedDatabase = !config.database.url;
    if (embeddedDatabase) {
      const pg = await startEmbeddedPostgres(logger);
      stops.push(pg.stop);
      config.database.url = pg.url;
    }
    const seed = seedArgument();
    if (seed !== undefined && seed !== 'demo') throw new Error(`unknown seed "${seed}" (available: demo)`);
    const system = await startSystem(config, logger, { embeddedDatabase, seed });
    stops.push(system.stop);
    const sandbox = system.sandbox;

    const base = `http://localhost:${config.http.port}`;
    logger.info(
      {
        app: base,
        sandbox: sandbox ? `${base}/sandbox` : undefined,
        health: `${base}/readyz`,
        temporalUi: process.env.TEMPORAL_ADDRESS ? undefined : `http://localhost:${TEMPORAL_UI_PORT}`,
      },
      'ticketflow is running (Ctrl-C stops everything)',
    );
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    await stopAll();
    process.exit(1);
  }
}

void main();
