// Command-line and environment options of `npm run bench`. Pure: parsed from the arguments and
// environment passed in, so it is unit-tested without a process.

export interface BenchOptions {
  /** Tickets whose actions are timed one by one, per path (Temporal and plain database). */
  iterations: number;
  /** Whole lifecycles timed end to end, with the history of their workflows. */
  lifecycles: number;
  /** Tickets run through each path before measuring (JIT, connection pools, worker caches). */
  warmup: number;
  /** Also print the results as JSON (on stdout; the tables then go to stderr). */
  json: boolean;
  /** Postgres server the bench database is created on (a fresh database there, dropped at the end). */
  databaseServerUrl: string;
  /**
   * Dynamic config of the dev server, `KEY=VALUE` (VALUE is JSON), as `--dynamic-config-value`:
   * `npm run dev`'s tuning (src/temporal/dev-server-tuning.ts) unless `--stock-dev-server`, then
   * the `--dynamic-config` values.
   */
  dynamicConfig: string[];
  /** Press bench: tickets one technician presses through, one after the other (0 skips the press bench). */
  pressTickets: number;
  /** Press bench: technicians pressing at once in the concurrent phase. */
  concurrency: number;
  /** Press bench: rounds of the concurrent phase. */
  concurrentRounds: number;
  /** Queries bench: tickets loaded by SQL before the staff queues are timed (0 skips it). */
  queryTickets: number;
  /** Redis for the app and worker processes of the press bench (keys under a fresh prefix, deleted at the end). */
  redisUrl: string;
  /**
   * Press bench: run the app and worker from their TypeScript sources through tsx instead of the
   * production build (`npm run build`, then `node dist/...`). Quicker to start, but not what
   * production runs (tsx compiles on load and turns source maps on).
   */
  fromSource: boolean;
}

import { DEV_SERVER_DYNAMIC_CONFIG } from '../src/temporal/dev-server-tuning';

export const DEFAULT_DATABASE_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const USAGE = `Usage: npm run bench -- [options]

  --iterations N              tickets timed per path for the per-action latency (default 50)
  --lifecycles N              whole lifecycles timed end to end (default 5)
  --warmup N                  tickets run per path before measuring (default 3)
  --press-tickets N           tickets one technician presses through (start, pause, resume, stop,
                              send to QC), one after the other, with the identity cached and then not
                              (default 20 each; 0 skips the press step)
  --concurrency N             technicians pressing at once in the concurrent phase (default 20)
  --concurrent-rounds N       rounds of the concurrent phase (default 2)
  --query-tickets N           tickets loaded by SQL for timing the staff queues (default 100000;
                              0 skips that step)
  --json                      also print the results as JSON: on stdout, the tables then on stderr
                              (npm run -s bench -- --json > results.json)
  --dynamic-config KEY=VALUE  dynamic config of the Temporal dev server, repeatable; VALUE is JSON,
                              e.g. history.transferProcessorMaxPollRPS=1000; added to npm run dev's
                              tuning (${DEV_SERVER_DYNAMIC_CONFIG.join(', ')})
  --stock-dev-server          without npm run dev's tuning: the dev server's defaults
  --from-source               press step: run the app and worker from src/ through tsx instead of
                              the production build (npm run build, then node dist/...); quicker to
                              start, but not what production runs
  --help                      this text

Environment: BENCH_ITERATIONS, BENCH_LIFECYCLES, BENCH_WARMUP, BENCH_JSON=1, BENCH_DYNAMIC_CONFIG
(space-separated KEY=VALUE), BENCH_STOCK_DEV_SERVER=1, BENCH_FROM_SOURCE=1, BENCH_PRESS_TICKETS, BENCH_CONCURRENCY, BENCH_CONCURRENT_ROUNDS,
BENCH_QUERY_TICKETS;
arguments win. Redis for the press bench's app and worker: BENCH_REDIS_URL (default
${DEFAULT_REDIS_URL}; keys under a fresh prefix, deleted at the end). Postgres: BENCH_DATABASE_SERVER_URL (default
${DEFAULT_DATABASE_SERVER_URL}); a fresh database tf_bench_<random> is created there and
dropped at the end. BENCH_CPU_PROFILE=<dir>: the press step's app and worker write V8 CPU profiles
(node --cpu-prof) to <dir>/app and <dir>/worker, one file per thread (the workflow sandbox is one).`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const COUNTS = {
  iterations: { env: 'BENCH_ITERATIONS', fallback: 50, min: 1 },
  lifecycles: { env: 'BENCH_LIFECYCLES', fallback: 5, min: 1 },
  warmup: { env: 'BENCH_WARMUP', fallback: 3, min: 0 },
  'press-tickets': { env: 'BENCH_PRESS_TICKETS', fallback: 20, min: 0 },
  concurrency: { env: 'BENCH_CONCURRENCY', fallback: 20, min: 1 },
  'concurrent-rounds': { env: 'BENCH_CONCURRENT_ROUNDS', fallback: 2, min: 1 },
  'query-tickets': { env: 'BENCH_QUERY_TICKETS', fallback: 100_000, min: 0 },
} as const;
type CountName = keyof typeof COUNTS;

