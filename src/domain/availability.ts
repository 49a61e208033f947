// What a technician (or QC inspector) may do with a ticket right now, and the dashboard scopes and
// paging of the bot (workshop-domain.md §9).
import { type TicketStatus, type WorkSessionStatus } from './enums';
import { DomainError } from './errors';
import { isOpenSessionStatus } from './work-session';

/** Fixed display order of technician actions. */
export const TECHNICIAN_ACTIONS = ['start', 'pause', 'resume', 'stop', 'to_waiting_qc'] as const;
export type TechnicianAction = (typeof TECHNICIAN_ACTIONS)[number];

export const DASHBOARD_SCOPES = ['active', 'under_qc', 'past'] as const;
export type DashboardScope = (typeof DASHBOARD_SCOPES)[number];

export const DASHBOARD_PAGE_SIZE = 5;

export const SCOPE_STATUSES: Readonly<Record<DashboardScope, readonly TicketStatus[]>> = {
  active: ['assigned', 'rework', 'in_progress'],
  under_qc: ['waiting_qc'],
  past: ['done'],
};

export const TICKET_STATUS_ICONS: Readonly<Partial<Record<TicketStatus, string>>> = {
  assigned: '🟡',
  rework: '🟠',
  in_progress: '🟢',
  waiting_qc: '🧪',
  done: '✅',
};

export function isDashboardScope(value: unknown): value is DashboardScope {
  return typeof value === 'string' && (DASHBOARD_SCOPES as readonly string[]).includes(value);
}

/** The dashboard a ticket in this status belongs to; null for statuses no technician dashboard shows. */
export function scopeForStatus(status: TicketStatus): DashboardScope | null {
  return DASHBOARD_SCOPES.find((scope) => SCOPE_STATUSES[scope].includes(status)) ?? null;
}

/**
 * The session whose state drives the buttons: the open one, else the latest started (ties by id).
 */
export function sessionForActions<
  T extends { readonly status: WorkSessionStatus; readonly startedAt: number; readonly id?: number },
>(sessions: readonly T[]): T | null {
  const open = sessions.find((session) => isOpenSessionStatus(session.status));
  if (open) return open;
  let latest: T | null = null;
  for (const session of sessions) {
    if (
      latest === null ||
      session.startedAt > latest.startedAt ||
      (session.startedAt === latest.startedAt && (session.id ?? 0) > (latest.id ?? 0))
    ) {
      latest = session;
    }
  }
  return latest;
}

/**
 * Actions for the ticket's owner, in fixed order. Ownership is checked before (`requireTicketOwner`).
 * assigned/rework: start, unless the technician has an open session anywhere; in_progress: by the
 * session's state; anything else, or in_progress with no session: none.
 */
export function availableTechnicianActions(
  ticket: { readonly status: TicketStatus },
  sessionUsed: { readonly status: WorkSessionStatus } | null,
  technicianHasOpenSessionAnywhere: boolean,
): TechnicianAction[] {
  if (ticket.status === 'assigned' || ticket.status === 'rework') {
    return technicianHasOpenSessionAnywhere ? [] : ['start'];
  }
  if (ticket.status !== 'in_progress' || sessionUsed === null) return [];
  switch (sessionUsed.status) {
    case 'running':
      return ['pause', 'stop'];
    case 'paused':
      return ['resume', 'stop'];
    case 'stopped':
      return ['to_waiting_qc'];
  }
}

export function isTechnicianAction(value: unknown): value is TechnicianAction {
  return typeof value === 'string' && (TECHNICIAN_ACTIONS as readonly string[]).includes(value);
}

/** Only the assigned technician sees or acts on a ticket from the technician views. */
export function requireTicketOwner(
  ticket: { readonly technicianId: number | null } | null,
  technicianId: number,
): void {
  if (!ticket || ticket.technicianId !== technicianId) throw new DomainError('action.ticket_not_yours');
}

/** The server re-checks a pressed button against what is available now. */
export function requireAvailableAction(action: string, available: readonly TechnicianAction[]): TechnicianAction {
  if (!isTechnicianAction(action)) throw new DomainError('action.unknown');
  if (!available.includes(action)) throw new DomainError('action.not_available');
  return action;
}

export const QC_DECISIONS = ['pass', 'fail'] as const;
export type QcDecision = (typeof QC_DECISIONS)[number];

/** QC buttons show only while the ticket waits for QC. */
export function availableQcDecisions(status: TicketStatus): QcDecision[] {
  return status === 'waiting_qc' ? [...QC_DECISIONS] : [];
}

export function requireQcDecisionAvailable(status: TicketStatus): void {
  if (status !== 'waiting_qc') throw new DomainError('qc.action_not_available');
}

// ---------------------------------------------------------------------------------------------
// Paging

/** At least one page, so an empty list still renders "1/1". */
export function pageCount(total: number, perPage: number = DASHBOARD_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(Math.max(total, 0) / Math.max(perPage, 1)));
}

/** Page clamped to [1, page count]; anything unparsable becomes 1. */
export function clampPage(page: number, total: number, perPage: number = DASHBOARD_PAGE_SIZE): number {
  const wanted = Number.isFinite(page) ? Math.trunc(page) : 1;
  return Math.min(Math.max(wanted, 1), pageCount(total, perPage));
}

/** The page to show (clamped) and the slice of rows it holds. */
export function pageWindow(
  page: number,
  total: number,
  perPage: number = DASHBOARD_PAGE_SIZE,
): { page: number; pageCount: number; limit: number; offset: number } {
  const current = clampPage(page, total, perPage);
  return { page: current, pageCount: pageCount(total, perPage), limit: perPage, offset: (current - 1) * perPage };
}

/** After an action the scope follows the new status; the page is kept only when the scope is unchanged. */
export function viewAfterAction(
  previous: { readonly scope: DashboardScope; readonly page: number },
  newStatus: TicketStatus,
): { scope: DashboardScope; page: number } {
  const scope = scopeForStatus(newStatus) ?? previous.scope;
  return { scope, page: scope === previous.scope ? previous.page : 1 };
}
