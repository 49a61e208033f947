// AttendanceService on a real Postgres with a pinned clock: the record and its XP in one
// transaction, the punctuality rule with the active rules, every refusal, on-behalf recording,
// concurrent check-ins, the day list and the table's constraints.
import { type Actor, DomainError, type RoleSlug } from '../../../src/domain';
import { AttendanceRecord, XpTransaction } from '../../../src/db/entities';
import { sqlRun } from '../../../src/db/sql';
import { AttendanceService } from '../../../src/services/attendance';
import { NotFoundError } from '../../../src/services/errors';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createUser } from '../../support/factories';
import { activateRules } from '../../support/rules';

jest.setTimeout(60_000);

let db: TestDatabase;
let clock = new Date('2026-03-10T04:30:00Z');
let service: AttendanceService;

beforeAll(async () => {
  db = await createTestDatabase();
  // Tashkent (UTC+5): 10:00 local is 05:00Z; -3 for late so 0 (grace) and negative both show.
  await activateRules(db.orm, (r) => ({
    ...r,
    attendance: { ...r.attendance, timezone: 'Asia/Tashkent', on_time_xp: 2, grace_xp: 0, late_xp: -3 },
  }));
  service = new AttendanceService({ orm: db.orm, now: () => clock });
});
afterAll(() => db?.drop());

async function person(roles: RoleSlug[], options: { isActive?: boolean } = {}): Promise<Actor> {
  const user = await createUser(db.orm, { roles, ...options });
  return { id: user.id, roles };
}

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    if (err instanceof NotFoundError) return 'not_found';
    throw err;
  }
  return null;
};

const xpOf = (userId: number) => db.orm.em.fork().find(XpTransaction, { user: userId }, { orderBy: { id: 'asc' } });

