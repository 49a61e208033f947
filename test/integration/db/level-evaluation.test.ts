// The weekly evaluation's Postgres side (ProgressionService.evaluateBatch) on a real database: who is
// evaluated, each outcome with its level change and coupon, the warning carried from one week to the
// next, batches, and a re-run of a week that changes nothing.
import type { CoreDeps } from '../../../src/deps';
import { sql } from '../../../src/db/sql';
import { createLogger } from '../../../src/logger';
import { ProgressionService } from '../../../src/services/progression';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createUser } from '../../support/factories';

jest.setTimeout(60_000);

let db: TestDatabase;
let service: ProgressionService;
beforeAll(async () => {
  db = await createTestDatabase();
  service = new ProgressionService({
    orm: db.orm,
    logger: createLogger('silent'),
    config: { temporal: { taskQueue: 'unused' } } as CoreDeps['config'],
    temporal: {} as CoreDeps['temporal'],
  });
});
afterAll(() => db?.drop());

// Rules default: UTC weeks, target 100, thresholds 200/450/750/1100, coupon 100000.
const WEEK1 = '2026-11-02';
const WEEK2 = '2026-11-09';

let seq = 0;
async function xp(userId: number, amount: number, at: string): Promise<void> {
  seq += 1;
  await sql(
    db.orm.em.fork(),
    `insert into xp_transaction (user_id, amount, entry_type, reference, created_at) values (?, ?, 'manual_adjustment', ?, ?)`,
    [userId, amount, `test:${seq}:${userId}`, new Date(at)],
  );
}

const evaluations = (userId: number) =>
  sql(
    db.orm.em.fork(),
    `select week_start::text as week_start, status, previous_level, new_level, week_xp, cumulative_xp, coupon_amount,
            warning_active, rules_version from level_evaluation where user_id = ? order by week_start`,
    [userId],
  );
const changes = (userId: number) =>
  sql(db.orm.em.fork(), `select from_level, to_level, reason from level_change where user_id = ? order by id`, [
    userId,
  ]);

it('evaluates each outcome, carries the warning, and a re-run changes nothing', async () => {
  const orm = db.orm;
  const climber = await createUser(orm, { roles: ['technician'] });
  const idle = await createUser(orm, { roles: ['technician'], level: 3 });
  const master = await createUser(orm, { roles: ['master'] });
  const retired = await createUser(orm, { roles: ['technician'], isActive: false });
  const bystander = await createUser(orm, { roles: ['master'] });

  await xp(climber.id, 130, '2026-10-20T10:00:00Z'); // before week 1: cumulative only
  await xp(climber.id, 99, '2026-11-02T00:00:00Z'); // week 1's first instant
  await xp(climber.id, 1, '2026-11-08T23:59:59Z'); // week 1's last second: 100 = target
  await xp(climber.id, 500, '2026-11-09T00:00:00Z'); // week 2
  await xp(master.id, 50, '2026-11-03T12:00:00Z');

  // Batches of 2: every candidate is reached, in id order.
  let after = 0;
  const week1 = { level_up: 0, maintained: 0, warning: 0, reset_to_l1: 0, already_evaluated: 0 };
  const seen: number[] = [];
  for (;;) {
    const batch = await service.evaluateBatch(WEEK1, after, 2);
    for (const [k, n] of Object.entries(batch.counts)) week1[k as keyof typeof week1] += n;
    seen.push(...batch.userIds);
    if (batch.lastUserId === null || batch.userIds.length < 2) break;
    after = batch.lastUserId;
  }
  expect(seen).toEqual([climber.id, idle.id, master.id]);
  expect(seen).not.toContain(retired.id);
  expect(seen).not.toContain(bystander.id);
  expect(week1).toEqual({ level_up: 1, maintained: 0, warning: 2, reset_to_l1: 0, already_evaluated: 0 });

  expect(await evaluations(climber.id)).toEqual([
    {
      week_start: WEEK1,
      status: 'level_up',
      previous_level: 1,
      new_level: 2,
      week_xp: 100,
      cumulative_xp: 230,
      coupon_amount: 100_000,
      warning_active: false,
      rules_version: 1,
    },
  ]);
  expect(await changes(climber.id)).toEqual([{ from_level: 1, to_level: 2, reason: 'weekly' }]);
  expect(await evaluations(idle.id)).toEqual([
    expect.objectContaining({ status: 'warning', previous_level: 3, new_level: 3, warning_active: true }),
  ]);
  expect(await changes(idle.id)).toEqual([]);

  // A re-run of week 1: nothing new.
  const rerun = await service.evaluateBatch(WEEK1, 0, 50);
  expect(rerun.counts).toEqual({ level_up: 0, maintained: 0, warning: 0, reset_to_l1: 0, already_evaluated: 3 });
  expect(await evaluations(climber.id)).toHaveLength(1);

  // Week 2: the climber reaches level 3 (730 cumulative), the idle technician and the master reset.
  const week2 = await service.evaluateBatch(WEEK2, 0, 50);
  expect(week2.counts).toEqual({ level_up: 1, maintained: 0, warning: 0, reset_to_l1: 2, already_evaluated: 0 });
  expect((await evaluations(climber.id)).at(-1)).toMatchObject({
    status: 'level_up',
    previous_level: 2,
    new_level: 3,
    week_xp: 500,
    cumulative_xp: 730,
  });
  expect((await evaluations(idle.id)).at(-1)).toMatchObject({
    status: 'reset_to_l1',
    previous_level: 3,
    new_level: 1,
    warning_active: false,
  });
  expect(await changes(idle.id)).toEqual([{ from_level: 3, to_level: 1, reason: 'weekly' }]);
  const [row] = await sql<{ level: number }>(db.orm.em.fork(), 'select level from app_user where id = ?', [idle.id]);
  expect(row?.level).toBe(1);
});
