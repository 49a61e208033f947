// Technician views (workshop-domain.md §9), pure: a view model and a translator in, HTML text and
// an inline keyboard out. No I/O and no clock: "now" and the time zone are passed in.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import {
  type DashboardScope,
  type LevelProgress,
  localDateTime,
  TECHNICIAN_ACTIONS,
  type TechnicianAction,
  TICKET_STATUS_ICONS,
  type TicketColor,
  type TicketStatus,
  type WorkSessionStatus,
} from '../../domain';
import { queueButton, ticketButton, xpHistoryButton } from '../callbacks/technician';
import type { DashboardPage, DashboardRow, TicketCardView, TicketSessionView } from '../../reads/ticket-queries';
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';

export interface RenderedView {
  text: string;
  reply_markup: InlineKeyboardMarkup;
}

/** Fluent key fragment of an enum value: `under_qc` → `under-qc`. */
const dashed = (value: string) => value.replace(/_/g, '-');

/** Numbers go to Fluent as strings: ids and counts must not get locale digit grouping. */
const str = (value: number) => String(value);

export function statusLabel(t: Translate, status: TicketStatus): string {
  return t(`tech-status-${dashed(status)}`);
}

export function sessionStatusLabel(t: Translate, status: WorkSessionStatus): string {
  return t(`tech-session-${status}`);
}

export const statusIcon = (status: TicketStatus): string => TICKET_STATUS_ICONS[status] ?? '🎟';

// ---------------------------------------------------------------------------------------------
// Dashboards

/** `<` · `p/P` · `>`, every button a refresh of the list at that page (pages clamped). */
function pagerRow(scope: DashboardScope, page: number, pages: number): InlineKeyboardButton[] {
  const refresh = (target: number) => queueButton.encode({ kind: 'refresh', scope, page: target });
  return [
    { text: '<', callback_data: refresh(Math.max(1, page - 1)) },
    { text: `${page}/${pages}`, callback_data: refresh(page) },
    { text: '>', callback_data: refresh(Math.min(pages, page + 1)) },
  ];
}

/**
 * A row's XP in words: "+1 of 3" while in work, "+4 (3 base + 1 bonus)" once more than the
 * ticket's XP was earned (the first-pass bonus), "+0 (not estimated yet)" without metrics.
 */
export function dashboardXp(t: Translate, row: Pick<DashboardRow, 'acquiredXp' | 'potentialXp'>): string {
  const acquired = str(row.acquiredXp);
  if (row.potentialXp <= 0) return t('tech-dashboard-row-xp-pending', { acquired });
  if (row.acquiredXp > row.potentialXp) {
    return t('tech-dashboard-row-xp-bonus', {
      acquired,
      base: str(row.potentialXp),
      bonus: str(row.acquiredXp - row.potentialXp),
    });
  }
  return t('tech-dashboard-row-xp', { acquired, potential: str(row.potentialXp) });
}

/** One scope of a technician's tickets: heading, totals, one line and one button per ticket. */
export function renderDashboard(t: Translate, view: DashboardPage): RenderedView {
  const scope = dashed(view.scope);
  const pages = Math.max(1, view.pageCount);
  const page = Math.min(Math.max(1, view.page), pages);
  const lines = [t(`tech-dashboard-heading-${scope}`)];
  if (view.rows.length === 0) {
    lines.push(t(`tech-dashboard-empty-${scope}`));
  } else {
    lines.push(
      t(`tech-dashboard-total-${scope}`, { count: str(view.total) }),
      t('tech-dashboard-page', { page: str(page), pages: str(pages) }),
    );
    for (const row of view.rows) {
      const parts = [
        `${statusIcon(row.status)} <b>#${row.id}</b>`,
        `<code>${escapeHtml(row.serial)}</code>`,
        escapeHtml(statusLabel(t, row.status)),
      ];
      if (row.sessionStatus) {
        parts.push(t('tech-dashboard-row-session', { session: escapeHtml(sessionStatusLabel(t, row.sessionStatus)) }));
      }
      parts.push(dashboardXp(t, row));
      lines.push(parts.join(' • '));
    }
    lines.push(t('tech-dashboard-hint'));
  }
  const keyboard: InlineKeyboardButton[][] = view.rows.map((row) => [
    {
      text: `${statusIcon(row.status)} #${row.id} · ${row.serial} · ${statusLabel(t, row.status)}`,
      callback_data: queueButton.encode({ kind: 'open', ticketId: row.id, scope: view.scope, page }),
    },
  ]);
  // A single page needs no pager.
  if (pages > 1) keyboard.push(pagerRow(view.scope, page, pages));
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: keyboard } };
}

