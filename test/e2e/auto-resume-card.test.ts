// The pause budget's auto-resume is no press and sends no notification, yet the technician's card
// must follow it: a card left showing Resume turns back to Pause / Stop when the budget runs out.
// On the time-skipping server, through the webhook and the real notifier lanes.
import type { Message } from 'grammy/types';
import type { Actor } from '../../src/domain';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { newTicket } from '../support/workshop';

jest.setTimeout(180_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ timeSkipping: true });
});
afterAll(() => h?.stopAll());

const emu = () => h.telegram.emulator;
type Person = Awaited<ReturnType<BotHarness['person']>>;
const actor = (p: Person): Actor => ({ id: p.user.id, roles: p.user.roles.getItems().map((r) => r.role) });
const sentMessage = (call: RecordedCall) => (call.response as { result: Message }).result;
const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;
const payloads = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));

async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('a card left on Resume shows the session running again once the pause budget ran out', async () => {
  const master = await h.person(['master']);
  const tech = await h.person(['technician']);
  const { ticket } = await newTicket(h, actor(master), [45]);
  await h.service.approveReview(actor(master), ticket.id);
  await h.service.assign(actor(master), ticket.id, tech.user.id);
  const card = sentMessage(
    await emu().waitForCall(
      'sendMessage',
      (c) => c.params.chat_id === tech.tg.id && String(c.params.text).includes(`#${ticket.id}`),
      20_000,
    ),
  );

  for (const action of ['start', 'pause'] as const) {
    const { callbackQueryId } = await emu().userPressesButton(tech.tg, current(card), `tt:${ticket.id}:${action}`);
    await emu().waitForCallbackAnswer(callbackQueryId);
  }
  await eventually(() => payloads(current(card)).includes(`tt:${ticket.id}:resume`), 'the card after pause');

  // The default daily budget is 30 minutes; the workflow's timer resumes the session then.
  await h.env.sleep('31 minutes');
  await eventually(() => payloads(current(card)).includes(`tt:${ticket.id}:pause`), 'the card after auto-resume');
  expect(payloads(current(card))).not.toContain(`tt:${ticket.id}:resume`);
});
