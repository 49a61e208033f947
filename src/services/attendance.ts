// Attendance (issue 15): check-in and check-out for a technician themselves or by staff on their
// behalf, and a day's records for staff. The rules are the domain's (src/domain/attendance.ts):
// this service reads the clock, the active rules and the day's record, and writes the record and
// the punctuality XP in one transaction. The record is unique per (user, business date) and the XP
// reference `attendance_checkin:<user>:<date>` is unique in the ledger, so a repeated or
// concurrent check-in writes nothing twice: the loser is refused with `attendance.already_checked_in`.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  attendanceXpReference,
  type BusinessDate,
  businessDateOf,
  canRecordAttendance,
  decideCheckIn,
  decideCheckOut,
  DomainError,
  hasTechnicianRole,
  localDateTime,
  personName,
  type Punctuality,
  resolveAttendanceRules,
  type RoleSlug,
} from '../domain';
import type { Orm } from '../db/orm';
import { sql, sqlOne, sqlRun } from '../db/sql';
import { NotFoundError } from './errors';
import { telegramUsernameSql } from '../reads/names';
import { activeRules } from '../reads/rules-store';

export interface AttendanceView {
  id: number;
  userId: number;
  userName: string;
  businessDate: BusinessDate;
  checkInAt: Date;
  checkOutAt: Date | null;
  punctuality: Punctuality;
  xpAmount: number;
  rulesVersion: number;
  recordedById: number;
  checkedOutById: number | null;
}

export interface AttendanceActionResult {
  record: AttendanceView;
  /** Local `HH:MM` of the action in the rules time zone (what the person is told). */
  localTime: string;
  timeZone: string;
  /** Whether the action was recorded by someone else than the technician. */
  onBehalf: boolean;
}

export interface AttendanceDayQuery {
  /** Defaults to today in the rules time zone. */
  date?: BusinessDate;
  technicianId?: number;
  punctuality?: Punctuality;
}

export interface AttendanceDay {
  date: BusinessDate;
  timeZone: string;
  items: AttendanceView[];
}

interface RecordRow {
  id: number;
  user_id: number;
  business_date: string | Date;
  check_in_at: Date | string;
  check_out_at: Date | string | null;
  punctuality: Punctuality;
  xp_amount: number;
  rules_version: number;
  recorded_by_id: number;
  checked_out_by_id: number | null;
  first_name?: string;
  last_name?: string;
  username?: string;
  telegram_username?: string | null;
}

const RECORD_COLUMNS = `a.id, a.user_id, to_char(a.business_date, 'YYYY-MM-DD') as business_date, a.check_in_at,
  a.check_out_at, a.punctuality, a.xp_amount, a.rules_version, a.recorded_by_id, a.checked_out_by_id,
  u.first_name, u.last_name, u.username, ${telegramUsernameSql('u')} as telegram_username`;

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function viewOf(row: RecordRow): AttendanceView {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    userName: personName({
      id: Number(row.user_id),
      firstName: row.first_name,
      lastName: row.last_name,
      username: row.username,
      telegramUsername: row.telegram_username ?? null,
    }),
    businessDate: String(row.business_date),
    checkInAt: asDate(row.check_in_at),
    checkOutAt: row.check_out_at === null ? null : asDate(row.check_out_at),
    punctuality: row.punctuality,
    xpAmount: Number(row.xp_amount),
    rulesVersion: Number(row.rules_version),
    recordedById: Number(row.recorded_by_id),
    checkedOutById: row.checked_out_by_id === null ? null : Number(row.checked_out_by_id),
  };
}

