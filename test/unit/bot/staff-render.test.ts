import type { InlineKeyboardMarkup } from 'grammy/types';
import { createI18n, type Translate } from '../../../src/i18n';
import {
  renderIntakeCreated,
  renderIntakeItems,
  renderIntakeOverride,
  renderIntakeSummary,
  renderManualEditor,
  renderParts,
  renderReviewPanel,
  renderReviewQueue,
  renderSerialConfirm,
  renderSpecEditor,
  renderTechnicianPicker,
} from '../../../src/ui/render/staff-tickets';
import { CALLBACK_DATA_MAX_BYTES } from '../../../src/ui/callbacks/codec';
import { autoMetrics, DEFAULT_RULES, ticketMetrics } from '../../../src/domain';
import { newIntakeDraft, pickItem, startSpecs, togglePart } from '../../../src/ui/forms/intake-draft';
import type { ReviewPanelView } from '../../../src/reads/staff-queries';

const i18n = createI18n('en');
const en: Translate = (key, args) => i18n.t('en', key, args);
const ru: Translate = (key, args) => i18n.t('ru', key, args);
const uz: Translate = (key, args) => i18n.t('uz', key, args);

const data = (markup: InlineKeyboardMarkup) =>
  markup.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data);
const labels = (markup: InlineKeyboardMarkup) => markup.inline_keyboard.flat().map((b) => b.text);

/** Every payload fits Telegram's limit, and no Fluent key leaks untranslated. */
function expectWellFormed(view: { text: string; reply_markup: InlineKeyboardMarkup }) {
  for (const payload of data(view.reply_markup))
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  expect(view.text).not.toMatch(/adm-[a-z-]+/);
  for (const label of labels(view.reply_markup)) expect(label).not.toMatch(/adm-[a-z-]+/);
}

const rows = [
  { id: 3, serial: 'RM-AAA1', name: 'Scooter <X>', hasActiveTicket: false },
  { id: 4, serial: 'RM-AAA2', name: 'Bike', hasActiveTicket: true },
];

