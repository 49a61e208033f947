// Technician controls end to end: Update JSON through the webhook, the real bot, services,
// Temporal and Postgres; assertions on the Bot API calls the fake records.
import type { Message, User as TgUser } from 'grammy/types';
import { type Actor, DEFAULT_RULES } from '../../src/domain';
import {
  Ticket,
  TicketPartSpec,
  TicketTransition,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
} from '../../src/db/entities';
import { TicketService } from '../../src/services/tickets';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { activateRules } from '../support/rules';
import { actorWith, newTicket } from '../support/workshop';

jest.setTimeout(120_000);

let h: BotHarness;
let master: Actor;
let qc: Actor;

beforeAll(async () => {
  // Notifications are only recorded here: sent, they would race the replies these tests read.
  h = await startBotHarness({ notifications: 'record' });
  master = await actorWith(h, ['master']);
  qc = await actorWith(h, ['qc_inspector']);
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const em = () => h.db.orm.em.fork();
const emulator = () => h.telegram.emulator;

async function technician(profile: Partial<TgUser> = {}) {
  const { user, tg } = await h.person(['technician'], profile);
  return { actor: { id: user.id, roles: ['technician'] } as Actor, tg };
}

async function assignedTicket(technicianId: number): Promise<number> {
  const created = await newTicket(h, master, [45]);
  await h.service.approveReview(master, created.ticket.id);
  await h.service.assign(master, created.ticket.id, technicianId);
  return created.ticket.id;
}

type Markup = { inline_keyboard: { text: string; callback_data?: string }[][] };
const buttons = (call: RecordedCall | undefined) =>
  ((call?.params.reply_markup as Markup | undefined)?.inline_keyboard ?? []).map((row) =>
    row.map((b) => [b.text, b.callback_data]),
  );
const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');
const sentMessage = (call: RecordedCall | undefined) => (call?.response as { result: Message }).result;

/** The user presses a button on a message; resolves with the callback answer and the edit it caused. */
async function press(tg: TgUser, message: Message, data: string, force = false) {
  const before = emulator().calls('editMessageText').length;
  const { callbackQueryId } = await emulator().userPressesButton(tg, message, data, { force });
  const answer = await emulator().waitForCallbackAnswer(callbackQueryId);
  const edits = emulator().calls('editMessageText').slice(before);
  return { answer, edit: edits.at(-1) };
}

async function ticketState(ticketId: number) {
  const manager = em();
  const ticket = await manager.findOneOrFail(Ticket, ticketId);
  return {
    status: ticket.status,
    sessions: await manager.count(WorkSession, { ticket: ticketId }),
    transitions: await manager.count(TicketTransition, { ticket: ticketId }),
    sessionTransitions: await manager.count(WorkSessionTransition, { ticket: ticketId }),
  };
}

/** /queue, then open the ticket from the list: the card message the action buttons live on. */
async function openCard(tg: TgUser, ticketId: number): Promise<Message> {
  await emulator().userSendsCommand(tg, tg.id, 'queue');
  const dashboard = sentMessage(emulator().lastCall('sendMessage'));
  await press(tg, dashboard, `ttq:open:${ticketId}:active:1`);
  return dashboard;
}

const BACK_ACTIVE_1 = ['⬅ Back to active tickets', 'ttq:refresh:active:1'];

describe('technician dashboards', () => {
  it('opens by command and typed label, pages, refreshes and opens a ticket', async () => {
    const { actor, tg } = await technician();
    const ids: number[] = [];
    for (let i = 0; i < 6; i += 1) ids.push(await assignedTicket(actor.id));
    const newestFirst = [...ids].reverse();

    await emulator().userSendsCommand(tg, tg.id, 'queue');
    const first = emulator().lastCall('sendMessage');
    expect(first?.params.parse_mode).toBe('HTML');
    expect(textOf(first).split('\n').slice(0, 3)).toEqual([
      '🎟 <b>Active Tickets</b>',
      '📦 <b>Total active tickets:</b> 6',
      '📄 <b>Page:</b> 1/2',
    ]);
    expect(textOf(first)).toContain(`🟡 <b>#${newestFirst[0]}</b> • <code>`);
    expect(textOf(first)).toContain('• Assigned • <b>XP:</b> +0 of 3');
    expect(textOf(first).split('\n').at(-1)).toBe('💡 Use the inline buttons below to open ticket details.');
    const rows = buttons(first);
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 5).map((row) => row[0][1])).toEqual(
      newestFirst.slice(0, 5).map((id) => `ttq:open:${id}:active:1`),
    );
    expect(rows[5]).toEqual([
      ['<', 'ttq:refresh:active:1'],
      ['1/2', 'ttq:refresh:active:1'],
      ['>', 'ttq:refresh:active:2'],
    ]);

    // The typed reply-keyboard label opens the same list.
    await emulator().userSendsText(tg, tg.id, '🎟 Active Tickets');
    const typed = emulator().lastCall('sendMessage');
    expect(textOf(typed)).toBe(textOf(first));
    expect(buttons(typed)).toEqual(rows);

    // Page 2, then ">" again stays on the last page (clamped; the identical edit is not an error).
    const dashboard = sentMessage(first);
    const page2 = await press(tg, dashboard, 'ttq:refresh:active:2');
    expect(page2.answer).toMatchObject({ text: '🔄 Active tickets list refreshed.' });
    expect(page2.answer?.show_alert).toBeFalsy();
    expect(textOf(page2.edit)).toContain('📄 <b>Page:</b> 2/2');
    expect(buttons(page2.edit)).toEqual([
      [[expect.stringContaining(`#${newestFirst[5]} · `), `ttq:open:${newestFirst[5]}:active:2`]],
      [
        ['<', 'ttq:refresh:active:1'],
        ['2/2', 'ttq:refresh:active:2'],
        ['>', 'ttq:refresh:active:2'],
      ],
    ]);
    const again = await press(tg, dashboard, 'ttq:refresh:active:2');
    expect(again.answer?.text).toBe('🔄 Active tickets list refreshed.');
    expect(again.edit?.status).toBe(400);

    // Open the oldest ticket from page 2.
    const opened = await press(tg, dashboard, `ttq:open:${newestFirst[5]}:active:2`);
    expect(opened.answer?.text).toBe(`🎫 Ticket #${newestFirst[5]} opened.`);
    expect(textOf(opened.edit).split('\n')).toEqual([
      '🎛 Technician ticket controls.',
      `🎫 <b>Ticket:</b> #${newestFirst[5]}`,
      expect.stringMatching(/^🔢 <b>Serial number:<\/b> <code>RM-/),
      '📍 <b>Status:</b> Assigned',
      // What to repair: the ticket's part specs.
      '🧱 <b>Parts to repair:</b>',
      '• <b>part 1</b> • 🟢 Green • 45 min',
      '🎯 <b>Potential XP:</b> +3',
      '🏆 <b>Acquired XP:</b> +0',
      '📈 <b>XP progress:</b> 0/3',
      '⚡ <b>Available actions:</b>',
      '• ▶ Start work',
    ]);
    expect(buttons(opened.edit)).toEqual([
      [
        ['▶ Start work', `tt:${newestFirst[5]}:start`],
        ['🔄 Refresh ticket', `tt:${newestFirst[5]}:refresh`],
      ],
      [['⬅ Back to active tickets', 'ttq:refresh:active:2']],
    ]);
  });

  it('shows the other scopes and their empty texts; every entry clears a form in progress', async () => {
    const { tg } = await technician();
    await h.redis.set(
      `fsm:${tg.id}`,
      JSON.stringify({ accessForm: { step: 'last_name', firstName: 'Tess' } }),
      'EX',
      600,
    );
    await emulator().userSendsCommand(tg, tg.id, 'under_qc');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe(
      '🧪 <b>Waiting QC Tickets</b>\nℹ️ No tickets are currently waiting QC.',
    );
    const stored = await h.redis.get(`fsm:${tg.id}`);
    expect(stored).not.toBeNull();
    expect(JSON.parse(stored!)).toEqual({});

    await emulator().userSendsText(tg, tg.id, '✅ Past Tickets');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe('✅ <b>Past Tickets</b>\nℹ️ No past tickets found yet.');
    await emulator().userSendsCommand(tg, tg.id, 'tech');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe(
      '🎟 <b>Active Tickets</b>\nℹ️ No active tickets assigned right now.',
    );
    // One (empty) page: no "< 1/1 >" pager.
    expect(buttons(emulator().lastCall('sendMessage'))).toEqual([]);
  });
});

