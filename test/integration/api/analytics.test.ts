// GET /api/analytics/fleet and /api/analytics/team on seeded rows: every number checked against
// what was written; 401 / 403 (masters and technicians) / 400 (bounds).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TicketColor, TicketStatus, WorkSessionAction, WorkSessionStatus } from '../../../src/domain';
import {
  Ticket,
  TicketTransition,
  User,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
} from '../../../src/db/entities';
import { createItemWithParts, createTicket, createUser, uniqueSuffix } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ qcSlaMinutes: 240 });
});
afterAll(() => api?.stop());

const em = () => api.workshop.db.orm.em.fork() as EntityManager;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);

async function transition(ticket: Ticket, action: 'to_waiting_qc' | 'qc_pass' | 'qc_fail', at: Date): Promise<void> {
  const manager = em();
  const to: TicketStatus = action === 'to_waiting_qc' ? 'waiting_qc' : action === 'qc_pass' ? 'done' : 'rework';
  manager.create(TicketTransition, {
    ticket: manager.getReference(Ticket, ticket.id),
    fromStatus: action === 'to_waiting_qc' ? 'in_progress' : 'waiting_qc',
    toStatus: to,
    action,
    createdAt: at,
  });
  await manager.flush();
}

async function session(
  ticket: Ticket,
  technician: User,
  status: WorkSessionStatus,
  events: [WorkSessionAction, Date][],
) {
  const manager = em();
  const row = manager.create(WorkSession, {
    ticket: manager.getReference(Ticket, ticket.id),
    technician: manager.getReference(User, technician.id),
    status,
    startedAt: events[0]![1],
    lastStartedAt: status === 'running' ? events.at(-1)![1] : null,
    endedAt: status === 'stopped' ? events.at(-1)![1] : null,
  });
  let from: WorkSessionStatus | null = null;
  for (const [action, eventAt] of events) {
    const to: WorkSessionStatus = action === 'paused' ? 'paused' : action === 'stopped' ? 'stopped' : 'running';
    manager.create(WorkSessionTransition, {
      session: row,
      ticket: manager.getReference(Ticket, ticket.id),
      fromStatus: from,
      toStatus: to,
      action,
      eventAt,
    });
    from = to;
  }
  await manager.flush();
}

async function xp(user: User, amount: number, at: Date): Promise<void> {
  const manager = em();
  manager.create(XpTransaction, {
    user: manager.getReference(User, user.id),
    amount,
    entryType: 'manual_adjustment',
    reference: `test:${uniqueSuffix()}`,
    createdAt: at,
  });
  await manager.flush();
}

type Fleet = {
  items_by_status: { status: string; count: number }[];
  backlog_by_flag: { color: TicketColor; count: number }[];
  waiting_qc: {
    count: number;
    oldest_seconds: number;
    p50_seconds: number;
    past_sla: number;
    sla_minutes: number;
    oldest_ticket_id: number;
  };
  first_pass_trend: {
    week_start: string;
    week_end: string;
    decided: number;
    first_pass: number;
    rate: number | null;
  }[];
};

