// The whole system on ONE database connection, as `npm run dev` runs it on embedded PGlite (and as
// DATABASE_POOL_SIZE=1 runs it on Postgres): the demo seed, intake over REST, a ticket's life
// through Telegram (the sandbox) and through the API, support and stats reads. Code that runs
// inside a transaction and sends a query outside it waits for a second connection that never
// comes; every step here is bounded well below the pool's 60 s acquire timeout so such a wait
// fails the step by name.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Message } from 'grammy/types';
import { loadConfig } from '../../src/config';
import { SupportTicket, Ticket, TicketTransition, XpTransaction } from '../../src/db/entities';
import { createLogger } from '../../src/logger';
import type { Persona } from '../../src/sandbox/sandbox';
import { csatByTechnician } from '../../src/reads/support-stats';
import { workshopStats, xpLeaderboard } from '../../src/reads/stats';
import { startSystem, type RunningSystem } from '../../src/system';
import type { RecordedCall, TelegramEmulator } from '@ticketflow/telegram-emulator';
import { createDatabase, dropDatabase, uniqueName } from '../support/pg';
import { startPglite } from '../support/pglite-server';
import { testRedisPrefix, testRedisUrl } from '../support/redis';
import { startDevServer, uniqueTaskQueue, workflowBundle } from '../support/temporal';

jest.setTimeout(300_000);

const API_TOKEN = 'single-connection-api-token-0123456789';
/** One step (a request, a command, a button) must finish well within the pool's acquire timeout. */
const STEP_MS = 20_000;

interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** A fresh, migrated clone of the run's template on the test Postgres. */
async function postgres(): Promise<Database> {
  const name = uniqueName('tf_test_one');
  const url = await createDatabase(name, process.env.TEST_TEMPLATE_DATABASE);
  return { url, embedded: false, stop: () => dropDatabase(name) };
}

