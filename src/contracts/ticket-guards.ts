// What each ticket update's validator checks, as pure functions of the state the ticket workflow
// holds: the workflow runs them as validators (an invalid action writes nothing, not even history),
// and TicketService runs the same ones on Postgres's snapshot when the workflow is missing, so a
// stale press on a finished ticket is refused without starting a run only to refuse it there.
import {
  approveReview,
  assign,
  DEFAULT_RULES,
  qcFail,
  qcPass,
  sendToQc,
  setManualMetrics,
  start,
  type TicketState,
} from '../domain';
import type { ActorInput, AssignInput, ManualMetricsInput, QcFailInput, SessionSummary, StartInput } from './messages';

export interface TicketGuardState {
  readonly ticket: TicketState;
  readonly session: SessionSummary | null;
  /**
   * Whether send to QC's session rule is the transaction's, read in Postgres (runs from the
   * `ticket-press-fast-path` patch on): then only whether the actor has a session here is checked.
   */
  readonly sessionInPostgres: boolean;
}

/** The session status send to QC checks here: none without a session of the actor's. */
function sessionStatusFor(state: TicketGuardState, actorId: number) {
  const { session } = state;
  if (session?.technicianId !== actorId) return null;
  return state.sessionInPostgres ? 'stopped' : session.status;
}

/** Each throws the domain's refusal when the update may not run on `state` at `now`. */
export const ticketGuards = {
  approveReview: (state: TicketGuardState, { actor }: ActorInput, now: number) =>
    approveReview(state.ticket, actor, now),
  assign: (state: TicketGuardState, { actor, technician }: AssignInput, now: number) =>
    assign(state.ticket, actor, { technician }, now),
  start: (state: TicketGuardState, { actor, technicianHasOpenSession }: StartInput, now: number) =>
    start(state.ticket, actor, { technicianHasOpenSession }, now),
  sendToQc: (state: TicketGuardState, { actor }: ActorInput) =>
    sendToQc(state.ticket, actor, { latestSessionStatus: sessionStatusFor(state, actor.id) }),
  // XP facts are read inside the activity's transaction; the guard needs only the state.
  qcPass: (state: TicketGuardState, { actor }: ActorInput, now: number) =>
    qcPass(state.ticket, actor, { rules: DEFAULT_RULES.ticket_xp, hadQcFail: false, totalActiveSeconds: 0 }, now),
  qcFail: (state: TicketGuardState, { actor }: QcFailInput) =>
    qcFail(state.ticket, actor, { rules: DEFAULT_RULES.ticket_xp }),
  manualMetrics: (state: TicketGuardState, { actor, flagColor, xpAmount }: ManualMetricsInput) =>
    setManualMetrics(state.ticket, actor, { flagColor, xpAmount }),
};

export type TicketGuard<A extends ActorInput> = (state: TicketGuardState, args: A, now: number) => unknown;
