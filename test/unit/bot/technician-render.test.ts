import { createI18n, type Translate } from '../../../src/i18n';
import {
  cardKeyboard,
  clampXpOffset,
  formatDuration,
  listContextOf,
  renderDashboard,
  renderTicketCard,
  renderXpHistory,
  renderXpSummary,
  sessionSecondsAt,
} from '../../../src/ui/render/technician';
import type { DashboardPage, TicketCardView } from '../../../src/reads/ticket-queries';

const i18n = createI18n('en');
const en: Translate = (key, args) => i18n.t('en', key, args);
const ru: Translate = (key, args) => i18n.t('ru', key, args);

const NOW = Date.UTC(2026, 2, 10, 9, 30, 0);

function card(overrides: Partial<TicketCardView> = {}): TicketCardView {
  return {
    id: 12,
    serial: 'RM-AB12',
    status: 'in_progress',
    scope: 'active',
    technicianId: 7,
    title: null,
    itemName: 'Scooter',
    totalDuration: 45,
    flagColor: 'yellow',
    xpAmount: 3,
    isManual: false,
    partSpecs: [
      { part: 'Brake <rear>', color: 'red', minutes: 30, comment: 'Pads worn & squeaking' },
      { part: 'Bell', color: 'green', minutes: 15, comment: '' },
    ],
    session: {
      id: 4,
      status: 'running',
      activeSeconds: 120,
      startedAt: new Date(NOW - 20 * 60_000),
      lastStartedAt: new Date(NOW - 10 * 60_000),
    },
    actions: ['pause', 'stop'],
    potentialXp: 3,
    acquiredXp: 0,
    ...overrides,
  };
}

const buttons = (markup: { inline_keyboard: { text: string; callback_data?: string }[][] }) =>
  markup.inline_keyboard.map((row) => row.map((b) => [b.text, b.callback_data]));

