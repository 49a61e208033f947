// Ticket notifications end to end: the real app behind its webhook, the fake Bot API, Temporal and
// the worker with the Telegram notifier. Recipients, texts in each recipient's language, buttons,
// and the QC decision flow driven through those buttons (with a typed fail reason).
import type { Message } from 'grammy/types';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessRequest, Ticket, TicketTransition, User } from '../../src/db/entities';
import type { Actor, RoleSlug } from '../../src/domain';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { createUser } from '../support/factories';
import { newTicket } from '../support/workshop';
import { recordHistory } from '../support/histories';
import { ticketWorkflowId } from '../../src/contracts/messages';

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
type Markup = { inline_keyboard: { text: string; callback_data?: string }[][] };
const keyboard = (call: RecordedCall) =>
  ((call.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
const payloads = (call: RecordedCall) =>
  ((call.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).map((row) =>
    row.map((b) => b.callback_data ?? ''),
  );
const sentMessage = (call: RecordedCall) => (call.response as { result: Message }).result;

/** Successful sendMessage calls to one chat (optionally about one ticket). */
const sentTo = (chatId: number, ticketId?: number) =>
  emu()
    .calls('sendMessage')
    .filter(
      (c) => c.params.chat_id === chatId && c.status === 200 && (ticketId === undefined || about(textOf(c), ticketId)),
    );
const about = (text: string, ticketId: number) => new RegExp(`#${ticketId}\\b`).test(text);

/** The next (or an earlier) successful message to a chat whose text matches. */
function messageTo(chatId: number, match: (text: string) => boolean, timeoutMs = 20_000): Promise<RecordedCall> {
  return emu().waitForCall(
    'sendMessage',
    (c) => c.params.chat_id === chatId && c.status === 200 && match(textOf(c)),
    timeoutMs,
  );
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The notification was queued (`times` of them) and every chat's lane has settled it: sent, or skipped. */
const delivered = (ticketId: number, event: string, times = 1) =>
  eventually(async () => {
    const [row] = await em()
      .getConnection()
      .execute<{ queued: number; pending: number }[]>(
        `select count(distinct notification_key)::int as queued, count(*) filter (where status = 'pending')::int as pending
           from notification_outbox where ticket_id = ? and event = ?`,
        [ticketId, event],
      );
    return row.queued >= times && row.pending === 0;
  });

async function press(p: Person, message: Message, data: string) {
  const { callbackQueryId } = await emu().userPressesButton(p.tg, message, data);
  return emu().waitForCallbackAnswer(callbackQueryId);
}

const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;

async function reviewedTicket(master: Person, minutes = [45]) {
  const { ticket } = await newTicket(h, actor(master), minutes);
  await h.service.approveReview(actor(master), ticket.id);
  return ticket.id;
}

describe('assignment notifications', () => {
  it('reach the master ("📌 Ticket Assigned") and the technician (their card with actions), each in their language', async () => {
    const master = await person(['master'], 'Mark');
    const ops = await person(['ops_manager'], 'Olivia');
    const tech = await person(['technician'], 'Tanya', 'ru');
    const id = await reviewedTicket(master);

    await h.service.assign(actor(ops), id, tech.user.id);

    const toMaster = await messageTo(master.tg.id, (t) => about(t, id));
    expect(textOf(toMaster).split('\n')).toEqual([
      '📌 <b>Ticket Assigned</b>',
      `🎫 <b>Ticket:</b> #${id}`,
      expect.stringMatching(/^🔢 <b>Serial:<\/b> <code>RM-/),
      expect.stringMatching(/^👤 <b>Technician:<\/b> Tanya /),
      expect.stringMatching(/^🛠 <b>Assigned by:<\/b> Olivia /),
      '📍 <b>Status:</b> Assigned',
    ]);
    expect(toMaster.params.parse_mode).toBe('HTML');
    expect(toMaster.params.reply_markup).toBeUndefined();

    const toTech = await messageTo(tech.tg.id, (t) => t.includes(`#${id}`));
    const lines = textOf(toTech).split('\n');
    expect(lines[0]).toBe('🆕 <b>Вам назначена новая заявка</b>');
    expect(lines).toContain(`🎫 <b>Заявка:</b> #${id}`);
    expect(lines.at(-1)).toMatch(/^🛠 <b>Назначил:<\/b> Olivia /);
    expect(payloads(toTech).flat()).toContain(`tt:${id}:start`);

    // The assigner is never told about their own assignment; the ops manager got nothing.
    await delivered(id, 'ticket_assigned_technician');
    expect(sentTo(ops.tg.id, id)).toHaveLength(0);
  });

  it('leave out a master who assigned the ticket themselves, but the technician still gets the card', async () => {
    const master = await person(['master'], 'Milan');
    const tech = await person(['technician'], 'Timur');
    const id = await reviewedTicket(master);
    await h.service.assign(actor(master), id, tech.user.id);
    await messageTo(tech.tg.id, (t) => t.startsWith('🆕 <b>New ticket assigned to you</b>') && t.includes(`#${id}`));
    await delivered(id, 'ticket_assigned_technician');
    // Both notifications were queued with the assignment itself: the master's for nobody.
    const queuedForMaster = await em()
      .getConnection()
      .execute('select 1 from notification_outbox where ticket_id = ? and event = ?', [id, 'ticket_assigned_master']);
    expect(queuedForMaster).toHaveLength(0);
    expect(sentTo(master.tg.id, id)).toHaveLength(0);
  });
});

describe('QC through the notifications', () => {
  it('sends a ticket to every QC inspector but the actor, fails it with a typed reason, then passes it with XP', async () => {
    const master = await person(['master'], 'Maria');
    const ops = await person(['ops_manager'], 'Otto');
    // The technician is a QC inspector too: as the actor they must not be asked to QC their own work.
    const tech = await person(['technician', 'qc_inspector'], 'Tom');
    const qc1 = await person(['qc_inspector'], 'Quinn');
    const qc2 = await person(['qc_inspector'], 'Rita', 'ru');
    const id = await reviewedTicket(master, [45]);
    await h.service.assign(actor(ops), id, tech.user.id);
    await h.service.start(actor(tech), id);
    await messageTo(master.tg.id, (t) => t.startsWith('▶️ <b>Ticket Work Started</b>') && t.includes(`#${id}`));
    await h.service.stop(actor(tech), id);
    await h.service.sendToQc(actor(tech), id);

    // Both inspectors get the decision message with its buttons, in their own language.
    const toQc1 = await messageTo(qc1.tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${id}`));
    const toQc2 = await messageTo(qc2.tg.id, (t) => t.includes('Заявка ожидает QC') && t.includes(`#${id}`));
    expect(textOf(toQc1)).toMatch(/🛠 <b>Moved by:<\/b> Tom /);
    expect(textOf(toQc1)).toContain('👇 <b>Action:</b> choose a QC decision using buttons below.');
    expect(keyboard(toQc1)).toEqual([['✅ QC Pass', '❌ QC Fail'], ['🔄 Refresh ticket']]);
    expect(payloads(toQc1)).toEqual([[`tqc:${id}:pass`, `tqc:${id}:fail`], [`tqc:${id}:refresh`]]);
    expect(keyboard(toQc2)).toEqual([['✅ QC пройден', '❌ QC не пройден'], ['🔄 Обновить заявку']]);
    await delivered(id, 'ticket_waiting_qc_reviewers');
    expect(sentTo(tech.tg.id).filter((c) => textOf(c).includes('Waiting For QC'))).toHaveLength(0);

    // QC 1 fails it: the button asks for a reason, the next text is the reason.
    const panel1 = sentMessage(toQc1);
    expect(await press(qc1, panel1, `tqc:${id}:fail`)).toMatchObject({ text: '✍️ Send the reason, or press Skip.' });
    const prompt = await messageTo(qc1.tg.id, (t) => t.includes(`QC fail for ticket #${id}`));
    expect(payloads(prompt)).toEqual([[`tqf:${id}:skip`, `tqf:${id}:cancel`]]);
    expect((await h.db.orm.em.fork().findOneOrFail(Ticket, id)).status).toBe('waiting_qc');
    await emu().userSendsText(qc1.tg, qc1.tg.id, 'Scratches on the <frame>');
    // The reason prompt itself becomes the confirmation: one message, no second one.
    await eventually(() => current(sentMessage(prompt)).text === '❌ Ticket marked as QC failed.');

    const failed = await em().findOneOrFail(TicketTransition, { ticket: id, action: 'qc_fail' });
    expect(failed.note).toBe('Scratches on the <frame>');
    expect(failed.metadata).toMatchObject({ source: 'telegram_bot', channel: 'qc_callback' });
    expect(failed.actor?.id).toBe(qc1.user.id);
    // The panel QC 1 pressed shows the new state: rework, only Refresh.
    expect(current(panel1).text).toContain('Status: Rework');
    expect(
      current(panel1)
        .reply_markup?.inline_keyboard.flat()
        .map((b) => b.text),
    ).toEqual(['🔄 Refresh ticket']);
    expect(current(sentMessage(prompt)).reply_markup?.inline_keyboard.flat() ?? []).toHaveLength(0);

    // The technician sees the card with the reason and a Start button.
    const returned = await messageTo(
      tech.tg.id,
      (t) => t.startsWith('❌ <b>Returned from QC</b>') && t.includes(`#${id}`),
    );
    expect(textOf(returned)).toMatch(/🧪 <b>QC by:<\/b> Quinn /);
    expect(textOf(returned)).toContain('💬 <b>Reason:</b> Scratches on the &lt;frame&gt;');
    expect(textOf(returned)).toContain('Status:</b> Rework');
    expect(payloads(returned).flat()).toContain(`tt:${id}:start`);

    // QC 2's copy is edited to the new state by its chat's lane: Pass and Fail are gone.
    const panel2 = sentMessage(toQc2);
    const labels2 = () => (current(panel2).reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    await eventually(() => labels2().length === 1);
    expect(current(panel2).text).toContain('Статус: На доработке');
    // A decision sent from a client that still showed the old buttons is refused all the same.
    const stale = await emu().userPressesButton(qc2.tg, panel2, `tqc:${id}:pass`, { force: true });
    expect(await emu().waitForCallbackAnswer(stale.callbackQueryId)).toMatchObject({
      text: '⚠️ Действие QC недоступно в текущем статусе заявки.',
      show_alert: true,
    });
    expect(
      current(panel2)
        .reply_markup?.inline_keyboard.flat()
        .map((b) => b.text),
    ).toEqual(['🔄 Обновить заявку']);

    // Rework: restart, stop, send again; QC 2 passes it from the new message.
    await h.service.start(actor(tech), id);
    await h.service.stop(actor(tech), id);
    await h.service.sendToQc(actor(tech), id);
    const waitingFor2 = () => sentTo(qc2.tg.id, id).filter((c) => textOf(c).includes('Заявка ожидает QC'));
    await eventually(() => waitingFor2().length === 2);
    const again = waitingFor2()[1];
    expect(await press(qc2, sentMessage(again), `tqc:${id}:pass`)).toMatchObject({
      text: '✅ Заявка отмечена как прошедшая QC.',
    });
    expect((await em().findOneOrFail(Ticket, id)).status).toBe('done');
    const passed = await em().findOneOrFail(TicketTransition, { ticket: id, action: 'qc_pass' });
    expect(passed.metadata).toMatchObject({ source: 'telegram_bot', channel: 'qc_callback' });

    const xp = await messageTo(tech.tg.id, (t) => t.startsWith('✅ <b>Ticket Passed QC</b>') && t.includes(`#${id}`));
    // 45 planned minutes → 3 XP; no first-pass bonus after a fail.
    expect(textOf(xp).split('\n').at(-1)).toBe('⭐ <b>XP earned:</b> +3');
    expect(textOf(xp)).toMatch(/🧪 <b>QC by:<\/b> Rita /);

    // Each inspector got each waiting-QC notification exactly once.
    expect(sentTo(qc1.tg.id, id).filter((c) => textOf(c).includes('Waiting For QC'))).toHaveLength(2);
    expect(sentTo(qc2.tg.id, id).filter((c) => textOf(c).includes('Заявка ожидает QC'))).toHaveLength(2);

    // The lanes delivered all of it: the ticket's own history holds no notification activity.
    const handle = h.temporal.workflow.getHandle(ticketWorkflowId(id));
    await handle.result();
    const { events } = await handle.fetchHistory();
    const activities = (events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(activities).not.toContain('notifyTicket');
    await recordHistory(handle, 'ticket-notifications-in-lanes');
  });

  it('shows the first-pass bonus when the ticket passes at once', async () => {
    const master = await person(['master'], 'Mona');
    const tech = await person(['technician'], 'Ted');
    const qc = await person(['qc_inspector'], 'Quentin');
    const id = await reviewedTicket(master, [45]);
    await h.service.assign(actor(master), id, tech.user.id);
    await h.service.start(actor(tech), id);
    await h.service.stop(actor(tech), id);
    await h.service.sendToQc(actor(tech), id);
    const toQc = await messageTo(qc.tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${id}`));
    expect(await press(qc, sentMessage(toQc), `tqc:${id}:pass`)).toMatchObject({
      text: '✅ Ticket marked as QC passed.',
    });
    const xp = await messageTo(tech.tg.id, (t) => t.startsWith('✅ <b>Ticket Passed QC</b>') && t.includes(`#${id}`));
    expect(textOf(xp)).toContain('⭐ <b>XP earned:</b> +3 for the ticket, +1 bonus for passing QC the first time');
  });

  it('fails without a reason when QC presses Skip', async () => {
    const master = await person(['master'], 'Max');
    const tech = await person(['technician'], 'Tim');
    const qc = await person(['qc_inspector'], 'Quincy');
    const id = await reviewedTicket(master);
    await h.service.assign(actor(master), id, tech.user.id);
    await h.service.start(actor(tech), id);
    await h.service.stop(actor(tech), id);
    await h.service.sendToQc(actor(tech), id);
    const toQc = await messageTo(qc.tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${id}`));
    await press(qc, sentMessage(toQc), `tqc:${id}:fail`);
    const prompt = await messageTo(qc.tg.id, (t) => t.includes(`QC fail for ticket #${id}`));
    expect(await press(qc, sentMessage(prompt), `tqf:${id}:skip`)).toMatchObject({
      text: '❌ Ticket marked as QC failed.',
    });
    expect((await em().findOneOrFail(Ticket, id)).status).toBe('rework');
    const returned = await messageTo(
      tech.tg.id,
      (t) => t.startsWith('❌ <b>Returned from QC</b>') && t.includes(`#${id}`),
    );
    expect(textOf(returned)).not.toContain('Reason:');
    expect(current(sentMessage(toQc)).text).toContain('Status: Rework');
  });
});

describe('delivery failures', () => {
  async function waitingQcTicket() {
    const master = await person(['master'], 'Mira');
    const tech = await person(['technician'], 'Tara');
    const id = await reviewedTicket(master);
    await h.service.assign(actor(master), id, tech.user.id);
    await h.service.start(actor(tech), id);
    await h.service.stop(actor(tech), id);
    return { id, send: () => h.service.sendToQc(actor(tech), id) };
  }

  it('skips (and remembers) a recipient who blocked the bot, and still reaches the others', async () => {
    const blocked = await person(['qc_inspector'], 'Blocky');
    const fine = await person(['qc_inspector'], 'Fiona');
    await emu().userBlocksBot(blocked.tg, { deliver: false });
    const { id, send } = await waitingQcTicket();
    await send();
    await messageTo(fine.tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${id}`));
    await delivered(id, 'ticket_waiting_qc_reviewers');
    const attempts = emu()
      .calls('sendMessage')
      .filter((c) => c.params.chat_id === blocked.tg.id && about(textOf(c), id));
    expect(attempts.map((c) => c.status)).toEqual([403]);
    const [profile] = await em()
      .getConnection()
      .execute<{ is_blocked: boolean }[]>('select is_blocked from telegram_profile where telegram_id = ?', [
        blocked.tg.id,
      ]);
    expect(profile.is_blocked).toBe(true);
    await emu().userUnblocksBot(blocked.tg, { deliver: false });
  });

  it('waits out a 429 for exactly retry_after and sends nobody a message twice', async () => {
    const slow = await person(['qc_inspector'], 'Sloane');
    const other = await person(['qc_inspector'], 'Oscar');
    const { id, send } = await waitingQcTicket();
    let tripped = false;
    const stop = emu().failWhile(
      (call) =>
        call.method === 'sendMessage' && call.params.chat_id === slow.tg.id && !tripped ? (tripped = true) : false,
      { kind: 'too_many_requests', retryAfter: 2 },
    );
    try {
      await send();
      const ok = await messageTo(slow.tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${id}`));
      const limited = emu()
        .calls('sendMessage')
        .find((c) => c.params.chat_id === slow.tg.id && c.status === 429)!;
      expect(limited).toBeDefined();
      expect(ok.at - limited.at).toBeGreaterThanOrEqual(2_000);
      await delivered(id, 'ticket_waiting_qc_reviewers');
      // The retry skipped everyone who already had it.
      expect(sentTo(other.tg.id, id)).toHaveLength(1);
      expect(sentTo(slow.tg.id, id)).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('finds a Telegram id through the latest access request when the user has no profile', async () => {
    const tg = h.stranger({ first_name: 'Nadia', language_code: 'en' });
    const user = await createUser(h.db.orm, { roles: ['qc_inspector'], firstName: 'Nadia' });
    const manager = em();
    manager.create(AccessRequest, {
      telegramId: tg.id,
      firstName: 'Nadia',
      lastName: 'N',
      phone: '+998901112233',
      status: 'approved',
      user: manager.getReference(User, user.id),
    });
    await manager.flush();
    const { id, send } = await waitingQcTicket();
    await send();
    await messageTo(tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${id}`));
  });
});
