// QC views (workshop-domain.md §9 "QC UI"), pure: a view model and a translator in, HTML text and
// an inline keyboard out. Also the codec of the fail-reason prompt's buttons (`tqf:`).
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { availableQcDecisions, type TicketStatus } from '../../domain';
import { qcButton, qcFailPromptButton, qcQueueButton } from '../callbacks/qc';
import type { QcQueuePage, QcTicketView } from '../../reads/qc-queries';
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';
import { openInAppButton, partSpecLines, statusLabel, type RenderedView } from './technician';

/** Numbers go to Fluent as strings: ids and counts must not get locale digit grouping. */
const str = (value: number) => String(value);

const technicianOf = (t: Translate, view: Pick<QcTicketView, 'technician'>) =>
  view.technician ?? t('qc-technician-unassigned');

const serialOf = (t: Translate, view: Pick<QcTicketView, 'serial'>) => view.serial || t('qc-serial-unknown');

// ---------------------------------------------------------------------------------------------
// Queue

/** "🧪 My QC Checks": totals, one button per ticket ("🧪 #id · serial · technician"), the pager. */
export function renderQcQueue(t: Translate, view: QcQueuePage): RenderedView {
  const pages = Math.max(1, view.pageCount);
  const page = Math.min(Math.max(1, view.page), pages);
  const lines = [
    t('qc-queue-heading'),
    t('qc-queue-total', { count: str(view.total) }),
    t('qc-queue-page', { page: str(page), pages: str(pages) }),
    view.rows.length === 0 ? t('qc-queue-empty') : t('qc-queue-hint'),
  ];
  const keyboard: InlineKeyboardButton[][] = view.rows.map((row) => [
    {
      text: t('qc-queue-row', { id: str(row.id), serial: serialOf(t, row), technician: technicianOf(t, row) }),
      callback_data: qcQueueButton.encode({ kind: 'open', ticketId: row.id, page }),
    },
  ]);
  const refresh = (target: number) => qcQueueButton.encode({ kind: 'refresh', page: target });
  // A single page needs no pager.
  if (pages > 1) {
    keyboard.push([
      { text: '<', callback_data: refresh(Math.max(1, page - 1)) },
      { text: `${page}/${pages}`, callback_data: refresh(page) },
      { text: '>', callback_data: refresh(Math.min(pages, page + 1)) },
    ]);
  }
  return { text: lines.join('\n'), reply_markup: { inline_keyboard: keyboard } };
}

// ---------------------------------------------------------------------------------------------
// Panel

/**
 * The ticket lines of the QC panel (and of QC notifications): ticket, serial, status, technician,
 * then the parts that were to be repaired, when the view has them.
 */
export function qcTicketLines(t: Translate, view: QcTicketView): string[] {
  return [
    t('qc-panel-ticket', { id: str(view.id) }),
    t('qc-panel-serial', { serial: escapeHtml(serialOf(t, view)) }),
    t('qc-panel-status', { status: escapeHtml(statusLabel(t, view.status)) }),
    t('qc-panel-technician', { technician: escapeHtml(technicianOf(t, view)) }),
    ...(view.partSpecs ? partSpecLines(t, view.partSpecs) : []),
  ];
}

/**
 * [✅ QC Pass | ❌ QC Fail] / [🔄 Refresh ticket] while the ticket waits for QC, else only Refresh;
 * then "📱 Open in app" when given the Mini App's URL (`appUrl`); then "⬅ Back to my QC checks"
 * when the panel was opened from the queue (`backToPage`).
 */
export function qcPanelKeyboard(
  t: Translate,
  ticketId: number,
  status: TicketStatus,
  backToPage: number | null = null,
  appUrl?: string,
): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  const decisions = availableQcDecisions(status);
  if (decisions.length > 0) {
    rows.push(
      decisions.map((action) => ({
        text: t(`qc-action-${action}`),
        callback_data: qcButton.encode({ ticketId, action }),
      })),
    );
  }
  rows.push([{ text: t('qc-action-refresh'), callback_data: qcButton.encode({ ticketId, action: 'refresh' }) }]);
  if (appUrl) rows.push([openInAppButton(t, appUrl)]);
  if (backToPage !== null) {
    rows.push([
      { text: t('qc-back'), callback_data: qcQueueButton.encode({ kind: 'refresh', page: Math.max(1, backToPage) }) },
    ]);
  }
  return { inline_keyboard: rows };
}

/** "🧪 QC Ticket Action Panel" with its buttons. */
export function renderQcPanel(
  t: Translate,
  view: QcTicketView,
  backToPage: number | null = null,
  appUrl?: string,
): RenderedView {
  return {
    text: [t('qc-panel-heading'), ...qcTicketLines(t, view)].join('\n'),
    reply_markup: qcPanelKeyboard(t, view.id, view.status, backToPage, appUrl),
  };
}

/** The queue page a panel's back button leads to, read from its keyboard; null when it has none. */
export function queuePageOf(markup: InlineKeyboardMarkup | undefined): number | null {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (!('callback_data' in button) || !button.callback_data) continue;
      const parsed = qcQueueButton.decode(button.callback_data);
      if (parsed?.kind === 'refresh') return parsed.page;
    }
  }
  return null;
}

/** The toast after a `tqc:` button did its work. */
export function qcToast(t: Translate, action: 'pass' | 'fail' | 'refresh'): string {
  return t(`qc-toast-${action}`);
}

/** The toast for a decision that found the ticket already decided that way ("Already passed", …). */
export function qcAlreadyToast(t: Translate, action: 'pass' | 'fail'): string {
  return t(`qc-toast-already-${action}`);
}

// ---------------------------------------------------------------------------------------------
// Fail reason prompt

/** Longest reason kept; Telegram messages are at most 4096 characters and the card needs room. */
export const QC_FAIL_REASON_MAX_LENGTH = 1000;

/** Asks for the optional reason of a QC fail: typed as the next message, or skipped. */
export function renderQcFailPrompt(t: Translate, ticketId: number): RenderedView {
  return {
    text: t('qc-fail-prompt', { id: str(ticketId) }),
    reply_markup: {
      inline_keyboard: [
        [
          { text: t('qc-fail-skip'), callback_data: qcFailPromptButton.encode({ ticketId, action: 'skip' }) },
          { text: t('qc-fail-cancel'), callback_data: qcFailPromptButton.encode({ ticketId, action: 'cancel' }) },
        ],
      ],
    },
  };
}