describe('technician dashboard', () => {
  const page: DashboardPage = {
    scope: 'active',
    page: 2,
    pageCount: 3,
    total: 11,
    rows: [
      { id: 31, serial: 'RM-X<1>', status: 'in_progress', sessionStatus: 'paused', potentialXp: 3, acquiredXp: 0 },
      { id: 30, serial: 'RM-Y', status: 'assigned', sessionStatus: null, potentialXp: 0, acquiredXp: 0 },
      { id: 29, serial: 'RM-Z', status: 'rework', sessionStatus: 'stopped', potentialXp: 2, acquiredXp: 1 },
    ],
  };

  it('renders heading, totals, page, one line per ticket and the hint, exactly', () => {
    expect(renderDashboard(en, page).text).toBe(
      [
        '🎟 <b>Active Tickets</b>',
        '📦 <b>Total active tickets:</b> 11',
        '📄 <b>Page:</b> 2/3',
        '🟢 <b>#31</b> • <code>RM-X&lt;1&gt;</code> • In progress • <b>Session:</b> Paused • <b>XP:</b> +0 of 3',
        '🟡 <b>#30</b> • <code>RM-Y</code> • Assigned • <b>XP:</b> +0 (not estimated yet)',
        '🟠 <b>#29</b> • <code>RM-Z</code> • Rework • <b>Session:</b> Stopped • <b>XP:</b> +1 of 2',
        '💡 Use the inline buttons below to open ticket details.',
      ].join('\n'),
    );
  });

  it('has one open button per ticket, then the pager row', () => {
    expect(buttons(renderDashboard(en, page).reply_markup)).toEqual([
      [['🟢 #31 · RM-X<1> · In progress', 'ttq:open:31:active:2']],
      [['🟡 #30 · RM-Y · Assigned', 'ttq:open:30:active:2']],
      [['🟠 #29 · RM-Z · Rework', 'ttq:open:29:active:2']],
      [
        ['<', 'ttq:refresh:active:1'],
        ['2/3', 'ttq:refresh:active:2'],
        ['>', 'ttq:refresh:active:3'],
      ],
    ]);
  });

  it('shows no pager when everything fits on one page', () => {
    const only = renderDashboard(en, { ...page, page: 1, pageCount: 1, total: 3 });
    expect(
      buttons(only.reply_markup)
        .flat()
        .map(([label]) => label),
    ).not.toContain('1/1');
    expect(buttons(only.reply_markup)).toHaveLength(page.rows.length);
  });

  it.each([
    ['active', '🎟 <b>Active Tickets</b>\nℹ️ No active tickets assigned right now.'],
    ['under_qc', '🧪 <b>Waiting QC Tickets</b>\nℹ️ No tickets are currently waiting QC.'],
    ['past', '✅ <b>Past Tickets</b>\nℹ️ No past tickets found yet.'],
  ] as const)('renders the empty %s list without a pager', (scope, text) => {
    const view = renderDashboard(en, { scope, page: 1, pageCount: 1, total: 0, rows: [] });
    expect(view.text).toBe(text);
    expect(buttons(view.reply_markup)).toEqual([]);
  });

  it('uses the scope’s total label and status icons', () => {
    const view = renderDashboard(en, {
      scope: 'under_qc',
      page: 1,
      pageCount: 1,
      total: 1,
      rows: [{ id: 5, serial: 'RM-Q', status: 'waiting_qc', sessionStatus: 'stopped', potentialXp: 2, acquiredXp: 0 }],
    });
    expect(view.text).toContain('📦 <b>Total waiting QC tickets:</b> 1');
    expect(view.text).toContain('🧪 <b>#5</b>');
    expect(renderDashboard(en, { ...page, scope: 'past', rows: [] }).text).toContain('✅ <b>Past Tickets</b>');
  });

  it('says what a finished ticket earned: the base and the first-pass bonus', () => {
    const done = { id: 9, serial: 'RM-D', status: 'done' as const, sessionStatus: 'stopped' as const };
    const text = renderDashboard(en, {
      ...page,
      scope: 'past',
      rows: [
        { ...done, potentialXp: 3, acquiredXp: 4 },
        { ...done, id: 8, potentialXp: 3, acquiredXp: 3 },
      ],
    }).text;
    expect(text).toContain(
      '<b>#9</b> • <code>RM-D</code> • Done • <b>Session:</b> Stopped • <b>XP:</b> +4 (3 base + 1 bonus)',
    );
    expect(text).toContain('<b>#8</b> • <code>RM-D</code> • Done • <b>Session:</b> Stopped • <b>XP:</b> +3 of 3');
    expect(
      renderDashboard(ru, { ...page, scope: 'past', rows: [{ ...done, potentialXp: 3, acquiredXp: 4 }] }).text,
    ).toContain('<b>XP:</b> +4 (3 базовых + 1 бонус)');
  });

  it('renders in Russian', () => {
    expect(renderDashboard(ru, page).text).toContain('🎟 <b>Активные заявки</b>');
    const text = renderTicketCard(ru, card(), { heading: 'controls', scope: 'active', page: 1, now: NOW }).text;
    expect(text).toContain('🧱 <b>Что ремонтировать:</b>\n• <b>Brake &lt;rear&gt;</b> • 🔴 Красный • 30 мин');
  });
});

