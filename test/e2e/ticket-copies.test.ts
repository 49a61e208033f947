// When one person acts on a ticket, every other copy of its actionable messages is edited to the
// ticket's new state (the controls it allows that recipient, or none): the QC notification held by
// the other inspectors and admins, the technician's "new ticket" card, another staff member's
// review card. Through the webhook and the real notifier lanes; en and ru.
import type { Message } from 'grammy/types';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, RoleSlug } from '../../src/domain';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { newTicket } from '../support/workshop';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.stopAll());

const emu = () => h.telegram.emulator;
const em = () => h.db.orm.em.fork() as EntityManager;
type Person = Awaited<ReturnType<BotHarness['person']>>;
const actor = (p: Person): Actor => ({ id: p.user.id, roles: p.user.roles.getItems().map((r) => r.role) });

async function person(roles: RoleSlug[], firstName: string, language: 'en' | 'ru' = 'en'): Promise<Person> {
  const p = await h.person(roles, { first_name: firstName, language_code: language });
  await em()
    .getConnection()
    .execute('update telegram_profile set language_code = ? where telegram_id = ?', [language, p.tg.id]);
  return p;
}

const textOf = (call: RecordedCall) => String(call.params.text ?? '');
const sentMessage = (call: RecordedCall) => (call.response as { result: Message }).result;
const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;
const payloads = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
const labels = (message: Message) => (message.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);

function messageTo(chatId: number, match: (text: string) => boolean): Promise<Message> {
  return emu()
    .waitForCall('sendMessage', (c) => c.params.chat_id === chatId && c.status === 200 && match(textOf(c)), 20_000)
    .then(sentMessage);
}

async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function press(p: Person, message: Message, data: string) {
  const { callbackQueryId } = await emu().userPressesButton(p.tg, message, data);
  return emu().waitForCallbackAnswer(callbackQueryId);
}

async function assignedTicket(master: Person, technician: Person): Promise<number> {
  const { ticket } = await newTicket(h, actor(master), [45]);
  await h.service.approveReview(actor(master), ticket.id);
  await h.service.assign(actor(master), ticket.id, technician.user.id);
  return ticket.id;
}

