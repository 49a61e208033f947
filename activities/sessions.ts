// Work-session persistence: pause / resume / auto-resume / stop, each one transaction on the
// locked session row, idempotent per operation key. The daily pause budget is computed here from
// the technician's sessions of the local day (rules read in the same transaction).
import { NotFoundError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  autoResumeWorkSession,
  DomainError,
  localDayWindow,
  pauseBudgetExhaustedAt,
  pauseWorkSession,
  remainingPauseSecondsAt,
  resolveWorkSessionRules,
  resumeWorkSession,
  stopWorkSession,
  type JsonObject,
  type PauseHistorySession,
  type SessionEvent,
  type WorkSessionAction,
  type WorkSession as DomainWorkSession,
  type WorkSessionChange,
  type TicketCardFacts,
  type WorkSessionStatus,
} from '../src/domain';
import type { TicketNotifier } from '../src/notify/notifier';
import { epochMsSql, sql, sqlOne } from '../src/db/sql';
import { activeRules } from '../src/reads/rules-store';
import { ticketCardFacts } from '../src/reads/ticket-queries';
import { toDomainFailure } from '../src/contracts/failures';
import type { PressedMessage } from '../src/contracts/messages';

export type WorkSessionActionName = 'paused' | 'resumed' | 'stopped';

export interface ApplyWorkSessionActionParams {
  sessionId: number;
  action: WorkSessionActionName;
  actorId: number;
  /** The pause-budget timer fired: resume if the budget is spent, else report when it will be. */
  auto: boolean;
  /** Workflow time of the action (epoch ms); for auto-resume, the moment the budget ran out. */
  at: number;
  opKey: string;
  /** The bot's pressed message (see PressedMessage); absent for API calls, the timer and older histories. */
  pressed?: PressedMessage;
}

export interface ApplyWorkSessionActionResult {
  status: WorkSessionStatus;
  activeSeconds: number;
  /** While paused: when the daily pause budget runs out (epoch ms), or null if it cannot today. */
  pauseBudgetExhaustsAt: number | null;
  /** A press's ticket card as committed (the view its update returns); absent for the timer's auto-resume. */
  card?: TicketCardFacts;
}

interface LockedSessionRow {
  ticket_id: number;
  technician_id: number;
  status: WorkSessionStatus;
  started_at: number;
  last_started_at: number | null;
  ended_at: number | null;
  active_seconds: number;
}

const epochMsOrNull = (value: number | null): number | null => (value === null ? null : Number(value));

/**
 * The session locked for the transaction and read as the domain sees it, as plain rows: the unit
 * of work would only hold and compare entities nothing else reads. Its transitions are read in a
 * statement of their own after the lock, so they include any a concurrent press committed while
 * this one waited for it.
 */
async function lockDomainSession(em: EntityManager, sessionId: number): Promise<DomainWorkSession> {
  const row = await sqlOne<LockedSessionRow>(
    em,
    `select ticket_id, technician_id, status, ${epochMsSql('started_at')} as started_at,
            ${epochMsSql('last_started_at')} as last_started_at, ${epochMsSql('ended_at')} as ended_at, active_seconds
       from work_session where id = ? for update`,
    [sessionId],
  );
  if (!row) throw NotFoundError.findOneFailed('WorkSession', { id: sessionId });
  const technicianId = Number(row.technician_id);
  const transitions = await sql<{
    id: number;
    action: WorkSessionAction;
    event_at: number;
    from_status: WorkSessionStatus | null;
    to_status: WorkSessionStatus;
    actor_id: number | null;
    metadata: JsonObject | string;
  }>(
    em,
    `select id, action, ${epochMsSql('event_at')} as event_at, from_status, to_status, actor_id, metadata
       from work_session_transition where session_id = ? order by event_at, id`,
    [sessionId],
  );
  return {
    ticketId: Number(row.ticket_id),
    technicianId,
    status: row.status,
    startedAt: Number(row.started_at),
    lastStartedAt: epochMsOrNull(row.last_started_at),
    endedAt: epochMsOrNull(row.ended_at),
    activeSeconds: Number(row.active_seconds),
    transitions: transitions.map((t) => ({
      id: Number(t.id),
      action: t.action,
      eventAt: Number(t.event_at),
      fromStatus: t.from_status ?? null,
      toStatus: t.to_status,
      actorId: t.actor_id === null ? technicianId : Number(t.actor_id),
      metadata: (typeof t.metadata === 'string' ? JSON.parse(t.metadata) : t.metadata) as JsonObject,
    })),
  };
}

