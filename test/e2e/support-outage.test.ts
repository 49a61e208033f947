// A client's support message while Temporal's frontend is out of reach, driven as Telegram drives the
// webhook: the update is refused with a safe 503 (not acknowledged, so Telegram delivers it again),
// the client hears once that it will go through, and the redelivery after the outage bridges it into
// the desk exactly once. The app reaches Temporal through a TCP proxy the test cuts; the worker keeps
// its own connection.
import type { Update } from 'grammy/types';
import { SupportTicket } from '../../src/db/entities';
import { createI18n } from '../../src/i18n';
import { startFaultHarness, type FaultHarness, until } from '../support/fault-harness';

jest.setTimeout(180_000);

/** The fake Bot API's first supergroup (the staff forum) always gets this id. */
const MAIN_GROUP = -1002000000001;
const SAFE_UNAVAILABLE_BODY = { ok: false, error: 'temporarily unavailable' };
const PENDING = createI18n('en').t('en', 'support-client-pending');

let h: FaultHarness;
beforeAll(async () => {
  h = await startFaultHarness({ env: { MAIN_GROUP_ID: String(MAIN_GROUP) } });
  if (h.telegram.staffGroup.id !== MAIN_GROUP) throw new Error(`staff group is ${h.telegram.staffGroup.id}`);
});
afterAll(() => h?.stopAll());

const sentTo = (chatId: number) =>
  h.telegram.emulator
    .calls('sendMessage')
    .filter((c) => Number(c.params.chat_id) === chatId)
    .map((c) => String(c.params.text));

const copiesToDesk = (fromChatId: number, messageId: number) =>
  h.telegram.emulator
    .calls('copyMessage')
    .filter(
      (c) =>
        Number(c.params.chat_id) === MAIN_GROUP &&
        Number(c.params.from_chat_id) === fromChatId &&
        Number(c.params.message_id) === messageId &&
        c.status === 200,
    );

describe("a client's support message while Temporal is unreachable", () => {
  it('is refused with a safe 503, told once it will go through, and bridged once when redelivered', async () => {
    const client = h.telegram.state.addUser({ id: 7_700_000_000 + (Date.now() % 1_000_000), first_name: 'Cleo' });
    h.telegram.state.ensurePrivateChat(client);
    const sent = await h.telegram.emulator.userSendsText(client, client.id, 'My phone will not charge', {
      deliver: false,
    });
    const update = sent.update as Update;
    const messageId = update.message!.message_id;

    await h.temporal.cut();
    let first;
    let second;
    try {
      first = await h.deliver(update);
      // Telegram redelivers while Temporal is still away: refused again, and the client is not told twice.
      second = await h.deliver(update);
    } finally {
      await h.temporal.restore();
    }
    for (const attempt of [first, second]) {
      expect(attempt.status).toBe(503);
      expect(JSON.parse(attempt.body)).toEqual(SAFE_UNAVAILABLE_BODY);
      expect(attempt.ms).toBeLessThan(12_000);
    }
    expect(sentTo(client.id)).toEqual([PENDING]);
    expect(h.logs.entries('bot handler failed')).toEqual([]);
    expect(copiesToDesk(client.id, messageId)).toHaveLength(0);

    // Telegram keeps redelivering until the app takes the update; the message then reaches the desk.
    await until('the redelivery to be taken', async () => (await h.deliver(update)).status === 200, 60_000);
    await until('the message in the desk', async () => copiesToDesk(client.id, messageId).length > 0, 60_000);
    const tickets = await h.db.orm.em.fork().find(SupportTicket, { clientTelegramId: client.id });
    expect(tickets).toHaveLength(1);

    // A further redelivery is a duplicate: the desk gets the message once, the client no more notices.
    expect(JSON.parse((await h.deliver(update)).body)).toMatchObject({ ok: true, duplicate: true });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(copiesToDesk(client.id, messageId)).toHaveLength(1);
    expect(sentTo(client.id).filter((text) => text === PENDING)).toHaveLength(1);
  });
});
