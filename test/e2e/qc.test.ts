// The QC queue and panel end to end through the webhook: every ticket waiting for QC, to every QC
// inspector, oldest wait first, 5 per page; opening, paging, going back; role refusals.
import type { Message } from 'grammy/types';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Ticket, TicketTransition, User } from '../../src/db/entities';
import type { RoleSlug } from '../../src/domain';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { createTicket, createUser } from '../support/factories';
import { actorWith, newTicket } from '../support/workshop';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  // Notifications are only recorded here: sent, they would race the replies these tests read.
  h = await startBotHarness({ notifications: 'record' });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const emu = () => h.telegram.emulator;
const em = () => h.db.orm.em.fork() as EntityManager;
type Person = Awaited<ReturnType<BotHarness['person']>>;

const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');
const labelsOf = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
const payloadsOf = (message: Message) =>
  (message.reply_markup?.inline_keyboard ?? []).map((row) =>
    row.map((b) => ('callback_data' in b ? (b.callback_data ?? '') : '')),
  );
const sentMessage = (call: RecordedCall) => (call.response as { result: Message }).result;
const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;
const lastReplyTo = (p: Person) =>
  emu()
    .calls('sendMessage')
    .filter((c) => c.params.chat_id === p.tg.id)
    .at(-1);

async function press(p: Person, message: Message, data: string, force = false) {
  const { callbackQueryId } = await emu().userPressesButton(p.tg, message, data, { force });
  return emu().waitForCallbackAnswer(callbackQueryId);
}

async function openQueue(p: Person, command = 'qc'): Promise<Message> {
  await emu().userSendsCommand(p.tg, p.tg.id, command);
  const reply = lastReplyTo(p)!;
  expect(reply.params.parse_mode).toBe('HTML');
  return sentMessage(reply);
}

/** A ticket waiting for QC since `minutesAgo` (its to_waiting_qc transition), with a named technician. */
async function waitingSince(minutesAgo: number, technician: User): Promise<number> {
  const manager = em();
  const ticket = await createTicket(manager, { status: 'waiting_qc', technician });
  manager.create(TicketTransition, {
    ticket,
    fromStatus: 'in_progress',
    toStatus: 'waiting_qc',
    action: 'to_waiting_qc',
    actor: manager.getReference(User, technician.id),
    note: '',
    metadata: {},
    createdAt: new Date(Date.now() - minutesAgo * 60_000),
  });
  await manager.flush();
  return ticket.id;
}

const person = (roles: RoleSlug[], firstName = 'Quinn') => h.person(roles, { first_name: firstName });

