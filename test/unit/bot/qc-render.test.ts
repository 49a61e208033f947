import type { InlineKeyboardMarkup } from 'grammy/types';
import { CALLBACK_DATA_MAX_BYTES } from '../../../src/ui/callbacks/codec';
import { qcButton, qcQueueButton } from '../../../src/ui/callbacks/qc';
import { createI18n } from '../../../src/i18n';
import {
  qcPanelKeyboard,
  queuePageOf,
  renderQcFailPrompt,
  renderQcPanel,
  renderQcQueue,
} from '../../../src/ui/render/qc';
import { qcFailPromptButton } from '../../../src/ui/callbacks/qc';
import type { Translate } from '../../../src/i18n';
import { renderAdminNotification } from '../../../src/notify/telegram-notifier';
import type { QcTicketView } from '../../../src/reads/qc-queries';
import type { TicketStatus } from '../../../src/domain';

const i18n = createI18n('en');
const en: Translate = (key, args) => i18n.t('en', key, args);
const ru: Translate = (key, args) => i18n.t('ru', key, args);

const payloads = (markup: InlineKeyboardMarkup) =>
  markup.inline_keyboard.map((row) => row.map((b) => (b as { callback_data: string }).callback_data));
const labels = (markup: InlineKeyboardMarkup) => markup.inline_keyboard.map((row) => row.map((b) => b.text));

function expectWellFormed(view: { text: string; reply_markup: InlineKeyboardMarkup }) {
  for (const payload of payloads(view.reply_markup).flat()) {
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  }
  expect(view.text).not.toMatch(/\b(qc|notif|tech)-[a-z-]+/);
  for (const label of labels(view.reply_markup).flat()) expect(label).not.toMatch(/\b(qc|tech)-[a-z-]+/);
}

const ticket = (id: number, status: TicketStatus = 'waiting_qc', technician: string | null = 'Olga Ivanova') =>
  ({ id, serial: `RM-SER${id}`, status, technician }) satisfies QcTicketView;

describe('QC queue', () => {
  it('lists tickets as "🧪 #id · serial · technician" with open buttons, then the pager', () => {
    const view = renderQcQueue(en, {
      page: 2,
      pageCount: 3,
      total: 12,
      rows: [ticket(7), ticket(9, 'waiting_qc', null)],
    });
    expectWellFormed(view);
    expect(view.text.split('\n')).toEqual([
      '🧪 <b>My QC Checks</b>',
      '📦 <b>Total QC checks:</b> 12',
      '📄 <b>Page:</b> 2/3',
      '👇 Select a ticket to review.',
    ]);
    expect(labels(view.reply_markup)).toEqual([
      ['🧪 #7 · RM-SER7 · Olga Ivanova'],
      ['🧪 #9 · RM-SER9 · unassigned'],
      ['<', '2/3', '>'],
    ]);
    expect(payloads(view.reply_markup)).toEqual([
      ['tqq:open:7:2'],
      ['tqq:open:9:2'],
      ['tqq:refresh:1', 'tqq:refresh:2', 'tqq:refresh:3'],
    ]);
  });

  it('clamps the pager at both ends, shows none for one page, and says when nothing waits', () => {
    const empty = renderQcQueue(en, { page: 1, pageCount: 1, total: 0, rows: [] });
    expectWellFormed(empty);
    expect(empty.text).toContain('ℹ️ No tickets are waiting for QC right now.');
    expect(payloads(empty.reply_markup)).toEqual([]);
    const one = renderQcQueue(en, { page: 1, pageCount: 1, total: 1, rows: [ticket(1)] });
    expect(payloads(one.reply_markup)).toEqual([['tqq:open:1:1']]);
    const last = renderQcQueue(en, { page: 9, pageCount: 2, total: 6, rows: [ticket(1)] });
    expect(payloads(last.reply_markup).at(-1)).toEqual(['tqq:refresh:1', 'tqq:refresh:2', 'tqq:refresh:2']);
  });

  it('renders in Russian too', () => {
    const view = renderQcQueue(ru, { page: 1, pageCount: 1, total: 1, rows: [ticket(3)] });
    expectWellFormed(view);
    expect(view.text).toContain('Мои проверки QC');
  });

  it('round-trips its payloads', () => {
    expect(qcQueueButton.decode(qcQueueButton.encode({ kind: 'open', ticketId: 42, page: 3 }))).toEqual({
      kind: 'open',
      ticketId: 42,
      page: 3,
    });
    expect(qcQueueButton.decode('tqq:refresh:0')).toEqual({ kind: 'refresh', page: 1 });
    expect(qcQueueButton.decode('tqq:open:x:1')).toBeNull();
  });
});

