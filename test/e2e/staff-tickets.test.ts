// Staff ticket intake and review & assign end to end: Update JSON through the webhook, the real
// bot, services, Temporal and Postgres; assertions on the Bot API calls the fake records.
import type { Message, User as TgUser } from 'grammy/types';
import { Inventory, InventoryItem, Ticket, TicketTransition, type User } from '../../src/db/entities';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { ticketViewQuery, ticketWorkflowId } from '../../src/contracts/messages';
import { startBotHarness, type BotHarness } from '../support/bot';
import { createItemWithParts, createTicket, createUser, uniqueSuffix } from '../support/factories';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  // Notifications are only recorded here: sent, they would race the replies these tests read.
  h = await startBotHarness({ notifications: 'record' });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const em = () => h.db.orm.em.fork();
const emulator = () => h.telegram.emulator;

type Markup = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttons = (call: RecordedCall | undefined) =>
  ((call?.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');
const labels = (call: RecordedCall | undefined) =>
  ((call?.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text);
const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');
const sentMessage = (call: RecordedCall | undefined) => (call?.response as { result: Message }).result;
const sendsTo = (chatId: number) =>
  emulator()
    .calls('sendMessage')
    .filter((c) => c.params.chat_id === chatId);

/** The user presses a button on a message; resolves with the callback answer and the edit it caused. */
async function press(tg: TgUser, message: Message, data: string, force = false) {
  const before = emulator().calls('editMessageText').length;
  const { callbackQueryId } = await emulator().userPressesButton(tg, message, data, { force });
  const answer = await emulator().waitForCallbackAnswer(callbackQueryId);
  const edits = emulator().calls('editMessageText').slice(before);
  return { answer, edit: edits.at(-1) };
}

/** The current state of a bot message (its latest text and buttons). */
const current = (message: Message) => h.telegram.state.getMessage(message.chat.id, message.message_id)!;
const currentButtons = (message: Message) =>
  (current(message).reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ('callback_data' in b ? b.callback_data : ''));

/** Pages a list from its first page (`show` payload per page) until a button with this payload shows. */
async function pageTo(tg: TgUser, message: Message, wanted: RegExp, show: (page: number) => string) {
  for (let page = 1; page <= 20; page += 1) {
    await press(tg, message, show(page), true);
    const found = currentButtons(message).find((d) => wanted.test(d));
    if (found) return found;
  }
  throw new Error(`no button matching ${wanted}`);
}

async function staff(roles: ('master' | 'ops_manager' | 'super_admin')[] = ['master']) {
  return h.person(roles, { first_name: 'Mia' });
}

/** /ticket_create: the one message the whole intake flow edits. */
async function openIntake(tg: TgUser, step = 'Step 1/3'): Promise<Message> {
  await emulator().userSendsCommand(tg, tg.id, 'ticket_create');
  const sent = emulator().lastCall('sendMessage');
  expect(textOf(sent)).toContain(step);
  return sentMessage(sent);
}

async function pickItem(tg: TgUser, flow: Message, itemId: number) {
  const data = await pageTo(tg, flow, new RegExp(`^tc:item:${itemId}:\\d+$`), (page) => `tc:list:${page}`);
  return press(tg, flow, data);
}

describe('ticket intake (/ticket_create)', () => {
  it('creates a ticket entirely through buttons, on one message, with the domain metrics', async () => {
    const { user, tg } = await staff();
    const { item, parts } = await createItemWithParts(h.db.orm, { partNames: ['Frame', 'Wheel', 'Brake'] });
    const [frame, wheel] = parts;

    const flow = await openIntake(tg);
    const picked = await pickItem(tg, flow, item.id);
    expect(textOf(picked.edit)).toContain('Step 2/3');
    expect(buttons(picked.edit)).toEqual(expect.arrayContaining([`tc:tog:${frame.id}`, `tc:tog:${wheel.id}`, 'tc:go']));

    // Configuring nothing is refused.
    expect((await press(tg, flow, 'tc:go')).answer).toMatchObject({
      text: '⚠️ Select at least one part first.',
      show_alert: true,
    });
    await press(tg, flow, `tc:tog:${frame.id}`);
    const toggled = await press(tg, flow, `tc:tog:${wheel.id}`);
    expect(textOf(toggled.edit)).toContain('Selected parts:</b> 2');

    // Frame: yellow, 30 + 5 minutes.
    const spec = await press(tg, flow, 'tc:go');
    expect(textOf(spec.edit)).toContain('Part 1/2:</b> Frame');
    expect(textOf(spec.edit)).toContain('Minutes:</b> 10');
    await press(tg, flow, 'tc:clr:yellow');
    await press(tg, flow, 'tc:min:30');
    const adjusted = await press(tg, flow, 'tc:adj:5');
    expect(textOf(adjusted.edit)).toContain('Color:</b> 🟡 Yellow');
    expect(textOf(adjusted.edit)).toContain('Minutes:</b> 35');
    const saved = await press(tg, flow, 'tc:save');
    expect(saved.answer?.text).toBe('✅ Part saved.');
    // Wheel: the default green, 20 − 1 minutes.
    expect(textOf(saved.edit)).toContain('Part 2/2:</b> Wheel');
    expect(textOf(saved.edit)).toContain('Color:</b> 🟢 Green');
    await press(tg, flow, 'tc:min:20');
    await press(tg, flow, 'tc:adj:-1');
    const summary = await press(tg, flow, 'tc:save');
    expect(summary.answer?.text).toBe('✅ All part specs configured.');

    // 54 minutes: yellow under the default 30/60 thresholds, ceil(54 / 20) = 3 XP.
    const text = textOf(summary.edit);
    expect(text).toContain('• <b>Frame</b> • 🟡 Yellow • 35 min');
    expect(text).toContain('• <b>Wheel</b> • 🟢 Green • 19 min');
    expect(text).toContain('Total minutes:</b> 54');
    expect(text).toContain('Flag:</b> 🟡 Yellow');
    expect(text).toContain('green ≤ 30 min, yellow ≤ 60 min');
    expect(text).toContain('XP:</b> 3');
    expect(buttons(summary.edit)).toEqual(['tc:create', 'tc:go', 'tc:back', 'tc:cancel']);

    const created = await press(tg, flow, 'tc:create');
    const ticket = await em().findOneOrFail(
      Ticket,
      { inventoryItem: item.id },
      { populate: ['partSpecs', 'partSpecs.part'] },
    );
    expect(created.answer?.text).toBe(`✅ Ticket #${ticket.id} created.`);
    expect(textOf(created.edit)).toContain('Ticket created successfully.');
    expect(created.edit?.params.reply_markup).toBeUndefined();
    expect(ticket).toMatchObject({
      status: 'under_review',
      totalDuration: 54,
      flagMinutes: 54,
      flagColor: 'yellow',
      xpAmount: 3,
      isManual: false,
    });
    expect(ticket.master.id).toBe(user.id);
    expect(
      ticket.partSpecs
        .getItems()
        .map((s) => [s.part.name, s.color, s.minutes])
        .sort(),
    ).toEqual([
      ['Frame', 'yellow', 35],
      ['Wheel', 'green', 19],
    ]);
    const transitions = await em().find(TicketTransition, { ticket: ticket.id });
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ action: 'created', fromStatus: null, toStatus: 'under_review' });
    expect(transitions[0].actor?.id).toBe(user.id);

    // Its workflow runs, and the whole flow was one message.
    const view = await h.env.client.workflow.getHandle(ticketWorkflowId(ticket.id)).query(ticketViewQuery);
    expect(view.ticket).toMatchObject({ id: ticket.id, status: 'under_review', xpAmount: 3 });
    expect(sendsTo(tg.id)).toHaveLength(1);
    expect(
      new Set(
        emulator()
          .calls('editMessageText')
          .map((c) => c.params.message_id),
      ),
    ).toEqual(new Set([flow.message_id]));

    // The finished form's buttons are gone; an old tap finds no draft.
    const stale = await press(tg, flow, 'tc:create', true);
    expect(stale.answer).toMatchObject({ show_alert: true, text: expect.stringContaining('session expired') });
  });

  it('refuses an item that already has an active ticket, with the domain reason', async () => {
    const { tg } = await staff();
    const busy = await createTicket(h.db.orm, { status: 'new' });
    const flow = await openIntake(tg);
    const picked = await pickItem(tg, flow, busy.inventoryItem.id);
    expect(picked.answer).toMatchObject({
      text: 'An active ticket already exists for this inventory item.',
      show_alert: true,
    });
  });

  it('suggests close serials for an unknown one, then creates the item from a confirmation and a reason', async () => {
    const { user, tg } = await staff(['ops_manager']);
    const suffix = uniqueSuffix().toUpperCase();
    const known = `RM-CLOSE${suffix}1`;
    const typed = `rm-close${suffix.toLowerCase()}2`;
    const wanted = `RM-CLOSE${suffix}2`;
    const {
      item: template,
      parts,
      category,
    } = await createItemWithParts(h.db.orm, {
      serialNumber: known,
      partNames: ['Deck', 'Stem'],
    });

    const flow = await openIntake(tg);
    // Typed serials are normalized; an invalid one is refused on the same message, in the bot's words
    // (the domain's text names the API's serial_number field).
    await emulator().userSendsText(tg, tg.id, 'hello');
    const invalid = textOf(emulator().lastCall('editMessageText'));
    expect(invalid).toContain('That is not a serial number. A serial starts with RM-');
    expect(invalid).not.toContain('serial_number');

    await emulator().userSendsText(tg, tg.id, typed);
    const confirm = emulator().lastCall('editMessageText');
    expect(confirm?.params.message_id).toBe(flow.message_id);
    expect(textOf(confirm)).toContain(`<code>${wanted}</code> is not in the inventory.`);
    expect(textOf(confirm)).toContain(`Similar serial numbers: <code>${known}</code>`);
    expect(textOf(confirm)).not.toMatch(/confirm_create_inventory_item|inventory_item_creation_reason/);
    expect(buttons(confirm)).toEqual(['tc:go', `tc:item:${template.id}:1`, 'tc:back', 'tc:cancel']);
    expect(labels(confirm)[1]).toBe(`🔎 ${known}`);

    const asked = await press(tg, flow, 'tc:go');
    expect(textOf(asked.edit)).toContain(`Send the reason for creating <code>${wanted}</code>`);
    await emulator().userSendsText(tg, tg.id, '  walk-in client, no record  ');
    const templates = emulator().lastCall('editMessageText');
    expect(textOf(templates)).toContain(`New item <code>${wanted}</code>`);

    // The new item copies the parts of an existing one.
    const picked = await pickItem(tg, flow, template.id);
    expect(textOf(picked.edit)).toContain('Reason: walk-in client, no record');
    await press(tg, flow, `tc:tog:${parts[1].id}`);
    await press(tg, flow, 'tc:go');
    const summary = await press(tg, flow, 'tc:save');
    expect(textOf(summary.edit)).toContain('Total minutes:</b> 10');
    const created = await press(tg, flow, 'tc:create');
    expect(created.answer?.text).toMatch(/^✅ Ticket #\d+ created\.$/);

    const item = await em().findOneOrFail(InventoryItem, { serialNumber: wanted }, { populate: ['parts'] });
    expect(item.category.id).toBe(category.id);
    expect((await em().findOneOrFail(Inventory, item.inventory.id)).name).toBe('Default');
    expect(item.parts.getItems().map((p) => p.name)).toEqual(['Stem']);
    const ticket = await em().findOneOrFail(Ticket, { inventoryItem: item.id });
    expect(ticket.master.id).toBe(user.id);
    const [transition] = await em().find(TicketTransition, { ticket: ticket.id });
    expect(transition.metadata).toMatchObject({
      inventory_item_created_during_intake: true,
      inventory_item_creation_reason: 'walk-in client, no record',
      serial_number: wanted,
    });
    expect(sendsTo(tg.id)).toHaveLength(1);
  });

  it('tells an unknown serial without close matches in its own words, in Russian too', async () => {
    const { tg } = await h.person(['master'], { language_code: 'ru' });
    const serial = `RM-QQQQQQQQQQ${uniqueSuffix().toUpperCase()}`; // far from any other test's serial
    const flow = await openIntake(tg, 'Шаг 1/3');
    await emulator().userSendsText(tg, tg.id, serial);
    const confirm = emulator().lastCall('editMessageText');
    expect(confirm?.params.message_id).toBe(flow.message_id);
    expect(textOf(confirm)).toContain(`⚠️ <code>${serial}</code> нет в инвентаре.`);
    expect(textOf(confirm)).toContain('отправьте другой серийный номер');
    expect(textOf(confirm)).not.toMatch(/confirm_create_inventory_item|inventory_item_creation_reason|Похожие/);
    expect(buttons(confirm)).toEqual(['tc:go', 'tc:back', 'tc:cancel']);
  });

  it('overrides flag color and XP only with both; back restores the automatic metrics', async () => {
    const { tg } = await staff(['super_admin']);
    const { item, parts } = await createItemWithParts(h.db.orm, { partNames: ['Frame'] });
    const flow = await openIntake(tg);
    await pickItem(tg, flow, item.id);
    await press(tg, flow, `tc:tog:${parts[0].id}`);
    await press(tg, flow, 'tc:go');
    await press(tg, flow, 'tc:save');

    const editor = await press(tg, flow, 'tc:go');
    expect(textOf(editor.edit)).toContain('Automatic: 🟢 Green / 1 XP');
    await press(tg, flow, 'tc:clr:red');
    const onlyColor = await press(tg, flow, 'tc:save');
    expect(onlyColor.answer).toMatchObject({
      text: '⚠️ Choose both a flag color and an XP amount, or tap “Use automatic metrics”.',
      show_alert: true,
    });

    await press(tg, flow, 'tc:adj:5');
    const both = await press(tg, flow, 'tc:adj:5');
    expect(textOf(both.edit)).toContain('Override: 🔴 Red / 10 XP');
    // Back: no override at all.
    const auto = await press(tg, flow, 'tc:back');
    expect(auto.answer?.text).toBe('↩ Automatic metrics restored.');
    expect(textOf(auto.edit)).toContain('Flag:</b> 🟢 Green');
    expect(textOf(auto.edit)).not.toContain('Manual override');

    await press(tg, flow, 'tc:go');
    await press(tg, flow, 'tc:clr:red');
    await press(tg, flow, 'tc:adj:5');
    await press(tg, flow, 'tc:adj:5');
    const applied = await press(tg, flow, 'tc:save');
    expect(applied.answer?.text).toBe('✅ Manual override applied.');
    expect(textOf(applied.edit)).toContain('Flag:</b> 🔴 Red');
    expect(textOf(applied.edit)).toContain('XP:</b> 10');
    expect(textOf(applied.edit)).toContain('Manual override (automatic: 🟢 Green / 1 XP)');

    await press(tg, flow, 'tc:create');
    const ticket = await em().findOneOrFail(Ticket, { inventoryItem: item.id });
    expect(ticket).toMatchObject({ totalDuration: 10, flagColor: 'red', xpAmount: 10, isManual: true });
  });

  it('drops the form on /cancel', async () => {
    const { tg } = await staff();
    const { item } = await createItemWithParts(h.db.orm);
    const flow = await openIntake(tg);
    await pickItem(tg, flow, item.id);
    await emulator().userSendsCommand(tg, tg.id, 'cancel');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe('🛑 Ticket intake canceled.');
    expect(current(flow).text).toBe('🛑 Ticket intake canceled.');
    expect(current(flow).reply_markup).toBeUndefined();
    const stale = await press(tg, flow, 'tc:go', true);
    expect(stale.answer).toMatchObject({ show_alert: true, text: expect.stringContaining('session expired') });
  });

  it('ends when another command or a menu button is used: the next text is not taken as a serial', async () => {
    // A super admin may create tickets and decide QC: /qc leaves the intake, it does not run beside it.
    const { tg } = await staff(['super_admin']);
    const { item } = await createItemWithParts(h.db.orm);
    for (const leave of [
      () => emulator().userSendsCommand(tg, tg.id, 'qc'),
      () => emulator().userSendsText(tg, tg.id, '📊 My Profile'),
    ]) {
      const flow = await openIntake(tg);
      await leave();
      const before = emulator().calls('editMessageText').length;
      await emulator().userSendsText(tg, tg.id, item.serialNumber);
      expect(emulator().calls('editMessageText').slice(before)).toEqual([]);
      expect(current(flow).text).toContain('Step 1/3');
      const stale = await press(tg, flow, 'tc:go', true);
      expect(stale.answer).toMatchObject({ show_alert: true, text: expect.stringContaining('session expired') });
    }
  });

  it('refuses people without a staff role, by command, menu label and button', async () => {
    const { user, tg } = await h.person(['technician']);
    await emulator().userSendsCommand(tg, tg.id, 'ticket_create');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe('Access denied. Contact an administrator.');
    await emulator().userSendsText(tg, tg.id, '📝 Create Ticket');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe('Access denied. Contact an administrator.');
    await emulator().userSendsCommand(tg, tg.id, 'ticket_review');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe('Access denied. Contact an administrator.');

    const message = h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'old form' } });
    for (const data of ['tc:list:1', 'trq:refresh:1', 'tra:assign:1']) {
      const { answer } = await press(tg, message, data, true);
      expect(answer).toMatchObject({ text: 'Access denied. Contact an administrator.', show_alert: true });
    }
    expect(emulator().calls('editMessageText')).toHaveLength(0);
    expect(await em().count(Ticket, { master: user.id })).toBe(0);
  });
});