describe('QC queue', () => {
  let order: number[];
  beforeAll(async () => {
    const olga = await createUser(h.db.orm, { roles: ['technician'], firstName: 'Olga', lastName: 'Ivanova' });
    // Created in one order, waiting in another: the queue follows the wait, oldest first.
    const waits = [30, 90, 10, 70, 50, 120, 20];
    const ids: number[] = [];
    for (const minutes of waits) ids.push(await waitingSince(minutes, olga));
    order = ids
      .map((id, i) => ({ id, wait: waits[i] }))
      .sort((a, b) => b.wait - a.wait)
      .map((t) => t.id);
    // Tickets in other statuses never show.
    await createTicket(h.db.orm, { status: 'in_progress' });
    await createTicket(h.db.orm, { status: 'done' });
  });

  it('lists every ticket waiting for QC to every QC inspector, oldest wait first, 5 per page', async () => {
    const qc = await person(['qc_inspector']);
    const queue = await openQueue(qc);
    expect(queue.text).toContain('🧪 My QC Checks');
    expect(queue.text).toContain('Total QC checks: 7');
    expect(queue.text).toContain('Page: 1/2');
    const rows = labelsOf(queue).slice(0, -1).flat();
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^🧪 #\d+ · RM-\S+ · Olga Ivanova$/);
    expect(payloadsOf(queue).slice(0, -1).flat()).toEqual(order.slice(0, 5).map((id) => `tqq:open:${id}:1`));
    expect(payloadsOf(queue).at(-1)).toEqual(['tqq:refresh:1', 'tqq:refresh:1', 'tqq:refresh:2']);

    // The next page has the rest; paging past the end stays on the last page.
    expect(await press(qc, queue, 'tqq:refresh:2')).toMatchObject({ text: '🔄 QC checks refreshed.' });
    expect(payloadsOf(current(queue)).slice(0, -1).flat()).toEqual(order.slice(5).map((id) => `tqq:open:${id}:2`));
    await press(qc, current(queue), 'tqq:refresh:9', true);
    expect(current(queue).text).toContain('Page: 2/2');

    // A second inspector sees the same queue.
    const other = await person(['qc_inspector'], 'Rita');
    expect(
      payloadsOf(await openQueue(other, 'qc_checks'))
        .slice(0, -1)
        .flat(),
    ).toEqual(order.slice(0, 5).map((id) => `tqq:open:${id}:1`));
  });

  it('opens the panel from the queue and goes back to the same page', async () => {
    const qc = await person(['qc_inspector']);
    const queue = await openQueue(qc);
    await press(qc, queue, 'tqq:refresh:2');
    const id = order[5];
    expect(await press(qc, current(queue), `tqq:open:${id}:2`)).toMatchObject({ text: '🧪 QC check opened.' });
    const panel = current(queue);
    expect(panel.text?.split('\n')).toEqual([
      '🧪 QC Ticket Action Panel',
      `🎫 Ticket: #${id}`,
      expect.stringMatching(/^🔢 Serial number: RM-/),
      '📍 Status: Waiting QC',
      '🛠 Technician: Olga Ivanova',
      // What was to be repaired, so QC knows what to check.
      '🧱 Parts to repair:',
      '• Frame • 🟢 Green • 10 min',
      '• Wheel • 🟢 Green • 10 min',
    ]);
    expect(labelsOf(panel)).toEqual([['✅ QC Pass', '❌ QC Fail'], ['🔄 Refresh ticket'], ['⬅ Back to my QC checks']]);
    expect(payloadsOf(panel).at(-1)).toEqual(['tqq:refresh:2']);
    expect(await press(qc, panel, `tqc:${id}:refresh`)).toMatchObject({ text: '🔄 Ticket details refreshed.' });
    await press(qc, current(queue), 'tqq:refresh:2');
    expect(current(queue).text).toContain('Page: 2/2');
  });

  it('opens the queue from the menu label in any language, and for super admins', async () => {
    const qc = await person(['qc_inspector']);
    await emu().userSendsText(qc.tg, qc.tg.id, '🧪 Проверка QC');
    expect(textOf(lastReplyTo(qc))).toContain('My QC Checks');
    const admin = await person(['super_admin'], 'Ada');
    expect((await openQueue(admin)).text).toContain('Total QC checks: 7');
  });
});

/** /qc, paged on until the ticket's button shows, then the ticket opened: the panel message. */
async function openPanel(p: Person, ticketId: number): Promise<Message> {
  const queue = await openQueue(p);
  const openButton = () =>
    payloadsOf(current(queue))
      .flat()
      .find((data) => data.startsWith(`tqq:open:${ticketId}:`));
  for (let page = 2; !openButton(); page += 1) {
    if (page > 10) throw new Error(`ticket ${ticketId} is not in the QC queue`);
    await press(p, current(queue), `tqq:refresh:${page}`);
  }
  await press(p, current(queue), openButton()!);
  return queue;
}

