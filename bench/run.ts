// `npm run bench`: how long ticket actions take through Temporal (TicketService → update-with-start
// → workflow → activity) against a local dev server and a real Postgres, a whole lifecycle with the
// size of its workflow histories, and the same transactions as plain database calls, side by side.
// See bench/options.ts for the options; progress goes to stderr, the tables to stdout.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Cleanup } from './cleanup';
import {
  createCast,
  OPS,
  plainLifecycle,
  prepareFixtures,
  temporalLifecycle,
  type Cast,
  type LifecycleRun,
  type TicketFixture,
} from './lifecycle';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options';
import { emptySamples, historyStats, renderReport, summarizeOps, type BenchResults, type HistoryStats } from './report';
import { idleCpu, pressPhase, startPressSystem, type PressResults } from './press';
import { loadTickets, timeQueries, type QueryResults } from './queries';
import { startBenchEnv, type BenchEnv } from './setup';
import { summarize } from './stats';
import { temporalBinaries } from '../src/temporal/binaries';
import { ticketWorkflowId, workSessionWorkflowId } from '../src/contracts/messages';

/** Calls per staff query timed. */
const QUERY_RUNS = 200;

/** How long a finished lifecycle's workflows may take to close (notifications, child completion). */
const CLOSE_TIMEOUT_MS = 30_000;

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function workflowsClosed(env: BenchEnv, run: LifecycleRun): Promise<void> {
  const { client } = env.temporal;
  await withTimeout(
    Promise.race([
      Promise.all([
        client.workflow.getHandle(ticketWorkflowId(run.ticketId)).result(),
        client.workflow.getHandle(workSessionWorkflowId(run.sessionId)).result(),
      ]),
      env.workerFailed,
    ]),
    CLOSE_TIMEOUT_MS,
    `the workflows of ticket #${run.ticketId}`,
  );
}

async function history(env: BenchEnv, workflowId: string): Promise<HistoryStats> {
  const fetched = await env.temporal.client.workflow.getHandle(workflowId).fetchHistory();
  return historyStats(fetched.events ?? []);
}

/** The press bench: the app and worker as processes of their own, one technician, then many at once. */
async function pressBench(env: BenchEnv, cast: Cast, options: BenchOptions, cleanup: Cleanup): Promise<PressResults> {
  const system = await startPressSystem(
    env,
    {
      databaseUrl: env.databaseUrl,
      redisUrl: options.redisUrl,
      temporalAddress: env.temporal.address,
      fromSource: options.fromSource,
      cleanup,
    },
    progress,
  );
  progress('press: warming up the app and worker processes');
  await pressPhase(env, system, cast, { concurrency: 1, rounds: Math.max(options.warmup, 1) });
  const idleCpuMsPerSecond = await idleCpu(system);
  progress(`press: one technician, ${options.pressTickets} tickets one after the other`);
  const single = await pressPhase(env, system, cast, { concurrency: 1, rounds: options.pressTickets });
  progress(`press: one technician, ${options.pressTickets} tickets, the identity not cached at any press`);
  const singleUncached = await pressPhase(env, system, cast, {
    concurrency: 1,
    rounds: options.pressTickets,
    identityCached: false,
  });
  progress(`press: ${options.concurrency} technicians at once, ${options.concurrentRounds} rounds`);
  const concurrent = await pressPhase(env, system, cast, {
    concurrency: options.concurrency,
    rounds: options.concurrentRounds,
  });
  return { single, singleUncached, concurrent, idleCpuMsPerSecond };
}

type Lifecycle = (env: BenchEnv, cast: Cast, fixture: TicketFixture) => Promise<LifecycleRun>;

async function runMany(env: BenchEnv, cast: Cast, lifecycle: Lifecycle, count: number): Promise<LifecycleRun[]> {
  const fixtures = await prepareFixtures(env, count);
  const runs: LifecycleRun[] = [];
  for (const fixture of fixtures) runs.push(await lifecycle(env, cast, fixture));
  return runs;
}

function samplesOf(runs: readonly LifecycleRun[]) {
  const samples = emptySamples();
  for (const run of runs) for (const op of OPS) samples[op].push(run.ms[op]);
  return samples;
}

/** `temporal --version` of the CLI the dev server runs, e.g. "1.9.1 (Server 1.32.0, UI 2.54.1)". */
async function temporalVersion(): Promise<string> {
  const { cli } = temporalBinaries();
  if (!cli) return 'unknown CLI';
  try {
    const { stdout } = await promisify(execFile)(cli, ['--version'], { timeout: 5_000 });
    return stdout.trim().replace(/^temporal version /, 'CLI ');
  } catch {
    return cli;
  }
}

const loadAverage = () => os.loadavg()[0].toFixed(1);

async function postgresVersion(env: BenchEnv): Promise<string> {
  const rows: { server_version: string }[] = await env.orm.em.getConnection().execute('show server_version');
  return `Postgres ${rows[0]?.server_version.split(' ')[0] ?? '?'}`;
}

