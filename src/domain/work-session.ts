// Work-session state machine (workshop-domain.md §4). Guards run in the reference order.
import { type WorkSessionAction, type WorkSessionStatus } from './enums';
import { DomainError } from './errors';
import { type EpochMs, type Instant, type JsonObject, toEpochMs } from './types';

/** What active-seconds and pause accounting need of a transition. */
export interface SessionEvent {
  /** Database id once written; breaks ties between equal timestamps. */
  readonly id?: number;
  readonly action: WorkSessionAction;
  readonly eventAt: EpochMs;
}

export interface WorkSessionTransition extends SessionEvent {
  readonly fromStatus: WorkSessionStatus | null;
  readonly toStatus: WorkSessionStatus;
  readonly actorId: number;
  readonly metadata: JsonObject;
}

export interface WorkSession {
  readonly ticketId: number;
  readonly technicianId: number;
  readonly status: WorkSessionStatus;
  readonly startedAt: EpochMs;
  /** Set only while running. */
  readonly lastStartedAt: EpochMs | null;
  readonly endedAt: EpochMs | null;
  readonly activeSeconds: number;
  readonly transitions: readonly WorkSessionTransition[];
}

export interface WorkSessionChange {
  readonly session: WorkSession;
  /** The row to append. */
  readonly transition: WorkSessionTransition;
}

export const AUTO_RESUME_METADATA = { auto_resumed: true, reason: 'daily_pause_limit_reached' } as const;

/** A session still open (one per technician, one per ticket): running or paused. */
export const OPEN_SESSION_STATUSES: readonly WorkSessionStatus[] = ['running', 'paused'];

export function isOpenSessionStatus(status: WorkSessionStatus): boolean {
  return OPEN_SESSION_STATUSES.includes(status);
}

/** Events in (event_at, id) order; unwritten events (no id) keep their given order after written ones. */
export function orderSessionEvents<T extends SessionEvent>(events: readonly T[]): T[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        a.event.eventAt - b.event.eventAt ||
        (a.event.id ?? Number.POSITIVE_INFINITY) - (b.event.id ?? Number.POSITIVE_INFINITY) ||
        a.index - b.index,
    )
    .map(({ event }) => event);
}

function wholeSecondsBetween(from: EpochMs, to: EpochMs): number {
  return Math.max(0, Math.floor((to - from) / 1000));
}

/**
 * Active seconds rebuilt from transitions: started/resumed opens an interval, paused/stopped closes
 * it and adds it; an interval still open counts up to `until`.
 */
export function activeSeconds(transitions: readonly SessionEvent[], until: Instant): number {
  let runningSince: EpochMs | null = null;
  let total = 0;
  for (const event of orderSessionEvents(transitions)) {
    if (event.action === 'started' || event.action === 'resumed') {
      runningSince ??= event.eventAt;
    } else if (runningSince !== null) {
      total += wholeSecondsBetween(runningSince, event.eventAt);
      runningSince = null;
    }
  }
  if (runningSince !== null) total += wholeSecondsBetween(runningSince, toEpochMs(until));
  return total;
}

function append(
  session: WorkSession,
  action: WorkSessionAction,
  toStatus: WorkSessionStatus,
  actorId: number,
  at: EpochMs,
  metadata: JsonObject,
): WorkSessionChange {
  const transition: WorkSessionTransition = {
    action,
    fromStatus: session.status,
    toStatus,
    actorId,
    eventAt: at,
    metadata,
  };
  const transitions = [...session.transitions, transition];
  return {
    session: {
      ...session,
      status: toStatus,
      lastStartedAt: toStatus === 'running' ? at : null,
      endedAt: toStatus === 'stopped' ? at : session.endedAt,
      activeSeconds: activeSeconds(transitions, at),
      transitions,
    },
    transition,
  };
}

/** The open session of (ticket, technician) the actor may act on, or the reference refusal. */
function requireOpenSessionOf(session: WorkSession | null, actorId: number): WorkSession {
  if (!session || session.technicianId !== actorId || !isOpenSessionStatus(session.status)) {
    throw new DomainError('work_session.not_found');
  }
  return session;
}

export interface StartWorkSessionInput {
  readonly ticketId: number;
  readonly technicianId: number;
  readonly ticketHasOpenSession: boolean;
  readonly technicianHasOpenSession: boolean;
  readonly now: Instant;
}

/** ∅ → running; only ever called from ticket start (T3). */
export function startWorkSession(input: StartWorkSessionInput): WorkSessionChange {
  if (input.ticketHasOpenSession) throw new DomainError('work_session.ticket_has_open_session');
  if (input.technicianHasOpenSession) throw new DomainError('work_session.technician_has_open_session');
  const at = toEpochMs(input.now);
  const transition: WorkSessionTransition = {
    action: 'started',
    fromStatus: null,
    toStatus: 'running',
    actorId: input.technicianId,
    eventAt: at,
    metadata: {},
  };
  return {
    session: {
      ticketId: input.ticketId,
      technicianId: input.technicianId,
      status: 'running',
      startedAt: at,
      lastStartedAt: at,
      endedAt: null,
      activeSeconds: 0,
      transitions: [transition],
    },
    transition,
  };
}

/**
 * running → paused. The budget is checked before the state, as in the reference, so a paused
 * session with no budget left reports the limit.
 */
export function pauseWorkSession(
  session: WorkSession | null,
  input: { readonly actorId: number; readonly remainingPauseSeconds: number; readonly now: Instant },
): WorkSessionChange {
  const open = requireOpenSessionOf(session, input.actorId);
  if (input.remainingPauseSeconds <= 0) throw new DomainError('work_session.pause_limit_reached');
  if (open.status !== 'running') throw new DomainError('work_session.pause_wrong_status');
  return append(open, 'paused', 'paused', input.actorId, toEpochMs(input.now), {
    remaining_pause_seconds_today: input.remainingPauseSeconds,
  });
}

/** paused → running, by the technician. */
export function resumeWorkSession(
  session: WorkSession | null,
  input: { readonly actorId: number; readonly now: Instant },
): WorkSessionChange {
  const open = requireOpenSessionOf(session, input.actorId);
  if (open.status !== 'paused') throw new DomainError('work_session.resume_wrong_status');
  return append(open, 'resumed', 'running', input.actorId, toEpochMs(input.now), {});
}

/**
 * Auto-resume when the technician's pause budget is spent: null when it does not apply (not
 * paused, or budget left). The technician is recorded as the actor, as in the reference.
 */
export function autoResumeWorkSession(
  session: WorkSession,
  input: { readonly remainingPauseSeconds: number; readonly now: Instant },
): WorkSessionChange | null {
  if (session.status !== 'paused' || input.remainingPauseSeconds > 0) return null;
  return append(session, 'resumed', 'running', session.technicianId, toEpochMs(input.now), { ...AUTO_RESUME_METADATA });
}

/**
 * running/paused → stopped (terminal). A stopped session is not "open", so it is refused as not
 * found, as in the reference; `work_session.stop_wrong_status` is kept for the translation table.
 */
export function stopWorkSession(
  session: WorkSession | null,
  input: { readonly actorId: number; readonly now: Instant },
): WorkSessionChange {
  const open = requireOpenSessionOf(session, input.actorId);
  return append(open, 'stopped', 'stopped', input.actorId, toEpochMs(input.now), {});
}