/** PGlite behind its Postgres socket server, as src/dev.ts starts it (in memory, in a process of its own). */
async function pglite(): Promise<Database> {
  const server = await startPglite();
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

/** Rejects with the step's name if it takes longer than `ms`. */
async function within<T>(label: string, work: Promise<T>, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each([
  ['Postgres with DATABASE_POOL_SIZE=1', postgres],
  ['embedded PGlite (npm run dev)', pglite],
])('one database connection: %s', (_name, open) => {
  let temporal: TestWorkflowEnvironment;
  let db: Database;
  let starting: Promise<RunningSystem> | undefined;
  let system: RunningSystem;

  beforeAll(async () => {
    // A Temporal server of its own, as each `npm run dev` has: workflow ids (ticket-1, ...) repeat.
    temporal = await startDevServer();
    db = await open();
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '1',
        REDIS_URL: testRedisUrl,
        REDIS_PREFIX: testRedisPrefix(),
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: uniqueTaskQueue('one-connection'),
        HTTP_PORT: '0',
        API_TOKEN,
      },
      'dev',
    );
    // No BOT_TOKEN: the sandbox stands in for Telegram, as in `npm run dev -- --seed demo`.
    starting = startSystem(config, createLogger('silent'), {
      embeddedDatabase: db.embedded,
      seed: 'demo',
      workflowBundle: workflowBundle(),
    });
    system = await within('start-up with the demo seed', starting, 90_000);
  });

  afterAll(async () => {
    // A start-up that timed out above still holds resources until it fails on its own.
    const running = await starting?.catch(() => undefined);
    await running?.stop();
    await db?.stop();
    await temporal?.teardown();
  });

  const em = () => system.deps.orm.em.fork();
  const emu = (): TelegramEmulator => system.sandbox!.server.emulator;
  const persona = (name: string): Persona => system.sandbox!.personas().find((p) => p.name === name)!;

  async function api<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    token = API_TOKEN,
  ): Promise<{ status: number; body: T }> {
    const res = await within(
      `${method} ${path}`,
      fetch(`${system.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A Telegram user sends a command or text in their private chat; resolves with the bot's first reply. */
  async function says(who: Persona, text: string, method = 'sendMessage'): Promise<RecordedCall> {
    const before = emu().calls(method).length;
    const command = text.startsWith('/');
    await within(
      `${who.name}: ${text}`,
      command
        ? emu().userSendsCommand(who.telegramId, who.telegramId, text)
        : emu().userSendsText(who.telegramId, who.telegramId, text),
    );
    return within(
      `reply to ${who.name}: ${text}`,
      emu().waitForCall(
        method,
        (c) =>
          emu().calls(method).indexOf(c) >= before && Number(c.params.chat_id) === who.telegramId && c.status === 200,
        STEP_MS,
      ),
    );
  }

  async function press(who: Persona, message: Message, data: string): Promise<string | undefined> {
    const { callbackQueryId } = await within(
      `${who.name} presses ${data}`,
      emu().userPressesButton(who.telegramId, message, data),
    );
    const answer = await within(`answer to ${data}`, emu().waitForCallbackAnswer(callbackQueryId, STEP_MS));
    return answer?.text;
  }

  const messageOf = (call: RecordedCall) => (call.response as { result: Message }).result;

  it('seeds the demo workshop (the first ticket bootstraps the rules on this one connection)', async () => {
    const tickets = await em().find(Ticket, {}, { populate: ['inventoryItem'], orderBy: { id: 'asc' } });
    expect(tickets.map((t) => [t.inventoryItem.serialNumber, t.status])).toEqual([
      ['RM-BIKE-0004', 'done'],
      ['RM-BIKE-0002', 'in_progress'],
      ['RM-BIKE-0003', 'waiting_qc'],
      ['RM-BIKE-0001', 'assigned'],
      ['RM-BIKE-0005', 'under_review'],
    ]);
  });

  it('POST /api/tickets answers 201 at once, also for requests at the same time', async () => {
    const category = await api<{ id: number }>('POST', '/api/categories', { name: 'Scooters' });
    expect(category.status).toBe(201);
    const serials = ['RM-ONE-0001', 'RM-ONE-0002', 'RM-ONE-0003'];
    const parts: number[] = [];
    for (const serial of serials) {
      const item = await api<{ id: number }>('POST', '/api/items', {
        serial_number: serial,
        category_id: category.body.id,
      });
      expect(item.status).toBe(201);
      const part = await api<{ id: number }>('POST', `/api/items/${item.body.id}/parts`, { name: 'Brakes' });
      expect(part.status).toBe(201);
      parts.push(part.body.id);
    }
    const started = Date.now();
    const created = await Promise.all(
      serials.map((serial, i) =>
        api<{ status: string; xp_amount: number }>('POST', '/api/tickets', {
          serial_number: serial,
          part_specs: [{ part_id: parts[i], color: 'yellow', minutes: 45 }],
        }),
      ),
    );
    expect(created.map((c) => [c.status, c.body.status, c.body.xp_amount])).toEqual(
      serials.map(() => [201, 'under_review', 3]),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a ticket through the REST API: approve, assign, start/pause/resume/stop, send to QC, QC pass', async () => {
    const person = async (username: string, roles: string[]) => {
      const user = await api<{ id: number }>('POST', '/api/users', { username, roles });
      expect(user.status).toBe(201);
      const token = await api<{ token: string }>('POST', `/api/users/${user.body.id}/tokens`, { name: 'one' });
      expect(token.status).toBe(201);
      return { id: user.body.id, token: token.body.token };
    };
    const tech = await person('one_tech', ['technician']);
    const qc = await person('one_qc', ['qc_inspector']);
    const {
      body: { items },
    } = await api<{ items: { id: number }[] }>('GET', '/api/tickets?serial=RM-ONE-0001');
    const id = items[0].id;
    const act = (action: string, token: string) =>
      api<{ status: string; work_sessions: { status: string }[] }>(
        'POST',
        `/api/tickets/${id}/actions/${action}`,
        undefined,
        token,
      );

    expect((await api('POST', `/api/tickets/${id}/approve-review`)).status).toBe(200);
    expect((await api('POST', `/api/tickets/${id}/assign`, { technician_id: tech.id })).body).toMatchObject({
      status: 'assigned',
    });
    expect((await act('start', tech.token)).body.status).toBe('in_progress');
    expect((await act('pause', tech.token)).body.work_sessions[0].status).toBe('paused');
    expect((await act('resume', tech.token)).body.work_sessions[0].status).toBe('running');
    expect((await act('stop', tech.token)).body.work_sessions[0].status).toBe('stopped');
    expect((await act('send-to-qc', tech.token)).body.status).toBe('waiting_qc');
    expect((await act('qc-pass', qc.token)).body.status).toBe('done');

    expect((await api('GET', `/api/users/${tech.id}/xp`)).status).toBe(200);
    expect((await api('GET', `/api/users/${tech.id}/xp/history`)).status).toBe(200);
    expect((await api('GET', '/api/xp/leaderboard?limit=5')).status).toBe(200);
    expect((await api('GET', '/api/rules')).status).toBe(200);
  });

  it('a ticket through Telegram: the technician works it from the card, QC passes it', async () => {
    const tom = persona('Tom Technician');
    const quinn = persona('Quinn Inspector');
    const ticket = await em().findOneOrFail(Ticket, { inventoryItem: { serialNumber: 'RM-BIKE-0001' } });
    expect(ticket.status).toBe('assigned');

    const dashboard = messageOf(await says(tom, '/queue'));
    expect(await press(tom, dashboard, `ttq:open:${ticket.id}:active:1`)).toBe(`🎫 Ticket #${ticket.id} opened.`);
    expect(await press(tom, dashboard, `tt:${ticket.id}:start`)).toBe('✅ Work session started.');
    expect(await press(tom, dashboard, `tt:${ticket.id}:pause`)).toBe('⏸ Work session paused.');
    expect(await press(tom, dashboard, `tt:${ticket.id}:resume`)).toBe('▶ Work session resumed.');
    expect(await press(tom, dashboard, `tt:${ticket.id}:stop`)).toBe('⏹ Work session stopped.');
    const asked = emu().calls('sendMessage').length;
    expect(await press(tom, dashboard, `tt:${ticket.id}:to_waiting_qc`)).toBe('🧪 Ticket sent to QC.');

    // The QC notification is an activity that reads recipients inside the worker.
    const request = await within(
      'QC request to the inspector',
      emu().waitForCall(
        'sendMessage',
        (c) =>
          emu().calls('sendMessage').indexOf(c) >= asked &&
          Number(c.params.chat_id) === quinn.telegramId &&
          String(c.params.text).includes(`#${ticket.id}`),
        STEP_MS,
      ),
    );
    expect(await press(quinn, messageOf(request), `tqc:${ticket.id}:pass`)).toBe('✅ Ticket marked as QC passed.');

    const manager = em();
    expect((await manager.findOneOrFail(Ticket, ticket.id)).status).toBe('done');
    expect(
      (await manager.find(TicketTransition, { ticket: ticket.id }, { orderBy: { id: 'asc' } })).map((t) => t.action),
    ).toEqual(['created', 'assigned', 'started', 'to_waiting_qc', 'qc_pass']);
    expect(await manager.count(XpTransaction, { user: tom.userId! })).toBeGreaterThan(0);
  });

  it('staff and technicians read dashboards, XP, QC and stats in Telegram', async () => {
    const tom = persona('Tom Technician');
    const quinn = persona('Quinn Inspector');
    const alice = persona('Alice Admin');
    expect(String((await says(tom, '/xp')).params.text)).toContain('XP');
    expect(String((await says(tom, '/past')).params.text)).not.toBe('');
    expect(String((await says(quinn, '/qc')).params.text)).not.toBe('');
    expect(String((await says(alice, '/leaderboard')).params.text)).not.toBe('');
    expect(String((await says(alice, '/techs')).params.text)).not.toBe('');
    expect((await says(alice, '/stats', 'sendPhoto')).status).toBe(200);
  });

  it('a client writes the support desk: the ticket gets a topic and the card with the technicians', async () => {
    const chris = persona('Chris Client');
    const staffGroup = system.sandbox!.staffGroupId;
    const before = emu().calls('sendMessage').length;
    await within('client message', emu().userSendsText(chris.telegramId, chris.telegramId, 'My bike squeaks'));
    const card = await within(
      'support card in the staff group',
      emu().waitForCall(
        'sendMessage',
        (c) =>
          emu().calls('sendMessage').indexOf(c) >= before &&
          Number(c.params.chat_id) === staffGroup &&
          String(c.params.text).includes('Support ticket #'),
        STEP_MS,
      ),
    );
    expect(card.status).toBe(200);
    const ticket = await em().findOneOrFail(SupportTicket, { clientTelegramId: chris.telegramId });
    expect(ticket.mainThreadId).not.toBeNull();
  });

  it('stats and support reads', async () => {
    const stats = await within('workshop stats', workshopStats(em(), new Date()));
    expect(stats.totalTickets).toBeGreaterThanOrEqual(8);
    expect((await within('leaderboard', xpLeaderboard(em()))).length).toBeGreaterThan(0);
    expect(await within('CSAT', csatByTechnician(em()))).toEqual([]);
    // The same reads inside a transaction (as activities and the bot make them) stay on its connection.
    await within(
      'reads inside a transaction',
      em().transactional(async (tx) => {
        await workshopStats(tx, new Date());
        await xpLeaderboard(tx);
        await csatByTechnician(tx);
      }),
    );
  });
});