async function bench(options: BenchOptions, cleanup: Cleanup): Promise<BenchResults> {
  const begun = performance.now();
  const loadAtStart = loadAverage();
  progress('starting Postgres database, Temporal dev server and workflow bundle…');
  const env = await startBenchEnv({
    databaseServerUrl: options.databaseServerUrl,
    dynamicConfig: options.dynamicConfig,
    cleanup,
    progress,
  });
  const cast = await createCast(env);

  // What the technician feels first, on a machine not yet warmed by the other paths' leftovers.
  const press = options.pressTickets > 0 ? await pressBench(env, cast, options, cleanup) : null;

  if (options.warmup > 0) {
    progress(`warming up: ${options.warmup} tickets per path`);
    const warm = await runMany(env, cast, temporalLifecycle, options.warmup);
    await runMany(env, cast, plainLifecycle, options.warmup);
    for (const run of warm) await workflowsClosed(env, run);
  }

  // One path at a time, so neither competes for the CPUs with the other's work; the Temporal
  // tickets' trailing work (notifications, workflows closing) is waited for before the plain path.
  progress(`latency: ${options.iterations} tickets through TicketService (Temporal)`);
  const temporalRuns = await runMany(env, cast, temporalLifecycle, options.iterations);
  for (const run of temporalRuns) await workflowsClosed(env, run);
  progress(`latency: ${options.iterations} tickets as plain database transactions`);
  const plainRuns = await runMany(env, cast, plainLifecycle, options.iterations);

  progress(`lifecycle: ${options.lifecycles} whole lifecycles per path`);
  const wallMs: number[] = [];
  const closedMs: number[] = [];
  const ticketHistory: HistoryStats[] = [];
  const sessionHistory: HistoryStats[] = [];
  for (const fixture of await prepareFixtures(env, options.lifecycles)) {
    const t0 = performance.now();
    const run = await temporalLifecycle(env, cast, fixture);
    await workflowsClosed(env, run);
    closedMs.push(performance.now() - t0);
    wallMs.push(run.wallMs);
    ticketHistory.push(await history(env, ticketWorkflowId(run.ticketId)));
    sessionHistory.push(await history(env, workSessionWorkflowId(run.sessionId)));
  }
  const plainLifecycles = await runMany(env, cast, plainLifecycle, options.lifecycles);

  // Last: the load changes every other number.
  let queries: QueryResults | null = null;
  if (options.queryTickets > 0) {
    progress(`queries: loading ${options.queryTickets} tickets by SQL`);
    const loaded = await loadTickets(env, cast, options.queryTickets);
    progress(`queries: loaded in ${loaded.loadSeconds.toFixed(1)} s; timing the staff queues`);
    queries = { ...loaded, latency: await timeQueries(env, QUERY_RUNS) };
  }

  return {
    options: {
      iterations: options.iterations,
      lifecycles: options.lifecycles,
      warmup: options.warmup,
      dynamicConfig: options.dynamicConfig,
      pressTickets: options.pressTickets,
      concurrency: options.concurrency,
      concurrentRounds: options.concurrentRounds,
      queryTickets: options.queryTickets,
    },
    environment: {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      cpus: os.cpus().length,
      postgres: await postgresVersion(env),
      temporal: await temporalVersion(),
      loadAverage: `${loadAtStart} at start, ${loadAverage()} at end`,
    },
    press,
    queries,
    latency: { temporal: summarizeOps(samplesOf(temporalRuns)), plain: summarizeOps(samplesOf(plainRuns)) },
    lifecycle: {
      temporal: { wallMs: summarize(wallMs), closedMs: summarize(closedMs), ticketHistory, sessionHistory },
      plain: { wallMs: summarize(plainLifecycles.map((r) => r.wallMs)) },
    },
    durationSeconds: (performance.now() - begun) / 1000,
  };
}

/** The error and its causes, one per line. */
function describe(err: unknown): string {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    lines.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n  caused by ');
}

async function main(): Promise<number> {
  // tsx turned source maps on; production runs without them, and with them every Error and new
  // Function pays a source-map lookup: the plain transactions compared here run as production's.
  process.setSourceMapsEnabled(false);
  let options: BenchOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2), process.env);
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    options = parsed;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }

  const cleanup = new Cleanup();
  // Ctrl-C reaches this process more than once (directly, and relayed by npm and tsx): clean up
  // on the first signal and ignore the rest, rather than letting a repeat kill the process half-way.
  let interrupting = false;
  const interrupted = (signal: NodeJS.Signals) => {
    if (interrupting) return;
    interrupting = true;
    progress(`${signal}: cleaning up (dropping the database, stopping the server)…`);
    // Calls still in flight fail as their server goes away, some inside gRPC's retry timers:
    // expected now, and not worth a crash before the database is dropped.
    process.on('uncaughtException', () => undefined);
    cleanup.run().then(
      () => process.exit(130),
      (err: unknown) => {
        progress(describe(err));
        process.exit(130);
      },
    );
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  let results: BenchResults | undefined;
  let failure: unknown;
  try {
    results = await bench(options, cleanup);
  } catch (err) {
    failure = err;
  }
  if (interrupting) return new Promise<never>(() => undefined); // the signal handler exits
  progress('cleaning up…');
  try {
    await cleanup.run();
  } catch (err) {
    process.stderr.write(`bench: ${describe(err)}\n`);
    failure ??= err;
  }
  if (failure !== undefined || !results) {
    process.stderr.write(`bench failed: ${describe(failure)}\n`);
    // Where it happened, without repeating the message.
    const frames = failure instanceof Error ? (failure.stack?.split('\n').filter((l) => /^\s+at /.test(l)) ?? []) : [];
    if (frames.length) process.stderr.write(`${frames.join('\n')}\n`);
    return 1;
  }

  const report = renderReport(results);
  // The raw numbers of every run are kept (gitignored), next to the printed table.
  const rawDir = path.resolve(__dirname, '../.data/bench');
  await mkdir(rawDir, { recursive: true });
  const rawFile = path.join(rawDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(rawFile, `${JSON.stringify(results, null, 2)}\n`);
  progress(`raw results: ${path.relative(process.cwd(), rawFile)}`);
  if (options.json) {
    process.stderr.write(`\n${report}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${report}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Native Temporal handles may linger after teardown; do not let them keep the process up.
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`bench failed: ${describe(err)}\n`);
    process.exit(1);
  },
);