describe('copies of a ticket message follow the ticket', () => {
  it('a QC decision edits the other inspectors’ and admins’ notifications: no Pass/Fail left', async () => {
    const master = await person(['master'], 'Mark');
    const tech = await person(['technician'], 'Tom');
    const deciding = await person(['qc_inspector'], 'Quinn');
    const other = await person(['qc_inspector'], 'Raisa', 'ru');
    const admin = await person(['super_admin'], 'Ada');
    const id = await assignedTicket(master, tech);
    await h.service.start(actor(tech), id);
    await h.service.stop(actor(tech), id);
    await h.service.sendToQc(actor(tech), id);

    const waiting = (t: string) => t.includes(`#${id}`) && t.includes('QC');
    const mine = await messageTo(deciding.tg.id, waiting);
    const theirs = await messageTo(other.tg.id, waiting);
    const admins = await messageTo(admin.tg.id, waiting);
    expect(payloads(theirs)).toEqual([`tqc:${id}:pass`, `tqc:${id}:fail`, `tqc:${id}:refresh`]);

    expect(await press(deciding, mine, `tqc:${id}:pass`)).toMatchObject({ text: '✅ Ticket marked as QC passed.' });

    await eventually(() => !payloads(current(theirs)).includes(`tqc:${id}:pass`), 'the other inspector’s copy');
    expect(payloads(current(theirs))).toEqual([`tqc:${id}:refresh`]);
    expect(current(theirs).text).toContain('Статус: Завершена');
    // The copy keeps its heading, shows the new status and no longer asks for a decision.
    expect(current(theirs).text?.split('\n')[0]).toBe(theirs.text?.split('\n')[0]);
    await eventually(() => !payloads(current(admins)).includes(`tqc:${id}:pass`), 'the admin’s copy');
    expect(current(admins).text).toContain('Status: Done');
    expect(current(admins).text).not.toContain('choose a QC decision');
  });

  it('the "new ticket assigned to you" card loses Start once the ticket started, and follows pause', async () => {
    const master = await person(['master'], 'Mira');
    const tech = await person(['technician'], 'Timur');
    const id = await assignedTicket(master, tech);
    const card = await messageTo(tech.tg.id, (t) => t.startsWith('🆕') && t.includes(`#${id}`));
    expect(payloads(card)).toContain(`tt:${id}:start`);

    // Started from the dashboard, not from the notification.
    await emu().userSendsCommand(tech.tg, tech.tg.id, 'queue');
    const dashboard = sentMessage(emu().lastCall('sendMessage')!);
    await press(tech, dashboard, `ttq:open:${id}:active:1`);
    expect(await press(tech, current(dashboard), `tt:${id}:start`)).toMatchObject({ text: '✅ Work session started.' });

    await eventually(() => !payloads(current(card)).includes(`tt:${id}:start`), 'the notification card after start');
    expect(payloads(current(card)).slice(0, 2)).toEqual([`tt:${id}:pause`, `tt:${id}:stop`]);
    expect(current(card).text).toContain('New ticket assigned to you');

    // A work-session change is no ticket transition, and still reaches the copy.
    await press(tech, current(dashboard), `tt:${id}:pause`);
    await eventually(() => payloads(current(card)).includes(`tt:${id}:resume`), 'the notification card after pause');
  });

  it('another staff member’s review card stops offering "Approve & Assign" after the assignment', async () => {
    const master = await person(['master'], 'Max');
    const ops = await person(['ops_manager'], 'Oleg', 'ru');
    const tech = await person(['technician'], 'Tara');
    const { ticket } = await newTicket(h, actor(master), [30]);
    const id = ticket.id;

    const openReview = async (p: Person): Promise<Message> => {
      await emu().userSendsCommand(p.tg, p.tg.id, 'ticket_review');
      const queue = sentMessage(emu().lastCall('sendMessage')!);
      await press(p, queue, `trq:open:${id}:1`);
      return queue;
    };
    const mastersCard = await openReview(master);
    const opsCard = await openReview(ops);
    expect(labels(current(opsCard))[0]).toBe('✅ Одобрить и назначить');

    // The master approves and assigns through the picker.
    await press(master, current(mastersCard), `tra:assign:${id}`);
    await press(master, current(mastersCard), `tra:at:${id}:${tech.user.id}`);
    expect(labels(current(mastersCard))[0]).toBe('🔁 Reassign');

    await eventually(() => labels(current(opsCard))[0] === '🔁 Переназначить', 'the ops manager’s review card');
    expect(current(opsCard).text).toContain('Назначена');
  });

  it('an approval alone, and then manual metrics, reach another staff member’s review card', async () => {
    const master = await person(['master'], 'Mona');
    const ops = await person(['ops_manager'], 'Olga', 'ru');
    const { ticket } = await newTicket(h, actor(master), [30]);
    const id = ticket.id;
    await emu().userSendsCommand(ops.tg, ops.tg.id, 'ticket_review');
    const opsCard = sentMessage(emu().lastCall('sendMessage')!);
    await press(ops, opsCard, `trq:open:${id}:1`);
    expect(labels(current(opsCard))[0]).toBe('✅ Одобрить и назначить');

    // Approved elsewhere (the REST API, another card): no notification goes out for it.
    await h.service.approveReview(actor(master), id);
    await eventually(() => labels(current(opsCard))[0] === '✅ Назначить', 'the review card after the approval');
    expect(current(opsCard).text).toContain('Проверка администратора: Да');

    // Manual metrics change the card's text, not its buttons: the copy is edited all the same.
    await h.service.setManualMetrics(actor(master), id, { flagColor: 'red', xpAmount: 7 });
    await eventually(() => /Флаг \/ XP: .* \/ 7/.test(current(opsCard).text ?? ''), 'the review card after metrics');
    expect(current(opsCard).text).toContain('Метрики заданы вручную: Да');
  });
});
