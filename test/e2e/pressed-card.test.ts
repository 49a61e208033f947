// A press names its message in the change it makes: the change's refresh of the ticket's copies
// leaves that message to the press, which edits it from the update's view. A chat whose only copy is
// the pressed card gets no refresh row (no lane wakes for it); a chat holding another copy gets one
// that names the pressed card, and its lane edits only the other. A press whose own edit fails hands
// the chat's copies to the lane. Through the webhook, the fake Bot API and the real notifier lanes.
import type { Message } from 'grammy/types';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, ticketAssignedToTechnician, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.stopAll());

const emu = () => h.telegram.emulator;
const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;
const payloads = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
const sentMessage = (call: RecordedCall) => (call.response as { result: Message }).result;
const editsOf = (message: Message) =>
  emu()
    .calls('editMessageText')
    .filter((c) => c.params.chat_id === message.chat.id && c.params.message_id === message.message_id);

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface RefreshRow {
  status: string;
  payload: { actorId: number | null; details: { pressedMessageId?: number } };
}

/** The ticket's refresh rows queued for the chat, oldest first. */
async function refreshRows(ticketId: number, chatId: number): Promise<RefreshRow[]> {
  const rows: { status: string; payload: RefreshRow['payload'] | string }[] = await h.db.orm.em
    .fork()
    .getConnection()
    .execute(
      `select status, payload from notification_outbox
        where ticket_id = ? and chat_id = ? and event = 'ticket_refresh' order by id`,
      [ticketId, chatId],
    );
  return rows.map((r) => ({
    status: r.status,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as RefreshRow['payload']) : r.payload,
  }));
}

/** The technician's "new ticket" notification: their chat's first copy of the ticket's card. */
async function assignedWithCard() {
  const { tg, ticket } = await ticketAssignedToTechnician(h);
  const call = await emu().waitForCall(
    'sendMessage',
    (c) => c.params.chat_id === tg.id && c.status === 200 && String(c.params.text).includes(`#${ticket.id}`),
    20_000,
  );
  const card = sentMessage(call);
  expect(payloads(card)).toContain(`tt:${ticket.id}:start`);
  return { tg, id: ticket.id, card };
}

/** Presses a button and waits for the answer and for the press's edit of the pressed message. */
async function press(tg: Parameters<ReturnType<typeof emu>['userPressesButton']>[0], message: Message, data: string) {
  const before = editsOf(message).length;
  const { callbackQueryId } = await emu().userPressesButton(tg, message, data);
  const answer = await emu().waitForCallbackAnswer(callbackQueryId);
  await eventually(() => editsOf(message).length > before, 'the press’s edit of its card');
  return answer;
}

it('a press on the only copy in its chat queues no refresh for that chat: the press alone edits the card', async () => {
  const { tg, id, card } = await assignedWithCard();

  expect(await press(tg, card, `tt:${id}:start`)).toMatchObject({ text: '✅ Work session started.' });
  expect(payloads(current(card)).slice(0, 2)).toEqual([`tt:${id}:pause`, `tt:${id}:stop`]);
  // A work-session action goes through its own activity: the same holds.
  await press(tg, current(card), `tt:${id}:pause`);
  expect(payloads(current(card))).toContain(`tt:${id}:resume`);

  expect(await refreshRows(id, tg.id)).toEqual([]);
  expect(editsOf(card).map((c) => c.status)).toEqual([200, 200]);
});

it('a press in a chat holding an older copy refreshes that copy through the lane, and leaves the pressed card to the press', async () => {
  const { tg, id, card: notification } = await assignedWithCard();
  // The same ticket's card opened from the dashboard: a second copy in the chat, pressed below.
  await emu().userSendsCommand(tg, tg.id, 'queue');
  const dashboard = sentMessage(emu().lastCall('sendMessage')!);
  await press(tg, dashboard, `ttq:open:${id}:active:1`);
  const pressedEditsBefore = editsOf(dashboard).length;

  expect(await press(tg, current(dashboard), `tt:${id}:start`)).toMatchObject({ text: '✅ Work session started.' });

  await eventually(() => payloads(current(notification)).includes(`tt:${id}:pause`), 'the older copy, by the lane');
  await eventually(async () => (await refreshRows(id, tg.id)).every((r) => r.status !== 'pending'), 'the lane');
  const rows = await refreshRows(id, tg.id);
  expect(rows.map((r) => r.payload.details)).toEqual([{ pressedMessageId: dashboard.message_id }]);
  expect(editsOf(notification)).toHaveLength(1);
  // Edited once since the press: by the press, from the update's view.
  expect(editsOf(dashboard).length - pressedEditsBefore).toBe(1);
  expect(payloads(current(dashboard)).slice(0, 2)).toEqual([`tt:${id}:pause`, `tt:${id}:stop`]);
});

it('a press whose own edit of its card fails hands the card to the chat’s lane, which brings it up to date', async () => {
  const { tg, id, card } = await assignedWithCard();
  // Flood control longer than the bot's brief retry waits: the press's edit fails for good.
  let failed = false;
  const stop = emu().failWhile((call) => {
    if (failed || call.method !== 'editMessageText' || call.params.message_id !== card.message_id) return false;
    failed = true;
    return { kind: 'too_many_requests', retryAfter: 30 };
  });
  try {
    await press(tg, card, `tt:${id}:start`);
    await eventually(() => payloads(current(card)).includes(`tt:${id}:pause`), 'the card, by the lane');
  } finally {
    stop();
  }
  expect(editsOf(card).map((c) => c.status)).toEqual([429, 200]);
  // One refresh for the stale card, naming no pressed message: the lane edits it too.
  await eventually(async () => (await refreshRows(id, tg.id)).every((r) => r.status !== 'pending'), 'the lane');
  expect((await refreshRows(id, tg.id)).map((r) => [r.status, r.payload.details])).toEqual([['sent', {}]]);
});