describe('technician ticket actions', () => {
  it('runs start → pause → resume → stop → send to QC from the card', async () => {
    const { actor, tg } = await technician();
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);

    const steps: [string, string, string, string[][][]][] = [
      [
        'start',
        '✅ Work session started.',
        '📍 <b>Status:</b> In progress\n🧱 <b>Parts to repair:</b>\n• <b>part 1</b> • 🟢 Green • 45 min\n🛠 <b>Work session:</b> Running · 0 min',
        [
          [
            ['⏸ Pause work', `tt:${id}:pause`],
            ['⏹ Stop session', `tt:${id}:stop`],
          ],
          [['🔄 Refresh ticket', `tt:${id}:refresh`]],
          [BACK_ACTIVE_1],
        ] as never,
      ],
      [
        'pause',
        '⏸ Work session paused.',
        '🛠 <b>Work session:</b> Paused · 0 min',
        [
          [
            ['▶ Resume work', `tt:${id}:resume`],
            ['⏹ Stop session', `tt:${id}:stop`],
          ],
          [['🔄 Refresh ticket', `tt:${id}:refresh`]],
          [BACK_ACTIVE_1],
        ] as never,
      ],
      [
        'resume',
        '▶ Work session resumed.',
        '🛠 <b>Work session:</b> Running · 0 min',
        [
          [
            ['⏸ Pause work', `tt:${id}:pause`],
            ['⏹ Stop session', `tt:${id}:stop`],
          ],
          [['🔄 Refresh ticket', `tt:${id}:refresh`]],
          [BACK_ACTIVE_1],
        ] as never,
      ],
      [
        'stop',
        '⏹ Work session stopped.',
        '🛠 <b>Work session:</b> Stopped · 0 min',
        [
          [
            ['🧪 Send to QC', `tt:${id}:to_waiting_qc`],
            ['🔄 Refresh ticket', `tt:${id}:refresh`],
          ],
          [BACK_ACTIVE_1],
        ] as never,
      ],
      [
        'to_waiting_qc',
        '🧪 Ticket sent to QC.',
        '📍 <b>Status:</b> Waiting QC',
        // The scope follows the new status; the page starts over in the new scope.
        [[['⬅ Back to waiting QC tickets', 'ttq:refresh:under_qc:1']]] as never,
      ],
    ];
    for (const [action, toast, line, keyboard] of steps) {
      const { answer, edit } = await press(tg, card, `tt:${id}:${action}`);
      expect({ action, text: answer?.text, alert: answer?.show_alert ?? false }).toEqual({
        action,
        text: toast,
        alert: false,
      });
      expect(edit?.status).toBe(200);
      expect(edit?.params.parse_mode).toBe('HTML');
      expect(textOf(edit).split('\n')[0]).toBe('✅ Ticket state updated.');
      expect(textOf(edit)).toContain(line);
      expect(buttons(edit)).toEqual(keyboard);
    }
    expect(textOf(emulator().lastCall('editMessageText'))).toContain(
      '🧊 No technician actions are available right now.',
    );

    const manager = em();
    expect((await manager.findOneOrFail(Ticket, id)).status).toBe('waiting_qc');
    const toQc = await manager.findOneOrFail(TicketTransition, { ticket: id, action: 'to_waiting_qc' });
    expect(toQc.metadata).toMatchObject({
      source: 'telegram_bot',
      channel: 'technician_callback',
      telegram_action: 'to_waiting_qc',
    });
    const sessionActions = (
      await manager.find(WorkSessionTransition, { ticket: id }, { orderBy: { eventAt: 'asc', id: 'asc' } })
    ).map((t) => t.action);
    expect(sessionActions).toEqual(['started', 'paused', 'resumed', 'stopped']);

    // The ticket now shows in the technician's "under QC" list, opened as details.
    await emulator().userSendsCommand(tg, tg.id, 'under_qc');
    const list = emulator().lastCall('sendMessage');
    expect(textOf(list)).toContain(`🧪 <b>#${id}</b>`);
    const details = await press(tg, sentMessage(list), `ttq:open:${id}:under_qc:1`);
    expect(textOf(details.edit).split('\n')[0]).toBe('🔎 Technician ticket details.');
  });

  it('edits the card that was pressed, not a newer card of the same ticket', async () => {
    // A chat can hold several cards of one ticket (its assignment notification, a list opened
    // twice): each press answers on its own card.
    const { actor, tg } = await technician();
    const id = await assignedTicket(actor.id);
    const older = await openCard(tg, id);
    const newer = await openCard(tg, id);
    expect(newer.message_id).toBeGreaterThan(older.message_id);
    for (const action of ['start', 'stop', 'to_waiting_qc']) {
      const { answer, edit } = await press(tg, older, `tt:${id}:${action}`);
      expect(answer?.show_alert ?? false).toBe(false);
      expect({ action, chat: edit?.params.chat_id, message: edit?.params.message_id }).toEqual({
        action,
        chat: tg.id,
        message: older.message_id,
      });
    }
    const pressed = emulator().state.getMessage(tg.id, older.message_id)!;
    expect(pressed.text).toContain('📍 Status: Waiting QC');
    expect(pressed.reply_markup?.inline_keyboard).toEqual([
      [{ text: '⬅ Back to waiting QC tickets', callback_data: 'ttq:refresh:under_qc:1' }],
    ]);
  });

  it('refresh re-renders the card with its toast', async () => {
    const { actor, tg } = await technician();
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);
    const { answer, edit } = await press(tg, card, `tt:${id}:refresh`);
    expect(answer?.text).toBe('🔄 Ticket details refreshed.');
    expect(textOf(edit)).toContain('📍 <b>Status:</b> Assigned');
    expect(buttons(edit)[0]).toEqual([
      ['▶ Start work', `tt:${id}:start`],
      ['🔄 Refresh ticket', `tt:${id}:refresh`],
    ]);
  });

  it('refuses a stale button with the reason and re-renders the card from fresh state', async () => {
    const { actor, tg } = await technician();
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);
    await press(tg, card, `tt:${id}:start`);
    const before = await ticketState(id);

    // A stale Start finds the ticket started: said so as a toast (test/e2e/already-done.test.ts).
    expect((await press(tg, card, `tt:${id}:start`, true)).answer).toMatchObject({
      text: 'ℹ️ Already started: the work session is running.',
    });
    const { answer, edit } = await press(tg, card, `tt:${id}:to_waiting_qc`, true);
    expect(answer).toMatchObject({ text: '⚠️ Action is not available for this ticket right now.', show_alert: true });
    expect(textOf(edit).split('\n')[0]).toBe('🎛 Technician ticket controls.');
    expect(textOf(edit)).toContain('🛠 <b>Work session:</b> Running');
    expect(buttons(edit)[0].map((b) => b[1])).toEqual([`tt:${id}:pause`, `tt:${id}:stop`]);
    expect(await ticketState(id)).toEqual(before);
  });

  it('refuses forged, malformed, non-technician and unregistered presses and changes nothing', async () => {
    const owner = await technician();
    const other = await technician();
    const id = await assignedTicket(owner.actor.id);
    const before = await ticketState(id);
    const oldCard = (tg: TgUser) =>
      h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'old card' } });

    // Someone else's ticket, by action and by opening it.
    const otherCard = oldCard(other.tg);
    for (const data of [`tt:${id}:start`, `ttq:open:${id}:active:1`, 'tt:2147483000:start']) {
      const { answer, edit } = await press(other.tg, otherCard, data, true);
      expect({ data, answer }).toMatchObject({
        data,
        answer: { text: '⚠️ Ticket is not found or is not assigned to you.', show_alert: true },
      });
      expect(edit).toBeUndefined();
    }

    // Malformed.
    const malformed = await press(owner.tg, oldCard(owner.tg), `tt:${id}:explode`, true);
    expect(malformed.answer).toMatchObject({ text: '⚠️ Unknown action.', show_alert: true });

    // Registered, but not a technician.
    const { tg: qcTg } = await h.person(['qc_inspector']);
    const notTech = await press(qcTg, oldCard(qcTg), `tt:${id}:start`, true);
    expect(notTech.answer).toMatchObject({
      text: '⛔ This action is available only for technicians.',
      show_alert: true,
    });
    expect(notTech.edit).toBeUndefined();
    await emulator().userSendsCommand(qcTg, qcTg.id, 'queue');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe(
      '⛔ <b>This command is available only for technicians.</b>',
    );

    // Unregistered: the alert, then a message with the access-request keyboard.
    const stranger = h.stranger();
    const sentBefore = emulator().calls('sendMessage').length;
    const unregistered = await press(stranger, oldCard(stranger), `tt:${id}:start`, true);
    expect(unregistered.answer).toMatchObject({
      text: '🚫 No access yet. Request access with /request_access.',
      show_alert: true,
    });
    const sent = emulator().calls('sendMessage').slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toMatchObject({
      chat_id: stranger.id,
      text: '📝 <b>Open Access Request</b>\nUse <code>/request_access</code> or tap the button below.',
      parse_mode: 'HTML',
      reply_markup: { keyboard: [[{ text: '📝 Start Access Request' }]] },
    });
    await emulator().userSendsCommand(stranger, stranger.id, 'queue');
    expect(emulator().lastCall('sendMessage')?.params).toMatchObject({
      text: 'Access denied. Contact an administrator.',
      reply_markup: { keyboard: [[{ text: '📝 Start Access Request' }]] },
    });

    expect(await ticketState(id)).toEqual(before);
    expect(before).toMatchObject({ status: 'assigned', sessions: 0 });
  });

  it('shows the pause-limit refusal as an alert with the exact text', async () => {
    const { actor, tg } = await technician();
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);
    await press(tg, card, `tt:${id}:start`);
    await activateRules(h.db.orm, (rules) => ({
      ...rules,
      work_session: { ...rules.work_session, daily_pause_limit_minutes: 0 },
    }));
    try {
      const before = await ticketState(id);
      const { answer, edit } = await press(tg, card, `tt:${id}:pause`);
      expect(answer).toMatchObject({ text: 'Daily pause limit is fully reached for today.', show_alert: true });
      expect(textOf(edit)).toContain('🛠 <b>Work session:</b> Running');
      expect(await ticketState(id)).toEqual(before);
    } finally {
      await activateRules(h.db.orm, () => structuredClone(DEFAULT_RULES));
    }
  });
});

