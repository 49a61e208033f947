// The README's promise, tested as a user runs it: `npm run dev -- --seed demo` starts the whole
// system on embedded defaults (PGlite, the in-process Redis stand-in, a Temporal dev server it
// starts itself, the sandbox instead of Telegram); a ticket created through the REST API is
// started by a technician pressing the button in the sandbox; Ctrl-C stops everything, leaving no
// process behind. Only the data directory and the ports differ from a developer's run, so the
// test never touches their .data/ or collides with their `npm run dev`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config';

jest.setTimeout(300_000);

const root = path.resolve(__dirname, '../..');
const API_TOKEN = 'readme-dev-test-token-0123456789';

let child: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let output = '';
let dataDir: string;
let base: string;
let temporalPort: number;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tail = () => output.split('\n').slice(-40).join('\n');

/** Polls until `check` returns a value (not undefined), failing with the dev output's tail. */
async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  { whileRunning = true } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (whileRunning && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`npm run dev exited while waiting for ${what}:\n${tail()}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what} (last error: ${String(last)}):\n${tail()}`);
}

async function request<T = Record<string, unknown>>(
  method: string,
  url: string,
  body?: unknown,
  auth = true,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bearer ${API_TOKEN}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** The processes of a process group (the dev run is its own group, as a terminal's job is). */
function groupMembers(pgid: number): string[] {
  const members: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may contain spaces, so split after its closing paren.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') {
        members.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** Any Temporal dev server on our port, in whatever process group it may have ended up. */
function temporalServers(port: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd.includes('start-dev') && cmd.includes(String(port))) found.push(`${pid} ${cmd.join(' ')}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

interface Persona {
  telegramId: number;
  name: string;
  kind: string;
  userId: number | null;
}
interface Message {
  message_id: number;
  text?: string;
  from?: { is_bot: boolean };
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
}

/** The page's live event stream, held open as a browser tab would hold it. */
const demoEvents: (string | null)[] = [];
let events: http.ClientRequest | undefined;
function openEventStream() {
  events = http.get(`${base}/sandbox/api/events`, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const event = JSON.parse(line.slice(6)) as { type: string; state?: string | null };
        if (event.type === 'demo') demoEvents.push(event.state ?? null);
      }
    });
    res.on('error', () => undefined);
  });
  events.on('error', () => undefined);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tf-readme-dev-'));
  const [httpPort, uiPort] = [await freePort(), await freePort()];
  temporalPort = await freePort();
  base = `http://127.0.0.1:${httpPort}`;
  // The developer's shell (or CI) may set any config variable: start from none of them, as a
  // fresh clone without .env does.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  Object.assign(env, {
    LOG_LEVEL: 'info',
    HTTP_PORT: String(httpPort),
    DEV_TEMPORAL_PORT: String(temporalPort),
    DEV_TEMPORAL_UI_PORT: String(uiPort),
    DEV_DATA_DIR: dataDir,
    API_TOKEN,
  });
  child = spawn('npm', ['run', 'dev', '--', '--seed', 'demo'], {
    cwd: root,
    env,
    detached: true, // its own process group, like a job in a terminal: Ctrl-C signals the whole group
    stdio: ['ignore', 'pipe', 'pipe'], // pipes, not a terminal: the logger must cope
  });
  exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
});

