import type { EntityManager } from '@mikro-orm/postgresql';
import type { TicketStatus, WorkSessionAction, WorkSessionStatus } from '../../src/domain';
import {
  InventoryItemPart,
  Ticket,
  TicketTransition,
  User,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
} from '../../src/db/entities';
import { findTicket, parseFindQuery, techniciansNow, workshopStats, xpLeaderboard } from '../../src/reads/stats';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createItemWithParts, createTicket, createUser, uniqueSuffix, uniqueTelegramId } from '../support/factories';

const partsOf = (itemId: number) => em().find(InventoryItemPart, { item: itemId }, { orderBy: { id: 'asc' } });
import { activateRules } from '../support/rules';

// Local days in Asia/Tashkent (UTC+5, no DST): "today" for NOW is [2026-11-20T19:00Z, 2026-11-21T19:00Z).
const TZ = 'Asia/Tashkent';
const NOW = new Date('2026-11-21T12:00:00Z');
const at = (iso: string) => new Date(iso);

let db: TestDatabase;
const em = () => db.orm.em.fork() as EntityManager;

beforeAll(async () => {
  db = await createTestDatabase();
  await activateRules(db.orm, (rules) => ({ ...rules, work_session: { ...rules.work_session, timezone: TZ } }));
});
afterAll(async () => {
  await db.drop();
});

async function transition(ticket: Ticket, action: 'qc_pass' | 'qc_fail', createdAt: Date): Promise<void> {
  const manager = em();
  manager.create(TicketTransition, {
    ticket: manager.getReference(Ticket, ticket.id),
    fromStatus: 'waiting_qc',
    toStatus: action === 'qc_pass' ? 'done' : 'rework',
    action,
    createdAt,
  });
  await manager.flush();
}

async function xp(user: User, amount: number): Promise<void> {
  const manager = em();
  manager.create(XpTransaction, {
    user: manager.getReference(User, user.id),
    amount,
    entryType: 'manual_adjustment',
    reference: `test:${uniqueSuffix()}`,
    description: 'seeded',
  });
  await manager.flush();
}

/** A session with its transitions, as the workflows would have written them. */
async function session(
  ticket: Ticket,
  technician: User,
  status: WorkSessionStatus,
  events: [WorkSessionAction, string][],
): Promise<WorkSession> {
  const manager = em();
  const row = manager.create(WorkSession, {
    ticket: manager.getReference(Ticket, ticket.id),
    technician: manager.getReference(User, technician.id),
    status,
    startedAt: at(events[0]![1]),
    lastStartedAt: status === 'running' ? at(events.findLast(([a]) => a !== 'paused')![1]) : null,
    endedAt: status === 'stopped' ? at(events.at(-1)![1]) : null,
  });
  let from: WorkSessionStatus | null = null;
  for (const [action, iso] of events) {
    const to: WorkSessionStatus = action === 'paused' ? 'paused' : action === 'stopped' ? 'stopped' : 'running';
    manager.create(WorkSessionTransition, {
      session: row,
      ticket: manager.getReference(Ticket, ticket.id),
      fromStatus: from,
      toStatus: to,
      action,
      eventAt: at(iso),
    });
    from = to;
  }
  await manager.flush();
  return row;
}

