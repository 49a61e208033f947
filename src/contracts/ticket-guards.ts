// Each ticket update with what its validator checks, a pure function of the state the ticket workflow
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
import type { UpdateDefinition } from '@temporalio/common';
import {
  approveReviewUpdate,
  assignUpdate,
  manualMetricsUpdate,
  qcFailUpdate,
  qcPassUpdate,
  sendToQcUpdate,
  startUpdate,
  type ActorInput,
  type SessionSummary,
  type TicketView,
} from './messages';

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

export type TicketGuard<A extends ActorInput> = (state: TicketGuardState, args: A, now: number) => unknown;

/** A ticket update with its guard, which throws the domain's refusal when it may not run on `state` at `now`. */
export interface GuardedTicketUpdate<A extends ActorInput> {
  readonly update: UpdateDefinition<TicketView, [A]>;
  readonly guard: TicketGuard<A>;
}

const guarded = <A extends ActorInput>(
  update: UpdateDefinition<TicketView, [A]>,
  guard: TicketGuard<A>,
): GuardedTicketUpdate<A> => ({ update, guard });

/** Every ticket update, each paired with its guard once, for the workflow and the service alike. */
export const guardedTicketUpdates = {
  approveReview: guarded(approveReviewUpdate, (state, { actor }, now) => approveReview(state.ticket, actor, now)),
  assign: guarded(assignUpdate, (state, { actor, technician }, now) =>
    assign(state.ticket, actor, { technician }, now),
  ),
  start: guarded(startUpdate, (state, { actor, technicianHasOpenSession }, now) =>
    start(state.ticket, actor, { technicianHasOpenSession }, now),
  ),
  sendToQc: guarded(sendToQcUpdate, (state, { actor }) =>
    sendToQc(state.ticket, actor, { latestSessionStatus: sessionStatusFor(state, actor.id) }),
  ),
  // XP facts are read inside the activity's transaction; the guard needs only the state.
  qcPass: guarded(qcPassUpdate, (state, { actor }, now) =>
    qcPass(state.ticket, actor, { rules: DEFAULT_RULES.ticket_xp, hadQcFail: false, totalActiveSeconds: 0 }, now),
  ),
  qcFail: guarded(qcFailUpdate, (state, { actor }) => qcFail(state.ticket, actor, { rules: DEFAULT_RULES.ticket_xp })),
  manualMetrics: guarded(manualMetricsUpdate, (state, { actor, flagColor, xpAmount }) =>
    setManualMetrics(state.ticket, actor, { flagColor, xpAmount }),
  ),
};