describe('check-in', () => {
  it('records the day once with its punctuality XP in the ledger, zero and negative included', async () => {
    const cases: [string, string, number][] = [
      ['2026-03-10T05:00:00Z', 'early', 2],
      ['2026-03-10T05:20:59Z', 'on_time', 0],
      ['2026-03-10T05:21:00Z', 'late', -3],
    ];
    for (const [iso, punctuality, xp] of cases) {
      const tech = await person(['technician']);
      clock = new Date(iso);
      const result = await service.checkIn(tech);
      expect(result.record).toMatchObject({
        userId: tech.id,
        businessDate: '2026-03-10',
        punctuality,
        xpAmount: xp,
        recordedById: tech.id,
        checkOutAt: null,
      });
      expect(result.onBehalf).toBe(false);
      const ledger = await xpOf(tech.id);
      expect(ledger.map((x) => [x.amount, x.entryType, x.reference])).toEqual([
        [xp, 'attendance_punctuality', `attendance_checkin:${tech.id}:2026-03-10`],
      ]);
      expect(ledger[0].payload).toMatchObject({ business_date: '2026-03-10', punctuality });

      // A second check-in the same business date is refused and writes nothing.
      clock = new Date('2026-03-10T12:00:00Z');
      expect(await refusal(service.checkIn(tech))).toBe('attendance.already_checked_in');
      expect(await xpOf(tech.id)).toHaveLength(1);
    }
  });

  it('starts a new business date at local midnight', async () => {
    const tech = await person(['technician']);
    clock = new Date('2026-03-10T18:59:00Z'); // 23:59 local
    expect((await service.checkIn(tech)).record).toMatchObject({ businessDate: '2026-03-10', punctuality: 'late' });
    clock = new Date('2026-03-10T19:00:00Z'); // 00:00 local, next day
    expect((await service.checkIn(tech)).record).toMatchObject({ businessDate: '2026-03-11', punctuality: 'early' });
    expect((await xpOf(tech.id)).map((x) => x.reference)).toEqual([
      `attendance_checkin:${tech.id}:2026-03-10`,
      `attendance_checkin:${tech.id}:2026-03-11`,
    ]);
  });

  it('lets one of two concurrent check-ins win; the other is refused', async () => {
    const tech = await person(['technician']);
    clock = new Date('2026-03-12T04:00:00Z');
    const results = await Promise.allSettled([service.checkIn(tech), service.checkIn(tech), service.checkIn(tech)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(((r as PromiseRejectedResult).reason as DomainError).code).toBe('attendance.already_checked_in');
    }
    expect(await xpOf(tech.id)).toHaveLength(1);
    expect(await db.orm.em.fork().count(AttendanceRecord, { user: tech.id })).toBe(1);
  });
});

describe('check-out', () => {
  it('needs a check-in that day, and happens once', async () => {
    const tech = await person(['technician']);
    clock = new Date('2026-03-13T04:00:00Z');
    expect(await refusal(service.checkOut(tech))).toBe('attendance.not_checked_in');
    await service.checkIn(tech);
    clock = new Date('2026-03-13T13:05:00Z');
    const out = await service.checkOut(tech);
    expect(out.localTime).toBe('18:05');
    expect(out.record).toMatchObject({ checkOutAt: clock, checkedOutById: tech.id });
    expect(await refusal(service.checkOut(tech))).toBe('attendance.already_checked_out');
    // The next day's check-out has no check-in of its own.
    clock = new Date('2026-03-14T04:00:00Z');
    expect(await refusal(service.checkOut(tech))).toBe('attendance.not_checked_in');
    // Check-out writes no XP.
    expect(await xpOf(tech.id)).toHaveLength(1);
  });
});

describe('who may record', () => {
  it('staff record on a technician’s behalf; others may not', async () => {
    const tech = await person(['technician']);
    const master = await person(['master']);
    const other = await person(['technician']);
    const qc = await person(['qc_inspector']);
    clock = new Date('2026-03-15T05:10:00Z');

    expect(await refusal(service.checkIn(other, tech.id))).toBe('role.forbidden');
    expect(await refusal(service.checkIn(qc))).toBe('role.technicians_only');
    expect(await refusal(service.checkIn(master))).toBe('role.technicians_only');
    expect(await refusal(service.checkIn(master, qc.id))).toBe('attendance.target_not_technician');
    expect(await refusal(service.checkIn(master, 999_999_999))).toBe('not_found');
    const inactive = await person(['technician'], { isActive: false });
    expect(await refusal(service.checkIn(master, inactive.id))).toBe('attendance.target_not_technician');

    const inResult = await service.checkIn(master, tech.id);
    expect(inResult.onBehalf).toBe(true);
    expect(inResult.record).toMatchObject({ userId: tech.id, recordedById: master.id, punctuality: 'on_time' });
    clock = new Date('2026-03-15T13:00:00Z');
    expect(await refusal(service.checkOut(other, tech.id))).toBe('role.forbidden');
    expect((await service.checkOut(master, tech.id)).record).toMatchObject({ checkedOutById: master.id });
  });
});

describe('the day list', () => {
  it('lists one business date for staff, by technician and punctuality', async () => {
    const master = await person(['master']);
    const [a, b] = [await person(['technician']), await person(['technician'])];
    clock = new Date('2026-03-20T04:00:00Z');
    await service.checkIn(a);
    clock = new Date('2026-03-20T06:00:00Z');
    await service.checkIn(b);

    const day = await service.listDay(master, { date: '2026-03-20' });
    expect(day.items.map((r) => [r.userId, r.punctuality])).toEqual([
      [a.id, 'early'],
      [b.id, 'late'],
    ]);
    expect(day.items[0].userName).toContain('Test');
    expect(
      (await service.listDay(master, { date: '2026-03-20', punctuality: 'late' })).items.map((r) => r.userId),
    ).toEqual([b.id]);
    expect((await service.listDay(master, { date: '2026-03-20', technicianId: a.id })).items).toHaveLength(1);
    // Default: today in the rules zone (the clock reads 2026-03-20 11:00 in Tashkent).
    expect((await service.listDay(master)).date).toBe('2026-03-20');
    expect(await refusal(service.listDay(a))).toBe('role.forbidden');
  });
});

describe('constraints', () => {
  it('refuses a check-out before the check-in, or without who recorded it, and a second row for the day', async () => {
    const tech = await person(['technician']);
    clock = new Date('2026-03-21T04:00:00Z');
    const { record } = await service.checkIn(tech);
    const em = db.orm.em.fork();
    await expect(
      sqlRun(
        em,
        `update attendance_record set check_out_at = check_in_at - interval '1 minute', checked_out_by_id = user_id where id = ?`,
        [record.id],
      ),
    ).rejects.toThrow(/attendance_record_check_out_after_check_in_check/);
    await expect(
      sqlRun(em, `update attendance_record set check_out_at = check_in_at where id = ?`, [record.id]),
    ).rejects.toThrow(/attendance_record_check_out_by_check/);
    await expect(
      sqlRun(
        em,
        `insert into attendance_record (user_id, business_date, check_in_at, punctuality, xp_amount, rules_version, recorded_by_id)
         values (?, '2026-03-21', now(), 'late', 0, 1, ?)`,
        [tech.id, tech.id],
      ),
    ).rejects.toThrow(/attendance_record_user_id_business_date_unique/);
    await expect(
      sqlRun(em, `update attendance_record set punctuality = 'sometime' where id = ?`, [record.id]),
    ).rejects.toThrow(/attendance_record_punctuality_check/);
  });
});
