// Presses during infrastructure faults, driven as Telegram drives the webhook: every press is
// answered in time (a "will be retried" toast during a Postgres or Redis outage, "still
// processing" when the workshop service is slow), the webhook refuses fast with a body that says
// nothing about the internals, the redelivery applies the press exactly once and draws the card
// from fresh state — and nothing of it writes a secret to the log.
import type { Update } from 'grammy/types';
import { createI18n } from '../../src/i18n';
import { FAULT_SECRETS, startFaultHarness, type FaultHarness, until } from '../support/fault-harness';

jest.setTimeout(180_000);

const i18n = createI18n('en');
const RETRY_PENDING = i18n.t('en', 'err-retry-pending');
const STILL_PROCESSING = i18n.t('en', 'err-timeout');
const SAFE_UNAVAILABLE_BODY = { ok: false, error: 'temporarily unavailable' };
/** The worker's "still processing" answer comes after this long, well within Telegram's window. */
const SLOW_PRESS_ANSWER_MS = 1_500;

let h: FaultHarness;
beforeAll(async () => {
  h = await startFaultHarness({ slowPressAnswerMs: SLOW_PRESS_ANSWER_MS });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

async function startedTransitions(ticketId: number): Promise<{ op_key: string | null }[]> {
  return h.db.orm.em
    .fork()
    .getConnection()
    .execute<{ op_key: string | null }[]>(
      `select metadata->>'op_key' as op_key from ticket_transition where ticket_id = ? and action = 'started'`,
      [ticketId],
    );
}

/** A technician presses Start on their ticket's card; the update is not delivered yet. */
async function pressStart() {
  const person = await h.technicianWithCard();
  const { update, callbackQueryId } = await h.telegram.emulator.userPressesButton(
    person.tg,
    person.card,
    `tt:${person.ticketId}:start`,
    { deliver: false },
  );
  return { ...person, update: update as Update, callbackQueryId };
}

/** The card's buttons as the last edit of it left them. */
function lastCardButtons(chatId: number, messageId: number): string[] {
  const edits = h.telegram.emulator
    .calls('editMessageText')
    .filter(
      (c) => Number(c.params.chat_id) === chatId && Number(c.params.message_id) === messageId && c.status === 200,
    );
  const markup = edits.at(-1)?.params.reply_markup as
    { inline_keyboard: { callback_data?: string }[][] } | string | undefined;
  const keyboard =
    typeof markup === 'string' ? (JSON.parse(markup) as { inline_keyboard: { callback_data?: string }[][] }) : markup;
  return (keyboard?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');
}

describe('a press while Postgres is down', () => {
  it('is answered "will be retried", refused fast with a safe 503, and applied once when redelivered', async () => {
    const press = await pressStart();
    await h.pg.cut();
    let first;
    try {
      first = await h.deliver(press.update);
    } finally {
      await h.pg.restore();
    }
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toEqual(SAFE_UNAVAILABLE_BODY);
    expect(first.ms).toBeLessThan(5_000);
    expect(await h.telegram.emulator.waitForCallbackAnswer(press.callbackQueryId)).toMatchObject({
      text: RETRY_PENDING,
    });
    expect(await startedTransitions(press.ticketId)).toHaveLength(0);

    // Telegram redelivers the unacknowledged update once Postgres is back.
    const again = await h.deliver(press.update);
    expect(again.status).toBe(200);
    const started = await startedTransitions(press.ticketId);
    expect(started).toHaveLength(1);
    expect(started[0].op_key).toContain(press.callbackQueryId);
    expect(lastCardButtons(press.tg.id, press.card.message_id)).toContain(`tt:${press.ticketId}:pause`);

    // A further redelivery is a duplicate and changes nothing.
    const duplicate = await h.deliver(press.update);
    expect(JSON.parse(duplicate.body)).toMatchObject({ ok: true, duplicate: true });
    expect(await startedTransitions(press.ticketId)).toHaveLength(1);
  });
});

describe('a press while Redis is down', () => {
  it('is answered "will be retried" and refused at once with a safe 503, then applied once when redelivered', async () => {
    const press = await pressStart();
    await h.redisServer.stop();
    let first;
    try {
      await until('the app to notice Redis is gone', async () => h.redis.status !== 'ready', 10_000);
      first = await h.deliver(press.update);
    } finally {
      await h.redisServer.start();
    }
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toEqual(SAFE_UNAVAILABLE_BODY);
    expect(first.body).not.toMatch(/max retries|ioredis|ECONNREFUSED/i);
    expect(first.ms).toBeLessThan(2_000);
    expect(await h.telegram.emulator.waitForCallbackAnswer(press.callbackQueryId)).toMatchObject({
      text: RETRY_PENDING,
    });
    expect(await startedTransitions(press.ticketId)).toHaveLength(0);

    await until('the app to reconnect to Redis', async () => h.redis.status === 'ready', 15_000);
    const again = await h.deliver(press.update);
    expect(again.status).toBe(200);
    expect(await startedTransitions(press.ticketId)).toHaveLength(1);
    expect(lastCardButtons(press.tg.id, press.card.message_id)).toContain(`tt:${press.ticketId}:pause`);
  });

  it('refuses a message too, without an answer, and without waiting out ioredis', async () => {
    const person = await h.technicianWithCard();
    const { update } = await h.telegram.emulator.userSendsCommand(person.tg, person.tg.id, 'queue', { deliver: false });
    await h.redisServer.stop();
    try {
      await until('the app to notice Redis is gone', async () => h.redis.status !== 'ready', 10_000);
      const res = await h.deliver(update as Update);
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toEqual(SAFE_UNAVAILABLE_BODY);
      expect(res.ms).toBeLessThan(2_000);
    } finally {
      await h.redisServer.start();
      await until('the app to reconnect to Redis', async () => h.redis.status === 'ready', 15_000);
    }
    expect(h.telegram.emulator.calls('sendMessage')).toHaveLength(0);
    expect((await h.deliver(update as Update)).status).toBe(200);
    expect(
      h.telegram.emulator.calls('sendMessage').filter((c) => Number(c.params.chat_id) === person.tg.id),
    ).toHaveLength(1);
  });
});

describe('a press while the worker is down for longer than the update deadline', () => {
  it('is answered "still processing" in time, and its redelivery draws the card once the action landed', async () => {
    const press = await pressStart();
    await h.stopWorker();
    let first;
    try {
      const delivery = h.deliver(press.update);
      const answer = await h.telegram.emulator.waitForCallbackAnswer(
        press.callbackQueryId,
        SLOW_PRESS_ANSWER_MS + 3_000,
      );
      expect(answer).toMatchObject({ text: STILL_PROCESSING });
      // The service call waits out its deadline; the press is then left for Telegram to redeliver.
      first = await delivery;
    } finally {
      await h.startWorker();
    }
    // (With what the handler logged, should it not be a 503.)
    expect({ status: first.status, failures: h.logs.entries('bot handler failed') }).toEqual({
      status: 503,
      failures: [],
    });
    expect(JSON.parse(first.body)).toEqual(SAFE_UNAVAILABLE_BODY);
    // Only one answer per press: the handler's own (late) answer was not sent on top.
    expect(
      h.telegram.emulator
        .calls('answerCallbackQuery')
        .filter((c) => c.params.callback_query_id === press.callbackQueryId),
    ).toHaveLength(1);

    // The update Temporal accepted lands once the worker is back…
    await until('the start to land', async () => (await startedTransitions(press.ticketId)).length > 0, 60_000);
    // …and Telegram's redelivery corrects the card the timed-out attempt drew from stale state.
    const again = await h.deliver(press.update);
    expect(again.status).toBe(200);
    expect(await startedTransitions(press.ticketId)).toHaveLength(1);
    expect(lastCardButtons(press.tg.id, press.card.message_id)).toContain(`tt:${press.ticketId}:pause`);
  });
});

describe('the intake', () => {
  it('tells a redelivery to come back while a live process holds the update, and takes it over once the lease lapses', async () => {
    const press = await pressStart();
    // Another app process is handling it right now (its lease, renewed while it works).
    await h.redis.set(`upd:${press.update.update_id}:lease`, 'elsewhere', 'PX', 60_000);
    const busy = await h.deliver(press.update);
    expect(busy.status).toBe(503);
    expect(JSON.parse(busy.body)).toEqual({ ok: false, error: 'update is being processed; retry later' });
    expect(h.telegram.emulator.calls('answerCallbackQuery')).toHaveLength(0);
    expect(await startedTransitions(press.ticketId)).toHaveLength(0);

    // That process died: its lease lapses, and the next redelivery is handled here.
    await h.redis.del(`upd:${press.update.update_id}:lease`);
    expect((await h.deliver(press.update)).status).toBe(200);
    expect(await startedTransitions(press.ticketId)).toHaveLength(1);
    expect(JSON.parse((await h.deliver(press.update)).body)).toMatchObject({ ok: true, duplicate: true });
  });
});

describe('the log during these faults', () => {
  it('says what failed, and holds no secret', () => {
    expect(h.logs.entries('asking Telegram to redeliver').length).toBeGreaterThan(0);
    expect(h.logs.leaked({ ...FAULT_SECRETS, databaseUrl: h.databaseUrl })).toEqual([]);
  });
});