describe('the card a press draws', () => {
  afterEach(() => jest.restoreAllMocks());

  /** Renames the ticket's part in Postgres: what a second read of the card would show. */
  async function renamePart(ticketId: number, name: string) {
    const manager = em();
    const spec = await manager.findOneOrFail(TicketPartSpec, { ticket: ticketId }, { populate: ['part'] });
    spec.part.name = name;
    await manager.flush();
  }

  it('is the card its update committed, not one read after it', async () => {
    const { actor, tg } = await technician();
    const id = await assignedTicket(actor.id);
    const card = await openCard(tg, id);
    // Between the update's commit and the drawing, the ticket's part is renamed: a card read
    // again would show the new name; the card the update returned shows the committed one.
    for (const method of ['start', 'pause'] as const) {
      const original = TicketService.prototype[method] as (
        this: TicketService,
        ...args: Parameters<TicketService['start']>
      ) => Promise<unknown>;
      jest.spyOn(TicketService.prototype, method).mockImplementationOnce(async function (this: TicketService, ...args) {
        const view = await original.apply(this, args);
        await renamePart(id, `renamed after ${method}`);
        return view as never;
      });
    }

    const started = await press(tg, card, `tt:${id}:start`);
    expect(started.answer).toMatchObject({ text: '✅ Work session started.' });
    expect(textOf(started.edit)).toContain('• <b>part 1</b> • 🟢 Green • 45 min');
    expect(textOf(started.edit)).toContain('🛠 <b>Work session:</b> Running · 0 min');
    expect(buttons(started.edit)[0].map((b) => b[1])).toEqual([`tt:${id}:pause`, `tt:${id}:stop`]);

    const paused = await press(tg, card, `tt:${id}:pause`);
    expect(paused.answer).toMatchObject({ text: '⏸ Work session paused.' });
    expect(textOf(paused.edit)).toContain('• <b>renamed after start</b> • 🟢 Green • 45 min');
    expect(textOf(paused.edit)).toContain('🛠 <b>Work session:</b> Paused · 0 min');

    // Read now, the card shows what Postgres has.
    const refreshed = await press(tg, card, `tt:${id}:refresh`);
    expect(textOf(refreshed.edit)).toContain('• <b>renamed after pause</b> • 🟢 Green • 45 min');
  });
});

