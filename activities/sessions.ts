// Work-session persistence: pause / resume / auto-resume / stop, each one transaction on the
// locked session row, idempotent per operation key. The daily pause budget is computed here from
// the technician's sessions of the local day (rules read in the same transaction).
import { LockMode } from '@mikro-orm/core';
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
import { User, WorkSession, WorkSessionTransition } from '../src/db/entities';
import type { TicketNotifier } from '../src/notify/notifier';
import { sql } from '../src/db/sql';
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

/** An instant read as epoch ms, truncated as the driver truncates a timestamp it parses into a Date. */
const epochMsSql = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The locked session as the domain sees it. Its transitions are read as plain rows, not entities:
 * nothing changes them, and the unit of work then has nothing of them to compare at flush.
 */
async function loadDomainSession(em: EntityManager, row: WorkSession): Promise<DomainWorkSession> {
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
    [row.id],
  );
  return {
    ticketId: row.ticket.id,
    technicianId: row.technician.id,
    status: row.status,
    startedAt: row.startedAt.getTime(),
    lastStartedAt: row.lastStartedAt?.getTime() ?? null,
    endedAt: row.endedAt?.getTime() ?? null,
    activeSeconds: row.activeSeconds,
    transitions: transitions.map((t) => ({
      id: Number(t.id),
      action: t.action,
      eventAt: Number(t.event_at),
      fromStatus: t.from_status ?? null,
      toStatus: t.to_status,
      actorId: t.actor_id ?? row.technician.id,
      metadata: (typeof t.metadata === 'string' ? JSON.parse(t.metadata) : t.metadata) as JsonObject,
    })),
  };
}

/**
 * The technician's sessions that can hold pause time in the local day around `at`, as their
 * transitions (all the pause budget reads of them): one statement, plain rows.
 */
export async function pauseHistory(
  em: EntityManager,
  technicianId: number,
  at: number,
  timeZone: string,
): Promise<PauseHistorySession[]> {
  const window = localDayWindow(at, timeZone);
  const rows = await sql<{ session_id: number; id: number; action: WorkSessionAction; event_at: number }>(
    em,
    `select t.session_id, t.id, t.action, ${epochMsSql('t.event_at')} as event_at
       from work_session s join work_session_transition t on t.session_id = s.id
      where s.technician_id = ? and s.started_at < ? and (s.ended_at is null or s.ended_at >= ?)
      order by t.session_id, t.id`,
    [technicianId, new Date(window.end), new Date(window.start)],
  );
  const sessions = new Map<number, SessionEvent[]>();
  for (const r of rows) {
    const events = sessions.get(Number(r.session_id)) ?? [];
    events.push({ id: Number(r.id), action: r.action, eventAt: Number(r.event_at) });
    sessions.set(Number(r.session_id), events);
  }
  return [...sessions.values()].map((transitions) => ({ transitions }));
}

export function createWorkSessionActivities(deps: {
  orm: { em: EntityManager };
  ticketNotifier?: Pick<TicketNotifier, 'queueRefresh' | 'refresh'>;
}) {
  async function applyOnce(
    params: ApplyWorkSessionActionParams,
  ): Promise<ApplyWorkSessionActionResult & { ticketId: number }> {
    const { sessionId, action, actorId, auto, at, opKey } = params;
    const applyIn = async (em: EntityManager): Promise<ApplyWorkSessionActionResult & { ticketId: number }> => {
      const row = await em.findOneOrFail(WorkSession, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const session = await loadDomainSession(em, row);
      const rules = await activeRules(em);
      const { daily_pause_limit_minutes: limitMinutes, timezone: timeZone } = resolveWorkSessionRules(rules.config);
      // Reads inside the transaction, so it sees a transition flushed just before.
      const budgetAt = async (when: number) => {
        const sessions = await pauseHistory(em, session.technicianId, when, timeZone);
        return {
          remaining: remainingPauseSecondsAt({ sessions, limitMinutes, timeZone, now: when }),
          exhaustsAt: pauseBudgetExhaustedAt({ sessions, limitMinutes, timeZone, now: when }),
        };
      };
      const current = (exhaustsAt: number | null) => ({
        ticketId: row.ticket.id,
        status: row.status,
        activeSeconds: row.activeSeconds,
        pauseBudgetExhaustsAt: row.status === 'paused' ? exhaustsAt : null,
      });

      if (session.transitions.some((t) => t.metadata.op_key === opKey)) {
        return current(row.status === 'paused' ? (await budgetAt(at)).exhaustsAt : null);
      }

      let change: WorkSessionChange | null;
      let metadata: JsonObject = { op_key: opKey };
      if (action === 'paused') {
        const { remaining } = await budgetAt(at);
        change = pauseWorkSession(session, { actorId, remainingPauseSeconds: remaining, now: at });
        metadata = { ...change.transition.metadata, ...metadata, rules_version: rules.version };
      } else if (action === 'resumed' && auto) {
        if (row.status !== 'paused') return current(null);
        const { remaining, exhaustsAt } = await budgetAt(at);
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
      em.assign(row, {
        status: next.status,
        lastStartedAt: next.lastStartedAt === null ? null : new Date(next.lastStartedAt),
        endedAt: next.endedAt === null ? null : new Date(next.endedAt),
        activeSeconds: next.activeSeconds,
      });
      em.create(WorkSessionTransition, {
        session: row,
        ticket: row.ticket,
        fromStatus: change.transition.fromStatus,
        toStatus: change.transition.toStatus,
        action: change.transition.action,
        actor: em.getReference(User, change.transition.actorId),
        eventAt: new Date(change.transition.eventAt),
        metadata,
      });
      await em.flush();
      // The ticket's cards show the session: every copy is edited to it after the commit.
      await deps.ticketNotifier?.queueRefresh?.(em, row.ticket.id, at, auto ? null : actorId, params.pressed);
      const exhaustsAt = next.status === 'paused' ? (await budgetAt(at)).exhaustsAt : null;
      return current(exhaustsAt);
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
        const { ticketId, ...result } = await applyOnce(params);
        // After the commit; also after a retry that found its change committed (a crash between commit and wake).
        await deps.ticketNotifier?.refresh?.(ticketId);
        return result;
      } catch (err) {
        if (err instanceof DomainError) throw toDomainFailure(err);
        throw err;
      }
    },
  };
}