/**
 * Writes a change: the session row's new state and its transition, in one statement. Returns the
 * transition as written (its id, and its instant as the reads above see it).
 */
async function writeChange(
  em: EntityManager,
  sessionId: number,
  ticketId: number,
  change: WorkSessionChange,
  metadata: JsonObject,
): Promise<SessionEvent> {
  const { session: next, transition } = change;
  const written = await sqlOne<{ id: number; event_at: number }>(
    em,
    `with session_update as (
       update work_session set status = ?, last_started_at = ?, ended_at = ?, active_seconds = ?, updated_at = ?
        where id = ?
     )
     insert into work_session_transition
       (session_id, ticket_id, from_status, to_status, action, actor_id, event_at, metadata)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
     returning id, ${epochMsSql('event_at')} as event_at`,
    [
      next.status,
      next.lastStartedAt === null ? null : new Date(next.lastStartedAt),
      next.endedAt === null ? null : new Date(next.endedAt),
      next.activeSeconds,
      // As the ORM stamps updated_at: the application's clock at the write.
      new Date(),
      sessionId,
      sessionId,
      ticketId,
      transition.fromStatus,
      transition.toStatus,
      transition.action,
      transition.actorId,
      new Date(transition.eventAt),
      JSON.stringify(metadata),
    ],
  );
  if (!written) throw new Error(`work session ${sessionId}: its transition was not written`);
  return { id: Number(written.id), action: transition.action, eventAt: Number(written.event_at) };
}

/** The technician's sessions of pauseHistory, each with its id. */
export type TechnicianPauseHistory = (PauseHistorySession & { sessionId: number })[];

/**
 * The technician's sessions that can hold pause time in the local day around `at`, as their
 * transitions (all the pause budget reads of them): one statement, plain rows. Every such session
 * is listed, one without transitions too, so that a transition written after the read can be
 * added to its session in memory (withEvent).
 */
export async function pauseHistory(
  em: EntityManager,
  technicianId: number,
  at: number,
  timeZone: string,
): Promise<TechnicianPauseHistory> {
  const window = localDayWindow(at, timeZone);
  const rows = await sql<{
    session_id: number;
    id: number | null;
    action: WorkSessionAction | null;
    event_at: number | null;
  }>(
    em,
    `select s.id as session_id, t.id, t.action, ${epochMsSql('t.event_at')} as event_at
       from work_session s left join work_session_transition t on t.session_id = s.id
      where s.technician_id = ? and s.started_at < ? and (s.ended_at is null or s.ended_at >= ?)
      order by s.id, t.id`,
    [technicianId, new Date(window.end), new Date(window.start)],
  );
  const sessions = new Map<number, SessionEvent[]>();
  for (const r of rows) {
    const events = sessions.get(Number(r.session_id)) ?? [];
    if (r.id !== null && r.action !== null && r.event_at !== null) {
      events.push({ id: Number(r.id), action: r.action, eventAt: Number(r.event_at) });
    }
    sessions.set(Number(r.session_id), events);
  }
  return [...sessions].map(([sessionId, transitions]) => ({ sessionId, transitions }));
}

/** A technician's pause history with one more event of one of their sessions (it is unchanged when that session is not in it, as a new read would leave it). */
function withEvent(history: TechnicianPauseHistory, sessionId: number, event: SessionEvent): TechnicianPauseHistory {
  return history.map((s) => (s.sessionId === sessionId ? { ...s, transitions: [...s.transitions, event] } : s));
}

/** What the transaction did, with what happens after its commit: whose chats to wake. */
type AppliedSessionAction = ApplyWorkSessionActionResult & { ticketId: number; wakesChats: boolean };

