// The work-session transaction (activities/sessions.ts) straight on a database: what a press
// writes, and when a pause says the technician's daily budget runs out, counting the day's earlier
// pauses of this session and of their other sessions. The pause works that moment out from the
// history it read before writing plus the pause itself; a fresh read after the commit (as a retry
// of the same press does) must agree with it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ticket, User } from '../../../src/db/entities';
import { findDomainError } from '../../../src/contracts/failures';
import { sql, sqlOne, sqlRun } from '../../../src/db/sql';
import { DEFAULT_RULES, pauseBudgetExhaustedAt, resolveWorkSessionRules } from '../../../src/domain';
import {
  createWorkSessionActivities,
  pauseHistory,
  type ApplyWorkSessionActionParams,
} from '../../../activities/sessions';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTicket, createUser, createWorkSession } from '../../support/factories';

let db: TestDatabase;
const em = () => db.orm.em.fork() as EntityManager;
const MINUTE = 60_000;
/** 00:00 UTC (the default rules' time zone) of the day the presses happen on. */
const DAY = Date.UTC(2026, 11, 7);
const at = (hour: number, minute = 0) => DAY + hour * 60 * MINUTE + minute * MINUTE;
const { daily_pause_limit_minutes: LIMIT_MINUTES, timezone: TIME_ZONE } = resolveWorkSessionRules(DEFAULT_RULES);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const activities = () => createWorkSessionActivities({ orm: db.orm });

/** A session of `technician` on a ticket of their own, started at `startedAt` with its 'started' transition (or none). */
async function sessionOf(technician: User, startedAt: number, options: { withStarted?: boolean } = {}) {
  const ticket: Ticket = await createTicket(db.orm, { status: 'in_progress', technician });
  const session = await createWorkSession(db.orm, { ticket, startedAt: new Date(startedAt) });
  if (options.withStarted ?? true) await transition(session.id, ticket.id, technician.id, 'started', startedAt);
  return { sessionId: session.id, ticketId: ticket.id };
}

async function transition(sessionId: number, ticketId: number, actorId: number, action: string, eventAt: number) {
  const toStatus = { started: 'running', paused: 'paused', resumed: 'running', stopped: 'stopped' }[action];
  await sqlRun(
    em(),
    `insert into work_session_transition (session_id, ticket_id, to_status, action, actor_id, event_at)
     values (?, ?, ?, ?, ?, ?)`,
    [sessionId, ticketId, toStatus, action, actorId, new Date(eventAt)],
  );
}

function press(
  technician: User,
  sessionId: number,
  action: ApplyWorkSessionActionParams['action'],
  when: number,
  opKey: string,
  auto = false,
) {
  return activities().applyWorkSessionAction({ sessionId, action, actorId: technician.id, auto, at: when, opKey });
}

async function exhaustedAtFromFreshRead(technicianId: number, when: number) {
  const sessions = await pauseHistory(em(), technicianId, when, TIME_ZONE);
  return pauseBudgetExhaustedAt({ sessions, limitMinutes: LIMIT_MINUTES, timeZone: TIME_ZONE, now: when });
}

