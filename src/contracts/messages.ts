// Messages of the workshop workflows, defined once and shared by workflows, services and tests.
import type { ApplicationFailure, SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  JsonObject,
  RoleSlug,
  TicketCardFacts,
  TicketColor,
  TicketState,
  WorkSessionStatus,
} from '../domain';
import { type AccessRequestStatus, DomainError } from '../domain';
import { findDomainError, toDomainFailure } from './failures';
import { ItemSerialKey } from './search-attributes';

export const ticketWorkflowId = (ticketId: number): string => `ticket-${ticketId}`;
export const workSessionWorkflowId = (sessionId: number): string => `work-session-${sessionId}`;

/**
 * The ticket's latest work session, as the ticket workflow saw it at its last transition (a start
 * opens it, send to QC reads it stopped); the session's live status is its own workflow's.
 */
export interface SessionSummary {
  readonly id: number;
  readonly technicianId: number;
  readonly status: WorkSessionStatus;
}

/**
 * A session's new status as signalled to its ticket workflow by sessions started before they stopped
 * signalling (each signal cost the ticket's history a signal and a workflow task per press);
 * `changedAt` orders signals that cross.
 */
export interface SessionChange extends SessionSummary {
  /** When the transition happened (epoch ms); absent in signals sent by the work-session workflow itself. */
  readonly changedAt?: number;
}

/**
 * The ticket workflow's code generation a run starts on, in its input: a run that has it takes
 * today's paths without asking `patched()` (whose markers cost every run history events); a run
 * without it (started before) asks, as it did when it was recorded. Raise it with a new patch.
 */
export const TICKET_WORKFLOW_VERSION = 2;
/** The same for the work-session workflow. */
export const WORK_SESSION_WORKFLOW_VERSION = 1;

export interface TicketWorkflowInput {
  /** See TICKET_WORKFLOW_VERSION (absent in runs started before it existed). */
  readonly version?: number;
  readonly ticket: TicketState;
  readonly serial: string;
  readonly session: SessionSummary | null;
  /** QC waiting SLA: remind QC inspectors after this long in waiting_qc, alert admins after twice it. */
  readonly qcSlaMinutes: number;
  /** The assigned technician's name, for the Web UI's details card (absent in older runs). */
  readonly technicianName?: string | null;
}

/**
 * What every start of a work-session workflow gives it (the ticket workflow's child, the start
 * after a commit, update-with-start from a press or the sweep): its id and input, and how an
 * operator sees it in the Web UI.
 */
export function workSessionStart(input: WorkSessionWorkflowInput & { readonly serial: string }) {
  const { sessionId, ticketId, serial } = input;
  const technician = input.technicianName ?? `user #${input.technicianId}`;
  const typedSearchAttributes: SearchAttributePair[] = [
    // An operator's `ItemSerial = '…'` finds the ticket and every work session on it.
    { key: ItemSerialKey, value: serial },
  ];
  return {
    workflowId: workSessionWorkflowId(sessionId),
    args: [{ version: WORK_SESSION_WORKFLOW_VERSION, ...input }] as [WorkSessionWorkflowInput],
    staticSummary: `Work session #${sessionId} · ticket #${ticketId} · ${serial}`,
    staticDetails: `**Work session #${sessionId}** of ${technician} on ticket #${ticketId} (\`${serial}\`)`,
    typedSearchAttributes,
  };
}

export interface TicketView {
  readonly ticket: TicketState;
  readonly serial: string;
  readonly session: SessionSummary | null;
  /**
   * An update's view: the ticket's card as the update's transaction committed it, so the caller
   * draws it without reading it again. Absent from queries and from outcomes recorded before it existed.
   */
  readonly card?: TicketCardFacts;
}

/**
 * The message whose button made the change, which the press edits itself from the update's view:
 * the change's refresh of the ticket's copies leaves it alone (see queueTicketRefresh).
 */
export interface PressedMessage {
  readonly chatId: number;
  readonly messageId: number;
}

export interface ActorInput {
  readonly actor: Actor;
  /** Extra transition metadata, e.g. the bot's {source, channel, telegram_action}. */
  readonly metadata?: JsonObject;
  /** A bot press (absent for API calls and in histories recorded before). */
  readonly pressed?: PressedMessage;
}

export interface AssignInput extends ActorInput {
  /** The target user as found in the database (with their name, for the Web UI), or null when there is none. */
  readonly technician: { readonly id: number; readonly roles: readonly RoleSlug[]; readonly name?: string } | null;
}

export interface StartInput extends ActorInput {
  /** Read by the service for an early refusal; the database constraint settles races. */
  readonly technicianHasOpenSession: boolean;
}

export interface QcFailInput extends ActorInput {
  /** Optional reason the technician sees. */
  readonly reason?: string | null;
}

export interface ManualMetricsInput extends ActorInput {
  readonly flagColor: TicketColor;
  readonly xpAmount: number;
}