export function createWorkSessionActivities(deps: {
  orm: { em: EntityManager };
  ticketNotifier?: Pick<TicketNotifier, 'queueRefresh' | 'refresh'>;
}) {
  async function applyOnce(params: ApplyWorkSessionActionParams): Promise<AppliedSessionAction> {
    const { sessionId, action, actorId, auto, at, opKey } = params;
    const applyIn = async (em: EntityManager): Promise<AppliedSessionAction> => {
      const session = await lockDomainSession(em, sessionId);
      const rules = await activeRules(em);
      const { daily_pause_limit_minutes: limitMinutes, timezone: timeZone } = resolveWorkSessionRules(rules.config);
      const budgetOf = (sessions: TechnicianPauseHistory) => ({ sessions, limitMinutes, timeZone, now: at });
      const historyAt = () => pauseHistory(em, session.technicianId, at, timeZone);
      const current = (exhaustsAt: number | null) => ({
        ticketId: session.ticketId,
        status: session.status,
        activeSeconds: session.activeSeconds,
        pauseBudgetExhaustsAt: session.status === 'paused' ? exhaustsAt : null,
        wakesChats: false,
      });

      if (session.transitions.some((t) => t.metadata.op_key === opKey)) {
        const exhaustsAt = session.status === 'paused' ? pauseBudgetExhaustedAt(budgetOf(await historyAt())) : null;
        // A retry after a crash between the commit and the wake: wake what the first attempt queued.
        return { ...current(exhaustsAt), wakesChats: true };
      }

      let change: WorkSessionChange | null;
      let metadata: JsonObject = { op_key: opKey };
      // A pause's history before it: with the pause added, it tells when the budget runs out.
      let historyBeforePause: TechnicianPauseHistory | null = null;
      if (action === 'paused') {
        historyBeforePause = await historyAt();
        const remaining = remainingPauseSecondsAt(budgetOf(historyBeforePause));
        change = pauseWorkSession(session, { actorId, remainingPauseSeconds: remaining, now: at });
        metadata = { ...change.transition.metadata, ...metadata, rules_version: rules.version };
      } else if (action === 'resumed' && auto) {
        if (session.status !== 'paused') return current(null);
        const history = await historyAt();
        const remaining = remainingPauseSecondsAt(budgetOf(history));
        const exhaustsAt = pauseBudgetExhaustedAt(budgetOf(history));
        // A pause that crossed local midnight has the new day's budget: arm the timer again.
        if (remaining > 0 && exhaustsAt !== null && exhaustsAt > at) return current(exhaustsAt);
        change = autoResumeWorkSession(session, { remainingPauseSeconds: 0, now: at });
        if (!change) return current(null);
        metadata = { ...change.transition.metadata, ...metadata, rules_version: rules.version };
      } else if (action === 'resumed') {
        change = resumeWorkSession(session, { actorId, now: at });
      } else {
        change = stopWorkSession(session, { actorId, now: at });
      }

      const next = change.session;
      const written = await writeChange(em, sessionId, session.ticketId, change, metadata);
      // The ticket's cards show the session: every copy is edited to it after the commit.
      const refreshed =
        (await deps.ticketNotifier?.queueRefresh?.(em, session.ticketId, at, auto ? null : actorId, params.pressed)) ??
        0;
      const exhaustsAt = historyBeforePause
        ? pauseBudgetExhaustedAt(budgetOf(withEvent(historyBeforePause, sessionId, written)))
        : null;
      return {
        ticketId: session.ticketId,
        status: next.status,
        activeSeconds: next.activeSeconds,
        pauseBudgetExhaustsAt: exhaustsAt,
        wakesChats: refreshed > 0,
      };
    };
    return deps.orm.em.fork().transactional(async (em) => {
      const result = await applyIn(em);
      // A press draws its card from the view it gets back; the pause budget's timer draws none.
      if (auto) return result;
      const card = await ticketCardFacts(em, result.ticketId);
      return card ? { ...result, card } : result;
    });
  }

  return {
    /** Applies one work-session action in one transaction (see the module comment). */
    async applyWorkSessionAction(params: ApplyWorkSessionActionParams): Promise<ApplyWorkSessionActionResult> {
      try {
        const { ticketId, wakesChats, ...result } = await applyOnce(params);
        // After the commit, when it queued a refresh (the pressed card alone needs none), or on a retry.
        if (wakesChats) await deps.ticketNotifier?.refresh?.(ticketId);
        return result;
      } catch (err) {
        if (err instanceof DomainError) throw toDomainFailure(err);
        throw err;
      }
    },
  };
}