describe('QC decisions', () => {
  it('edit the panel that was pressed, not a newer panel of the same ticket', async () => {
    // A chat can hold several panels of one ticket (its "waiting for QC" notification, the queue
    // opened twice): the decision answers on the panel it was made on.
    const master = await actorWith(h, ['master']);
    const technician = await actorWith(h, ['technician']);
    const { ticket } = await newTicket(h, master);
    await h.service.approveReview(master, ticket.id);
    await h.service.assign(master, ticket.id, technician.id);
    await h.service.start(technician, ticket.id);
    await h.service.stop(technician, ticket.id);
    await h.service.sendToQc(technician, ticket.id);

    const qc = await person(['qc_inspector']);
    const older = await openPanel(qc, ticket.id);
    const newer = await openPanel(qc, ticket.id);
    expect(newer.message_id).toBeGreaterThan(older.message_id);
    const before = emu().calls('editMessageText').length;
    expect(await press(qc, older, `tqc:${ticket.id}:pass`)).toMatchObject({
      text: expect.stringContaining('QC passed'),
      show_alert: false,
    });
    const edits = emu().calls('editMessageText').slice(before);
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.map((c) => [c.params.chat_id, c.params.message_id])).toEqual(
      edits.map(() => [qc.tg.id, older.message_id]),
    );
    expect(current(older).text).toContain('📍 Status: Done');
    expect(labelsOf(current(older)).flat()).not.toEqual(expect.arrayContaining(['✅ QC Pass']));
  });
});

describe('QC fail with a typed reason', () => {
  it('confirms once: the prompt becomes the confirmation, no second message', async () => {
    const master = await actorWith(h, ['master']);
    const technician = await actorWith(h, ['technician']);
    const { ticket } = await newTicket(h, master);
    await h.service.approveReview(master, ticket.id);
    await h.service.assign(master, ticket.id, technician.id);
    await h.service.start(technician, ticket.id);
    await h.service.stop(technician, ticket.id);
    await h.service.sendToQc(technician, ticket.id);

    const qc = await person(['qc_inspector']);
    const panel = await openPanel(qc, ticket.id);
    await press(qc, current(panel), `tqc:${ticket.id}:fail`);
    const prompt = sentMessage(lastReplyTo(qc)!);
    const sentBefore = emu().calls('sendMessage').length;
    await emu().userSendsText(qc.tg, qc.tg.id, 'Loose brake cable');
    expect((await em().findOneOrFail(Ticket, ticket.id)).status).toBe('rework');
    expect(emu().calls('sendMessage').slice(sentBefore)).toEqual([]);
    expect(current(prompt).text).toBe('❌ Ticket marked as QC failed.');
    expect(current(prompt).reply_markup?.inline_keyboard.flat() ?? []).toEqual([]);
    expect(current(panel).text).toContain('📍 Status: Rework');
  });
});