export const approveReviewUpdate = defineUpdate<TicketView, [ActorInput]>('approveReview');
export const assignUpdate = defineUpdate<TicketView, [AssignInput]>('assign');
export const startUpdate = defineUpdate<TicketView, [StartInput]>('start');
export const sendToQcUpdate = defineUpdate<TicketView, [ActorInput]>('sendToQc');
export const qcPassUpdate = defineUpdate<TicketView, [ActorInput]>('qcPass');
export const qcFailUpdate = defineUpdate<TicketView, [QcFailInput]>('qcFail');
export const manualMetricsUpdate = defineUpdate<TicketView, [ManualMetricsInput]>('manualMetrics');
export const ticketViewQuery = defineQuery<TicketView>('view');
/** Sent by the work-session workflow on every change of its status. */
export const sessionChangedSignal = defineSignal<[SessionChange]>('sessionChanged');

export interface WorkSessionWorkflowInput {
  /** See WORK_SESSION_WORKFLOW_VERSION (absent in runs started before it existed). */
  readonly version?: number;
  readonly sessionId: number;
  readonly ticketId: number;
  readonly technicianId: number;
  readonly status: WorkSessionStatus;
  /** While paused: when the technician's daily pause budget runs out (epoch ms). */
  readonly pauseBudgetExhaustsAt: number | null;
  /** The ticket's item serial and the technician's name, for the Web UI (absent in older runs). */
  readonly serial?: string;
  readonly technicianName?: string | null;
}

export interface WorkSessionView {
  readonly sessionId: number;
  readonly ticketId: number;
  readonly technicianId: number;
  readonly status: WorkSessionStatus;
  readonly activeSeconds: number;
  readonly pauseBudgetExhaustsAt: number | null;
  /** A press's view: its ticket's card as the transaction committed it (see TicketView.card). */
  readonly card?: TicketCardFacts;
}

export interface WorkSessionResult {
  readonly sessionId: number;
  readonly activeSeconds: number;
}

export const pauseUpdate = defineUpdate<WorkSessionView, [ActorInput]>('pause');
export const resumeUpdate = defineUpdate<WorkSessionView, [ActorInput]>('resume');
export const stopUpdate = defineUpdate<WorkSessionView, [ActorInput]>('stop');
export const workSessionViewQuery = defineQuery<WorkSessionView>('view');

export interface ResumeIfBudgetSpentInput {
  /** When the paused session's daily pause budget ran out (epoch ms): the resume happens at that moment. */
  readonly exhaustedAt: number;
}

/**
 * Sent by the paused-session sweep to a paused session whose budget ran out but whose own timer
 * did not fire (a workflow lost or reset): resumes it as the timer would have, the budget
 * re-checked in the transaction (a no-op when the session is no longer paused).
 */
export const resumeIfBudgetSpentUpdate = defineUpdate<WorkSessionView, [ResumeIfBudgetSpentInput]>(
  'resumeIfBudgetSpent',
);

/** The Schedule starting the paused-session sweep, and its workflow's id (the Schedule appends its start time). */
export const PAUSED_SESSION_SWEEP_SCHEDULE_ID = 'paused-session-sweep';
export const PAUSED_SESSION_SWEEP_WORKFLOW_ID = 'paused-session-sweep';

export interface PausedSessionSweepResult {
  /** Paused sessions looked at. */
  paused: number;
  /** Sessions the sweep resumed (their budget ran out at least the grace period ago). */
  resumed: number[];
}

// ---------------------------------------------------------------- Access requests

export const accessRequestWorkflowId = (telegramId: number): string => `access-request-${telegramId}`;

/** The refusal of a decision on a request that is not (or no longer) the pending one. */
export function accessRequestClosedFailure(status: AccessRequestStatus): ApplicationFailure {
  return toDomainFailure(new DomainError('access_request.closed', { status }));
}

/** The status an "already closed" refusal carries, found anywhere in the cause chain. */
export function closedStatusOf(err: unknown): AccessRequestStatus | null {
  const refusal = findDomainError(err);
  if (refusal?.code !== 'access_request.closed') return null;
  return (refusal.params.status as AccessRequestStatus | undefined) ?? 'pending';
}

export interface AccessRequestWorkflowInput {
  readonly requestId: number;
  readonly telegramId: number;
  readonly fullName: string;
  /** The request expires this long after the workflow starts (durable timer). */
  readonly ttlHours: number;
}

export interface AccessRequestView {
  readonly requestId: number;
  readonly telegramId: number;
  readonly status: AccessRequestStatus;
  readonly rolesGranted: readonly RoleSlug[];
  readonly resolvedById: number | null;
  /** When the pending request expires (epoch ms, workflow time). */
  readonly expiresAt: number;
}

export interface AccessDecisionInput extends ActorInput {
  /** The request the moderator saw: a decision never lands on a newer request of the same person. */
  readonly requestId: number;
}

export interface ApproveAccessInput extends AccessDecisionInput {
  readonly roles: readonly RoleSlug[];
}

export const approveAccessUpdate = defineUpdate<AccessRequestView, [ApproveAccessInput]>('approve');
export const rejectAccessUpdate = defineUpdate<AccessRequestView, [AccessDecisionInput]>('reject');
export const accessRequestViewQuery = defineQuery<AccessRequestView>('view');