describe('languages', () => {
  it('renders the same flow in Russian and English', async () => {
    const russian = await technician({ language_code: 'ru' });
    const english = await technician({ language_code: 'en' });
    const ruTicket = await assignedTicket(russian.actor.id);
    const enTicket = await assignedTicket(english.actor.id);

    await emulator().userSendsCommand(russian.tg, russian.tg.id, 'queue');
    const ruList = emulator().lastCall('sendMessage');
    expect(textOf(ruList).split('\n').slice(0, 3)).toEqual([
      '🎟 <b>Активные заявки</b>',
      '📦 <b>Всего активных заявок:</b> 1',
      '📄 <b>Страница:</b> 1/1',
    ]);
    // The Russian reply-keyboard label works too.
    await emulator().userSendsText(russian.tg, russian.tg.id, '🎟 Активные заявки');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe(textOf(ruList));

    const ruOpen = await press(russian.tg, sentMessage(ruList), `ttq:open:${ruTicket}:active:1`);
    expect(ruOpen.answer?.text).toBe(`🎫 Заявка #${ruTicket} открыта.`);
    expect(textOf(ruOpen.edit).split('\n')[0]).toBe('🎛 Управление заявкой.');
    const ruStart = await press(russian.tg, sentMessage(ruList), `tt:${ruTicket}:start`);
    expect(ruStart.answer?.text).toBe('✅ Рабочая сессия начата.');
    expect(textOf(ruStart.edit)).toContain('📍 <b>Статус:</b> В работе');
    expect(buttons(ruStart.edit)[0].map((b) => b[0])).toEqual(['⏸ Пауза', '⏹ Завершить сессию']);
    const ruStale = await press(russian.tg, sentMessage(ruList), `tt:${ruTicket}:to_waiting_qc`, true);
    expect(ruStale.answer).toMatchObject({
      text: '⚠️ Сейчас это действие недоступно для этой заявки.',
      show_alert: true,
    });

    await emulator().userSendsCommand(english.tg, english.tg.id, 'queue');
    const enList = emulator().lastCall('sendMessage');
    expect(textOf(enList).split('\n')[0]).toBe('🎟 <b>Active Tickets</b>');
    const enStart = await press(english.tg, sentMessage(enList), `ttq:open:${enTicket}:active:1`).then(() =>
      press(english.tg, sentMessage(enList), `tt:${enTicket}:start`),
    );
    expect(enStart.answer?.text).toBe('✅ Work session started.');
    expect(textOf(enStart.edit)).toContain('📍 <b>Status:</b> In progress');
  });
});