/** The toast after a list refresh. */
export function dashboardRefreshedToast(t: Translate, scope: DashboardScope): string {
  return t(`tech-dashboard-refreshed-${dashed(scope)}`);
}

// ---------------------------------------------------------------------------------------------
// Ticket card

export type CardHeading = 'controls' | 'details' | 'updated';

export interface CardOptions {
  heading: CardHeading;
  /** Where the back button leads. */
  scope: DashboardScope;
  page: number;
  /** Epoch ms, for the running session's elapsed time. */
  now: number;
  /** The Mini App at this ticket, for an "Open in app" button (only where Telegram allows one). */
  appUrl?: string;
}

/** The heading a card opened from a list gets: controls in the active scope, details elsewhere. */
export const headingForScope = (scope: DashboardScope): CardHeading => (scope === 'active' ? 'controls' : 'details');

/** Active seconds of a session at `now`: the stored closed intervals plus the running one. */
export function sessionSecondsAt(session: TicketSessionView, now: number): number {
  const running =
    session.status === 'running' && session.lastStartedAt
      ? Math.max(0, Math.floor((now - session.lastStartedAt.getTime()) / 1000))
      : 0;
  return Math.max(0, session.activeSeconds) + running;
}

/** "12 min", "1 h 5 min". */
export function formatDuration(t: Translate, seconds: number): string {
  const totalMinutes = Math.floor(Math.max(0, seconds) / 60);
  if (totalMinutes < 60) return t('tech-duration-minutes', { minutes: str(totalMinutes) });
  return t('tech-duration-hours', { hours: str(Math.floor(totalMinutes / 60)), minutes: str(totalMinutes % 60) });
}

export function actionLabel(t: Translate, action: TechnicianAction | 'refresh'): string {
  return t(`tech-action-${dashed(action)}`);
}

/** The toast after a `tt:` action succeeded. */
export function actionToast(t: Translate, action: TechnicianAction | 'refresh'): string {
  return t(`tech-toast-${dashed(action)}`);
}

/** The toast for a press that found the ticket already where it wanted it ("Already started", …). */
export function alreadyToast(t: Translate, action: TechnicianAction): string {
  return t(`tech-toast-already-${dashed(action)}`);
}

export function backButton(t: Translate, scope: DashboardScope, page: number): InlineKeyboardButton {
  return {
    text: t(`tech-back-${dashed(scope)}`),
    callback_data: queueButton.encode({ kind: 'refresh', scope, page: Math.max(1, page) }),
  };
}

/** "📱 Open in app": a web_app button opening the Mini App at the ticket. */
export function openInAppButton(t: Translate, appUrl: string): InlineKeyboardButton {
  return { text: t('miniapp-open-button'), web_app: { url: appUrl } };
}

/**
 * Actions in fixed order, then Refresh (only when there is an action), two per row; then "Open in
 * app" when the card has the Mini App's URL; then the back row.
 */
export function cardKeyboard(
  t: Translate,
  ticketId: number,
  actions: readonly TechnicianAction[],
  scope: DashboardScope,
  page: number,
  appUrl?: string,
): InlineKeyboardMarkup {
  const ordered: (TechnicianAction | 'refresh')[] = TECHNICIAN_ACTIONS.filter((a) => actions.includes(a));
  if (ordered.length > 0) ordered.push('refresh');
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < ordered.length; i += 2) {
    rows.push(
      ordered
        .slice(i, i + 2)
        .map((action) => ({ text: actionLabel(t, action), callback_data: ticketButton.encode({ ticketId, action }) })),
    );
  }
  if (appUrl) rows.push([openInAppButton(t, appUrl)]);
  rows.push([backButton(t, scope, page)]);
  return { inline_keyboard: rows };
}

