// Ticket state machine (workshop-domain.md §3). Each transition is a pure function: it checks the
// actor's capability and then the guards in the reference order, throwing DomainError with the
// exact text, or returns the new state, the transition row to write and the side effects.
import {
  type InventoryItemStatus,
  type RoleSlug,
  type TicketColor,
  type TicketStatus,
  type TicketTransitionAction,
  type WorkSessionStatus,
} from './enums';
import { DomainError } from './errors';
import { decideSerialIntake, type SerialIntakeDecision, type SerialIntakeFacts } from './intake';
import {
  checkPartSelection,
  type KnownPart,
  type ManualMetricsInput,
  manualMetricValues,
  normalizePartSpecs,
  type PartSpec,
  type PartSpecInput,
  requireIntAtLeast,
  requireTicketColor,
  ticketMetrics,
  totalMinutes,
} from './metrics';
import {
  canApproveAtCreation,
  canCreateTicket,
  canDecideQc,
  canReviewOrAssign,
  canWork,
  requireCapability,
} from './roles';
import { type TicketXpRules } from './rules';
import { type Actor, type EpochMs, type Instant, type JsonObject, toEpochMs } from './types';
import { startWorkSession, type WorkSessionChange } from './work-session';
import { type QcXpPlan } from './xp';

export interface TicketState {
  readonly id: number;
  readonly status: TicketStatus;
  readonly inventoryItemId: number;
  readonly masterId: number;
  readonly technicianId: number | null;
  readonly title: string | null;
  readonly totalDuration: number;
  readonly flagMinutes: number;
  readonly flagColor: TicketColor;
  readonly xpAmount: number;
  readonly isManual: boolean;
  readonly approvedById: number | null;
  readonly approvedAt: EpochMs | null;
  readonly assignedAt: EpochMs | null;
  /** First start only. */
  readonly startedAt: EpochMs | null;
  /** Set on QC pass, cleared on QC fail. */
  readonly finishedAt: EpochMs | null;
}

/** A TicketTransition row to append. */
export interface TicketTransitionRecord {
  readonly action: TicketTransitionAction;
  readonly fromStatus: TicketStatus | null;
  readonly toStatus: TicketStatus;
  readonly actorId: number | null;
  readonly note: string | null;
  readonly metadata: JsonObject;
}

/** Notification events (§8) to send after commit; recipients are resolved by the notifier. */
export type TicketNotificationEvent =
  | 'ticket_assigned_master'
  | 'ticket_assigned_technician'
  | 'ticket_started_master'
  | 'ticket_waiting_qc_reviewers'
  | 'ticket_qc_pass'
  | 'ticket_qc_fail_technician';

export interface TicketEffects {
  readonly itemStatus?: InventoryItemStatus;
  /** The session T3 opens, with its `started` transition. */
  readonly openSession?: WorkSessionChange;
  /** XP to write once the transition row (and its id) exists. */
  readonly xp?: QcXpPlan;
  readonly notifications: readonly TicketNotificationEvent[];
}

export interface TicketTransitionResult {
  readonly ticket: TicketState;
  /** Null where the reference writes no row (review approval, manual metrics, no-op). */
  readonly transition: TicketTransitionRecord | null;
  readonly effects: TicketEffects;
}

const NO_EFFECTS: TicketEffects = { notifications: [] };

export function isReviewed(ticket: Pick<TicketState, 'approvedById' | 'approvedAt'>): boolean {
  return ticket.approvedById !== null && ticket.approvedAt !== null;
}

function record(
  ticket: TicketState,
  action: TicketTransitionAction,
  toStatus: TicketStatus,
  actor: Actor,
  metadata: JsonObject = {},
): TicketTransitionRecord {
  return { action, fromStatus: ticket.status, toStatus, actorId: actor.id, note: null, metadata };
}

// ---------------------------------------------------------------------------------------------
// T0 create

export interface CreateTicketInput {
  readonly actor: Actor;
  readonly serial: SerialIntakeFacts;
  readonly partSpecs: readonly PartSpecInput[];
  /** The requested parts as found in the database (unknown ids are simply absent). */
  readonly knownParts: readonly KnownPart[];
  readonly manual?: ManualMetricsInput;
  /** Approve the review at creation; ops_manager / super_admin only. */
  readonly approveReview?: boolean;
  readonly title?: string | null;
  readonly rules: TicketXpRules;
  readonly now: Instant;
}