describe('XP', () => {
  it('shows the summary and pages the history', async () => {
    const { actor, tg } = await technician();
    await emulator().userSendsCommand(tg, tg.id, 'xp');
    expect(textOf(emulator().lastCall('sendMessage'))).toBe(
      [
        '⭐ <b>XP Summary</b>',
        '• <b>Total XP:</b> 0',
        '• <b>Level:</b> 1',
        '• <b>Next level:</b> 2 at 200 XP (200 XP to go)',
        '• <b>Updates:</b> 0',
        'ℹ️ No XP activity yet.',
      ].join('\n'),
    );

    // A ticket through QC (base 3 + first-pass bonus 1), plus five adjustments: 7 rows.
    const id = await assignedTicket(actor.id);
    await h.service.start(actor, id);
    await h.service.stop(actor, id);
    await h.service.sendToQc(actor, id);
    await h.service.qcPass(qc, id);
    const manager = em();
    for (let i = 1; i <= 5; i += 1) {
      manager.create(XpTransaction, {
        user: actor.id,
        amount: 10,
        entryType: 'manual_adjustment',
        reference: `test-adjustment:${actor.id}:${i}`,
        description: `Bonus ${i}`,
      });
    }
    await manager.flush();

    await emulator().userSendsText(tg, tg.id, '⭐ My XP');
    const summary = textOf(emulator().lastCall('sendMessage'));
    expect(summary).toContain('• <b>Total XP:</b> 54');
    expect(summary).toContain('• <b>Next level:</b> 2 at 200 XP (146 XP to go)');
    expect(summary).toContain('• <b>Updates:</b> 7');
    expect(summary).toContain('🕒 <b>Latest updates</b>');

    await emulator().userSendsCommand(tg, tg.id, 'xp_history');
    const history = emulator().lastCall('sendMessage');
    expect(textOf(history).split('\n').slice(0, 3)).toEqual([
      '📜 <b>XP Activity</b>',
      '• <b>Showing:</b> 1-5 / 7',
      expect.stringMatching(/^• <code>\d{4}-\d\d-\d\d \d\d:\d\d<\/code> — <b>\+10 XP<\/b> — Bonus 5$/),
    ]);
    expect(buttons(history)).toEqual([
      [
        ['<', 'xph:5:0'],
        ['1/2', 'xph:5:0'],
        ['>', 'xph:5:5'],
      ],
    ]);
    const next = await press(tg, sentMessage(history), 'xph:5:5');
    expect(textOf(next.edit)).toContain('• <b>Showing:</b> 6-7 / 7');
    expect(textOf(next.edit)).toContain('<b>+3 XP</b> — Reward for completing a ticket');
    expect(buttons(next.edit)[0][1]).toEqual(['2/2', 'xph:5:5']);

    // The card now shows the acquired XP.
    await emulator().userSendsCommand(tg, tg.id, 'past');
    const past = emulator().lastCall('sendMessage');
    expect(textOf(past)).toContain(`✅ <b>#${id}</b>`);
    expect(textOf(past)).toContain('<b>XP:</b> +4 (3 base + 1 bonus)');
  });
});
