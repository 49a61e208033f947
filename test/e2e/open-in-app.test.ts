// "📱 Open in app": with an https PUBLIC_URL, the technician's ticket card and the QC panel carry a
// web_app button opening the Mini App at that ticket, drawn alike by the bot's own edits and by the
// notifier (the "new ticket" card and the copies it refreshes), so a refresh never drops it. Without
// an https public URL (Telegram refuses web_app buttons then) there is none. Through the webhook and
// the real notifier lanes.
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { Actor, RoleSlug } from '../../src/domain';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { newTicket } from '../support/workshop';

jest.setTimeout(180_000);

type Person = Awaited<ReturnType<BotHarness['person']>>;
const actor = (p: Person): Actor => ({ id: p.user.id, roles: p.user.roles.getItems().map((r) => r.role) });
const textOf = (call: RecordedCall) => String(call.params.text ?? '');
const sentMessage = (call: RecordedCall) => (call.response as { result: Message }).result;
const buttons = (message: Message): InlineKeyboardButton[] => (message.reply_markup?.inline_keyboard ?? []).flat();
const appButtons = (message: Message) => buttons(message).filter((b) => 'web_app' in b);
const payloads = (message: Message) => buttons(message).map((b) => ('callback_data' in b ? b.callback_data : ''));

/** One harness's steps: a ticket assigned to a technician, its cards and the QC notification. */
function steps(h: () => BotHarness) {
  const emu = () => h().telegram.emulator;
  const current = (message: Message) => h().telegram.state.getMessage(message.chat.id, message.message_id)!;
  const messageTo = (chatId: number, match: (text: string) => boolean): Promise<Message> =>
    emu()
      .waitForCall('sendMessage', (c) => c.params.chat_id === chatId && c.status === 200 && match(textOf(c)), 20_000)
      .then(sentMessage);
  const press = async (p: Person, message: Message, data: string) => {
    const { callbackQueryId } = await emu().userPressesButton(p.tg, message, data);
    return emu().waitForCallbackAnswer(callbackQueryId);
  };
  const eventually = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const person = (roles: RoleSlug[]) => h().person(roles);

  /** Assigns a ticket; returns its id, the "new ticket" card and the card opened from /queue, started. */
  async function startedTicket() {
    const master = await person(['master']);
    const tech = await person(['technician']);
    const { ticket } = await newTicket(h(), actor(master), [30]);
    await h().service.approveReview(actor(master), ticket.id);
    await h().service.assign(actor(master), ticket.id, tech.user.id);
    const id = ticket.id;
    const notification = await messageTo(tech.tg.id, (t) => t.startsWith('🆕') && t.includes(`#${id}`));

    await emu().userSendsCommand(tech.tg, tech.tg.id, 'queue');
    const dashboard = sentMessage(emu().lastCall('sendMessage')!);
    await press(tech, dashboard, `ttq:open:${id}:active:1`);
    const opened = current(dashboard);
    expect(await press(tech, opened, `tt:${id}:start`)).toMatchObject({ text: '✅ Work session started.' });
    // The notification's copy is redrawn by the notifier after the start.
    await eventually(() => !payloads(current(notification)).includes(`tt:${id}:start`), 'the copy after start');
    return { id, tech, master, notification: current(notification), opened, started: current(dashboard) };
  }

  /** Sends the ticket to QC; returns the inspector's "waiting for QC" notification. */
  async function waitingQc(id: number, tech: Person): Promise<Message> {
    const inspector = await person(['qc_inspector']);
    await h().service.stop(actor(tech), id);
    await h().service.sendToQc(actor(tech), id);
    return messageTo(inspector.tg.id, (t) => t.includes(`#${id}`) && t.includes('QC'));
  }

  return { startedTicket, waitingQc, current };
}

describe('with an https PUBLIC_URL', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { PUBLIC_URL: 'https://desk.example.com' } });
  });
  afterAll(() => h?.stopAll());
  const { startedTicket, waitingQc } = steps(() => h);

  it('the card, its edits, the notification and its refreshed copy open the Mini App at the ticket', async () => {
    const { id, tech, notification, opened, started } = await startedTicket();
    const open = [{ text: '📱 Open in app', web_app: { url: `https://desk.example.com/miniapp/?ticket=${id}` } }];
    expect(appButtons(opened)).toEqual(open);
    expect(appButtons(started)).toEqual(open);
    expect(payloads(started)).toContain(`tt:${id}:pause`);
    expect(appButtons(notification)).toEqual(open);
    // Above the back row, below the actions.
    const rows = started.reply_markup!.inline_keyboard;
    expect(rows[rows.length - 2]).toEqual(open);

    const qc = await waitingQc(id, tech);
    expect(appButtons(qc)).toEqual(open);
    expect(payloads(qc)).toEqual(expect.arrayContaining([`tqc:${id}:pass`, `tqc:${id}:fail`]));
  });
});

describe('with an http PUBLIC_URL', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { PUBLIC_URL: 'http://localhost:3000' } });
  });
  afterAll(() => h?.stopAll());
  const { startedTicket, waitingQc } = steps(() => h);

  it('no card or notification has an "Open in app" button', async () => {
    const { id, tech, notification, opened, started } = await startedTicket();
    expect(appButtons(opened)).toEqual([]);
    expect(appButtons(started)).toEqual([]);
    expect(appButtons(notification)).toEqual([]);
    expect(appButtons(await waitingQc(id, tech))).toEqual([]);
  });
});
