// A copy of a ticket's message is recorded only after Telegram has answered the send (its message
// id is needed). A change committed in between cannot see the copy, so its refresh skips that chat:
// the record must notice the ticket moved on and queue the chat's refresh itself. Seen in the demo
// seed: an admin's "waiting for QC" notification kept its QC buttons after the ticket was done.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Api } from 'grammy';
import { startFakeBotApi, TEST_BOT_TOKEN, type FakeBotApi } from '@ticketflow/telegram-emulator/testing';
import { sql } from '../../src/db/sql';
import { createI18n } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { queueDeliveries } from '../../src/notify/outbox';
import { fingerprintOf, recordTicketMessage } from '../../src/notify/ticket-messages';
import { telegramTicketNotifier } from '../../src/notify/telegram-notifier';
import { createRedis, type RedisClient } from '../../src/redis';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTicket, createUser, uniqueTelegramId } from '../support/factories';
import { testRedisPrefix, testRedisUrl } from '../support/redis';

jest.setTimeout(60_000);

const logger = createLogger('silent');
let db: TestDatabase;
let redis: RedisClient;
let telegram: FakeBotApi;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createRedis({ url: testRedisUrl, prefix: testRedisPrefix() }, logger);
  telegram = await startFakeBotApi();
});
afterAll(async () => {
  await telegram?.close();
  redis?.disconnect();
  await db?.drop();
});

const em = () => db.orm.em.fork() as EntityManager;

async function qcInspectorChat(): Promise<{ userId: number; chatId: number }> {
  const tg = telegram.state.addUser({ id: uniqueTelegramId(), first_name: 'Quinn', language_code: 'en' });
  telegram.state.ensurePrivateChat(tg);
  const user = await createUser(db.orm, { roles: ['qc_inspector'], telegramId: tg.id });
  return { userId: user.id, chatId: tg.id };
}

/** The notifier (no chat lanes: it delivers a chat's queue itself) on an Api that runs `afterSend` once a send is answered. */
function notifierWith(afterSend: (chatId: number) => Promise<void>) {
  const api = new Api(TEST_BOT_TOKEN, { apiRoot: telegram.url });
  api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === 'sendMessage') await afterSend(Number((payload as { chat_id: number }).chat_id));
    return result;
  });
  return telegramTicketNotifier({
    orm: db.orm,
    redis,
    logger,
    telegram: api,
    i18n: createI18n('en'),
    config: { defaultLocale: 'en', qcSlaMinutes: 240 },
  });
}

const callsTo = (chatId: number, method: string) =>
  telegram.emulator.calls().filter((c) => c.method === method && c.params.chat_id === chatId);

const buttonsOf = (call: { params: Record<string, unknown> }) =>
  JSON.stringify((call.params.reply_markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard ?? []);

describe('a QC notification whose ticket is decided while it is being sent', () => {
  it('is edited to the decision by its own chat lane, losing its QC buttons', async () => {
    const ticket = await createTicket(db.orm, { status: 'waiting_qc' });
    const inspector = await qcInspectorChat();
    // The decision commits after Telegram took the message and before the copy is recorded.
    const notifier = notifierWith(async (chatId) => {
      if (chatId === inspector.chatId) await sql(em(), `update ticket set status = 'done' where id = ?`, [ticket.id]);
    });
    await queueDeliveries(
      em(),
      { event: 'ticket_waiting_qc_reviewers', ticketId: ticket.id, actorId: null, at: Date.now(), details: {} },
      [{ ...inspector, locale: 'en' }],
    );

    await notifier.deliverChat!(inspector.chatId);

    const [sent] = callsTo(inspector.chatId, 'sendMessage');
    expect(buttonsOf(sent)).toContain(`:pass`);
    const edits = callsTo(inspector.chatId, 'editMessageText');
    expect(edits).toHaveLength(1);
    expect(edits[0].params.message_id).toBe((sent.response as { result: { message_id: number } }).result.message_id);
    expect(String(edits[0].params.text)).toContain('Done');
    expect(buttonsOf(edits[0])).not.toContain(':pass');
  });

  it('is left alone when nothing changed meanwhile', async () => {
    const ticket = await createTicket(db.orm, { status: 'waiting_qc' });
    const inspector = await qcInspectorChat();
    const notifier = notifierWith(async () => {});
    await queueDeliveries(
      em(),
      { event: 'ticket_waiting_qc_reviewers', ticketId: ticket.id, actorId: null, at: Date.now(), details: {} },
      [{ ...inspector, locale: 'en' }],
    );

    await notifier.deliverChat!(inspector.chatId);

    expect(callsTo(inspector.chatId, 'sendMessage')).toHaveLength(1);
    expect(callsTo(inspector.chatId, 'editMessageText')).toHaveLength(0);
    const [row] = await sql<{ n: string }>(
      em(),
      `select count(*) as n from notification_outbox where chat_id = ? and event = 'ticket_refresh'`,
      [inspector.chatId],
    );
    expect(Number(row.n)).toBe(0);
  });
});

describe('recording a copy the bot drew', () => {
  const record = (ticketId: number, chatId: number, userId: number, drawnStatus: 'waiting_qc' | 'done') =>
    recordTicketMessage(em(), {
      ticketId,
      chatId,
      messageId: 7,
      userId,
      locale: 'en',
      kind: 'technician_card',
      context: {},
      fingerprint: fingerprintOf(drawnStatus, { text: 'card' }),
    });

  it('queues its chat a refresh when the ticket is no longer in the status it was drawn in', async () => {
    const ticket = await createTicket(db.orm, { status: 'done' });
    const inspector = await qcInspectorChat();
    expect(await record(ticket.id, inspector.chatId, inspector.userId, 'waiting_qc')).toBe(true);
    const rows = await sql<{ event: string }>(em(), 'select event from notification_outbox where chat_id = ?', [
      inspector.chatId,
    ]);
    expect(rows.map((r) => r.event)).toEqual(['ticket_refresh']);
  });

  it('queues nothing when the copy shows the ticket as it is', async () => {
    const ticket = await createTicket(db.orm, { status: 'done' });
    const inspector = await qcInspectorChat();
    expect(await record(ticket.id, inspector.chatId, inspector.userId, 'done')).toBe(false);
    const rows = await sql(em(), 'select 1 from notification_outbox where chat_id = ?', [inspector.chatId]);
    expect(rows).toHaveLength(0);
  });
});