afterAll(async () => {
  events?.destroy();
  if (child?.pid && groupMembers(child.pid).length > 0) {
    process.kill(-child.pid, 'SIGKILL');
    await sleep(500);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('README: npm run dev -- --seed demo', () => {
  it('becomes ready on embedded defaults, and the sandbox loads the demo workshop', async () => {
    await eventually('GET /readyz = 200', 240_000, async () => {
      const res = await fetch(`${base}/readyz`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    });
    openEventStream();
    // While the demo loads, the sandbox serves no personas (not people without their tickets).
    const seen: { demo: string | null; count: number }[] = [];
    const personas = await eventually('the demo seed', 180_000, async () => {
      const { body } = await request<{ personas: Persona[]; demo: string | null }>(
        'GET',
        '/sandbox/api/personas',
        undefined,
        false,
      );
      seen.push({ demo: body.demo, count: body.personas.length });
      return body.demo === 'ready' ? body.personas : undefined;
    });
    expect(seen.filter((s) => s.demo === 'loading' && s.count > 0)).toEqual([]);
    expect(seen.some((s) => s.demo === 'loading')).toBe(true); // the seed takes seconds: we saw it load
    expect(personas.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Alice Admin', 'Tom Technician', 'Quinn Inspector', 'Chris Client']),
    );
    await eventually('the page stream to announce the ready demo', 10_000, async () =>
      demoEvents.includes('ready') ? true : undefined,
    );
    // Logs went to a pipe as JSON lines, and said where everything is (the line is written right after
    // the demo is loaded, so it may reach this pipe a moment after the page's stream announced it).
    const running = /"msg":"ticketflow is running \(Ctrl-C stops everything\)"/;
    await eventually('the "ticketflow is running" log line', 10_000, async () =>
      running.test(output) ? true : undefined,
    );
  });

  it('creates a ticket through the REST API, and a technician starts it from the sandbox', async () => {
    const { body: items } = await request<{ items: { id: number }[] }>('GET', '/api/items?serial=RM-BIKE-0004');
    const itemId = items.items[0].id;
    const { body: parts } = await request<{ items: { id: number }[] }>('GET', `/api/items/${itemId}/parts`);
    const created = await request<{ id: number; status: string }>('POST', '/api/tickets', {
      serial_number: 'RM-BIKE-0004',
      part_specs: [{ part_id: parts.items[0].id, color: 'green', minutes: 15 }],
      approve_review: true,
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.id;

    const { body: sandbox } = await request<{ personas: Persona[] }>('GET', '/sandbox/api/personas', undefined, false);
    const tom = sandbox.personas.find((p) => p.name === 'Tom Technician')!;
    const assigned = await request<{ status: string }>('POST', `/api/tickets/${ticketId}/assign`, {
      technician_id: tom.userId,
    });
    expect(assigned).toMatchObject({ status: 200, body: { status: 'assigned' } });

    // Tom's private chat gets the ticket card; press its Start button as the page does.
    const [card, start] = await eventually("Tom's ticket card with a Start button", 30_000, async () => {
      const { body } = await request<{ messages: Message[] }>(
        'GET',
        `/sandbox/api/chats/${tom.telegramId}/messages`,
        undefined,
        false,
      );
      for (const message of body.messages.reverse()) {
        if (!message.from?.is_bot || !message.text?.includes(`#${ticketId}\n`)) continue;
        const button = message.reply_markup?.inline_keyboard?.flat().find((b) => /Start work/.test(b.text));
        if (button?.callback_data) return [message, button] as const;
      }
      return undefined;
    });
    const pressed = await request(
      'POST',
      '/sandbox/api/press',
      { telegramId: tom.telegramId, chatId: tom.telegramId, messageId: card.message_id, data: start.callback_data },
      false,
    );
    expect(pressed).toEqual({ status: 200, body: { ok: true } });

    await eventually('the ticket to be in_progress', 30_000, async () => {
      const { body } = await request<{ status: string }>('GET', `/api/tickets/${ticketId}`);
      return body.status === 'in_progress' ? true : undefined;
    });
    // The webhook secret is in every update's URL: the log only ever shows it masked.
    expect(output).not.toMatch(/\/webhook\/(?!\*\*\*)[A-Za-z0-9_-]+/);
  });

  it('stops everything on Ctrl-C, the Temporal dev server included, and exits cleanly', async () => {
    const pgid = child.pid!;
    expect(temporalServers(temporalPort)).toHaveLength(1);
    // Ctrl-C in a terminal signals the foreground job's whole process group (with the page open).
    process.kill(-pgid, 'SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 60_000))),
    ]);
    clearTimeout(timer);
    expect(result).not.toBe('timeout');
    // dev.ts stopped everything and exited 0 (the `sh -c` npm runs it in may re-raise the SIGINT).
    expect(output).toMatch(/"msg":"stopped"/);
    expect(output).not.toMatch(/second signal|stop failed|"level":50/);
    const { code, signal } = result as { code: number | null; signal: NodeJS.Signals | null };
    expect(code === 0 || code === 130 || signal === 'SIGINT').toBe(true);

    await eventually(
      'the process group to be gone',
      15_000,
      async () => (groupMembers(pgid).length === 0 ? true : undefined),
      { whileRunning: false },
    ).catch(() => {
      throw new Error(`left behind:\n${groupMembers(pgid).join('\n')}`);
    });
    let probe: unknown;
    try {
      process.kill(-pgid, 0);
    } catch (err) {
      probe = err;
    }
    expect(probe).toMatchObject({ code: 'ESRCH' });
    expect(temporalServers(temporalPort)).toEqual([]);
  });
});
