// The admin notifications stream on a real Redis: delivery to the admins through the fake Bot API,
// acknowledgement, poison entries, reclaiming a crashed consumer's entries, retries without
// duplicates, the SLA breach path, the reports of an undelivered notification (by a workflow whose
// notifier has no outbox, and by a chat's lane), and the
// XREAD fallback on the in-process Redis stand-in.
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import pino from 'pino';
import RedisMock from 'ioredis-mock';
import type Redis from 'ioredis';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { createI18n } from '../../src/i18n';
import type { RoleSlug } from '../../src/domain';
import { createRedis, type RedisClient } from '../../src/redis';
import {
  ADMIN_STREAM_GROUP,
  type AdminNotification,
  type AdminStreamConsumer,
  parseAdminEntry,
  publishAdminNotification,
  startAdminStreamConsumer,
} from '../../src/notify/admin-stream';
import { ADMIN_STREAM_KEY } from '../../src/redis/keys';
import {
  telegramAdminDelivery,
  telegramTicketNotifier,
  UNDELIVERED_REPORT_AFTER_MS,
} from '../../src/notify/telegram-notifier';
import { queueDeliveries } from '../../src/notify/outbox';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeBotApi, TEST_BOT_TOKEN, type FakeBotApi } from '@ticketflow/telegram-emulator/testing';
import { createTicket, createUser, uniqueTelegramId } from '../support/factories';
import { testRedisPrefix, testRedisUrl } from '../support/redis';
import { actorWith, newTicket, startWorkshop } from '../support/workshop';

jest.setTimeout(120_000);

const logLines: Record<string, unknown>[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  }),
);

let db: TestDatabase;
let redis: RedisClient;
let raw: Redis; // no key prefix: the group's own view of the stream
let telegram: FakeBotApi;
let api: Api;
const i18n = createI18n('en');
let key: string;
const admins: { chatId: number; roles: RoleSlug[]; language: string }[] = [];
let consumer: AdminStreamConsumer | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  const prefix = testRedisPrefix();
  redis = createRedis({ url: testRedisUrl, prefix }, logger);
  raw = redis.duplicate({ keyPrefix: '' });
  key = `${prefix}${ADMIN_STREAM_KEY}`;
  telegram = await startFakeBotApi();
  api = new Api(TEST_BOT_TOKEN, { apiRoot: telegram.url });
  for (const [roles, language] of [
    [['super_admin'], 'en'],
    [['ops_manager'], 'ru'],
  ] as const) {
    const tg = telegram.state.addUser({ id: uniqueTelegramId(), first_name: 'Admin', language_code: language });
    telegram.state.ensurePrivateChat(tg);
    await createUser(db.orm, { roles: [...roles], telegramId: tg.id });
    await db.orm.em
      .fork()
      .getConnection()
      .execute('update telegram_profile set language_code = ? where telegram_id = ?', [language, tg.id]);
    admins.push({ chatId: tg.id, roles: [...roles], language });
  }
  // Not admins: never told.
  const master = telegram.state.addUser({ id: uniqueTelegramId(), first_name: 'Master' });
  telegram.state.ensurePrivateChat(master);
  await createUser(db.orm, { roles: ['master', 'qc_inspector'], telegramId: master.id });
  await createUser(db.orm, { roles: ['super_admin'], telegramId: true, isActive: false });
});

afterAll(async () => {
  await consumer?.stop();
  await redis.del(ADMIN_STREAM_KEY);
  raw.disconnect();
  redis.disconnect();
  await telegram?.close();
  await db?.drop();
});

afterEach(async () => {
  await consumer?.stop();
  consumer = null;
  telegram.emulator.clearFailures();
});

/** The Telegram ticket notifier of this file's database, Redis and Bot API fake (no chat lanes: it delivers itself). */
const ticketNotifier = () =>
  telegramTicketNotifier({
    orm: db.orm,
    redis,
    logger,
    telegram: api,
    i18n,
    config: { defaultLocale: 'en', qcSlaMinutes: 240 },
  });

const deliver = () =>
  telegramAdminDelivery({ orm: db.orm, redis, logger, telegram: api, i18n, config: { defaultLocale: 'en' } });

