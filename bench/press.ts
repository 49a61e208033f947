// The press as the technician feels it: the running system — the app and worker as production runs
// them (built by `npm run build`, then `node dist/src/app.js` / `worker.js`, processes of their own),
// the bench's Temporal dev server and Postgres — driven through the fake Bot API (packages/telegram-emulator), which POSTs a callback_query to the
// webhook and records the bot's calls. One press = from the update leaving the fake to the fake
// receiving the card's editMessageText. CPU per press is the processes' CPU time (utime + stime
// from /proc/<pid>/stat) over the phase, divided by the presses in it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { User as TgUser } from 'grammy/types';
import Redis from 'ioredis';
import type { TechnicianAction } from '../src/domain';
import { Ticket } from '../src/db/entities';
import { loadConfig } from '../src/config';
import { identityCacheKey } from '../src/redis/keys';
import { TicketService } from '../src/services/tickets';
import { createEmulatorServer, type EmulatorServer } from '@ticketflow/telegram-emulator';
import { createItemWithParts, createUser } from '../test/support/factories';
import type { Cast } from './lifecycle';
import type { Cleanup } from './cleanup';
import type { BenchEnv } from './setup';
import { summarize, type Summary } from './stats';

const ROOT = path.resolve(__dirname, '..');
const BOT_TOKEN = '123456:BENCH-TOKEN-abcdefghijklmnop';

/** The technician's presses on one ticket, in lifecycle order. */
export const PRESSES = ['start', 'pause', 'resume', 'stop', 'to_waiting_qc'] as const satisfies TechnicianAction[];
export type Press = (typeof PRESSES)[number];

export const PRESS_LABELS: Record<Press, string> = {
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  stop: 'stop',
  to_waiting_qc: 'send to QC',
};

export type ProcessName = 'app' | 'worker' | 'temporal';

export interface PressPhase {
  /** Technicians pressing at the same time (each on a ticket of their own, presses in order). */
  concurrency: number;
  presses: number;
  /** Press → card edited, ms, per press kind and over all of them. */
  latency: Record<Press | 'all', Summary>;
  /** CPU time per press, ms, per process (and their total). */
  cpuPerPressMs: Record<ProcessName | 'total', number>;
  /** Bot API calls the fake received per press over the phase (its trailing second included), by method. */
  botApiCallsPerPress: Record<string, number>;
  wallSeconds: number;
}

export interface PressResults {
  single: PressPhase;
  /**
   * One technician again, each press with the identity cache expired, as a real technician's
   * presses minutes apart meet it (the cache keeps an identity IDENTITY_CACHE_SECONDS).
   */
  singleUncached: PressPhase;
  concurrent: PressPhase;
  /**
   * CPU the three processes burn per second with nobody pressing, right after the warm-up, ms/s: the
   * presses' trailing work (an idle worker, app and dev server burn next to nothing).
   */
  idleCpuMsPerSecond: Record<ProcessName | 'total', number>;
}

export interface PressSystem {
  fake: EmulatorServer;
  service: TicketService;
  pids: Record<ProcessName, number>;
  /** The app's Redis, under its prefix: to forget a technician's cached identity before a press. */
  redis: Redis;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, ms (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces: fields count from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The dev server the test environment spawned: this process's child running the Temporal CLI. */
function temporalServerPid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && name.startsWith('temporal')) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error('the Temporal dev server process was not found among the bench’s children');
}

/**
 * Spawns the process of `entry` (a path under src/, without extension): from the production build
 * (`node dist/src/<entry>.js`), or from source through tsx. Resolves once `ready` says so; its
 * output is kept for errors.
 */