describe('intake views', () => {
  it('lists items with a button each, a pager clamped at both ends and cancel', () => {
    const view = renderIntakeItems(en, { page: 1, pageCount: 3, total: 12, rows }, { mode: 'items' });
    expectWellFormed(view);
    expect(view.text).toContain('Step 1/3');
    expect(view.text).toContain('Page:</b> 1/3');
    expect(view.text).toContain('Scooter &lt;X&gt;');
    expect(view.text).toContain('send its serial number');
    expect(data(view.reply_markup)).toEqual([
      'tc:item:3:1',
      'tc:item:4:1',
      'tc:list:1',
      'tc:list:1',
      'tc:list:2',
      'tc:cancel',
    ]);
    expect(labels(view.reply_markup)[1]).toBe('🔒 #4 · RM-AAA2');
  });

  it('shows a notice above the list and a back button in template mode', () => {
    const view = renderIntakeItems(
      en,
      { page: 2, pageCount: 2, total: 7, rows },
      { mode: 'template', serial: 'RM-NEW1', notice: 'Bad <serial>' },
    );
    expect(view.text.startsWith('Bad &lt;serial&gt;')).toBe(true);
    expect(view.text).toContain('<code>RM-NEW1</code>');
    expect(data(view.reply_markup)).toEqual([
      'tc:item:3:2',
      'tc:item:4:2',
      'tc:list:1',
      'tc:list:2',
      'tc:list:2',
      'tc:back',
      'tc:cancel',
    ]);
  });

  it('offers to create an unknown serial in its own words, with the close matches as buttons', () => {
    const view = renderSerialConfirm(en, {
      serial: 'RM-ABCD9',
      suggestions: [{ id: 11, serial: 'RM-ABCD1' }],
      page: 1,
    });
    expectWellFormed(view);
    expect(view.text).toContain('<code>RM-ABCD9</code> is not in the inventory.');
    expect(view.text).toContain('Similar serial numbers: <code>RM-ABCD1</code>');
    expect(view.text).toContain('pick one of the similar serial numbers');
    // Never the REST API's wording: no request fields, no "set … = true".
    expect(view.text).not.toMatch(/confirm_create_inventory_item|inventory_item_creation_reason|=true/);
    expect(data(view.reply_markup)).toEqual(['tc:go', 'tc:item:11:1', 'tc:back', 'tc:cancel']);
    expect(labels(view.reply_markup)[0]).toBe('✅ Create item RM-ABCD9');
  });

  it('offers no close matches when there are none, and shows another refusal met meanwhile as it is', () => {
    const alone = renderSerialConfirm(ru, { serial: 'RM-BIKE-0100', suggestions: [], page: 1 });
    expectWellFormed(alone);
    expect(alone.text).toContain('<code>RM-BIKE-0100</code> нет в инвентаре.');
    expect(alone.text).not.toContain('Похожие');
    expect(alone.text).not.toContain('похожих');
    expect(data(alone.reply_markup)).toEqual(['tc:go', 'tc:back', 'tc:cancel']);

    const archived = renderSerialConfirm(en, {
      serial: 'RM-BIKE-0100',
      suggestions: [],
      page: 1,
      refusal: "Inventory item 'RM-BIKE-0100' is archived. <Restore> it.",
    });
    expect(archived.text).toContain("⚠️ Inventory item 'RM-BIKE-0100' is archived. &lt;Restore&gt; it.");
    expect(archived.text).not.toContain('is not in the inventory');
  });

  it('says there is nothing to copy parts from when the inventory is empty, with back and cancel', () => {
    const view = renderIntakeItems(
      en,
      { page: 1, pageCount: 1, total: 0, rows: [] },
      { mode: 'template', serial: 'RM-BIKE-0100' },
    );
    expectWellFormed(view);
    expect(view.text).toContain('the inventory has no items yet');
    expect(view.text).toContain('web console (Inventory)');
    expect(view.text).not.toContain('pick an existing item');
    expect(view.text).not.toContain('Page:');
    expect(data(view.reply_markup)).toEqual(['tc:back', 'tc:cancel']);
    for (const locale of [ru, uz]) {
      const text = renderIntakeItems(
        locale,
        { page: 1, pageCount: 1, total: 0, rows: [] },
        { mode: 'template', serial: 'RM-BIKE-0100' },
      ).text;
      expect(text).toContain('/ticket_create');
      expect(text).toContain('<code>RM-BIKE-0100</code>');
    }
  });

  const draft = togglePart(
    pickItem(
      newIntakeDraft(1),
      {
        id: 3,
        serial: 'RM-AAA1',
        parts: [
          { id: 10, name: 'Frame' },
          { id: 11, name: 'Wheel' },
        ],
      },
      1,
    ),
    11,
  );

  it('marks the selected parts and counts them', () => {
    const view = renderParts(en, draft);
    expectWellFormed(view);
    expect(view.text).toContain('☐ <b>#10</b> Frame');
    expect(view.text).toContain('✅ <b>#11</b> Wheel');
    expect(view.text).toContain('Selected parts:</b> 1');
    expect(data(view.reply_markup)).toEqual(['tc:tog:10', 'tc:tog:11', 'tc:go', 'tc:list:1', 'tc:cancel']);
  });

  it('edits one part with color, minute presets and ± steps', () => {
    const spec = startSpecs(draft);
    const view = renderSpecEditor(en, spec, { id: 11, name: 'Wheel' });
    expectWellFormed(view);
    expect(view.text).toContain('Part 1/1:</b> Wheel');
    expect(view.text).toContain('Color:</b> 🟢 Green');
    expect(view.text).toContain('Minutes:</b> 10');
    expect(data(view.reply_markup)).toEqual([
      'tc:clr:green',
      'tc:clr:yellow',
      'tc:clr:red',
      'tc:min:10',
      'tc:min:20',
      'tc:min:30',
      'tc:min:45',
      'tc:adj:-5',
      'tc:adj:-1',
      'tc:noop',
      'tc:adj:1',
      'tc:adj:5',
      'tc:save',
      'tc:back',
      'tc:cancel',
    ]);
    expect(labels(view.reply_markup).slice(0, 3)).toEqual(['🟢 Green', 'Yellow', 'Red']);
  });

  it('explains the colours and says the minutes in the user’s language', () => {
    const spec = startSpecs(draft);
    const english = renderSpecEditor(en, spec, { id: 11, name: 'Wheel' });
    expect(english.text).toContain("Colour flags the part's condition: 🟢 minor · 🟡 moderate · 🔴 serious");
    expect(labels(english.reply_markup)).toContain('10 min');
    const russian = renderSpecEditor(ru, spec, { id: 11, name: 'Wheel' });
    expectWellFormed(russian);
    expect(russian.text).toContain('Цвет отмечает состояние детали: 🟢 лёгкое · 🟡 среднее · 🔴 серьёзное');
    expect(labels(russian.reply_markup)).toContain('10 мин');
    expect(labels(russian.reply_markup).join(' ')).not.toMatch(/\d+m\b/);
  });

  it('summarizes specs and the metrics it is given, with the thresholds', () => {
    const rules = DEFAULT_RULES.ticket_xp;
    const auto = autoMetrics(45, rules);
    const view = renderIntakeSummary(en, {
      serial: 'RM-AAA1',
      newItemReason: null,
      specs: [
        { part: 'Frame', color: 'green', minutes: 15 },
        { part: 'Wheel', color: 'red', minutes: 30 },
      ],
      metrics: auto,
      auto,
      thresholds: { green: 30, yellow: 60 },
    });
    expectWellFormed(view);
    expect(view.text).toContain('• <b>Wheel</b> • 🔴 Red • 30 min');
    expect(view.text).toContain('Total minutes:</b> 45');
    expect(view.text).toContain('Flag:</b> 🟡 Yellow');
    expect(view.text).toContain('green ≤ 30 min, yellow ≤ 60 min');
    expect(view.text).toContain('XP:</b> 3');
    expect(view.text).not.toContain('Manual override');
    expect(data(view.reply_markup)).toEqual(['tc:create', 'tc:go', 'tc:back', 'tc:cancel']);
  });

  it('shows an override next to the automatic values', () => {
    const rules = DEFAULT_RULES.ticket_xp;
    const auto = autoMetrics(20, rules);
    const view = renderIntakeSummary(en, {
      serial: 'RM-NEW1',
      newItemReason: 'walk-in <client>',
      specs: [{ part: 'Frame', color: 'green', minutes: 20 }],
      metrics: ticketMetrics(20, rules, { flagColor: 'red', xpAmount: 9 }),
      auto,
      thresholds: { green: 30, yellow: 60 },
    });
    expect(view.text).toContain('Reason: walk-in &lt;client&gt;');
    expect(view.text).toContain('Flag:</b> 🔴 Red');
    expect(view.text).toContain('XP:</b> 9');
    expect(view.text).toContain('Manual override (automatic: 🟢 Green / 1 XP)');
  });

  it('renders the override editor with unset values as dashes', () => {
    const view = renderIntakeOverride(en, {
      serial: 'RM-AAA1',
      edit: { flagColor: 'yellow', xpAmount: null },
      auto: autoMetrics(10, DEFAULT_RULES.ticket_xp),
    });
    expectWellFormed(view);
    expect(view.text).toContain('Override: 🟡 Yellow / — XP');
    expect(data(view.reply_markup)).toEqual([
      'tc:clr:green',
      'tc:clr:yellow',
      'tc:clr:red',
      'tc:adj:-5',
      'tc:adj:-1',
      'tc:noop',
      'tc:adj:1',
      'tc:adj:5',
      'tc:save',
      'tc:back',
      'tc:cancel',
    ]);
  });

  it('confirms a created ticket', () => {
    const text = renderIntakeCreated(en, {
      id: 31,
      serial: 'RM-AAA1',
      status: 'under_review',
      metrics: { totalDuration: 45, flagMinutes: 45, flagColor: 'red', xpAmount: 7, isManual: true },
    });
    expect(text).toContain('Ticket:</b> #31');
    expect(text).toContain('Status:</b> Under review');
    expect(text).toContain('Flag / XP:</b> 🔴 Red / 7 (manual)');
  });

  it('speaks Russian', () => {
    const view = renderIntakeItems(ru, { page: 1, pageCount: 1, total: 0, rows: [] }, { mode: 'items' });
    expect(view.text).toContain('Приём заявки');
    expect(view.text).toContain('Активных инвентарных объектов не найдено');
    expect(labels(view.reply_markup)).toContain('❌ Отмена');
  });
});

