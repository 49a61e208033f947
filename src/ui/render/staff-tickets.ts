// Staff views (workshop-domain.md §9 "Admin bot UI"), pure: a view model and a translator in, HTML
// text and an inline keyboard out. Intake: item list, unknown-serial confirmation, reason prompt,
// parts, per-part editor, summary with metrics, manual override. Review: queue, ticket panel,
// technician picker, manual metrics editor. Metrics arrive computed (by the domain) — never here.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import {
  awaitsReview,
  canBeAssigned,
  TICKET_COLORS,
  type TicketColor,
  type TicketMetrics,
  type TicketStatus,
} from '../../domain';
import type { IntakeDraft, IntakePart, ManualOverrideDraft } from '../forms/intake-draft';
import type { ItemRow, Paged, ReviewPanelView, ReviewRow, TechnicianOption } from '../../reads/staff-queries';
import {
  ADJUST_STEPS,
  INTAKE_MINUTE_PRESETS,
  intakeButton,
  MANUAL_XP_PRESETS,
  reviewActionButton,
  reviewQueueButton,
} from '../callbacks/staff';
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';

export interface StaffView {
  text: string;
  reply_markup: InlineKeyboardMarkup;
}

/** Numbers go to Fluent as strings: ids and counts must not get locale digit grouping. */
const str = (value: number) => String(value);
const dashed = (value: string) => value.replace(/_/g, '-');
const button = (text: string, callback_data: string): InlineKeyboardButton => ({ text, callback_data });
const signed = (step: number) => (step > 0 ? `+${step}` : String(step));

export const colorLabel = (t: Translate, color: TicketColor) => t(`adm-color-${color}`);
export const statusLabel = (t: Translate, status: TicketStatus) => t(`adm-status-${dashed(status)}`);

/** Three color buttons; the chosen one carries its emoji, like the reference. */
function colorRow(
  t: Translate,
  chosen: TicketColor | null,
  encode: (color: TicketColor) => string,
): InlineKeyboardButton[] {
  return TICKET_COLORS.map((color) =>
    button(color === chosen ? colorLabel(t, color) : t(`adm-color-name-${color}`), encode(color)),
  );
}

/**
 * `<` · `p/P` · `>`, every button the list at that page (pages are clamped again on arrival); no
 * row at all when everything fits on one page.
 */
function pagerRows(page: number, pages: number, encode: (page: number) => string): InlineKeyboardButton[][] {
  if (pages <= 1) return [];
  return [
    [
      button('<', encode(Math.max(1, page - 1))),
      button(`${page}/${pages}`, encode(page)),
      button('>', encode(Math.min(pages, page + 1))),
    ],
  ];
}

const cancelRow = (t: Translate) => [button(t('adm-btn-cancel'), intakeButton.encode({ kind: 'cancel' }))];
const withNotice = (notice: string | undefined, lines: string[]) =>
  notice ? [`${escapeHtml(notice)}`, '', ...lines] : lines;

// ---------------------------------------------------------------------------------------------
// Intake

/**
 * Step 1: the item list, or (for a new serial) the items whose parts it may copy. With no item at
 * all there is nothing to copy, so the template step says so (and how out) instead of asking.
 */
export function renderIntakeItems(
  t: Translate,
  list: Paged<ItemRow>,
  options: { mode: 'items' | 'template'; serial?: string | null; notice?: string },
): StaffView {
  const template = options.mode === 'template';
  const serial = escapeHtml(options.serial ?? '');
  const lines = [t('adm-intake-title')];
  if (template && list.rows.length === 0) {
    lines.push(t('adm-intake-template-empty', { serial }));
  } else {
    lines.push(template ? t('adm-intake-step-template', { serial }) : t('adm-intake-step-items'));
    lines.push(t('adm-page', { page: str(list.page), pages: str(list.pageCount) }));
    if (list.rows.length === 0) {
      lines.push(t('adm-intake-items-empty'));
    } else {
      lines.push('', t('adm-intake-items-heading'));
      for (const row of list.rows) {
        const line = t('adm-intake-item-row', {
          id: str(row.id),
          serial: escapeHtml(row.serial),
          name: escapeHtml(row.name),
        });
        lines.push(row.hasActiveTicket && !template ? `${line} ${t('adm-intake-item-busy')}` : line);
      }
    }
    lines.push(template ? t('adm-intake-template-hint') : t('adm-intake-items-hint'));
  }
  const rows: InlineKeyboardButton[][] = list.rows.map((row) => [
    button(
      `${row.hasActiveTicket && !template ? '🔒 ' : ''}#${row.id} · ${row.serial}`,
      intakeButton.encode({ kind: 'item', itemId: row.id, page: list.page }),
    ),
  ]);
  rows.push(...pagerRows(list.page, list.pageCount, (page) => intakeButton.encode({ kind: 'list', page })));
  if (template) rows.push([button(t('adm-btn-back'), intakeButton.encode({ kind: 'back' }))]);
  rows.push(cancelRow(t));
  return { text: withNotice(options.notice, lines).join('\n'), reply_markup: { inline_keyboard: rows } };
}