describe('QC refusals', () => {
  it('tells technicians and other staff that QC is for QC inspectors', async () => {
    const tech = await person(['technician'], 'Tom');
    await emu().userSendsCommand(tech.tg, tech.tg.id, 'qc');
    expect(textOf(lastReplyTo(tech))).toBe('⛔ <b>This action is available only for QC inspectors.</b>');
    const message = h.telegram.state.addMessage(tech.tg.id, { sender: { kind: 'bot' }, content: { text: 'old' } });
    const ticket = await createTicket(h.db.orm, { status: 'waiting_qc' });
    for (const data of [`tqc:${ticket.id}:pass`, `tqc:${ticket.id}:fail`, 'tqq:refresh:1', `tqq:open:${ticket.id}:1`]) {
      expect(await press(tech, message, data, true)).toMatchObject({
        text: '⛔ This action is available only for QC inspectors.',
        show_alert: true,
      });
    }
    const master = await person(['master'], 'Mark');
    await emu().userSendsCommand(master.tg, master.tg.id, 'qc_checks');
    expect(textOf(lastReplyTo(master))).toContain('only for QC inspectors');
    expect((await em().findOneOrFail(Ticket, ticket.id)).status).toBe('waiting_qc');
  });

  it('turns unregistered people away with the access-request keyboard', async () => {
    const stranger = h.stranger();
    await emu().userSendsCommand(stranger, stranger.id, 'qc');
    expect(textOf(lastReplyTo({ tg: stranger } as Person))).toBe('Access denied. Contact an administrator.');
    const message = h.telegram.state.addMessage(stranger.id, { sender: { kind: 'bot' }, content: { text: 'old' } });
    const { callbackQueryId } = await emu().userPressesButton(stranger, message, 'tqc:1:pass', { force: true });
    expect(await emu().waitForCallbackAnswer(callbackQueryId)).toMatchObject({
      text: '🚫 No access yet. Request access with /request_access.',
      show_alert: true,
    });
    const keyboard = (lastReplyTo({ tg: stranger } as Person)?.params.reply_markup as { keyboard: unknown } | undefined)
      ?.keyboard;
    expect(JSON.stringify(keyboard)).toContain('Start Access Request');
  });

  it('answers a ticket that does not exist, and a decision on a ticket no longer waiting', async () => {
    const qc = await person(['qc_inspector']);
    const message = h.telegram.state.addMessage(qc.tg.id, { sender: { kind: 'bot' }, content: { text: 'old' } });
    expect(await press(qc, message, 'tqc:999999:pass', true)).toMatchObject({
      text: '⚠️ Ticket was not found.',
      show_alert: true,
    });
    const done = await createTicket(h.db.orm, { status: 'done' });
    const panel = h.telegram.state.addMessage(qc.tg.id, {
      sender: { kind: 'bot' },
      content: { text: 'stale panel' },
      replyMarkup: { inline_keyboard: [[{ text: '❌ QC Fail', callback_data: `tqc:${done.id}:fail` }]] },
    });
    // (A Pass here would find it passed already: test/e2e/already-done.test.ts.)
    expect(await press(qc, panel, `tqc:${done.id}:fail`)).toMatchObject({
      text: '⚠️ QC action is not available for this ticket status.',
      show_alert: true,
    });
    expect(current(panel).text).toContain('Status: Done');
    expect(labelsOf(current(panel))).toEqual([['🔄 Refresh ticket']]);
  });

  it('answers a stale or forged fail prompt as expired and changes nothing', async () => {
    const qc = await person(['qc_inspector']);
    const ticket = await createTicket(h.db.orm, { status: 'waiting_qc' });
    const prompt = h.telegram.state.addMessage(qc.tg.id, {
      sender: { kind: 'bot' },
      content: { text: 'old prompt' },
      replyMarkup: { inline_keyboard: [[{ text: '⏭ Skip', callback_data: `tqf:${ticket.id}:skip` }]] },
    });
    expect(await press(qc, prompt, `tqf:${ticket.id}:skip`)).toMatchObject({
      text: '⌛ This QC fail prompt has expired. Press ❌ QC Fail again.',
      show_alert: true,
    });
    expect((await em().findOneOrFail(Ticket, ticket.id)).status).toBe('waiting_qc');
  });

  it('cancels a pending fail with its Cancel button; the next text is not taken as a reason', async () => {
    const qc = await person(['qc_inspector']);
    const ticket = await createTicket(h.db.orm, { status: 'waiting_qc' });
    const panel = h.telegram.state.addMessage(qc.tg.id, {
      sender: { kind: 'bot' },
      content: { text: 'panel' },
      replyMarkup: { inline_keyboard: [[{ text: '❌ QC Fail', callback_data: `tqc:${ticket.id}:fail` }]] },
    });
    await press(qc, panel, `tqc:${ticket.id}:fail`);
    const prompt = sentMessage(lastReplyTo(qc)!);
    expect(await press(qc, prompt, `tqf:${ticket.id}:cancel`)).toMatchObject({
      text: '✖ QC fail cancelled. The ticket still waits for QC.',
    });
    const before = emu().calls('sendMessage').length;
    await emu().userSendsText(qc.tg, qc.tg.id, 'not a reason');
    expect(emu().calls('sendMessage')).toHaveLength(before);
    expect((await em().findOneOrFail(Ticket, ticket.id)).status).toBe('waiting_qc');
  });
});