describe('technician ticket card', () => {
  it('renders every line in order: the parts to repair, the running session’s elapsed time', () => {
    const view = renderTicketCard(en, card(), { heading: 'controls', scope: 'active', page: 2, now: NOW });
    expect(view.text).toBe(
      [
        '🎛 Technician ticket controls.',
        '🎫 <b>Ticket:</b> #12',
        '🔢 <b>Serial number:</b> <code>RM-AB12</code>',
        '📍 <b>Status:</b> In progress',
        '🧱 <b>Parts to repair:</b>',
        '• <b>Brake &lt;rear&gt;</b> • 🔴 Red • 30 min',
        '💬 <i>Pads worn &amp; squeaking</i>',
        '• <b>Bell</b> • 🟢 Green • 15 min',
        '🛠 <b>Work session:</b> Running · 12 min',
        '🎯 <b>Potential XP:</b> +3',
        '🏆 <b>Acquired XP:</b> +0',
        '📈 <b>XP progress:</b> 0/3',
        '⚡ <b>Available actions:</b>',
        '• ⏸ Pause work',
        '• ⏹ Stop session',
      ].join('\n'),
    );
    expect(buttons(view.reply_markup)).toEqual([
      [
        ['⏸ Pause work', 'tt:12:pause'],
        ['⏹ Stop session', 'tt:12:stop'],
      ],
      [['🔄 Refresh ticket', 'tt:12:refresh']],
      [['⬅ Back to active tickets', 'ttq:refresh:active:2']],
    ]);
  });

  it('has the heading variants', () => {
    const text = (heading: 'controls' | 'details' | 'updated') =>
      renderTicketCard(en, card(), { heading, scope: 'active', page: 1, now: NOW }).text.split('\n')[0];
    expect([text('controls'), text('details'), text('updated')]).toEqual([
      '🎛 Technician ticket controls.',
      '🔎 Technician ticket details.',
      '✅ Ticket state updated.',
    ]);
  });

  it('shows no session line without a session, "pending metrics" and no progress without potential XP', () => {
    const view = renderTicketCard(
      en,
      card({ status: 'assigned', session: null, actions: [], potentialXp: 0, serial: '', partSpecs: [] }),
      { heading: 'details', scope: 'past', page: 3, now: NOW },
    );
    expect(view.text).toBe(
      [
        '🔎 Technician ticket details.',
        '🎫 <b>Ticket:</b> #12',
        '🔢 <b>Serial number:</b> <code>unknown</code>',
        '📍 <b>Status:</b> Assigned',
        '🧱 No parts were specified for this ticket.',
        '🎯 <b>Potential XP:</b> pending metrics',
        '🏆 <b>Acquired XP:</b> +0',
        '🧊 No technician actions are available right now.',
      ].join('\n'),
    );
    expect(buttons(view.reply_markup)).toEqual([[['⬅ Back to past tickets', 'ttq:refresh:past:3']]]);
  });

  it('lays out actions two per row in fixed order, Refresh only with an action', () => {
    expect(buttons(cardKeyboard(en, 3, ['start'], 'active', 1))).toEqual([
      [
        ['▶ Start work', 'tt:3:start'],
        ['🔄 Refresh ticket', 'tt:3:refresh'],
      ],
      [['⬅ Back to active tickets', 'ttq:refresh:active:1']],
    ]);
    expect(buttons(cardKeyboard(en, 3, ['stop', 'resume'], 'active', 1))).toEqual([
      [
        ['▶ Resume work', 'tt:3:resume'],
        ['⏹ Stop session', 'tt:3:stop'],
      ],
      [['🔄 Refresh ticket', 'tt:3:refresh']],
      [['⬅ Back to active tickets', 'ttq:refresh:active:1']],
    ]);
    expect(buttons(cardKeyboard(en, 3, ['to_waiting_qc'], 'under_qc', 4))).toEqual([
      [
        ['🧪 Send to QC', 'tt:3:to_waiting_qc'],
        ['🔄 Refresh ticket', 'tt:3:refresh'],
      ],
      [['⬅ Back to waiting QC tickets', 'ttq:refresh:under_qc:4']],
    ]);
    expect(buttons(cardKeyboard(en, 3, [], 'active', 1))).toEqual([
      [['⬅ Back to active tickets', 'ttq:refresh:active:1']],
    ]);
  });

  it('reads the list context back from a card keyboard', () => {
    expect(listContextOf(cardKeyboard(en, 3, ['start'], 'under_qc', 4))).toEqual({ scope: 'under_qc', page: 4 });
    expect(listContextOf({ inline_keyboard: [[{ text: 'x', callback_data: 'tt:3:start' }]] })).toBeNull();
    expect(listContextOf(undefined)).toBeNull();
  });

  it('renders in Russian', () => {
    const view = renderTicketCard(ru, card(), { heading: 'updated', scope: 'active', page: 1, now: NOW });
    expect(view.text).toContain('✅ Состояние заявки обновлено.');
    expect(view.text).toContain('🛠 <b>Рабочая сессия:</b> Идёт · 12 мин');
    expect(view.reply_markup.inline_keyboard[0][0].text).toBe('⏸ Пауза');
  });
});