async function spawnProcess(
  name: string,
  entry: string,
  fromSource: boolean,
  env: Record<string, string>,
  ready: (output: string) => Promise<boolean> | boolean,
  cleanup: Cleanup,
): Promise<ChildProcess> {
  let output = '';
  const profile = process.env.BENCH_CPU_PROFILE;
  const args = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile, name)}`] : []),
    ...(fromSource ? ['--import', 'tsx', `${entry}.ts`] : [path.join('dist', `${entry}.js`)]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(`stop the ${name} process`, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the ${name} process exited during start:\n${output}`);
    }
    if (await ready(output)) return child;
    if (Date.now() > deadline) throw new Error(`the ${name} process did not start within 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `npm run build`: dist/ as the production image holds it (its output is shown only if it fails). */
async function buildForProduction(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('npm', ['run', '-s', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`npm run build failed:\n${stdout}${stderr}`)) : resolve(),
    );
  });
}

export async function startPressSystem(
  env: BenchEnv,
  options: { databaseUrl: string; redisUrl: string; temporalAddress: string; fromSource: boolean; cleanup: Cleanup },
  progress: (message: string) => void,
): Promise<PressSystem> {
  const { cleanup, fromSource } = options;
  if (!fromSource) {
    progress('building the app and worker as production runs them (npm run build)…');
    await buildForProduction();
  }
  const fake = await createEmulatorServer({
    webhookTimeoutMs: 30_000,
    bot: { token: BOT_TOKEN, firstName: 'Workshop Desk', username: 'workshop_desk_bot' },
  });
  cleanup.add('close the fake Bot API', () => fake.close());

  const suffix = randomBytes(4).toString('hex');
  const prefix = `bench-press-${suffix}:`;
  cleanup.add(`delete Redis keys ${prefix}*`, async () => {
    const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const common: Record<string, string> = {
    NODE_ENV: fromSource ? 'development' : 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-press-${suffix}`,
    BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    WEBHOOK_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_SECRET: secret,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    // Presses are what is measured, not the per-user limit of a real chat.
    RATE_LIMIT_PER_MINUTE: '10000',
  };
  for (const [key, value] of Object.entries(process.env)) {
    // Instrumentation and tuning switches reach the processes under test.
    if (value !== undefined && /^(OTEL_|METRICS_|TEMPORAL_WORKER_)/.test(key)) common[key] = value;
  }
  progress('starting the worker and the app as processes of their own…');
  const [worker, app] = await Promise.all([
    spawnProcess('worker', 'src/worker', fromSource, common, () => polled(env, common.TEMPORAL_TASK_QUEUE), cleanup),
    spawnProcess(
      'app',
      'src/app',
      fromSource,
      common,
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (res) => res.ok,
          () => false,
        ),
      cleanup,
    ),
  ]);
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', TEMPORAL_TASK_QUEUE: common.TEMPORAL_TASK_QUEUE },
    'test',
  );
  // The workflows of the pressed tickets are started on the processes' task queue, so the
  // worker process runs them (the bench's own worker polls another queue).
  const service = new TicketService({ orm: env.orm, temporal: env.temporal.client, logger: env.logger, config });
  const redis = new Redis(options.redisUrl, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
  cleanup.add('disconnect the bench from Redis', async () => redis.disconnect());
  progress(`app (pid ${app.pid}) and worker (pid ${worker.pid}) up`);
  return { fake, service, redis, pids: { app: app.pid!, worker: worker.pid!, temporal: temporalServerPid() } };
}

/** Whether a worker polls the task queue for workflow tasks yet. */
async function polled(env: BenchEnv, taskQueue: string): Promise<boolean> {
  const described = await env.temporal.client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return (described.pollers?.length ?? 0) > 0;
}

interface PressTicket {
  ticketId: number;
  tg: TgUser;
  chatId: number;
  messageId: number;
}

/** A technician with a Telegram account and an assigned ticket, and a card message to press on. */
async function prepareTicket(env: BenchEnv, system: PressSystem, cast: Cast): Promise<PressTicket> {
  const { state } = system.fake;
  const tg = state.addUser({ first_name: 'Tess', language_code: 'en' });
  state.ensurePrivateChat(tg);
  const technician = await createUser(env.orm, { roles: ['technician'], telegramId: tg.id, firstName: 'Tess' });
  const { item, parts } = await createItemWithParts(env.orm, { partNames: ['Frame'] });
  const { service } = system;
  const created = await service.createTicket(cast.master, {
    serial: item.serialNumber,
    partSpecs: [{ partId: parts[0].id, color: 'green', minutes: 45 }],
  });
  const ticketId = created.ticket.id;
  await service.approveReview(cast.master, ticketId);
  await service.assign(cast.master, ticketId, technician.id);
  // The technician presses the card the assignment sent them (the "new ticket" notification with its
  // Start button), and every later button on that same message, as a technician does: it is their
  // chat's only copy of the ticket, so no chat lane wakes for it.
  const sent = await system.fake.emulator.waitForCall(
    'sendMessage',
    (call) => call.params.chat_id === tg.id && call.status === 200,
    20_000,
  );
  const card = (sent.response as { result: { message_id: number } }).result;
  return { ticketId, tg, chatId: tg.id, messageId: card.message_id };
}

/** One press: callback_query to the webhook → the card's editMessageText recorded by the fake, ms. */
async function press(system: PressSystem, ticket: PressTicket, action: Press): Promise<number> {
  const { emulator } = system.fake;
  const data = `tt:${ticket.ticketId}:${action}`;
  const { update, callbackQueryId } = await emulator.userPressesButton(
    ticket.tg,
    { chatId: ticket.chatId, messageId: ticket.messageId },
    data,
    { force: true, deliver: false },
  );
  const after = emulator.calls().at(-1)?.seq ?? -1;
  let editedAt = 0;
  const edited = emulator
    .waitForCall(
      'editMessageText',
      (call) =>
        call.seq > after && call.params.chat_id === ticket.chatId && call.params.message_id === ticket.messageId,
      30_000,
    )
    .then(() => (editedAt = performance.now()));
  const t0 = performance.now();
  await Promise.all([emulator.deliver(update), edited]);
  const answer = system.fake.state.callbackAnswer(callbackQueryId);
  if (answer?.show_alert) throw new Error(`press ${data} was refused: ${answer.text ?? ''}`);
  return editedAt - t0;
}