/**
 * An unknown serial, in the bot's words (the domain's refusal names the API's fields): a button
 * that confirms creating the item, and the close matches as buttons to pick instead. `refusal`: a
 * different refusal met meanwhile (e.g. the serial was archived), shown as the domain words it.
 */
export function renderSerialConfirm(
  t: Translate,
  view: { serial: string; suggestions: { id: number; serial: string }[]; page: number; refusal?: string },
): StaffView {
  const serial = escapeHtml(view.serial);
  const lines = [t('adm-intake-title')];
  if (view.refusal) lines.push(`⚠️ ${escapeHtml(view.refusal)}`);
  else lines.push(t('adm-intake-serial-unknown', { serial }));
  if (view.suggestions.length > 0) {
    const matches = view.suggestions.map((s) => `<code>${escapeHtml(s.serial)}</code>`).join(', ');
    lines.push(t('adm-intake-serial-similar', { matches }));
  }
  lines.push(
    '',
    t(view.suggestions.length > 0 ? 'adm-intake-confirm-hint-matches' : 'adm-intake-confirm-hint', { serial }),
  );
  const rows: InlineKeyboardButton[][] = [
    [button(t('adm-intake-btn-create-item', { serial: view.serial }), intakeButton.encode({ kind: 'go' }))],
    ...view.suggestions.map((s) => [
      button(`🔎 ${s.serial}`, intakeButton.encode({ kind: 'item', itemId: s.id, page: view.page })),
    ]),
    [button(t('adm-intake-btn-back-items'), intakeButton.encode({ kind: 'back' }))],
    cancelRow(t),
  ];
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** The reason for creating the item comes as the next text message. */
export function renderReasonPrompt(t: Translate, view: { serial: string; notice?: string }): StaffView {
  const lines = [t('adm-intake-title'), t('adm-intake-reason-prompt', { serial: escapeHtml(view.serial) })];
  return {
    text: withNotice(view.notice, lines).join('\n'),
    reply_markup: {
      inline_keyboard: [[button(t('adm-btn-back'), intakeButton.encode({ kind: 'back' }))], cancelRow(t)],
    },
  };
}

function serialLines(t: Translate, draft: Pick<IntakeDraft, 'serial' | 'newItem'>): string[] {
  const lines = [t('adm-intake-serial', { serial: escapeHtml(draft.serial ?? '') })];
  if (draft.newItem?.reason) lines.push(t('adm-intake-new-item', { reason: escapeHtml(draft.newItem.reason) }));
  return lines;
}

/** Step 2: toggle parts. */
export function renderParts(
  t: Translate,
  draft: Pick<IntakeDraft, 'serial' | 'newItem' | 'parts' | 'selected' | 'itemsPage'>,
): StaffView {
  const chosen = new Set(draft.selected);
  const lines = [t('adm-intake-title'), t('adm-intake-step-parts'), ...serialLines(t, draft)];
  if (draft.parts.length === 0) {
    lines.push(t('adm-intake-no-parts'));
  } else {
    lines.push('', t('adm-intake-parts-heading'));
    for (const part of draft.parts) {
      lines.push(`${chosen.has(part.id) ? '✅' : '☐'} <b>#${part.id}</b> ${escapeHtml(part.name)}`);
    }
    lines.push('', t('adm-intake-selected', { count: str(chosen.size) }));
  }
  const rows: InlineKeyboardButton[][] = draft.parts.map((part) => [
    button(`${chosen.has(part.id) ? '✅' : '☐'} ${part.name}`, intakeButton.encode({ kind: 'tog', partId: part.id })),
  ]);
  rows.push([button(t('adm-intake-btn-configure'), intakeButton.encode({ kind: 'go' }))]);
  rows.push([
    draft.newItem
      ? button(t('adm-btn-back'), intakeButton.encode({ kind: 'back' }))
      : button(t('adm-intake-btn-back-items'), intakeButton.encode({ kind: 'list', page: draft.itemsPage })),
  ]);
  rows.push(cancelRow(t));
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** Step 3: color and minutes of one part. */
export function renderSpecEditor(
  t: Translate,
  draft: Pick<IntakeDraft, 'serial' | 'newItem' | 'selected' | 'cursor' | 'editing' | 'specs'>,
  part: IntakePart,
): StaffView {
  const { color, minutes } = draft.editing;
  const configured = draft.specs.filter((s) => draft.selected.includes(s.partId)).length;
  const lines = [
    t('adm-intake-title'),
    t('adm-intake-step-spec'),
    ...serialLines(t, draft),
    t('adm-intake-part', {
      index: str(draft.cursor + 1),
      total: str(draft.selected.length),
      name: escapeHtml(part.name),
    }),
    t('adm-intake-color', { color: colorLabel(t, color) }),
    t('adm-intake-color-legend'),
    t('adm-intake-minutes', { minutes: str(minutes) }),
    t('adm-intake-configured', { count: str(configured) }),
    t('adm-intake-spec-hint'),
  ];
  const [minus5, minus1, plus1, plus5] = ADJUST_STEPS.map((step) =>
    button(signed(step), intakeButton.encode({ kind: 'adj', step })),
  );
  const rows: InlineKeyboardButton[][] = [
    colorRow(t, color, (c) => intakeButton.encode({ kind: 'clr', color: c })),
    INTAKE_MINUTE_PRESETS.map((m) => button(str(m), intakeButton.encode({ kind: 'min', minutes: m }))),
    [
      minus5!,
      minus1!,
      button(t('adm-intake-minutes-short', { minutes: str(minutes) }), intakeButton.encode({ kind: 'noop' })),
      plus1!,
      plus5!,
    ],
    [button(t('adm-intake-btn-save-part'), intakeButton.encode({ kind: 'save' }))],
    [button(t('adm-intake-btn-back-parts'), intakeButton.encode({ kind: 'back' }))],
    cancelRow(t),
  ];
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

export interface IntakeSummaryView {
  serial: string;
  newItemReason: string | null;
  specs: { part: string; color: TicketColor; minutes: number }[];
  /** What the ticket will get (the domain's ticketMetrics, override included). */
  metrics: TicketMetrics;
  /** The automatic metrics, shown next to an override. */
  auto: TicketMetrics;
  /** Flag thresholds of the active rules (resolved). */
  thresholds: { green: number; yellow: number };
}

function metricLines(t: Translate, view: IntakeSummaryView): string[] {
  const lines = [
    t('adm-intake-total', { minutes: str(view.metrics.totalDuration) }),
    t('adm-intake-flag', { flag: colorLabel(t, view.metrics.flagColor) }),
    t('adm-intake-thresholds', { green: str(view.thresholds.green), yellow: str(view.thresholds.yellow) }),
    t('adm-intake-xp', { xp: str(view.metrics.xpAmount) }),
  ];
  if (view.metrics.isManual) {
    lines.push(t('adm-intake-manual-mark', { flag: colorLabel(t, view.auto.flagColor), xp: str(view.auto.xpAmount) }));
  }
  return lines;
}

/** Summary: the part specs and the computed metrics; create, or override flag and XP. */
export function renderIntakeSummary(t: Translate, view: IntakeSummaryView): StaffView {
  const lines = [
    t('adm-intake-summary-title'),
    ...serialLines(t, { serial: view.serial, newItem: view.newItemReason ? { reason: view.newItemReason } : null }),
    '',
    t('adm-intake-specs-heading'),
    ...view.specs.map((s) =>
      t('adm-intake-spec-row', { part: escapeHtml(s.part), color: colorLabel(t, s.color), minutes: str(s.minutes) }),
    ),
    '',
    ...metricLines(t, view),
    '',
    t('adm-intake-summary-hint'),
  ];
  const rows: InlineKeyboardButton[][] = [
    [button(t('adm-intake-btn-create'), intakeButton.encode({ kind: 'create' }))],
    [button(t('adm-intake-btn-manual'), intakeButton.encode({ kind: 'go' }))],
    [button(t('adm-intake-btn-back-parts'), intakeButton.encode({ kind: 'back' }))],
    cancelRow(t),
  ];
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** The optional override at intake: flag color and XP, both or none. */
export function renderIntakeOverride(
  t: Translate,
  view: { serial: string; edit: ManualOverrideDraft; auto: TicketMetrics },
): StaffView {
  const notSet = t('adm-not-set');
  const { flagColor, xpAmount } = view.edit;
  const lines = [
    t('adm-intake-override-title'),
    t('adm-intake-serial', { serial: escapeHtml(view.serial) }),
    t('adm-intake-override-auto', { flag: colorLabel(t, view.auto.flagColor), xp: str(view.auto.xpAmount) }),
    t('adm-intake-override-values', {
      flag: flagColor ? colorLabel(t, flagColor) : notSet,
      xp: xpAmount === null ? notSet : str(xpAmount),
    }),
    t('adm-intake-override-hint'),
  ];
  const [minus5, minus1, plus1, plus5] = ADJUST_STEPS.map((step) =>
    button(signed(step), intakeButton.encode({ kind: 'adj', step })),
  );
  const rows: InlineKeyboardButton[][] = [
    colorRow(t, flagColor, (c) => intakeButton.encode({ kind: 'clr', color: c })),
    [
      minus5!,
      minus1!,
      button(xpAmount === null ? `${notSet} XP` : `${xpAmount} XP`, intakeButton.encode({ kind: 'noop' })),
      plus1!,
      plus5!,
    ],
    [button(t('adm-intake-btn-apply'), intakeButton.encode({ kind: 'save' }))],
    [button(t('adm-intake-btn-auto'), intakeButton.encode({ kind: 'back' }))],
    cancelRow(t),
  ];
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** The flow's message once the ticket exists (no buttons left). */
export function renderIntakeCreated(
  t: Translate,
  view: { id: number; serial: string; status: TicketStatus; metrics: TicketMetrics },
): string {
  return [
    t('adm-intake-created-title'),
    t('adm-intake-created-ticket', { id: str(view.id) }),
    t('adm-intake-serial', { serial: escapeHtml(view.serial) }),
    t('adm-status-line', { status: statusLabel(t, view.status) }),
    t('adm-intake-total', { minutes: str(view.metrics.totalDuration) }),
    t('adm-flag-xp', {
      flag: colorLabel(t, view.metrics.flagColor),
      xp: str(view.metrics.xpAmount),
    }) + (view.metrics.isManual ? ` ${t('adm-manual-suffix')}` : ''),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Review

/** The review queue: every active ticket, newest first. */
export function renderReviewQueue(t: Translate, list: Paged<ReviewRow>): StaffView {
  const lines = [t('adm-review-title')];
  if (list.rows.length === 0) {
    lines.push(t('adm-page', { page: str(list.page), pages: str(list.pageCount) }), t('adm-review-empty'));
  } else {
    lines.push(
      t('adm-review-total', { count: str(list.total) }),
      t('adm-page', { page: str(list.page), pages: str(list.pageCount) }),
    );
    for (const row of list.rows) {
      const parts = [`<b>#${row.id}</b>`, `<code>${escapeHtml(row.serial)}</code>`, statusLabel(t, row.status)];
      if (row.technician) parts.push(`👤 ${escapeHtml(row.technician)}`);
      lines.push(`• ${parts.join(' • ')}`);
    }
    lines.push(t('adm-review-hint'));
  }
  const rows: InlineKeyboardButton[][] = list.rows.map((row) => [
    button(
      `🎫 #${row.id} · ${row.serial}`,
      reviewQueueButton.encode({ kind: 'open', ticketId: row.id, page: list.page }),
    ),
  ]);
  rows.push(...pagerRows(list.page, list.pageCount, (page) => reviewQueueButton.encode({ kind: 'refresh', page })));
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** One ticket: details, Approve & Assign (when its status allows), Manual Metrics, refresh, back. */
export function renderReviewPanel(
  t: Translate,
  ticket: ReviewPanelView,
  options: { page: number; heading?: string },
): StaffView {
  const yesNo = (value: boolean) => t(value ? 'adm-yes' : 'adm-no');
  const lines = [
    ...(options.heading ? [escapeHtml(options.heading), ''] : []),
    t('adm-review-panel-title', { id: str(ticket.id) }),
    t('adm-review-serial', { serial: escapeHtml(ticket.serial) }),
    t('adm-status-line', { status: statusLabel(t, ticket.status) }),
    t('adm-review-title-line', { title: escapeHtml(ticket.title ?? t('adm-no-title')) }),
    t('adm-review-master', { master: escapeHtml(ticket.master) }),
    t('adm-review-technician', { technician: escapeHtml(ticket.technician ?? t('adm-not-assigned')) }),
    t('adm-review-approved', { approved: yesNo(ticket.reviewed) }),
    t('adm-intake-total', { minutes: str(ticket.totalDuration) }),
    t('adm-flag-xp', { flag: colorLabel(t, ticket.flagColor), xp: str(ticket.xpAmount) }),
    t('adm-review-manual', { manual: yesNo(ticket.isManual) }),
  ];
  if (ticket.partSpecs.length > 0) {
    lines.push(t('adm-intake-specs-heading'));
    for (const s of ticket.partSpecs) {
      lines.push(
        t('adm-intake-spec-row', {
          part: escapeHtml(s.part),
          color: colorLabel(t, s.color),
          minutes: str(s.minutes),
        }),
      );
    }
  }
  const rows: InlineKeyboardButton[][] = [];
  if (canBeAssigned(ticket.status)) {
    // "Approve & Assign" only while the review is still to be approved; then Assign, or Reassign.
    const label =
      !ticket.reviewed && awaitsReview(ticket.status)
        ? 'adm-review-btn-assign'
        : ticket.technicianId === null
          ? 'adm-review-btn-assign-only'
          : 'adm-review-btn-reassign';
    rows.push([button(t(label), reviewActionButton.encode({ kind: 'assign', ticketId: ticket.id }))]);
  }
  rows.push([button(t('adm-review-btn-manual'), reviewActionButton.encode({ kind: 'manual', ticketId: ticket.id }))]);
  rows.push([
    button(
      t('adm-review-btn-refresh'),
      reviewQueueButton.encode({ kind: 'open', ticketId: ticket.id, page: options.page }),
    ),
  ]);
  rows.push([button(t('adm-review-btn-back'), reviewQueueButton.encode({ kind: 'refresh', page: options.page }))]);
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** Active technicians to assign the ticket to, 5 per page. */
export function renderTechnicianPicker(
  t: Translate,
  view: { ticketId: number; serial: string; list: Paged<TechnicianOption>; currentTechnicianId: number | null },
): StaffView {
  const lines = [
    t('adm-assign-title', { id: str(view.ticketId) }),
    t('adm-review-serial', { serial: escapeHtml(view.serial) }),
    t('adm-page', { page: str(view.list.page), pages: str(view.list.pageCount) }),
  ];
  const rows: InlineKeyboardButton[][] = view.list.rows.map((tech) => [
    button(
      `${tech.id === view.currentTechnicianId ? '📌 ' : ''}${tech.label}`,
      reviewActionButton.encode({ kind: 'at', ticketId: view.ticketId, technicianId: tech.id }),
    ),
  ]);
  rows.push(
    ...pagerRows(view.list.page, view.list.pageCount, (page) =>
      reviewActionButton.encode({ kind: 'ap', ticketId: view.ticketId, page }),
    ),
  );
  rows.push([button(t('adm-assign-btn-back'), reviewActionButton.encode({ kind: 'bk', ticketId: view.ticketId }))]);
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}

/** Manual metrics of an existing ticket: color, XP presets and steps, save. */
export function renderManualEditor(
  t: Translate,
  view: { ticketId: number; serial: string; flagColor: TicketColor; xpAmount: number },
): StaffView {
  const { ticketId } = view;
  const lines = [
    t('adm-manual-title'),
    t('adm-manual-ticket', { id: str(ticketId) }),
    t('adm-review-serial', { serial: escapeHtml(view.serial) }),
    t('adm-manual-flag', { flag: colorLabel(t, view.flagColor) }),
    t('adm-manual-xp', { xp: str(view.xpAmount) }),
    t('adm-manual-hint'),
  ];
  const xpButton = (xp: (typeof MANUAL_XP_PRESETS)[number]) =>
    button(str(xp), reviewActionButton.encode({ kind: 'mx', ticketId, xp }));
  const [minus5, minus1, plus1, plus5] = ADJUST_STEPS.map((step) =>
    button(signed(step), reviewActionButton.encode({ kind: 'adj', ticketId, step })),
  );
  const rows: InlineKeyboardButton[][] = [
    colorRow(t, view.flagColor, (color) => reviewActionButton.encode({ kind: 'mc', ticketId, color })),
    MANUAL_XP_PRESETS.slice(0, 4).map(xpButton),
    MANUAL_XP_PRESETS.slice(4).map(xpButton),
    [
      minus5!,
      minus1!,
      button(str(view.xpAmount), reviewActionButton.encode({ kind: 'noop', ticketId })),
      plus1!,
      plus5!,
    ],
    [button(t('adm-manual-btn-save'), reviewActionButton.encode({ kind: 'ms', ticketId }))],
    [button(t('adm-assign-btn-back'), reviewActionButton.encode({ kind: 'bk', ticketId }))],
  ];
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: rows } };
}