describe('durations', () => {
  it('counts a running session up to now and a paused one as stored', () => {
    const running = card().session!;
    expect(sessionSecondsAt(running, NOW)).toBe(120 + 600);
    expect(sessionSecondsAt({ ...running, status: 'paused', lastStartedAt: null }, NOW)).toBe(120);
  });

  it('formats minutes and hours', () => {
    expect(formatDuration(en, 59)).toBe('0 min');
    expect(formatDuration(en, 12 * 60 + 30)).toBe('12 min');
    expect(formatDuration(en, 65 * 60)).toBe('1 h 5 min');
    expect(formatDuration(ru, 65 * 60)).toBe('1 ч 5 мин');
  });
});

describe('XP views', () => {
  const entry = (amount: number, description: string, minute: number) => ({
    amount,
    entryType: 'ticket_base_xp',
    description,
    createdAt: new Date(Date.UTC(2026, 2, 10, 5, minute)),
  });

  it('summarises total, level and progress to the next level', () => {
    const text = renderXpSummary(en, {
      total: 120,
      progress: { level: 1, levelThreshold: 0, nextLevel: 2, nextThreshold: 200, xpToNextLevel: 80 },
      updates: 2,
      recent: [entry(3, 'Ticket completion base XP', 7), entry(-1, 'Late <again>', 1)],
      timeZone: 'Asia/Tashkent',
    });
    expect(text).toBe(
      [
        '⭐ <b>XP Summary</b>',
        '• <b>Total XP:</b> 120',
        '• <b>Level:</b> 1',
        '• <b>Next level:</b> 2 at 200 XP (80 XP to go)',
        '• <b>Updates:</b> 2',
        '',
        '🕒 <b>Latest updates</b>',
        '• <code>2026-03-10 10:07</code> — <b>+3 XP</b> — Reward for completing a ticket',
        '• <code>2026-03-10 10:01</code> — <b>-1 XP</b> — Late &lt;again&gt;',
      ].join('\n'),
    );
  });

  it('says so at the top level and with no activity', () => {
    const text = renderXpSummary(en, {
      total: 1200,
      progress: { level: 5, levelThreshold: 1100, nextLevel: null, nextThreshold: null, xpToNextLevel: null },
      updates: 0,
      recent: [],
      timeZone: 'UTC',
    });
    expect(text).toContain('• <b>Next level:</b> top level reached');
    expect(text).toContain('ℹ️ No XP activity yet.');
  });

  it('pages the history with xph buttons', () => {
    const view = renderXpHistory(en, {
      total: 12,
      limit: 5,
      offset: 5,
      rows: [entry(1, 'QC status update XP', 0)],
      timeZone: 'UTC',
    });
    expect(view.text.split('\n').slice(0, 3)).toEqual([
      '📜 <b>XP Activity</b>',
      '• <b>Showing:</b> 6-6 / 12',
      '• <code>2026-03-10 05:00</code> — <b>+1 XP</b> — Quality check update',
    ]);
    expect(buttons(view.reply_markup!)).toEqual([
      [
        ['<', 'xph:5:0'],
        ['2/3', 'xph:5:5'],
        ['>', 'xph:5:10'],
      ],
    ]);
    const empty = renderXpHistory(en, { total: 0, limit: 5, offset: 0, rows: [], timeZone: 'UTC' });
    expect(empty).toEqual({ text: '📜 <b>XP Activity</b>\nℹ️ No XP activity yet.' });
  });

  it('clamps the history offset to the last page', () => {
    expect(clampXpOffset(12, 5, 50)).toBe(10);
    expect(clampXpOffset(10, 5, 10)).toBe(5);
    expect(clampXpOffset(0, 5, 10)).toBe(0);
  });
});