describe('staff statistics on real Postgres', () => {
  // Runs first: the counts below are the whole database.
  it('/stats numbers: tickets by status, done per local day, QC first-pass rate, leaderboard', async () => {
    const master = await createUser(db.orm, { roles: ['master'] });
    const crew = await createUser(db.orm, { roles: ['technician'], firstName: 'Crew', lastName: 'Member' });
    const make = (status: TicketStatus, deletedAt: Date | null = null) =>
      createTicket(db.orm, {
        status,
        master,
        technician: status === 'under_review' || status === 'new' ? null : crew,
        deletedAt,
      });

    await make('under_review');
    await make('new');
    await make('assigned');
    await make('in_progress');
    await make('waiting_qc');
    const rework = await make('rework');
    const firstPass = await make('done');
    const secondPass = await make('done');
    const old = await make('done');
    const deleted = await make('done', new Date());

    // 20:30Z on the 19th is already the 20th in Tashkent.
    await transition(firstPass, 'qc_pass', at('2026-11-19T20:30:00Z'));
    await transition(secondPass, 'qc_fail', at('2026-11-17T09:00:00Z'));
    await transition(secondPass, 'qc_pass', at('2026-11-21T04:00:00Z'));
    await transition(rework, 'qc_fail', at('2026-11-21T05:00:00Z'));
    // Passed long before the 14-day series, and first time: counts for the rate only.
    await transition(old, 'qc_pass', at('2026-10-01T10:00:00Z'));
    // A deleted ticket counts nowhere.
    await transition(deleted, 'qc_pass', at('2026-11-21T06:00:00Z'));

    const stats = await workshopStats(em(), NOW);
    expect(stats.timeZone).toBe(TZ);
    expect(Object.fromEntries(stats.byStatus.map((s) => [s.status, s.count]))).toEqual({
      under_review: 1,
      new: 1,
      assigned: 1,
      in_progress: 1,
      waiting_qc: 1,
      rework: 1,
      done: 3,
    });
    expect(stats.totalTickets).toBe(9);
    expect(stats.donePerDay).toHaveLength(14);
    expect(stats.donePerDay[0]!.day).toBe('2026-11-08');
    expect(stats.donePerDay.filter((d) => d.count > 0)).toEqual([
      { day: '2026-11-20', count: 1 },
      { day: '2026-11-21', count: 1 },
    ]);
    // Decided: rework (fail first), secondPass (fail first), firstPass and old (pass first).
    expect(stats.qc).toEqual({ decided: 4, firstPass: 2, rate: 0.5 });
    expect(stats.leaderboard).toEqual([{ rank: 1, userId: crew.id, name: 'Crew Member', level: 1, totalXp: 0 }]);
    expect(stats.csat).toEqual([]);

    // A completed support survey for the crew member's ticket: (5 + 4 + 3) / 3 = 4.
    const connection = em().getConnection();
    const [ticket] = await connection.execute<{ id: number }[]>(
      `insert into support_ticket (client_telegram_id, status, main_chat_id, technician_id, closed_at)
       values (?, 'closed', -100, ?, ?) returning id`,
      [uniqueTelegramId(), crew.id, NOW],
    );
    await connection.execute(
      `insert into feedback (support_ticket_id, q1, q2, q3, status, completed_at) values (?, 5, 4, 3, 'completed', ?)`,
      [ticket.id, NOW],
    );
    expect((await workshopStats(em(), NOW)).csat).toEqual([{ name: 'Crew Member', average: 4, ratings: 1 }]);
  });

  it('leaderboard: active technicians by total XP, ties share a rank, level from the rules thresholds', async () => {
    const ann = await createUser(db.orm, { roles: ['technician'], firstName: 'Ann', lastName: 'A' });
    const bob = await createUser(db.orm, { roles: ['technician', 'qc_inspector'], firstName: 'Bob', lastName: 'B' });
    const cid = await createUser(db.orm, { roles: ['technician'], firstName: 'Cid', lastName: 'C' });
    const gone = await createUser(db.orm, { roles: ['technician'], isActive: false });
    const boss = await createUser(db.orm, { roles: ['ops_manager'] });
    await xp(ann, 100);
    await xp(ann, 20);
    await xp(bob, 300);
    await xp(bob, -50);
    await xp(cid, 120);
    await xp(gone, 999);
    await xp(boss, 999);

    const board = await xpLeaderboard(em());
    expect(board.slice(0, 3)).toEqual([
      { rank: 1, userId: bob.id, name: 'Bob B', level: 2, totalXp: 250 },
      { rank: 2, userId: ann.id, name: 'Ann A', level: 1, totalXp: 120 },
      { rank: 2, userId: cid.id, name: 'Cid C', level: 1, totalXp: 120 },
    ]);
    expect(board.map((r) => r.userId)).not.toContain(gone.id);
    expect(board.map((r) => r.userId)).not.toContain(boss.id);
    expect(board.slice(3).every((r) => r.totalXp === 0 && r.rank === 4)).toBe(true);
    expect(await xpLeaderboard(em(), 1)).toHaveLength(1);
  });

  it('/techs: working → paused → idle, the open session’s ticket, active time within today only', async () => {
    const zoe = await createUser(db.orm, { roles: ['technician'], firstName: 'Zoe', lastName: 'Working' });
    const yan = await createUser(db.orm, { roles: ['technician'], firstName: 'Yan', lastName: 'Paused' });
    const abe = await createUser(db.orm, { roles: ['technician'], firstName: 'Abe', lastName: 'Idle' });
    const away = await createUser(db.orm, { roles: ['technician'], firstName: 'Away', isActive: false });

    const zoeTicket = await createTicket(db.orm, { status: 'in_progress', technician: zoe });
    const zoeEarlier = await createTicket(db.orm, { status: 'in_progress', technician: zoe });
    // Crosses local midnight (19:00Z): only 19:00–20:00 counts. Then running since 10:00Z today.
    await session(zoeEarlier, zoe, 'stopped', [
      ['started', '2026-11-20T18:00:00Z'],
      ['stopped', '2026-11-20T20:00:00Z'],
    ]);
    await session(zoeTicket, zoe, 'running', [
      ['started', '2026-11-21T09:00:00Z'],
      ['paused', '2026-11-21T09:30:00Z'],
      ['resumed', '2026-11-21T10:00:00Z'],
    ]);
    const yanTicket = await createTicket(db.orm, { status: 'in_progress', technician: yan });
    await session(yanTicket, yan, 'paused', [
      ['started', '2026-11-21T08:00:00Z'],
      ['paused', '2026-11-21T09:00:00Z'],
    ]);
    const abeTicket = await createTicket(db.orm, { status: 'waiting_qc', technician: abe });
    await session(abeTicket, abe, 'stopped', [
      ['started', '2026-11-19T10:00:00Z'],
      ['stopped', '2026-11-19T11:00:00Z'],
    ]);

    const view = await techniciansNow(em(), NOW);
    expect(view.timeZone).toBe(TZ);
    const mine = view.rows.filter((r) => [zoe.id, yan.id, abe.id].includes(r.id));
    const serial = async (ticket: Ticket) =>
      (await em().findOneOrFail(Ticket, ticket.id, { populate: ['inventoryItem'] })).inventoryItem.serialNumber;
    expect(mine).toEqual([
      {
        id: zoe.id,
        name: 'Zoe Working',
        state: 'working',
        ticket: { id: zoeTicket.id, serial: await serial(zoeTicket) },
        todaySeconds: 3600 + 30 * 60 + 2 * 3600,
      },
      {
        id: yan.id,
        name: 'Yan Paused',
        state: 'paused',
        ticket: { id: yanTicket.id, serial: await serial(yanTicket) },
        todaySeconds: 3600,
      },
      { id: abe.id, name: 'Abe Idle', state: 'idle', ticket: null, todaySeconds: 0 },
    ]);
    expect(view.rows.map((r) => r.id)).not.toContain(away.id);
    // Every working row comes before every paused row, and those before idle ones.
    const order = { working: 0, paused: 1, idle: 2 };
    const states = view.rows.map((r) => order[r.state]);
    expect(states).toEqual([...states].sort((a, b) => a - b));
  });

  it('/find: by id, by normalized serial (the active ticket first), digits as a serial, and not found', async () => {
    const suffix = uniqueSuffix().toUpperCase();
    const { item, parts } = await createItemWithParts(db.orm, { serialNumber: `RM-FIND${suffix}`, name: 'Bike 7' });
    const technician = await createUser(db.orm, { roles: ['technician'], firstName: 'Tom', lastName: 'Tech' });
    const master = await createUser(db.orm, { roles: ['master'], firstName: 'Mia', lastName: 'Master' });
    const done = await createTicket(db.orm, {
      item,
      specs: [{ part: parts[0]!, minutes: 20 }],
      status: 'done',
      technician,
      master,
    });
    const active = await createTicket(db.orm, {
      item,
      specs: [{ part: parts[1]!, minutes: 45 }],
      status: 'in_progress',
      technician,
      master,
      title: 'Brakes',
    });
    await session(active, technician, 'stopped', [
      ['started', '2026-11-21T08:00:00Z'],
      ['stopped', '2026-11-21T08:30:00Z'],
    ]);
    await session(active, technician, 'running', [['started', '2026-11-21T11:50:00Z']]);
    const deleted = await createTicket(db.orm, { status: 'new', deletedAt: new Date() });

    const byId = await findTicket(em(), parseFindQuery(`#${done.id}`)!, NOW);
    expect(byId).toMatchObject({
      id: done.id,
      serial: `RM-FIND${suffix}`,
      status: 'done',
      itemName: 'Bike 7',
      technician: 'Tom Tech',
      master: 'Mia Master',
      totalDuration: 20,
      session: null,
      workedSeconds: 0,
    });
    expect(byId?.finishedAt).toBeInstanceOf(Date);

    const query = `rm-find ${suffix.toLowerCase().slice(0, 3)} ${suffix.toLowerCase().slice(3)}`;
    expect(await findTicket(em(), parseFindQuery(query)!, NOW)).toMatchObject({
      id: active.id,
      status: 'in_progress',
      title: 'Brakes',
      totalDuration: 45,
      flagColor: 'yellow',
      xpAmount: 3,
      isManual: false,
      session: { status: 'running', activeSeconds: 600 },
      workedSeconds: 1800 + 600,
      finishedAt: null,
    });

    const { item: digits } = await createItemWithParts(db.orm, { serialNumber: '987654321' });
    const byDigits = await createTicket(db.orm, { item: digits, specs: [{ part: (await partsOf(digits.id))[0]! }] });
    expect((await findTicket(em(), parseFindQuery('987654321')!, NOW))?.id).toBe(byDigits.id);

    expect(await findTicket(em(), parseFindQuery(String(deleted.id))!, NOW)).toBeNull();
    expect(await findTicket(em(), parseFindQuery('RM-NOPE-0000')!, NOW)).toBeNull();
  });
});