describe('review views', () => {
  const panel: ReviewPanelView = {
    id: 8,
    serial: 'RM-AAA1',
    status: 'under_review',
    title: null,
    technicianId: null,
    technician: null,
    master: 'Mia Master (@mia)',
    reviewed: false,
    totalDuration: 30,
    flagColor: 'green',
    xpAmount: 2,
    isManual: false,
    partSpecs: [{ part: 'Frame', color: 'green', minutes: 30 }],
  };

  it('lists the queue with open buttons that remember the page', () => {
    const view = renderReviewQueue(en, {
      page: 2,
      pageCount: 2,
      total: 6,
      rows: [{ id: 8, serial: 'RM-AAA1', status: 'new', reviewed: true, technician: 'Tom (@tom)' }],
    });
    expectWellFormed(view);
    expect(view.text).toContain('Total tickets:</b> 6');
    expect(view.text).toContain('• <b>#8</b> • <code>RM-AAA1</code> • New • 👤 Tom (@tom)');
    expect(data(view.reply_markup)).toEqual(['trq:open:8:2', 'trq:refresh:1', 'trq:refresh:2', 'trq:refresh:2']);
  });

  it('says so when the queue is empty', () => {
    const view = renderReviewQueue(en, { page: 1, pageCount: 1, total: 0, rows: [] });
    expect(view.text).toContain('No tickets found for review.');
    // One page: no "< 1/1 >" pager.
    expect(data(view.reply_markup)).toEqual([]);
  });

  it('offers Approve & Assign only in assignable statuses', () => {
    for (const status of ['under_review', 'new', 'assigned', 'rework'] as const) {
      expect(data(renderReviewPanel(en, { ...panel, status }, { page: 3 }).reply_markup)).toEqual([
        'tra:assign:8',
        'tra:manual:8',
        'trq:open:8:3',
        'trq:refresh:3',
      ]);
    }
    for (const status of ['in_progress', 'waiting_qc', 'done'] as const) {
      expect(data(renderReviewPanel(en, { ...panel, status }, { page: 1 }).reply_markup)).toEqual([
        'tra:manual:8',
        'trq:open:8:1',
        'trq:refresh:1',
      ]);
    }
  });

  it('shows the ticket details', () => {
    const view = renderReviewPanel(en, panel, { page: 1 });
    expectWellFormed(view);
    expect(view.text).toContain('Ticket #8');
    expect(view.text).toContain('Status:</b> Under review');
    expect(view.text).toContain('Title:</b> No title');
    expect(view.text).toContain('Technician:</b> Not assigned');
    expect(view.text).toContain('Admin review approved:</b> No');
    expect(view.text).toContain('Flag / XP:</b> 🟢 Green / 2');
    expect(labels(view.reply_markup)).toEqual([
      '✅ Approve & Assign',
      '🛠 Manual Metrics',
      '🔄 Refresh ticket',
      '⬅ Back to review queue',
    ]);
  });

  it('pages technicians and marks the current one', () => {
    const view = renderTechnicianPicker(en, {
      ticketId: 8,
      serial: 'RM-AAA1',
      list: {
        page: 2,
        pageCount: 3,
        total: 11,
        rows: [
          { id: 21, label: 'Tom (@tom)' },
          { id: 22, label: 'Ann (@ann)' },
        ],
      },
      currentTechnicianId: 22,
    });
    expectWellFormed(view);
    expect(view.text).toContain('Select technician for ticket #8.');
    expect(labels(view.reply_markup).slice(0, 2)).toEqual(['Tom (@tom)', '📌 Ann (@ann)']);
    expect(data(view.reply_markup)).toEqual([
      'tra:at:8:21',
      'tra:at:8:22',
      'tra:ap:8:1',
      'tra:ap:8:2',
      'tra:ap:8:3',
      'tra:bk:8',
    ]);
  });

  it('edits manual metrics with color, presets, steps, save and back', () => {
    const view = renderManualEditor(en, { ticketId: 8, serial: 'RM-AAA1', flagColor: 'red', xpAmount: 12 });
    expectWellFormed(view);
    expect(view.text).toContain('Flag color:</b> 🔴 Red');
    expect(view.text).toContain('XP amount:</b> 12');
    expect(data(view.reply_markup)).toEqual([
      'tra:mc:8:green',
      'tra:mc:8:yellow',
      'tra:mc:8:red',
      'tra:mx:8:0',
      'tra:mx:8:5',
      'tra:mx:8:10',
      'tra:mx:8:15',
      'tra:mx:8:20',
      'tra:mx:8:30',
      'tra:mx:8:40',
      'tra:mx:8:50',
      'tra:adj:8:-5',
      'tra:adj:8:-1',
      'tra:noop:8',
      'tra:adj:8:1',
      'tra:adj:8:5',
      'tra:ms:8',
      'tra:bk:8',
    ]);
  });

  it('speaks Russian', () => {
    const view = renderReviewPanel(ru, panel, { page: 1 });
    expect(view.text).toContain('Заявка #8');
    expect(labels(view.reply_markup)[0]).toBe('✅ Одобрить и назначить');
  });
});