/** One part to repair: what, its colour flag, the planned minutes, and the master's comment. */
export interface PartSpecView {
  part: string;
  color: TicketColor;
  minutes: number;
  comment?: string | null;
}

/** "🧱 Parts to repair:" and a "• part • 🟢 Green • 10 min" row per part (comment below), or "no parts". */
export function partSpecLines(t: Translate, specs: readonly PartSpecView[]): string[] {
  if (specs.length === 0) return [t('tech-card-no-parts')];
  const lines = [t('tech-card-parts')];
  for (const spec of specs) {
    lines.push(
      t('tech-card-part', {
        part: escapeHtml(spec.part),
        color: t(`tech-color-${spec.color}`),
        minutes: str(spec.minutes),
      }),
    );
    const comment = (spec.comment ?? '').trim();
    if (comment) lines.push(t('tech-card-part-comment', { comment: escapeHtml(comment) }));
  }
  return lines;
}

export function renderTicketCard(t: Translate, card: TicketCardView, options: CardOptions): RenderedView {
  const serial = card.serial || t('tech-card-serial-unknown');
  const lines = [
    t(`tech-card-heading-${options.heading}`),
    t('tech-card-ticket', { id: str(card.id) }),
    t('tech-card-serial', { serial: escapeHtml(serial) }),
    t('tech-card-status', { status: escapeHtml(statusLabel(t, card.status)) }),
    ...partSpecLines(t, card.partSpecs),
  ];
  if (card.session) {
    lines.push(
      t('tech-card-session', {
        session: escapeHtml(sessionStatusLabel(t, card.session.status)),
        duration: formatDuration(t, sessionSecondsAt(card.session, options.now)),
      }),
    );
  }
  lines.push(
    card.potentialXp > 0
      ? t('tech-card-potential-xp', { xp: str(card.potentialXp) })
      : t('tech-card-potential-xp-pending'),
    t('tech-card-acquired-xp', { xp: str(card.acquiredXp) }),
  );
  if (card.potentialXp > 0) {
    lines.push(t('tech-card-xp-progress', { acquired: str(card.acquiredXp), potential: str(card.potentialXp) }));
  }
  const actions = TECHNICIAN_ACTIONS.filter((a) => card.actions.includes(a));
  if (actions.length > 0) {
    lines.push(t('tech-card-actions'), ...actions.map((a) => `• ${escapeHtml(actionLabel(t, a))}`));
  } else {
    lines.push(t('tech-card-no-actions'));
  }
  return {
    text: lines.join('\n'),
    reply_markup: cardKeyboard(t, card.id, actions, options.scope, options.page, options.appUrl),
  };
}

/**
 * The list a card's back button leads to, read from the card's keyboard (`ttq:refresh:<scope>:<page>`);
 * null when the message has none.
 */
export function listContextOf(
  markup: InlineKeyboardMarkup | undefined,
): { scope: DashboardScope; page: number } | null {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (!('callback_data' in button) || !button.callback_data) continue;
      const parsed = queueButton.decode(button.callback_data);
      if (parsed?.kind === 'refresh') return { scope: parsed.scope, page: parsed.page };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// XP

export interface XpEntryView {
  amount: number;
  entryType: string;
  description: string;
  createdAt: Date;
}

/** System descriptions the domain writes, shown as friendly translated labels. */
const SYSTEM_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'Attendance punctuality XP': 'attendance_punctuality',
  'Ticket completion base XP': 'ticket_base_xp',
  'Ticket QC first-pass bonus XP': 'ticket_qc_first_pass_bonus',
  'QC status update XP': 'ticket_qc_status_update',
  'Manual XP adjustment': 'manual_adjustment',
};
const ENTRY_KINDS = new Set(Object.values(SYSTEM_DESCRIPTIONS));