describe('work-session presses', () => {
  it('a pause counts the day’s earlier pauses of every session of the technician, as a fresh read does', async () => {
    const technician = await createUser(db.orm, { roles: ['technician'] });
    // An earlier session of the day with a 10-minute pause, stopped.
    const earlier = await sessionOf(technician, at(8));
    await transition(earlier.sessionId, earlier.ticketId, technician.id, 'paused', at(8, 10));
    await transition(earlier.sessionId, earlier.ticketId, technician.id, 'resumed', at(8, 20));
    await transition(earlier.sessionId, earlier.ticketId, technician.id, 'stopped', at(8, 30));
    await sqlRun(
      em(),
      `update work_session set status = 'stopped', last_started_at = null, ended_at = ? where id = ?`,
      [new Date(at(8, 30)), earlier.sessionId],
    );
    const { sessionId } = await sessionOf(technician, at(9));

    const first = await press(technician, sessionId, 'paused', at(9, 30), 'p1');
    expect(first).toMatchObject({ status: 'paused', activeSeconds: 30 * 60 });
    expect(first.pauseBudgetExhaustsAt).toBe(at(9, 30) + (LIMIT_MINUTES - 10) * MINUTE);
    expect(await press(technician, sessionId, 'resumed', at(9, 35), 'r1')).toMatchObject({
      status: 'running',
      pauseBudgetExhaustsAt: null,
    });

    const second = await press(technician, sessionId, 'paused', at(10), 'p2');
    expect(second.pauseBudgetExhaustsAt).toBe(at(10) + (LIMIT_MINUTES - 15) * MINUTE);
    expect(second.pauseBudgetExhaustsAt).toBe(await exhaustedAtFromFreshRead(technician.id, at(10)));
    // The same press again: nothing written, the same answer from a fresh read.
    expect(await press(technician, sessionId, 'paused', at(10), 'p2')).toEqual(second);
    expect(await sql(em(), 'select 1 from work_session_transition where session_id = ?', [sessionId])).toHaveLength(4);

    // The timer: early, it reports the same moment; at it, the session resumes on its own.
    expect(await press(technician, sessionId, 'resumed', at(10, 10), 'a1', true)).toEqual({
      status: 'paused',
      activeSeconds: second.activeSeconds,
      pauseBudgetExhaustsAt: second.pauseBudgetExhaustsAt,
    });
    expect(await press(technician, sessionId, 'resumed', second.pauseBudgetExhaustsAt!, 'a2', true)).toEqual({
      status: 'running',
      activeSeconds: second.activeSeconds,
      pauseBudgetExhaustsAt: null,
    });
  });

  it('a pause of a session with no transitions yet still has its budget run out', async () => {
    const technician = await createUser(db.orm, { roles: ['technician'] });
    const { sessionId } = await sessionOf(technician, at(9), { withStarted: false });
    const paused = await press(technician, sessionId, 'paused', at(9, 20), 'p1');
    expect(paused.pauseBudgetExhaustsAt).toBe(at(9, 20) + LIMIT_MINUTES * MINUTE);
    expect(paused.pauseBudgetExhaustsAt).toBe(await exhaustedAtFromFreshRead(technician.id, at(9, 20)));
  });

  it('writes the session row and its transition', async () => {
    const technician = await createUser(db.orm, { roles: ['technician'] });
    const { sessionId, ticketId } = await sessionOf(technician, at(9));
    const before = await sqlOne<{ updated_at: Date }>(em(), 'select updated_at from work_session where id = ?', [
      sessionId,
    ]);
    await press(technician, sessionId, 'paused', at(9, 20), 'p1');
    await press(technician, sessionId, 'resumed', at(9, 25), 'r1');
    const stopped = await press(technician, sessionId, 'stopped', at(9, 40), 's1');
    expect(stopped).toMatchObject({ status: 'stopped', activeSeconds: 35 * 60, pauseBudgetExhaustsAt: null });

    const row = await sqlOne<{
      status: string;
      last_started_at: Date | null;
      ended_at: Date;
      active_seconds: number;
      updated_at: Date;
    }>(em(), 'select status, last_started_at, ended_at, active_seconds, updated_at from work_session where id = ?', [
      sessionId,
    ]);
    expect(row).toMatchObject({ status: 'stopped', last_started_at: null, active_seconds: 35 * 60 });
    expect(new Date(row!.ended_at).getTime()).toBe(at(9, 40));
    expect(new Date(row!.updated_at).getTime()).toBeGreaterThan(new Date(before!.updated_at).getTime());

    const transitions = await sql<{
      ticket_id: number;
      from_status: string | null;
      to_status: string;
      action: string;
      actor_id: number;
      event_at: Date;
      metadata: Record<string, unknown>;
    }>(
      em(),
      `select ticket_id, from_status, to_status, action, actor_id, event_at, metadata
         from work_session_transition where session_id = ? order by id`,
      [sessionId],
    );
    expect(transitions.map((t) => ({ ...t, event_at: new Date(t.event_at).getTime() }))).toEqual([
      expect.objectContaining({ action: 'started', event_at: at(9) }),
      {
        ticket_id: ticketId,
        from_status: 'running',
        to_status: 'paused',
        action: 'paused',
        actor_id: technician.id,
        event_at: at(9, 20),
        metadata: { op_key: 'p1', remaining_pause_seconds_today: LIMIT_MINUTES * 60, rules_version: 1 },
      },
      {
        ticket_id: ticketId,
        from_status: 'paused',
        to_status: 'running',
        action: 'resumed',
        actor_id: technician.id,
        event_at: at(9, 25),
        metadata: { op_key: 'r1' },
      },
      {
        ticket_id: ticketId,
        from_status: 'running',
        to_status: 'stopped',
        action: 'stopped',
        actor_id: technician.id,
        event_at: at(9, 40),
        metadata: { op_key: 's1' },
      },
    ]);
  });

  it('refuses a missing session as before, and a press the state machine refuses with its domain failure', async () => {
    const technician = await createUser(db.orm, { roles: ['technician'] });
    await expect(press(technician, 2_000_000_000, 'paused', at(9), 'p1')).rejects.toThrow(
      'WorkSession not found ({ id: 2000000000 })',
    );
    const { sessionId } = await sessionOf(technician, at(9));
    const refused = await press(technician, sessionId, 'resumed', at(9, 5), 'r1').catch((e: unknown) => e);
    expect(findDomainError(refused)?.code).toBe('work_session.resume_wrong_status');
  });

  it("wakes the ticket's chats only when the press queued a refresh for them, or on a retry after the commit", async () => {
    const technician = await createUser(db.orm, { roles: ['technician'] });
    const { sessionId, ticketId } = await sessionOf(technician, at(8));
    let copiesElsewhere = 0;
    const woken: number[] = [];
    const withNotifier = createWorkSessionActivities({
      orm: db.orm,
      ticketNotifier: {
        queueRefresh: async () => copiesElsewhere,
        refresh: async (id) => void woken.push(id),
      },
    });
    const run = (action: ApplyWorkSessionActionParams['action'], when: number, opKey: string) =>
      withNotifier.applyWorkSessionAction({ sessionId, action, actorId: technician.id, auto: false, at: when, opKey });

    // The pressed card is the ticket's only copy: nothing was queued, no lane to wake.
    await run('paused', at(9), 'op-pause');
    expect(woken).toEqual([]);
    // The retry of a committed attempt cannot tell what the first queued: it wakes the chats.
    await run('paused', at(9), 'op-pause');
    expect(woken).toEqual([ticketId]);
    copiesElsewhere = 2;
    await run('resumed', at(9, 5), 'op-resume');
    expect(woken).toEqual([ticketId, ticketId]);
  });
});