function cpuSnapshot(pids: Record<ProcessName, number>): Record<ProcessName, number> {
  return { app: cpuMs(pids.app), worker: cpuMs(pids.worker), temporal: cpuMs(pids.temporal) };
}

function cpuDelta(
  before: Record<ProcessName, number>,
  after: Record<ProcessName, number>,
  per: number,
): Record<ProcessName | 'total', number> {
  const app = (after.app - before.app) / per;
  const worker = (after.worker - before.worker) / per;
  const temporal = (after.temporal - before.temporal) / per;
  return { app, worker, temporal, total: app + worker + temporal };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The processes' CPU while nobody presses (right after presses: their trailing work), ms per second. */
export async function idleCpu(system: PressSystem, seconds = 3): Promise<Record<ProcessName | 'total', number>> {
  const before = cpuSnapshot(system.pids);
  await sleep(seconds * 1000);
  return cpuDelta(before, cpuSnapshot(system.pids), seconds);
}

/** How long the trailing work of the last presses (notifications, workflow tasks) is given inside the CPU window. */
const SETTLE_MS = 1_000;

/**
 * `rounds` rounds of `concurrency` technicians, each pressing start → pause → resume → stop →
 * send to QC on a ticket of their own. Tickets are prepared (untimed) before each round's window.
 */
export async function pressPhase(
  env: BenchEnv,
  system: PressSystem,
  cast: Cast,
  options: { concurrency: number; rounds: number; identityCached?: boolean },
): Promise<PressPhase> {
  const cached = options.identityCached ?? true;
  const samples: Record<Press, number[]> = { start: [], pause: [], resume: [], stop: [], to_waiting_qc: [] };
  const cpu: Record<ProcessName | 'total', number> = { app: 0, worker: 0, temporal: 0, total: 0 };
  let presses = 0;
  let wallMs = 0;
  const botApiCalls: Record<string, number> = {};
  for (let round = 0; round < options.rounds; round += 1) {
    const tickets: PressTicket[] = [];
    for (let i = 0; i < options.concurrency; i += 1) tickets.push(await prepareTicket(env, system, cast));
    await sleep(SETTLE_MS); // the preparation's notifications and workflow tasks, outside the window
    const before = cpuSnapshot(system.pids);
    const firstCall = system.fake.emulator.calls().length;
    const t0 = performance.now();
    await Promise.all(
      tickets.map(async (ticket) => {
        for (const action of PRESSES) {
          // Outside the timed window: the key's deletion, as the TTL would have done it.
          if (!cached) await system.redis.del(identityCacheKey(ticket.tg.id));
          samples[action].push(await press(system, ticket, action));
        }
      }),
    );
    wallMs += performance.now() - t0;
    await sleep(SETTLE_MS);
    const used = cpuDelta(before, cpuSnapshot(system.pids), 1);
    const pressed = new Set(tickets.map((t) => `${t.chatId}/${t.messageId}`));
    for (const call of system.fake.emulator.calls().slice(firstCall)) {
      // The pressed card's edits apart from the other copies' (the chat lanes' refreshes).
      const card = `${String(call.params.chat_id)}/${String(call.params.message_id)}`;
      const method =
        call.method === 'editMessageText'
          ? `${call.method} (${pressed.has(card) ? 'pressed card' : 'other copies'})`
          : call.method;
      botApiCalls[method] = (botApiCalls[method] ?? 0) + 1;
    }
    for (const key of Object.keys(cpu) as (keyof typeof cpu)[]) cpu[key] += used[key];
    presses += tickets.length * PRESSES.length;
    const em = env.orm.em.fork();
    for (const ticket of tickets) {
      const row = await em.findOneOrFail(Ticket, ticket.ticketId);
      if (row.status !== 'waiting_qc') {
        throw new Error(`ticket #${ticket.ticketId} is ${row.status} after its presses, expected waiting_qc`);
      }
    }
  }
  const latency = Object.fromEntries(PRESSES.map((p) => [p, summarize(samples[p])])) as Record<Press, Summary>;
  return {
    concurrency: options.concurrency,
    presses,
    latency: { ...latency, all: summarize(PRESSES.flatMap((p) => samples[p])) },
    cpuPerPressMs: {
      app: cpu.app / presses,
      worker: cpu.worker / presses,
      temporal: cpu.temporal / presses,
      total: cpu.total / presses,
    },
    botApiCallsPerPress: Object.fromEntries(Object.entries(botApiCalls).map(([method, n]) => [method, n / presses])),
    wallSeconds: wallMs / 1000,
  };
}