/** The option each count fills. */
const FIELD: Record<
  CountName,
  'iterations' | 'lifecycles' | 'warmup' | 'pressTickets' | 'concurrency' | 'concurrentRounds' | 'queryTickets'
> = {
  iterations: 'iterations',
  lifecycles: 'lifecycles',
  warmup: 'warmup',
  'press-tickets': 'pressTickets',
  concurrency: 'concurrency',
  'concurrent-rounds': 'concurrentRounds',
  'query-tickets': 'queryTickets',
};

const DYNAMIC_CONFIG = /^[A-Za-z][\w.]*=\S+$/;

function dynamicConfigValue(raw: string): string {
  if (!DYNAMIC_CONFIG.test(raw)) {
    throw new UsageError(`--dynamic-config must be KEY=VALUE (VALUE is JSON), got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function count(name: CountName, raw: string): number {
  const value = Number(raw);
  const { min } = COUNTS[name];
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > 100_000) {
    throw new UsageError(`--${name} must be an integer from ${min} to 100000, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const isSet = (value: string | undefined) => ['1', 'true', 'yes'].includes((value ?? '').trim().toLowerCase());

/** Options from argv (`--name N`, `--name=N`, `--json`) over the environment over the defaults. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const options: BenchOptions = {
    iterations: COUNTS.iterations.fallback,
    lifecycles: COUNTS.lifecycles.fallback,
    warmup: COUNTS.warmup.fallback,
    json: isSet(env.BENCH_JSON),
    databaseServerUrl: env.BENCH_DATABASE_SERVER_URL?.trim() || DEFAULT_DATABASE_SERVER_URL,
    dynamicConfig: (env.BENCH_DYNAMIC_CONFIG ?? '').split(/\s+/).filter(Boolean).map(dynamicConfigValue),
    pressTickets: COUNTS['press-tickets'].fallback,
    concurrency: COUNTS.concurrency.fallback,
    concurrentRounds: COUNTS['concurrent-rounds'].fallback,
    queryTickets: COUNTS['query-tickets'].fallback,
    redisUrl: env.BENCH_REDIS_URL?.trim() || DEFAULT_REDIS_URL,
    fromSource: isSet(env.BENCH_FROM_SOURCE),
  };
  for (const name of Object.keys(COUNTS) as CountName[]) {
    const raw = env[COUNTS[name].env];
    if (raw !== undefined && raw.trim() !== '') options[FIELD[name]] = count(name, raw);
  }

  let stock = isSet(env.BENCH_STOCK_DEV_SERVER);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') {
      options.json = true;
      continue;
    }
    if (arg === '--stock-dev-server') {
      stock = true;
      continue;
    }
    if (arg === '--from-source') {
      options.fromSource = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    if (!match || !name || !(name in COUNTS || name === 'dynamic-config')) {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
    let raw = match[2];
    if (raw === undefined) {
      raw = argv[i + 1];
      if (raw === undefined) throw new UsageError(`--${name} needs a value`);
      i += 1;
    }
    if (name === 'dynamic-config') options.dynamicConfig.push(dynamicConfigValue(raw));
    else options[FIELD[name as CountName]] = count(name as CountName, raw);
  }

  if (!stock) options.dynamicConfig.unshift(...DEV_SERVER_DYNAMIC_CONFIG);
  try {
    const url = new URL(options.databaseServerUrl);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error();
  } catch {
    throw new UsageError(`BENCH_DATABASE_SERVER_URL must be a postgres:// URL, got ${options.databaseServerUrl}`);
  }
  return options;
}