export function xpEntryDescription(t: Translate, entry: Pick<XpEntryView, 'entryType' | 'description'>): string {
  const description = entry.description.trim();
  const kind = SYSTEM_DESCRIPTIONS[description];
  if (kind) return t(`tech-xp-kind-${dashed(kind)}`);
  if (description) return description;
  return t(ENTRY_KINDS.has(entry.entryType) ? `tech-xp-kind-${dashed(entry.entryType)}` : 'tech-xp-kind-other');
}

/** `YYYY-MM-DD HH:MM` in the workshop's time zone. */
export function formatDateTime(at: Date, timeZone: string): string {
  const local = localDateTime(at.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${local.year}-${two(local.month)}-${two(local.day)} ${two(local.hour)}:${two(local.minute)}`;
}

function xpEntryLine(t: Translate, entry: XpEntryView, timeZone: string): string {
  return t('tech-xp-entry', {
    time: formatDateTime(entry.createdAt, timeZone),
    amount: `${entry.amount >= 0 ? '+' : ''}${entry.amount}`,
    description: escapeHtml(xpEntryDescription(t, entry)),
  });
}

export interface XpSummaryView {
  total: number;
  progress: LevelProgress;
  updates: number;
  recent: XpEntryView[];
  timeZone: string;
}

/** /xp: total, level, progress to the next level, and the latest updates. */
export function renderXpSummary(t: Translate, view: XpSummaryView): string {
  const { progress } = view;
  const lines = [
    t('tech-xp-title'),
    t('tech-xp-total', { xp: str(view.total) }),
    t('tech-xp-level', { level: str(progress.level) }),
    progress.nextLevel === null || progress.nextThreshold === null
      ? t('tech-xp-top-level')
      : t('tech-xp-next-level', {
          level: str(progress.nextLevel),
          threshold: str(progress.nextThreshold),
          missing: str(progress.xpToNextLevel ?? 0),
        }),
    t('tech-xp-updates', { count: str(view.updates) }),
  ];
  if (view.recent.length === 0) {
    lines.push(t('tech-xp-empty'));
  } else {
    lines.push('', t('tech-xp-latest'), ...view.recent.map((e) => xpEntryLine(t, e, view.timeZone)));
  }
  return lines.join('\n');
}

/** The largest page-aligned offset that still shows something. */
export function clampXpOffset(total: number, limit: number, offset: number): number {
  if (total <= 0) return 0;
  const maxOffset = Math.floor((total - 1) / limit) * limit;
  return Math.min(Math.max(0, offset), maxOffset);
}

export interface XpHistoryView {
  total: number;
  limit: number;
  /** Already clamped (clampXpOffset). */
  offset: number;
  rows: XpEntryView[];
  timeZone: string;
}

/** /xp_history: one page of XP rows, newest first, with `xph:<limit>:<offset>` paging. */
export function renderXpHistory(
  t: Translate,
  view: XpHistoryView,
): { text: string; reply_markup?: InlineKeyboardMarkup } {
  const lines = [t('tech-xp-history-title')];
  if (view.total <= 0) {
    lines.push(t('tech-xp-empty'));
    return { text: lines.join('\n') };
  }
  const { limit, offset, total } = view;
  lines.push(
    t('tech-xp-history-showing', { start: str(offset + 1), end: str(offset + view.rows.length), total: str(total) }),
    ...view.rows.map((e) => xpEntryLine(t, e, view.timeZone)),
  );
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.floor((total - 1) / limit) + 1;
  const maxOffset = (pages - 1) * limit;
  const at = (target: number) => xpHistoryButton.encode({ limit, offset: target });
  if (pages <= 1) return { text: lines.join('\n') };
  return {
    text: lines.join('\n'),
    reply_markup: {
      inline_keyboard: [
        [
          { text: '<', callback_data: at(Math.max(0, offset - limit)) },
          { text: `${page}/${pages}`, callback_data: at(offset) },
          { text: '>', callback_data: at(Math.min(maxOffset, offset + limit)) },
        ],
      ],
    },
  };
}