describe('QC panel', () => {
  it('shows ticket, serial, status, technician; [Pass | Fail] / [Refresh] while waiting for QC', () => {
    const view = renderQcPanel(en, ticket(5));
    expectWellFormed(view);
    expect(view.text.split('\n')).toEqual([
      '🧪 <b>QC Ticket Action Panel</b>',
      '🎫 <b>Ticket:</b> #5',
      '🔢 <b>Serial number:</b> <code>RM-SER5</code>',
      '📍 <b>Status:</b> Waiting QC',
      '🛠 <b>Technician:</b> Olga Ivanova',
    ]);
    expect(labels(view.reply_markup)).toEqual([['✅ QC Pass', '❌ QC Fail'], ['🔄 Refresh ticket']]);
    expect(payloads(view.reply_markup)).toEqual([['tqc:5:pass', 'tqc:5:fail'], ['tqc:5:refresh']]);
  });

  it.each<TicketStatus>(['rework', 'done', 'in_progress', 'assigned'])('offers only Refresh when %s', (status) => {
    expect(labels(qcPanelKeyboard(en, 5, status))).toEqual([['🔄 Refresh ticket']]);
  });

  it('shows the parts that were to be repaired, with colour, minutes and comment, in en and ru', () => {
    const view = renderQcPanel(en, {
      ...ticket(5),
      partSpecs: [
        { part: 'Frame', color: 'yellow', minutes: 35, comment: 'Crack near the weld' },
        { part: 'Wheel', color: 'green', minutes: 10, comment: '' },
      ],
    });
    expectWellFormed(view);
    expect(view.text.split('\n').slice(5)).toEqual([
      '🧱 <b>Parts to repair:</b>',
      '• <b>Frame</b> • 🟡 Yellow • 35 min',
      '💬 <i>Crack near the weld</i>',
      '• <b>Wheel</b> • 🟢 Green • 10 min',
    ]);
    const russian = renderQcPanel(ru, {
      ...ticket(5),
      partSpecs: [{ part: 'Рама', color: 'red', minutes: 5, comment: '' }],
    });
    expect(russian.text).toContain('🧱 <b>Что ремонтировать:</b>\n• <b>Рама</b> • 🔴 Красный • 5 мин');
    expect(renderQcPanel(en, { ...ticket(5), partSpecs: [] }).text).toContain('No parts were specified');
  });

  it('adds "⬅ Back to my QC checks" when opened from the queue, and finds that page again', () => {
    const view = renderQcPanel(en, ticket(5), 4);
    expect(labels(view.reply_markup).at(-1)).toEqual(['⬅ Back to my QC checks']);
    expect(payloads(view.reply_markup).at(-1)).toEqual(['tqq:refresh:4']);
    expect(queuePageOf(view.reply_markup)).toBe(4);
    expect(queuePageOf(renderQcPanel(en, ticket(5)).reply_markup)).toBeNull();
    expect(queuePageOf(undefined)).toBeNull();
  });

  it('escapes names and serials', () => {
    const view = renderQcPanel(en, { id: 1, serial: 'RM-<B>', status: 'waiting_qc', technician: 'A & <b>' });
    expect(view.text).toContain('<code>RM-&lt;B&gt;</code>');
    expect(view.text).toContain('A &amp; &lt;b&gt;');
  });

  it('round-trips decision payloads and refuses forged ones', () => {
    expect(qcButton.decode('tqc:12:pass')).toEqual({ ticketId: 12, action: 'pass' });
    expect(qcButton.decode('tqc:12:fail')).toEqual({ ticketId: 12, action: 'fail' });
    expect(qcButton.decode('tqc:12:refresh')).toEqual({ ticketId: 12, action: 'refresh' });
    for (const forged of ['tqc:12:explode', 'tqc:x:pass', 'tqc:12', 'tqc:0:pass', 'tqc:12:pass:1']) {
      expect(qcButton.decode(forged)).toBeNull();
    }
  });
});

describe('QC fail reason prompt', () => {
  it('asks for the reason with Skip and Cancel', () => {
    const view = renderQcFailPrompt(en, 8);
    expectWellFormed(view);
    expect(view.text).toContain('QC fail for ticket #8');
    expect(labels(view.reply_markup)).toEqual([['⏭ Skip', '✖ Cancel']]);
    expect(payloads(view.reply_markup)).toEqual([['tqf:8:skip', 'tqf:8:cancel']]);
  });

  it('decodes only its own payloads', () => {
    expect(qcFailPromptButton.decode('tqf:8:skip')).toEqual({ ticketId: 8, action: 'skip' });
    expect(qcFailPromptButton.decode('tqf:8:cancel')).toEqual({ ticketId: 8, action: 'cancel' });
    for (const forged of ['tqf:8:pass', 'tqf:08:skip', 'tqf:8', 'tqc:8:skip', 'tqf:99999999999:skip']) {
      expect(qcFailPromptButton.decode(forged)).toBeNull();
    }
  });
});

describe('admin messages', () => {
  it('renders another system’s admin stream entry with its severity, escaped text and ticket', () => {
    const text = renderAdminNotification(en, {
      type: 'backup_failed',
      severity: 'warning',
      text: 'Ticket <1> waits',
      ticketId: 12,
    });
    expect(text.split('\n')).toEqual([
      '⚠️ <b>Admin notification</b> · <code>backup_failed</code>',
      'Ticket &lt;1&gt; waits',
      '🎫 <b>Ticket:</b> #12',
    ]);
  });
});