/** A ticket before it has an id; the item id comes from `item`. */
export type TicketDraft = Omit<TicketState, 'id' | 'inventoryItemId'>;

export interface CreateTicketResult {
  readonly ticket: TicketDraft;
  /** Use the existing item, or create it (default inventory, the parts' category). */
  readonly item: SerialIntakeDecision & { readonly categoryId: number };
  readonly partSpecs: readonly PartSpec[];
  readonly transition: TicketTransitionRecord;
}

/**
 * T0: intake rules (§5) in the reference order — field checks, approve-at-creation right, serial,
 * part selection, manual override both-or-none — then a ticket in under_review. Approving at
 * creation records the reviewer but keeps the status; assignment then passes the review gate.
 */
export function createTicket(input: CreateTicketInput): CreateTicketResult {
  const { actor } = input;
  requireCapability(actor, canCreateTicket, 'role.forbidden');
  const specs = normalizePartSpecs(input.partSpecs);
  // Field-level validity of whichever manual value was given comes before the serial checks.
  if (input.manual?.flagColor != null) requireTicketColor(input.manual.flagColor, 'flag_color');
  if (input.manual?.xpAmount != null) requireIntAtLeast(input.manual.xpAmount, 0, 'xp_amount');
  if (input.approveReview && !canApproveAtCreation(actor.roles)) {
    throw new DomainError('role.approve_review_forbidden', {}, 'approve_review');
  }

  const serial = decideSerialIntake(input.serial);
  const itemCategoryId = serial.kind === 'existing' ? serial.itemCategoryId : null;
  const categoryId = checkPartSelection(specs, input.knownParts, itemCategoryId);
  const metrics = ticketMetrics(totalMinutes(specs), input.rules, input.manual);

  const now = toEpochMs(input.now);
  const approved = input.approveReview === true;
  const ticket: TicketDraft = {
    status: 'under_review',
    masterId: actor.id,
    technicianId: null,
    title: input.title?.trim() || null,
    ...metrics,
    approvedById: approved ? actor.id : null,
    approvedAt: approved ? now : null,
    assignedAt: null,
    startedAt: null,
    finishedAt: null,
  };
  return {
    ticket,
    item: { ...serial, categoryId },
    partSpecs: specs,
    transition: {
      action: 'created',
      fromStatus: null,
      toStatus: 'under_review',
      actorId: actor.id,
      note: null,
      metadata: {
        total_duration: metrics.totalDuration,
        review_approved: approved,
        flag_color: metrics.flagColor,
        xp_amount: metrics.xpAmount,
        is_manual: metrics.isManual,
        serial_number: serial.serial,
        inventory_item_created_during_intake: serial.kind === 'create',
        inventory_item_creation_reason: serial.kind === 'create' ? serial.reason : null,
        total_minutes: metrics.totalDuration,
        part_specs_count: specs.length,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// T1 review approval

/** Statuses in which a ticket still waits for its review (T1); T2 from here approves first. */
export function awaitsReview(status: TicketStatus): boolean {
  return status === 'under_review' || status === 'new';
}

/** under_review → new, recording the reviewer. Already reviewed: a no-op. Writes no transition. */
export function approveReview(ticket: TicketState, actor: Actor, now: Instant): TicketTransitionResult {
  requireCapability(actor, canReviewOrAssign, 'role.forbidden');
  if (isReviewed(ticket)) return { ticket, transition: null, effects: NO_EFFECTS };
  if (!awaitsReview(ticket.status)) throw new DomainError('ticket.review_wrong_status');
  return {
    ticket: {
      ...ticket,
      approvedById: actor.id,
      approvedAt: toEpochMs(now),
      status: ticket.status === 'under_review' ? 'new' : ticket.status,
    },
    transition: null,
    effects: NO_EFFECTS,
  };
}

// ---------------------------------------------------------------------------------------------
// T2 assign

/** Statuses T2 assigns (or reassigns) from; the bot offers "Approve & Assign" only in these. */
export const ASSIGNABLE_STATUSES: readonly TicketStatus[] = ['under_review', 'new', 'assigned', 'rework'];

export function canBeAssigned(status: TicketStatus): boolean {
  return ASSIGNABLE_STATUSES.includes(status);
}

export interface AssignFacts {
  /** The target user, or null when no such user exists. */
  readonly technician: { readonly id: number; readonly roles: readonly RoleSlug[] } | null;
}

/**
 * under_review/new → assigned; reassigning an assigned or rework ticket keeps its status. The
 * target must hold the technician role itself (super_admin does not stand in for it).
 */
export function assign(ticket: TicketState, actor: Actor, facts: AssignFacts, now: Instant): TicketTransitionResult {
  requireCapability(actor, canReviewOrAssign, 'role.forbidden');
  const target = facts.technician;
  if (!target) throw new DomainError('ticket.assignee_not_found', {}, 'technician_id');
  if (!target.roles.includes('technician'))
    throw new DomainError('ticket.assignee_not_technician', {}, 'technician_id');
  if (!canBeAssigned(ticket.status)) throw new DomainError('ticket.assign_wrong_status');
  const fromReview = awaitsReview(ticket.status);
  if (fromReview && !isReviewed(ticket)) throw new DomainError('ticket.assign_not_reviewed');

  const toStatus: TicketStatus = fromReview ? 'assigned' : ticket.status;
  return {
    ticket: { ...ticket, technicianId: target.id, assignedAt: toEpochMs(now), status: toStatus },
    transition: record(ticket, 'assigned', toStatus, actor, { technician_id: target.id, review_approved: fromReview }),
    effects: { notifications: ['ticket_assigned_master', 'ticket_assigned_technician'] },
  };
}

// ---------------------------------------------------------------------------------------------
// T3 start

export interface StartFacts {
  /** The acting technician has a running or paused session on any ticket. */
  readonly technicianHasOpenSession: boolean;
  /** This ticket has an open session (should not happen outside broken data). */
  readonly ticketHasOpenSession?: boolean;
}

/** assigned/rework → in_progress; item → in_service; opens a new running session. */
export function start(ticket: TicketState, actor: Actor, facts: StartFacts, now: Instant): TicketTransitionResult {
  requireCapability(actor, canWork, 'role.technicians_only');
  if (facts.technicianHasOpenSession) throw new DomainError('ticket.technician_has_open_session');
  if (ticket.status !== 'assigned' && ticket.status !== 'rework') throw new DomainError('ticket.start_wrong_status');
  if (ticket.technicianId === null) throw new DomainError('ticket.start_no_technician');
  if (ticket.technicianId !== actor.id) throw new DomainError('ticket.start_not_assignee');

  const at = toEpochMs(now);
  const openSession = startWorkSession({
    ticketId: ticket.id,
    technicianId: actor.id,
    ticketHasOpenSession: facts.ticketHasOpenSession ?? false,
    technicianHasOpenSession: false,
    now: at,
  });
  return {
    ticket: { ...ticket, status: 'in_progress', startedAt: ticket.startedAt ?? at },
    transition: record(ticket, 'started', 'in_progress', actor),
    effects: { itemStatus: 'in_service', openSession, notifications: ['ticket_started_master'] },
  };
}

// ---------------------------------------------------------------------------------------------
// T4 send to QC

export interface SendToQcFacts {
  /** Status of the latest session of (ticket, acting technician), or null when there is none. */
  readonly latestSessionStatus: WorkSessionStatus | null;
  /** Extra transition metadata, e.g. the bot's {source, channel, telegram_action}. */
  readonly metadata?: JsonObject;
}

/** in_progress → waiting_qc, once the work session is stopped. */
export function sendToQc(ticket: TicketState, actor: Actor, facts: SendToQcFacts): TicketTransitionResult {
  requireCapability(actor, canWork, 'role.technicians_only');
  if (facts.latestSessionStatus !== 'stopped') throw new DomainError('ticket.session_not_stopped');
  if (ticket.status !== 'in_progress') throw new DomainError('ticket.send_to_qc_wrong_status');
  if (ticket.technicianId === null || ticket.technicianId !== actor.id) {
    throw new DomainError('ticket.send_to_qc_not_assignee');
  }
  return {
    ticket: { ...ticket, status: 'waiting_qc' },
    transition: record(ticket, 'to_waiting_qc', 'waiting_qc', actor, facts.metadata),
    effects: { notifications: ['ticket_waiting_qc_reviewers'] },
  };
}

// ---------------------------------------------------------------------------------------------
// T5 / T6 QC decisions

export interface QcFacts {
  readonly rules: TicketXpRules;
  /** Extra transition metadata, e.g. the bot's QC callback channel. */
  readonly metadata?: JsonObject;
}

export interface QcPassFacts extends QcFacts {
  /** The ticket had a qc_fail before. */
  readonly hadQcFail: boolean;
  /** Σ active seconds of all the ticket's sessions. */
  readonly totalActiveSeconds: number;
}

function xpTicketFacts(ticket: TicketState): QcXpPlan['ticket'] {
  return {
    id: ticket.id,
    technicianId: ticket.technicianId,
    totalDuration: ticket.totalDuration,
    xpAmount: ticket.xpAmount,
    isManual: ticket.isManual,
  };
}

/** waiting_qc → done; item → ready; XP for the technician and the QC inspector. */
export function qcPass(ticket: TicketState, actor: Actor, facts: QcPassFacts, now: Instant): TicketTransitionResult {
  requireCapability(actor, canDecideQc, 'role.qc_inspectors_only');
  if (ticket.status !== 'waiting_qc') throw new DomainError('ticket.qc_pass_wrong_status');
  if (ticket.technicianId === null) throw new DomainError('ticket.qc_pass_no_technician');
  return {
    ticket: { ...ticket, status: 'done', finishedAt: toEpochMs(now) },
    transition: record(ticket, 'qc_pass', 'done', actor, facts.metadata),
    effects: {
      itemStatus: 'ready',
      xp: {
        qcAction: 'qc_pass',
        ticket: xpTicketFacts(ticket),
        qcActorId: actor.id,
        hadQcFail: facts.hadQcFail,
        totalActiveSeconds: facts.totalActiveSeconds,
        rules: facts.rules,
      },
      notifications: ['ticket_qc_pass'],
    },
  };
}

/** waiting_qc → rework; the technician is kept and the item stays in service. */
export function qcFail(ticket: TicketState, actor: Actor, facts: QcFacts): TicketTransitionResult {
  requireCapability(actor, canDecideQc, 'role.qc_inspectors_only');
  if (ticket.status !== 'waiting_qc') throw new DomainError('ticket.qc_fail_wrong_status');
  return {
    ticket: { ...ticket, status: 'rework', finishedAt: null },
    transition: record(ticket, 'qc_fail', 'rework', actor, facts.metadata),
    effects: {
      xp: {
        qcAction: 'qc_fail',
        ticket: xpTicketFacts(ticket),
        qcActorId: actor.id,
        hadQcFail: true,
        totalActiveSeconds: 0,
        rules: facts.rules,
      },
      notifications: ['ticket_qc_fail_technician'],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// T7 manual metrics

/** Any status: sets flag color and XP, marks manual; total unchanged; writes no transition. */
export function setManualMetrics(
  ticket: TicketState,
  actor: Actor,
  input: { readonly flagColor: unknown; readonly xpAmount: unknown },
): TicketTransitionResult {
  requireCapability(actor, canReviewOrAssign, 'role.forbidden');
  const values = manualMetricValues(input);
  return { ticket: { ...ticket, ...values, isManual: true }, transition: null, effects: NO_EFFECTS };
}

/** A stored ticket as the database mapping holds it (relations as references, times as dates). */
export interface TicketRow {
  id: number;
  status: TicketState['status'];
  inventoryItem: { id: number };
  master: { id: number };
  technician?: { id: number } | null;
  title?: string | null;
  totalDuration: number;
  flagMinutes: number;
  flagColor: TicketState['flagColor'];
  xpAmount: number;
  isManual: boolean;
  approvedBy?: { id: number } | null;
  approvedAt?: Date | null;
  assignedAt?: Date | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

/** The guards' view of a stored ticket (times as epoch ms). */
export function toTicketState(row: TicketRow): TicketState {
  const ms = (date: Date | null | undefined) => (date ? date.getTime() : null);
  return {
    id: row.id,
    status: row.status,
    inventoryItemId: row.inventoryItem.id,
    masterId: row.master.id,
    technicianId: row.technician?.id ?? null,
    title: row.title ?? null,
    totalDuration: row.totalDuration,
    flagMinutes: row.flagMinutes,
    flagColor: row.flagColor,
    xpAmount: row.xpAmount,
    isManual: row.isManual,
    approvedById: row.approvedBy?.id ?? null,
    approvedAt: ms(row.approvedAt),
    assignedAt: ms(row.assignedAt),
    startedAt: ms(row.startedAt),
    finishedAt: ms(row.finishedAt),
  };
}