describe('analytics', () => {
  it('fleet and team snapshots match the database', async () => {
    const ops = await api.userWithToken(['ops_manager']);
    const master = await createUser(api.workshop.db.orm, { roles: ['master'] });
    const ann = await createUser(api.workshop.db.orm, { roles: ['technician'], firstName: 'Ann', lastName: 'Fixer' });
    const bob = await createUser(api.workshop.db.orm, { roles: ['technician'], firstName: 'Bob', lastName: 'Idle' });
    const make = (status: TicketStatus, technician: User | null, flagColor: TicketColor) =>
      createTicket(api.workshop.db.orm, { status, master, technician, flagColor });

    // Items: one per ticket (ready), plus a blocked one and an archived one (not counted).
    await createItemWithParts(api.workshop.db.orm, { status: 'blocked' });
    await createItemWithParts(api.workshop.db.orm, { status: 'blocked', archivedAt: new Date() });
    const waitLong = await make('waiting_qc', ann, 'red');
    const waitShort = await make('waiting_qc', ann, 'green');
    await make('new', null, 'green');
    const working = await make('in_progress', bob, 'yellow');
    const firstPass = await make('done', ann, 'green');
    const secondPass = await make('done', ann, 'red');
    const oldFail = await make('rework', ann, 'red');

    await transition(waitLong, 'to_waiting_qc', ago(5 * HOUR));
    await transition(waitShort, 'to_waiting_qc', ago(1 * HOUR));
    const decidedAt = ago(1 * HOUR);
    await transition(firstPass, 'qc_pass', decidedAt);
    await transition(secondPass, 'qc_fail', ago(2 * HOUR));
    await transition(secondPass, 'qc_pass', decidedAt);
    await transition(oldFail, 'qc_fail', ago(60 * DAY));

    const fleet = await api.call<Fleet>('GET', '/api/analytics/fleet?weeks=2', { token: ops.token });
    expect(fleet.status).toBe(200);
    const f = fleet.body;
    expect(f.items_by_status).toEqual([
      { status: 'ready', count: 7 },
      { status: 'in_service', count: 0 },
      { status: 'rented', count: 0 },
      { status: 'blocked', count: 1 },
      { status: 'write_off', count: 0 },
    ]);
    // Not done: two waiting (red, green), new (green), in progress (yellow), rework (red).
    expect(f.backlog_by_flag).toEqual([
      { color: 'green', count: 2 },
      { color: 'yellow', count: 1 },
      { color: 'red', count: 2 },
    ]);
    expect(f.waiting_qc).toMatchObject({ count: 2, past_sla: 1, sla_minutes: 240, oldest_ticket_id: waitLong.id });
    expect(f.waiting_qc.oldest_seconds).toBeGreaterThanOrEqual(5 * 3600);
    expect(f.waiting_qc.oldest_seconds).toBeLessThan(5 * 3600 + 60);
    expect(f.waiting_qc.p50_seconds).toBeGreaterThanOrEqual(3 * 3600);
    expect(f.waiting_qc.p50_seconds).toBeLessThan(3 * 3600 + 60);
    // Two local weeks; both tickets were first decided in the week holding decidedAt: one first pass.
    expect(f.first_pass_trend).toHaveLength(2);
    const week = f.first_pass_trend.find(
      (w) => Date.parse(w.week_start) <= decidedAt.getTime() && decidedAt.getTime() < Date.parse(w.week_end),
    )!;
    expect(week).toMatchObject({ decided: 2, first_pass: 1, rate: 0.5 });
    expect(f.first_pass_trend.reduce((sum, w) => sum + w.decided, 0)).toBe(2);

    // Team: Ann worked 1 h with one 30-minute pause, passed two tickets (one the first time) and
    // earned 10 XP in the window (5 more before it); Bob's session has been running for 10 days.
    await session(firstPass, ann, 'stopped', [
      ['started', ago(3 * HOUR)],
      ['paused', ago(2.5 * HOUR)],
      ['resumed', ago(2 * HOUR)],
      ['stopped', ago(1.5 * HOUR)],
    ]);
    await session(oldFail, ann, 'stopped', [
      ['started', ago(61 * DAY)],
      ['stopped', ago(60 * DAY)],
    ]);
    await session(working, bob, 'running', [['started', ago(10 * DAY)]]);
    await xp(ann, 10, ago(HOUR));
    await xp(ann, 5, ago(8 * DAY));

    type Team = {
      days: number;
      from: string;
      to: string;
      technicians: {
        technician_id: number;
        name: string;
        tickets_done: number;
        active_seconds: number;
        first_pass: { decided: number; first_pass: number; rate: number | null };
        xp: number;
        pauses: { count: number; seconds: number };
      }[];
    };
    const team = await api.call<Team>('GET', '/api/analytics/team?days=7', { token: ops.token });
    expect(team.status).toBe(200);
    expect(team.body.days).toBe(7);
    expect(Date.parse(team.body.to) - Date.parse(team.body.from)).toBe(7 * DAY);
    const [first, second] = team.body.technicians;
    expect(team.body.technicians).toHaveLength(2);
    expect(first).toEqual({
      technician_id: ann.id,
      name: expect.stringContaining('Ann'),
      tickets_done: 2,
      active_seconds: 3600,
      first_pass: { decided: 2, first_pass: 1, rate: 0.5 },
      xp: 10,
      pauses: { count: 1, seconds: 1800 },
    });
    expect(second).toMatchObject({
      technician_id: bob.id,
      tickets_done: 0,
      first_pass: { decided: 0, first_pass: 0, rate: null },
      xp: 0,
      pauses: { count: 0, seconds: 0 },
    });
    // The whole window, within the request's own duration.
    expect(second!.active_seconds).toBeGreaterThanOrEqual(7 * 86_400 - 5);
    expect(second!.active_seconds).toBeLessThanOrEqual(7 * 86_400);

    // Ann's XP from 8 days ago counts in a 9-day window.
    const wider = await api.call<Team>('GET', '/api/analytics/team?days=9', { token: ops.token });
    expect(wider.body.technicians.find((t) => t.technician_id === ann.id)?.xp).toBe(15);
  });

  it('answers 401 without a token, 403 to masters and technicians, 400 out of bounds', async () => {
    const master = await api.userWithToken(['master']);
    const tech = await api.userWithToken(['technician']);
    for (const url of ['/api/analytics/fleet', '/api/analytics/team']) {
      expect((await api.call('GET', url, { token: null })).status).toBe(401);
      for (const who of [master, tech]) {
        expect(await api.call('GET', url, { token: who.token })).toMatchObject({
          status: 403,
          body: { error: 'forbidden' },
        });
      }
      expect((await api.call('GET', url)).status).toBe(200);
    }
    for (const query of ['team?days=0', 'team?days=91', 'team?days=seven', 'fleet?weeks=0', 'fleet?weeks=27']) {
      const res = await api.call('GET', `/api/analytics/${query}`);
      expect([query, res.status, res.body?.error]).toEqual([query, 400, 'validation']);
    }
    expect((await api.call('GET', '/api/analytics/team?days=90')).status).toBe(200);
  });
});