describe('review & assign (/ticket_review)', () => {
  /** /ticket_review, then the ticket's panel from the queue. */
  async function openPanel(tg: TgUser, ticketId: number): Promise<Message> {
    await emulator().userSendsCommand(tg, tg.id, 'ticket_review');
    const queue = emulator().lastCall('sendMessage');
    expect(textOf(queue)).toContain('Ticket Review Queue');
    const message = sentMessage(queue);
    const data = await pageTo(tg, message, new RegExp(`^trq:open:${ticketId}:\\d+$`), (p) => `trq:refresh:${p}`);
    const opened = await press(tg, message, data);
    expect(opened.answer?.text).toBe(`🎫 Ticket #${ticketId} opened.`);
    return message;
  }

  async function assignedTransitions(ticketId: number) {
    return em().count(TicketTransition, { ticket: ticketId, action: 'assigned' });
  }

  it('approves, pages active technicians only and assigns (database and workflow)', async () => {
    const { tg } = await staff();
    const ticket = await createTicket(h.db.orm, { status: 'under_review' });
    const suffix = uniqueSuffix();
    const active: User[] = [];
    for (let i = 0; i < 6; i += 1) {
      active.push(await createUser(h.db.orm, { roles: ['technician'], firstName: `Tech${suffix}`, lastName: `${i}` }));
    }
    const inactive = await createUser(h.db.orm, { roles: ['technician'], firstName: `Gone${suffix}`, isActive: false });
    const inspector = await createUser(h.db.orm, { roles: ['qc_inspector'], firstName: `Qc${suffix}` });

    const panel = await openPanel(tg, ticket.id);
    expect(current(panel).text).toContain('Admin review approved: No');
    expect(currentButtons(panel)[0]).toBe(`tra:assign:${ticket.id}`);

    const picker = await press(tg, panel, `tra:assign:${ticket.id}`);
    expect(picker.answer?.text).toBe('✅ Ticket review approved.');
    const reviewed = await em().findOneOrFail(Ticket, ticket.id);
    expect(reviewed.status).toBe('new');
    expect(reviewed.approvedAt).not.toBeNull();

    // Every page holds at most 5 active technicians; together they are exactly the active ones.
    const [{ count }] = await em()
      .getConnection()
      .execute<{ count: string }[]>(
        `select count(distinct u.id) as count from app_user u join user_role r on r.user_id = u.id
         where u.is_active and r.role = 'technician'`,
      );
    const expectedTotal = Number(count);
    const pages = Math.ceil(expectedTotal / 5);
    expect(textOf(picker.edit)).toContain(`Page:</b> 1/${pages}`);
    const offered = new Map<number, string>();
    for (let page = 1; page <= pages; page += 1) {
      const shown = await press(tg, panel, `tra:ap:${ticket.id}:${page}`);
      const picks = buttons(shown.edit).filter((d) => d.startsWith(`tra:at:${ticket.id}:`));
      expect(picks.length).toBeLessThanOrEqual(5);
      labels(shown.edit).forEach((label, i) => {
        const data = buttons(shown.edit)[i];
        if (data.startsWith('tra:at:')) offered.set(Number(data.split(':')[3]), label);
      });
    }
    expect(offered.size).toBe(expectedTotal);
    for (const tech of active) expect(offered.get(tech.id)).toContain(`Tech${suffix}`);
    expect(offered.has(inactive.id)).toBe(false);
    expect(offered.has(inspector.id)).toBe(false);

    // A forged pick of someone who is not a technician: the domain's reason, nothing changes.
    const refused = await press(tg, panel, `tra:at:${ticket.id}:${inspector.id}`, true);
    expect(refused.answer).toMatchObject({ text: 'Selected user does not have TECHNICIAN role.', show_alert: true });

    const target = active[3];
    const data = await pageTo(
      tg,
      panel,
      new RegExp(`^tra:at:${ticket.id}:${target.id}$`),
      (p) => `tra:ap:${ticket.id}:${p}`,
    );
    const assigned = await press(tg, panel, data);
    expect(assigned.answer?.text).toBe('✅ Ticket approved and assigned.');
    expect(textOf(assigned.edit)).toContain(`Tech${suffix} 3`);
    const row = await em().findOneOrFail(Ticket, ticket.id);
    expect(row.status).toBe('assigned');
    expect(row.technician?.id).toBe(target.id);
    expect(await assignedTransitions(ticket.id)).toBe(1);
    const view = await h.env.client.workflow.getHandle(ticketWorkflowId(ticket.id)).query(ticketViewQuery);
    expect(view.ticket).toMatchObject({ status: 'assigned', technicianId: target.id });
  });

  it('applies a double tap of assign once', async () => {
    const { tg } = await staff(['ops_manager']);
    const ticket = await createTicket(h.db.orm, { status: 'new' });
    const tech = await createUser(h.db.orm, { roles: ['technician'], firstName: 'Aaron', lastName: uniqueSuffix() });
    const panel = await openPanel(tg, ticket.id);
    await press(tg, panel, `tra:assign:${ticket.id}`);
    const data = await pageTo(
      tg,
      panel,
      new RegExp(`^tra:at:${ticket.id}:${tech.id}$`),
      (p) => `tra:ap:${ticket.id}:${p}`,
    );

    // The same callback query delivered twice at once (a redelivery): one Temporal update.
    const { update } = await emulator().userPressesButton(tg, panel, data, { deliver: false });
    await Promise.all([
      emulator().deliver(update),
      emulator().deliver({ ...update, update_id: update.update_id + 1_000_000 }),
    ]);
    // A second tap on the same button (the picker still showing on the phone).
    const again = await press(tg, panel, data, true);
    expect(again.answer?.text).toBe('ℹ️ Ticket is already assigned to this technician.');

    const row = await em().findOneOrFail(Ticket, ticket.id);
    expect(row.status).toBe('assigned');
    expect(row.technician?.id).toBe(tech.id);
    expect(await assignedTransitions(ticket.id)).toBe(1);
  });

  it('offers no assignment for tickets past assignment and refuses a forged one with the domain reason', async () => {
    const { tg } = await staff();
    const ticket = await createTicket(h.db.orm, { status: 'in_progress' });
    const panel = await openPanel(tg, ticket.id);
    expect(currentButtons(panel)).not.toContain(`tra:assign:${ticket.id}`);
    const forged = await press(tg, panel, `tra:assign:${ticket.id}`, true);
    expect(forged.answer).toMatchObject({ text: 'Ticket cannot be assigned in current status.', show_alert: true });
  });

  it('saves manual metrics from the editor', async () => {
    const { tg } = await staff(['super_admin']);
    const ticket = await createTicket(h.db.orm, { status: 'under_review' });
    const panel = await openPanel(tg, ticket.id);

    const editor = await press(tg, panel, `tra:manual:${ticket.id}`);
    expect(textOf(editor.edit)).toContain('Manual Metrics Override');
    expect(textOf(editor.edit)).toContain('Flag color:</b> 🟢 Green');
    await press(tg, panel, `tra:mc:${ticket.id}:red`);
    await press(tg, panel, `tra:mx:${ticket.id}:20`);
    await press(tg, panel, `tra:adj:${ticket.id}:5`);
    const edited = await press(tg, panel, `tra:adj:${ticket.id}:-1`);
    expect(textOf(edited.edit)).toContain('Flag color:</b> 🔴 Red');
    expect(textOf(edited.edit)).toContain('XP amount:</b> 24');
    // Nothing is written before Save.
    expect((await em().findOneOrFail(Ticket, ticket.id)).isManual).toBe(false);

    const saved = await press(tg, panel, `tra:ms:${ticket.id}`);
    expect(saved.answer?.text).toBe('✅ Manual metrics saved.');
    expect(textOf(saved.edit)).toContain('Flag / XP:</b> 🔴 Red / 24');
    expect(textOf(saved.edit)).toContain('Manual metrics mode:</b> Yes');
    const row = await em().findOneOrFail(Ticket, ticket.id);
    expect(row).toMatchObject({ flagColor: 'red', xpAmount: 24, isManual: true, status: 'under_review' });
    expect(await em().count(TicketTransition, { ticket: ticket.id })).toBe(0);
    const view = await h.env.client.workflow.getHandle(ticketWorkflowId(ticket.id)).query(ticketViewQuery);
    expect(view.ticket).toMatchObject({ flagColor: 'red', xpAmount: 24, isManual: true });

    // Back from the editor discards unsaved changes.
    await press(tg, panel, `tra:manual:${ticket.id}`);
    await press(tg, panel, `tra:mx:${ticket.id}:0`);
    const back = await press(tg, panel, `tra:bk:${ticket.id}`);
    expect(textOf(back.edit)).toContain('Flag / XP:</b> 🔴 Red / 24');
  });

  it('names people by their name and their own Telegram username, never an internal account name', async () => {
    // Ada's Telegram profile (from her updates) has a username; Tom's account name is generated.
    const { user: ada, tg } = await h.person(['master'], { first_name: 'Ada', username: 'ada_at_work' });
    const tom = await createUser(h.db.orm, {
      roles: ['technician'],
      firstName: 'Tom',
      lastName: `Turner${uniqueSuffix()}`,
      username: `tg_${uniqueSuffix()}`,
    });
    const ticket = await createTicket(h.db.orm, { status: 'assigned', master: ada, technician: tom });
    const panel = current(await openPanel(tg, ticket.id)).text ?? '';
    expect(panel).toContain(`Master: ${ada.firstName} ${ada.lastName} (@ada_at_work)`);
    expect(panel).toContain(`Technician: ${tom.firstName} ${tom.lastName}\n`);
    expect(panel).not.toContain(`@${tom.username}`);
    expect(panel).not.toContain(`@${ada.username}`);
  });

  it('speaks Russian', async () => {
    const { tg } = await h.person(['master'], { language_code: 'ru' });
    await emulator().userSendsCommand(tg, tg.id, 'ticket_review');
    expect(textOf(emulator().lastCall('sendMessage'))).toContain('Очередь разбора заявок');
    await emulator().userSendsText(tg, tg.id, '📝 Новая заявка');
    expect(textOf(emulator().lastCall('sendMessage'))).toContain('Приём заявки');
  });
});
