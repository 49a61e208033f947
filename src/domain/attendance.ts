// Attendance (issue 15, rules section `attendance`): the business date, the punctuality rule and
// the check-in / check-out guards. Pure: the instant is passed in, the rules too.
//
// THE PUNCTUALITY RULE (one rule for the label and the XP; docs/attendance.md):
//   The check-in's local wall-clock time in `attendance.timezone`, read to the minute (seconds are
//   dropped, so 10:00:59 reads 10:00), falls in one of three tiers:
//     HH:MM ≤ on_time_cutoff                   → label `early`,   XP `on_time_xp`
//     on_time_cutoff < HH:MM ≤ grace_cutoff    → label `on_time`, XP `grace_xp`
//     HH:MM > grace_cutoff                     → label `late`,    XP `late_xp`
//   Both cutoffs are inclusive. The reference computed its label and its XP with different
//   boundaries; here the tier is computed once and both come from it.
import { DomainError } from './errors';
import { type AttendanceRules } from './rules';
import { localDateTime } from './time-zone';
import { type Instant, toEpochMs } from './types';

export const PUNCTUALITIES = ['early', 'on_time', 'late'] as const;
export type Punctuality = (typeof PUNCTUALITIES)[number];

/** `YYYY-MM-DD`. */
export type BusinessDate = string;

const BUSINESS_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The local calendar date of `at` in the rules time zone: the day an attendance record belongs to. */
export function businessDateOf(at: Instant, timeZone: string): BusinessDate {
  const local = localDateTime(at, timeZone);
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  if (typeof value !== 'string') return false;
  const match = BUSINESS_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `HH:MM` → minutes after local midnight. */
function cutoffMinutes(cutoff: string): number {
  const [hours, minutes] = cutoff.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export interface PunctualityOutcome {
  readonly punctuality: Punctuality;
  /** Signed; 0 and negative amounts are written too. */
  readonly xp: number;
  readonly businessDate: BusinessDate;
  /** The local wall-clock time the rule read, `HH:MM`. */
  readonly localTime: string;
}

/** The punctuality rule (see the module comment): label and XP from one tier. */
export function punctualityOf(at: Instant, rules: AttendanceRules): PunctualityOutcome {
  const local = localDateTime(at, rules.timezone);
  const minuteOfDay = local.hour * 60 + local.minute;
  const tier: Punctuality =
    minuteOfDay <= cutoffMinutes(rules.on_time_cutoff)
      ? 'early'
      : minuteOfDay <= cutoffMinutes(rules.grace_cutoff)
        ? 'on_time'
        : 'late';
  const xp = tier === 'early' ? rules.on_time_xp : tier === 'on_time' ? rules.grace_xp : rules.late_xp;
  return {
    punctuality: tier,
    xp,
    businessDate: businessDateOf(at, rules.timezone),
    localTime: `${pad(local.hour)}:${pad(local.minute)}`,
  };
}

/** What the guards need to know of the person's record for the business date, if there is one. */
export interface AttendanceDayState {
  readonly checkInAt: Instant | null;
  readonly checkOutAt: Instant | null;
}

/** The XP reference of a check-in: unique in the ledger, so the XP is written once per person and day. */
export function attendanceXpReference(userId: number, businessDate: BusinessDate): string {
  return `attendance_checkin:${userId}:${businessDate}`;
}

/** A check-in at `at`: refused when the business date already has one; otherwise its outcome. */
export function decideCheckIn(
  existing: AttendanceDayState | null,
  at: Instant,
  rules: AttendanceRules,
): PunctualityOutcome {
  if (existing?.checkInAt != null) throw new DomainError('attendance.already_checked_in');
  return punctualityOf(at, rules);
}

/**
 * A check-out at `at` against the business date's record: it needs a check-in that day and happens
 * once. Returns the business date it closes.
 */
export function decideCheckOut(existing: AttendanceDayState | null, at: Instant, timeZone: string): BusinessDate {
  if (existing?.checkInAt == null) throw new DomainError('attendance.not_checked_in');
  if (existing.checkOutAt != null) throw new DomainError('attendance.already_checked_out');
  if (toEpochMs(at) < toEpochMs(existing.checkInAt)) throw new DomainError('attendance.not_checked_in');
  return businessDateOf(at, timeZone);
}
