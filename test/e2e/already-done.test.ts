// A press that finds the ticket already where it wanted it — the losing press of a double tap, a
// stale copy of a card — is told so as a toast ("Already started", …) and its card is redrawn,
// instead of the domain's raw refusal as an alert. Through the webhook, in English and Russian.
import type { Message, User as TgUser } from 'grammy/types';
import type { Actor, RoleSlug } from '../../src/domain';
import { WorkSession } from '../../src/db/entities';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { actorWith, newTicket } from '../support/workshop';

jest.setTimeout(120_000);

let h: BotHarness;
let master: Actor;

beforeAll(async () => {
  h = await startBotHarness({ notifications: 'record' });
  master = await actorWith(h, ['master']);
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const emu = () => h.telegram.emulator;
const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');
const sentMessage = (call: RecordedCall | undefined) => (call?.response as { result: Message }).result;
const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;
const payloads = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));

async function person(roles: RoleSlug[], language: 'en' | 'ru' = 'en') {
  const { user, tg } = await h.person(roles, { language_code: language });
  return { actor: { id: user.id, roles } as Actor, tg };
}

async function assignedTicket(technicianId: number): Promise<number> {
  const created = await newTicket(h, master, [45]);
  await h.service.approveReview(master, created.ticket.id);
  await h.service.assign(master, created.ticket.id, technicianId);
  return created.ticket.id;
}

async function press(tg: TgUser, message: Message, data: string) {
  const { callbackQueryId } = await emu().userPressesButton(tg, message, data, { force: true });
  return emu().waitForCallbackAnswer(callbackQueryId);
}

async function openCard(tg: TgUser, ticketId: number): Promise<Message> {
  await emu().userSendsCommand(tg, tg.id, 'queue');
  const dashboard = sentMessage(emu().lastCall('sendMessage'));
  await press(tg, dashboard, `ttq:open:${ticketId}:active:1`);
  return dashboard;
}

async function openPanel(tg: TgUser, ticketId: number): Promise<Message> {
  await emu().userSendsCommand(tg, tg.id, 'qc');
  const queue = sentMessage(emu().lastCall('sendMessage'));
  await press(tg, queue, `tqq:open:${ticketId}:1`);
  return queue;
}

describe('a press that finds its work already done', () => {
  it('double-tapped Start: one starts, the other reads "Already started" as a toast; one session', async () => {
    const { actor, tg } = await person(['technician']);
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);

    const answers = await Promise.all([press(tg, card, `tt:${id}:start`), press(tg, card, `tt:${id}:start`)]);
    const texts = answers.map((a) => a?.text).sort();
    expect(texts).toEqual(['ℹ️ Already started: the work session is running.', '✅ Work session started.']);
    expect(answers.map((a) => a?.show_alert ?? false)).toEqual([false, false]);
    expect(await h.db.orm.em.fork().count(WorkSession, { ticket: id })).toBe(1);
    // The card shows the running session's controls.
    expect(current(card).text).toContain('Status: In progress');
    expect(payloads(current(card))).toEqual([
      `tt:${id}:pause`,
      `tt:${id}:stop`,
      `tt:${id}:refresh`,
      'ttq:refresh:active:1',
    ]);
  });

  it('stale pause, resume, stop and send-to-QC copies say "already …" and redraw the pressed card', async () => {
    const { actor, tg } = await person(['technician']);
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);
    const stale = await openCard(tg, id);
    await press(tg, card, `tt:${id}:start`);

    await press(tg, card, `tt:${id}:pause`);
    expect(await press(tg, stale, `tt:${id}:pause`)).toMatchObject({ text: 'ℹ️ Already paused.' });
    expect(payloads(current(stale)).slice(0, 2)).toEqual([`tt:${id}:resume`, `tt:${id}:stop`]);
    expect((current(stale).text ?? '').split('\n')[0]).toBe('🎛 Technician ticket controls.');

    await press(tg, card, `tt:${id}:resume`);
    expect(await press(tg, stale, `tt:${id}:resume`)).toMatchObject({
      text: 'ℹ️ Already resumed: the work session is running.',
    });
    await press(tg, card, `tt:${id}:stop`);
    expect(await press(tg, stale, `tt:${id}:stop`)).toMatchObject({ text: 'ℹ️ Already stopped.' });
    await press(tg, card, `tt:${id}:to_waiting_qc`);
    const answer = await press(tg, stale, `tt:${id}:to_waiting_qc`);
    expect(answer).toMatchObject({ text: 'ℹ️ Already sent to QC: the ticket is waiting for QC.' });
    expect(answer?.show_alert ?? false).toBe(false);
    expect(current(stale).text).toContain('Status: Waiting QC');

    // A press the state does not satisfy is still the domain's refusal, as an alert.
    expect(await press(tg, stale, `tt:${id}:start`)).toMatchObject({ show_alert: true });
  });

  it('says it in Russian too', async () => {
    const { actor, tg } = await person(['technician'], 'ru');
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);
    const stale = await openCard(tg, id);
    await press(tg, card, `tt:${id}:start`);
    const answer = await press(tg, stale, `tt:${id}:start`);
    expect(answer).toMatchObject({ text: 'ℹ️ Уже начато: рабочая сессия идёт.' });
    expect(answer?.show_alert ?? false).toBe(false);
    expect(textOf(emu().lastCall('editMessageText'))).toContain('В работе');
  });

  it('a QC decision made by another inspector: "Already passed" / "Already failed" as toasts', async () => {
    const { actor, tg } = await person(['technician']);
    const first = await person(['qc_inspector']);
    const second = await person(['qc_inspector'], 'ru');
    for (const decision of ['pass', 'fail'] as const) {
      const id = await assignedTicket(actor.id);
      const card = await openCard(tg, id);
      for (const step of ['start', 'stop', 'to_waiting_qc']) await press(tg, card, `tt:${id}:${step}`);
      const a = await openPanel(first.tg, id);
      const b = await openPanel(second.tg, id);
      if (decision === 'pass') {
        expect(await press(first.tg, a, `tqc:${id}:pass`)).toMatchObject({ text: '✅ Ticket marked as QC passed.' });
        const late = await press(second.tg, b, `tqc:${id}:pass`);
        expect(late).toMatchObject({ text: 'ℹ️ QC уже пройден: заявка завершена.' });
        expect(late?.show_alert ?? false).toBe(false);
        expect(current(b).text).toContain('Статус: Завершена');
        expect(payloads(current(b))).toEqual([`tqc:${id}:refresh`, 'tqq:refresh:1']);
      } else {
        // The first asks for a reason and skips it; the second presses Fail on its stale panel.
        await press(first.tg, a, `tqc:${id}:fail`);
        const prompt = sentMessage(emu().lastCall('sendMessage'));
        expect(await press(first.tg, prompt, `tqf:${id}:skip`)).toMatchObject({
          text: '❌ Ticket marked as QC failed.',
        });
        const late = await press(second.tg, b, `tqc:${id}:fail`);
        expect(late).toMatchObject({ text: 'ℹ️ QC уже не пройден: заявка возвращена на доработку.' });
        expect(late?.show_alert ?? false).toBe(false);
        // In English for the first inspector, on a stale copy of its own panel.
        expect(await press(first.tg, a, `tqc:${id}:fail`)).toMatchObject({
          text: 'ℹ️ Already failed QC: the ticket is back in rework.',
        });
        expect(await press(first.tg, a, `tqc:${id}:pass`)).toMatchObject({ show_alert: true });
      }
    }
  });
});