function localTimeOf(at: Date, timeZone: string): string {
  const local = localDateTime(at, timeZone);
  return `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
}

export interface AttendanceServiceDeps {
  orm: Orm;
  /** The clock (tests pin it); the domain itself never reads one. */
  now?: () => Date;
}

export class AttendanceService {
  private readonly now: () => Date;

  constructor(private readonly deps: AttendanceServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Checks `userId` (default: the actor) in now. Staff may check in a technician on their behalf. */
  async checkIn(actor: Actor, userId?: number): Promise<AttendanceActionResult> {
    const targetId = this.authorize(actor, userId);
    const at = this.now();
    return this.deps.orm.em.fork().transactional(async (em) => {
      await this.requireTechnician(em, targetId);
      const active = await activeRules(em);
      const rules = resolveAttendanceRules(active.config);
      const date = businessDateOf(at, rules.timezone);
      const outcome = decideCheckIn(await this.dayState(em, targetId, date), at, rules);
      const inserted = await sqlOne<{ id: number }>(
        em,
        `insert into attendance_record
           (user_id, business_date, check_in_at, punctuality, xp_amount, rules_version, recorded_by_id)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (user_id, business_date) do nothing
         returning id`,
        [targetId, outcome.businessDate, at, outcome.punctuality, outcome.xp, active.version, actor.id],
      );
      // A concurrent check-in for the same day won between our read and our insert.
      if (!inserted) throw new DomainError('attendance.already_checked_in');
      await sqlRun(
        em,
        `insert into xp_transaction (user_id, amount, entry_type, reference, description, payload, created_at)
         values (?, ?, 'attendance_punctuality', ?, ?, ?, ?) on conflict (reference) do nothing`,
        [
          targetId,
          outcome.xp,
          attendanceXpReference(targetId, outcome.businessDate),
          `Attendance check-in (${outcome.punctuality})`,
          JSON.stringify({
            attendance_record_id: Number(inserted.id),
            business_date: outcome.businessDate,
            punctuality: outcome.punctuality,
            local_time: outcome.localTime,
            recorded_by: actor.id,
            rules_version: active.version,
          }),
          at,
        ],
      );
      return {
        record: await this.recordById(em, Number(inserted.id)),
        localTime: outcome.localTime,
        timeZone: rules.timezone,
        onBehalf: targetId !== actor.id,
      };
    });
  }

  /** Checks `userId` (default: the actor) out now: needs today's check-in, and happens once. */
  async checkOut(actor: Actor, userId?: number): Promise<AttendanceActionResult> {
    const targetId = this.authorize(actor, userId);
    const at = this.now();
    return this.deps.orm.em.fork().transactional(async (em) => {
      await this.requireTechnician(em, targetId);
      const rules = resolveAttendanceRules((await activeRules(em)).config);
      const date = businessDateOf(at, rules.timezone);
      decideCheckOut(await this.dayState(em, targetId, date), at, rules.timezone);
      const updated = await sqlOne<{ id: number }>(
        em,
        `update attendance_record set check_out_at = ?, checked_out_by_id = ?, updated_at = now()
         where user_id = ? and business_date = ? and check_out_at is null
         returning id`,
        [at, actor.id, targetId, date],
      );
      // A concurrent check-out won between our read and our update.
      if (!updated) throw new DomainError('attendance.already_checked_out');
      return {
        record: await this.recordById(em, Number(updated.id)),
        localTime: localTimeOf(at, rules.timezone),
        timeZone: rules.timezone,
        onBehalf: targetId !== actor.id,
      };
    });
  }

  /** One business date's records (default today), for staff, optionally one technician's or one punctuality. */
  async listDay(actor: Actor, query: AttendanceDayQuery = {}): Promise<AttendanceDay> {
    if (!canRecordAttendance(actor.roles)) throw new DomainError('role.forbidden');
    const em = this.deps.orm.em.fork();
    const rules = resolveAttendanceRules((await activeRules(em)).config);
    const date = query.date ?? businessDateOf(this.now(), rules.timezone);
    const where = ['a.business_date = ?'];
    const params: unknown[] = [date];
    if (query.technicianId !== undefined) {
      where.push('a.user_id = ?');
      params.push(query.technicianId);
    }
    if (query.punctuality !== undefined) {
      where.push('a.punctuality = ?');
      params.push(query.punctuality);
    }
    const rows = await sql<RecordRow>(
      em,
      `select ${RECORD_COLUMNS} from attendance_record a join app_user u on u.id = a.user_id
       where ${where.join(' and ')} order by a.check_in_at, a.id limit 1000`,
      params,
    );
    return { date, timeZone: rules.timezone, items: rows.map(viewOf) };
  }

  /** A user by `123`, `#123` or `@username` (account or Telegram username), for the staff commands. */
  async findUser(reference: string): Promise<number | null> {
    const text = reference.trim();
    const em = this.deps.orm.em.fork();
    const byId = /^#?(\d{1,9})$/.exec(text);
    if (byId) {
      const row = await sqlOne<{ id: number }>(em, 'select id from app_user where id = ?', [Number(byId[1])]);
      return row ? Number(row.id) : null;
    }
    const name = text.replace(/^@/, '');
    if (!/^[\w.-]{1,64}$/.test(name)) return null;
    const row = await sqlOne<{ id: number }>(
      em,
      `select u.id from app_user u where lower(u.username) = lower(?)
       union all
       select tp.user_id from telegram_profile tp where tp.user_id is not null and lower(tp.username) = lower(?)
       limit 1`,
      [name, name],
    );
    return row ? Number(row.id) : null;
  }

  /** Self needs the technician role; someone else needs staff. Returns whose attendance it is. */
  private authorize(actor: Actor, userId: number | undefined): number {
    const targetId = userId ?? actor.id;
    if (targetId !== actor.id) {
      if (!canRecordAttendance(actor.roles)) throw new DomainError('role.forbidden');
    } else if (!hasTechnicianRole(actor.roles)) {
      throw new DomainError('role.technicians_only');
    }
    return targetId;
  }

  private async requireTechnician(em: EntityManager, userId: number): Promise<void> {
    const row = await sqlOne<{ is_active: boolean; roles: RoleSlug[] | null }>(
      em,
      `select u.is_active, array(select r.role from user_role r where r.user_id = u.id) as roles
       from app_user u where u.id = ?`,
      [userId],
    );
    if (!row) throw new NotFoundError('User', userId);
    if (!row.is_active || !hasTechnicianRole(row.roles ?? [])) {
      throw new DomainError('attendance.target_not_technician');
    }
  }

  private async dayState(em: EntityManager, userId: number, date: BusinessDate) {
    const row = await sqlOne<{ check_in_at: Date | string; check_out_at: Date | string | null }>(
      em,
      'select check_in_at, check_out_at from attendance_record where user_id = ? and business_date = ? for update',
      [userId, date],
    );
    return row
      ? { checkInAt: asDate(row.check_in_at), checkOutAt: row.check_out_at === null ? null : asDate(row.check_out_at) }
      : null;
  }

  private async recordById(em: EntityManager, id: number): Promise<AttendanceView> {
    const row = await sqlOne<RecordRow>(
      em,
      `select ${RECORD_COLUMNS} from attendance_record a join app_user u on u.id = a.user_id where a.id = ?`,
      [id],
    );
    return viewOf(row!);
  }
}