async function start(options: { claimIdleMs?: number; consumer?: string } = {}) {
  consumer = await startAdminStreamConsumer({
    redis,
    logger,
    deliver: deliver(),
    blockMs: 200,
    claimIdleMs: options.claimIdleMs ?? 400,
    ...(options.consumer ? { consumer: options.consumer } : {}),
  });
  return consumer;
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sendsWith = (fragment: string) =>
  telegram.emulator
    .calls('sendMessage')
    .filter((c: RecordedCall) => c.status === 200 && String(c.params.text).includes(fragment));
const pendingCount = async () => Number(((await raw.xpending(key, ADMIN_STREAM_GROUP)) as [number])[0]);

describe('admin notifications stream', () => {
  it('delivers an entry to every active admin with Telegram, in their language, and acknowledges it', async () => {
    await start();
    expect(consumer?.mode).toBe('group');
    const id = await publishAdminNotification(redis, {
      type: 'access_request_created',
      text: 'New access request from Ivan Petrov (+998901234567)',
      severity: 'info',
    });
    await eventually(() => sendsWith('Ivan Petrov').length === 2);
    const sent = sendsWith('Ivan Petrov');
    expect(sent.map((c) => c.params.chat_id).sort()).toEqual(admins.map((a) => a.chatId).sort());
    const english = sent.find((c) => c.params.chat_id === admins[0].chatId)!;
    expect(String(english.params.text).split('\n')).toEqual([
      'ℹ️ <b>Admin notification</b> · <code>access_request_created</code>',
      'New access request from Ivan Petrov (+998901234567)',
    ]);
    expect(String(sent.find((c) => c.params.chat_id === admins[1].chatId)!.params.text)).toContain(
      'Уведомление администраторам',
    );
    await eventually(async () => (await pendingCount()) === 0);
    expect(((await raw.xinfo('GROUPS', key)) as unknown[][])[0]).toContain(id);
  });

  it('makes its group again when Redis lost the stream, and delivers what is published after', async () => {
    await start();
    await raw.del(key); // Redis restarted without persistence: no stream, no group
    await eventually(() =>
      logLines.some((l) => l.msg === 'admin stream group missing (Redis lost it); creating it again'),
    );
    await publishAdminNotification(redis, {
      type: 'after_redis_restart',
      text: 'survived the restart',
      severity: 'info',
    });
    await eventually(() => sendsWith('survived the restart').length === 2);
    await eventually(async () => (await pendingCount()) === 0);
  });

  it('acknowledges malformed entries away with a log line and delivers nothing for them', async () => {
    await start();
    const missingText = await redis.xadd(ADMIN_STREAM_KEY, '*', 'type', 'broken_one', 'ticket_id', '5');
    const badTicket = await redis.xadd(ADMIN_STREAM_KEY, '*', 'type', 'broken_two', 'text', 'x', 'ticket_id', 'abc');
    const noType = await redis.xadd(ADMIN_STREAM_KEY, '*', 'text', 'who knows');
    const good = await publishAdminNotification(redis, { type: 'after_poison', text: 'still flowing', ticketId: 42 });
    await eventually(() => sendsWith('still flowing').length === 2);
    expect(String(sendsWith('still flowing')[0].params.text)).toContain('#42');
    for (const id of [missingText, badTicket, noType]) {
      const line = logLines.find((l) => l.entry_id === id);
      expect(line).toMatchObject({ msg: 'malformed admin notification acknowledged away', level: 40 });
    }
    await eventually(async () => (await pendingCount()) === 0);
    expect(telegram.emulator.calls('sendMessage').some((c) => String(c.params.text).includes('broken'))).toBe(false);
    expect(good).toBeTruthy();
  });

  it("reclaims a crashed consumer's pending entry after it has been idle", async () => {
    // Make sure the group exists, then let a consumer take an entry and "crash" without acking it.
    await start();
    await consumer!.stop();
    consumer = null;
    const id = await publishAdminNotification(redis, { type: 'crash_test', text: 'left behind by a crash' });
    const read = (await raw.xreadgroup('GROUP', ADMIN_STREAM_GROUP, 'crashed', 'COUNT', 10, 'STREAMS', key, '>')) as [
      string,
      [string, string[]][],
    ][];
    expect(read[0][1].map(([entryId]) => entryId)).toContain(id);
    expect(await pendingCount()).toBeGreaterThan(0);

    await start({ claimIdleMs: 500, consumer: 'rescuer' });
    await eventually(() => sendsWith('left behind by a crash').length === 2);
    await eventually(async () => (await pendingCount()) === 0);
    expect(sendsWith('left behind by a crash')).toHaveLength(2);
  });

  it('keeps an entry pending while Telegram fails for someone, then finishes it without a second copy', async () => {
    await start({ claimIdleMs: 600 });
    telegram.emulator.failNext('sendMessage', 1, { kind: 'server_error' });
    await publishAdminNotification(redis, { type: 'retry_test', text: 'eventually everyone', severity: 'error' });
    await eventually(() => sendsWith('eventually everyone').length === 2);
    await eventually(async () => (await pendingCount()) === 0);
    for (const admin of admins) {
      expect(sendsWith('eventually everyone').filter((c) => c.params.chat_id === admin.chatId)).toHaveLength(1);
    }
    expect(logLines.some((l) => l.msg === 'admin notification not delivered; it stays pending for a retry')).toBe(true);
  });

  it('skips an admin who blocked the bot and acknowledges the entry', async () => {
    await start();
    await telegram.emulator.userBlocksBot(admins[1].chatId, { deliver: false });
    try {
      await publishAdminNotification(redis, { type: 'blocked_test', text: 'one admin blocked us' });
      await eventually(() => sendsWith('one admin blocked us').length === 1);
      await eventually(async () => (await pendingCount()) === 0);
      expect(
        telegram.emulator
          .calls('sendMessage')
          .filter((c) => c.params.chat_id === admins[1].chatId && String(c.params.text).includes('blocked us'))
          .map((c) => c.status),
      ).toEqual([403]);
    } finally {
      await telegram.emulator.userUnblocksBot(admins[1].chatId, { deliver: false });
    }
  });

  it('reports a QC SLA breach to the admins directly and to the stream, without sending it twice', async () => {
    const ticket = await createTicket(db.orm, { status: 'waiting_qc' });
    const notifier = ticketNotifier();
    const breach = {
      event: 'ticket_qc_sla_breached' as const,
      ticketId: ticket.id,
      actorId: null,
      at: Date.now(),
      details: { waitingMinutes: 481 },
    };
    await notifier.notify(breach);
    await notifier.notify(breach); // an activity retry: nobody gets it twice, one stream entry
    const direct = sendsWith('QC SLA Breached').filter((c) => String(c.params.text).includes(`#${ticket.id}`));
    expect(direct.map((c) => c.params.chat_id).sort()).toEqual(
      admins.filter((a) => a.language === 'en').map((a) => a.chatId),
    );
    expect(sendsWith('Нарушен SLA QC').filter((c) => String(c.params.text).includes(`#${ticket.id}`))).toHaveLength(1);
    expect(String(direct[0].params.text)).toContain('Waiting for QC:</b> 481 min');

    const entries = ((await redis.xrange(ADMIN_STREAM_KEY, '-', '+')) as [string, string[]][])
      .map(([, fields]) => parseAdminEntry(fields))
      .filter((p): p is { ok: true; entry: AdminNotification } => p.ok && p.entry.type === 'qc_sla_breached');
    expect(entries).toHaveLength(1);
    expect(entries[0].entry).toMatchObject({
      ticketId: ticket.id,
      severity: 'warning',
      text: expect.stringContaining('waiting for QC for 481 minutes'),
    });

    // The stream's copy finds every admin already told.
    await start();
    await eventually(async () => (await pendingCount()) === 0);
    expect(
      telegram.emulator
        .calls('sendMessage')
        .filter(
          (c) => String(c.params.text).includes('qc_sla_breached') && String(c.params.text).includes(`#${ticket.id}`),
        ),
    ).toHaveLength(0);
  });
});

describe('reports from workflows', () => {
  it('writes an entry when a ticket notification finally fails', async () => {
    const workshop = await startWorkshop({
      notifier: () => ({
        async notify() {
          throw ApplicationFailure.nonRetryable('Telegram is gone', 'TestFailure');
        },
      }),
    });
    try {
      const master = await actorWith(workshop, ['master']);
      const tech = await actorWith(workshop, ['technician']);
      const { ticket } = await newTicket(workshop, master);
      await workshop.service.approveReview(master, ticket.id);
      await workshop.service.assign(master, ticket.id, tech.id);
      const failures = async () =>
        ((await workshop.redis.xrange(ADMIN_STREAM_KEY, '-', '+')) as [string, string[]][])
          .map(([, fields]) => parseAdminEntry(fields))
          .filter((p): p is { ok: true; entry: AdminNotification } => p.ok && p.entry.type === 'notification_failed');
      await eventually(async () => (await failures()).length === 2, 30_000);
      const [first] = await failures();
      expect(first.entry).toMatchObject({ ticketId: ticket.id, severity: 'error' });
      expect(first.entry.text).toContain('ticket_assigned_');
      expect(first.entry.text).toContain('Telegram is gone');
      await workshop.redis.del(ADMIN_STREAM_KEY);
    } finally {
      await workshop.stop();
    }
  });
});

describe('reports from the chat lanes', () => {
  it('tells the admins once about a notification still undelivered long after it was queued, and keeps it queued', async () => {
    const ticket = await createTicket(db.orm, { status: 'assigned' });
    const tg = telegram.state.addUser({ id: uniqueTelegramId(), first_name: 'Waiting' });
    telegram.state.ensurePrivateChat(tg);
    const master = await createUser(db.orm, { roles: ['master'], telegramId: tg.id });
    const notifier = ticketNotifier();
    const em = db.orm.em.fork() as EntityManager;
    await queueDeliveries(
      em,
      { event: 'ticket_assigned_master', ticketId: ticket.id, actorId: null, at: Date.now(), details: {} },
      [{ userId: master.id, chatId: tg.id, locale: 'en' }],
    );
    const reports = async () =>
      ((await redis.xrange(ADMIN_STREAM_KEY, '-', '+')) as [string, string[]][])
        .map(([, fields]) => parseAdminEntry(fields))
        .filter(
          (p): p is { ok: true; entry: AdminNotification } =>
            p.ok && p.entry.type === 'notification_failed' && p.entry.ticketId === ticket.id,
        );
    const stillPending = async () =>
      (
        await em
          .getConnection()
          .execute<{ status: string }[]>('select status from notification_outbox where chat_id = ?', [tg.id])
      ).map((r) => r.status);
    telegram.emulator.failWhile((call) => call.method === 'sendMessage' && call.params.chat_id === tg.id, {
      kind: 'server_error',
      status: 502,
    });

    // A fresh failure is the lane's to retry, nobody is told.
    await expect(notifier.deliverChat!(tg.id)).rejects.toThrow();
    expect(await reports()).toHaveLength(0);

    // Queued longer ago than the report threshold: reported once, however often the lane retries.
    await em
      .getConnection()
      .execute(`update notification_outbox set created_at = now() - interval '1 minute' * ? where chat_id = ?`, [
        UNDELIVERED_REPORT_AFTER_MS / 60_000 + 1,
        tg.id,
      ]);
    await expect(notifier.deliverChat!(tg.id)).rejects.toThrow();
    await expect(notifier.deliverChat!(tg.id)).rejects.toThrow();
    const found = await reports();
    expect(found).toHaveLength(1);
    expect(found[0].entry).toMatchObject({
      severity: 'error',
      params: { id: String(ticket.id), event: 'ticket_assigned_master', cause: expect.stringContaining('Bad Gateway') },
    });
    expect(await stillPending()).toEqual(['pending']);

    // Telegram is back: the lane delivers it after all.
    telegram.emulator.clearFailures();
    await expect(notifier.deliverChat!(tg.id)).resolves.toEqual({ more: false });
    expect(await stillPending()).toEqual(['sent']);
  });
});

describe('without consumer groups (the in-process Redis stand-in)', () => {
  it('polls the stream with XREAD, from the last id it saw', async () => {
    const mock = new RedisMock({ keyPrefix: 'tf-mock:' }) as unknown as RedisClient;
    const seen: string[] = [];
    const polling = await startAdminStreamConsumer({
      redis: mock,
      logger,
      pollMs: 50,
      deliver: async (entry) => {
        seen.push(entry.text);
      },
    });
    try {
      expect(polling.mode).toBe('polling');
      await publishAdminNotification(mock, { type: 'dev', text: 'first' });
      await mock.xadd(ADMIN_STREAM_KEY, '*', 'type', 'dev');
      await publishAdminNotification(mock, { type: 'dev', text: 'second' });
      await eventually(() => seen.length === 2);
      await publishAdminNotification(mock, { type: 'dev', text: 'third' });
      await eventually(() => seen.length === 3);
      expect(seen).toEqual(['first', 'second', 'third']);
      expect(logLines.some((l) => l.msg === 'malformed admin notification skipped')).toBe(true);
    } finally {
      await polling.stop();
      mock.disconnect();
    }
  });
});
