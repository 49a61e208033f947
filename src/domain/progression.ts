// Weekly level evaluation, manual XP adjustments and manual level changes (issue 15,
// workshop-domain.md §7 "Other XP"). Pure: every instant is passed in, weeks are local
// Monday–Sunday calendar weeks of the rules time zone, named by their Monday ('YYYY-MM-DD').
import { DomainError } from './errors';
import { type EmployeeLevel, type ProgressionRules } from './rules';
import { localDateTime, startOfLocalDate, type TimeWindow } from './time-zone';
import { type Instant } from './types';
import { levelForXp, requireEmployeeLevel, validateManualXpAdjustment } from './xp';

export const LEVEL_EVALUATION_STATUSES = ['level_up', 'maintained', 'warning', 'reset_to_l1'] as const;
export type LevelEvaluationStatus = (typeof LEVEL_EVALUATION_STATUSES)[number];

export const LEVEL_CHANGE_REASONS = ['weekly', 'manual'] as const;
export type LevelChangeReason = (typeof LEVEL_CHANGE_REASONS)[number];

/** A manual adjustment moves at most this much XP either way (a typo guard, and what an int holds easily). */
export const MANUAL_XP_MAX = 100_000;
/** Comments of manual adjustments and level changes. */
export const PROGRESSION_COMMENT_MAX = 500;
/** How many missed weeks a catch-up evaluates at most (older ones are left to an explicit run). */
export const CATCH_UP_MAX_WEEKS = 8;

const WEEK_START_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface EvaluationWeek {
  /** The week's Monday, 'YYYY-MM-DD'. */
  readonly weekStart: string;
  /** [local Monday 00:00, next local Monday 00:00) in epoch ms: 167, 168 or 169 h around DST. */
  readonly window: TimeWindow;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A calendar date as UTC noon (weekday and day arithmetic without any zone). */
function calendarDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 12));
}

function isoDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function parseDate(value: string): Date | null {
  const match = WEEK_START_PATTERN.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = calendarDate(year, month, day);
  return isoDate(date) === value ? date : null;
}

/** Whether the text is a real calendar date that is a Monday. */
export function isWeekStart(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const date = parseDate(value);
  return date !== null && date.getUTCDay() === 1;
}

/** The week named by its Monday, with its bounds in the zone. */
export function evaluationWeek(weekStart: string, timeZone: string): EvaluationWeek {
  const monday = parseDate(weekStart);
  if (!monday || monday.getUTCDay() !== 1) throw new DomainError('progression.week_start_invalid', {}, 'week_start');
  const next = new Date(monday.getTime() + 7 * 86_400_000);
  return {
    weekStart,
    window: {
      start: startOfLocalDate(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), timeZone),
      end: startOfLocalDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
    },
  };
}

/** The Monday of the local week containing `at`. */
export function weekStartOf(at: Instant, timeZone: string): string {
  const local = localDateTime(at, timeZone);
  const date = calendarDate(local.year, local.month, local.day);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return isoDate(new Date(date.getTime() - sinceMonday * 86_400_000));
}

/** `weekStart` moved by whole weeks. */
export function addWeeks(weekStart: string, weeks: number): string {
  const monday = parseDate(weekStart);
  if (!monday) throw new DomainError('progression.week_start_invalid', {}, 'week_start');
  return isoDate(new Date(monday.getTime() + weeks * 7 * 86_400_000));
}

/** The last complete Monday–Sunday week before `now`, in the zone. */
export function previousEvaluationWeek(now: Instant, timeZone: string): EvaluationWeek {
  return evaluationWeek(addWeeks(weekStartOf(now, timeZone), -1), timeZone);
}

/** A week may be evaluated once it is over: it starts no later than the previous week. */
export function requireCompletedWeek(weekStart: string, now: Instant, timeZone: string): EvaluationWeek {
  const week = evaluationWeek(weekStart, timeZone);
  if (weekStart > previousEvaluationWeek(now, timeZone).weekStart) {
    throw new DomainError('progression.week_not_over', { week_start: weekStart }, 'week_start');
  }
  return week;
}

/**
 * The weeks a catch-up evaluates, oldest first: every week after the last completed one up to the
 * previous week, at most CATCH_UP_MAX_WEEKS (the newest). With no completed week, the previous week.
 */
export function weeksToCatchUp(lastCompleted: string | null, now: Instant, timeZone: string): string[] {
  const target = previousEvaluationWeek(now, timeZone).weekStart;
  if (lastCompleted === null) return [target];
  const weeks: string[] = [];
  for (let week = target; week > lastCompleted && weeks.length < CATCH_UP_MAX_WEEKS; week = addWeeks(week, -1)) {
    weeks.unshift(week);
  }
  return weeks;
}

// ---------------------------------------------------------------------------------------------
// The weekly outcome

export interface WeeklyFacts {
  readonly previousLevel: number;
  /** The last evaluation left a warning. */
  readonly warningActive: boolean;
  /** XP earned within the week. */
  readonly weekXp: number;
  /** All XP up to the week's end. */
  readonly cumulativeXp: number;
}

export interface WeeklyOutcome {
  readonly status: LevelEvaluationStatus;
  readonly previousLevel: EmployeeLevel;
  readonly newLevel: EmployeeLevel;
  /** Whether a warning is active after this evaluation. */
  readonly warningActive: boolean;
  /** The coupon issued with a level-up, else 0. */
  readonly couponAmount: number;
}

function clampLevel(level: number): EmployeeLevel {
  return Math.min(Math.max(Math.trunc(level) || 1, 1), 5) as EmployeeLevel;
}

/**
 * Target met: level max(previous, the level the cumulative XP maps to), `level_up` when it rose
 * (with the coupon) else `maintained`, warning cleared. Missed: `warning` the first time, with a
 * warning active `reset_to_l1` (level 1, warning cleared).
 */
export function evaluateWeek(facts: WeeklyFacts, rules: ProgressionRules): WeeklyOutcome {
  const previousLevel = clampLevel(facts.previousLevel);
  if (facts.weekXp >= rules.weekly_target_xp) {
    const mapped = levelForXp(facts.cumulativeXp, rules.level_thresholds);
    const newLevel = Math.max(previousLevel, mapped) as EmployeeLevel;
    const up = newLevel > previousLevel;
    return {
      status: up ? 'level_up' : 'maintained',
      previousLevel,
      newLevel,
      warningActive: false,
      couponAmount: up ? Math.max(rules.weekly_coupon_amount, 0) : 0,
    };
  }
  if (!facts.warningActive) {
    return { status: 'warning', previousLevel, newLevel: previousLevel, warningActive: true, couponAmount: 0 };
  }
  return { status: 'reset_to_l1', previousLevel, newLevel: 1, warningActive: false, couponAmount: 0 };
}

// ---------------------------------------------------------------------------------------------
// Manual changes

function requireComment(comment: string | null | undefined): string {
  const text = (comment ?? '').trim();
  if (text === '') throw new DomainError('xp.comment_required', {}, 'comment');
  if ([...text].length > PROGRESSION_COMMENT_MAX) {
    throw new DomainError('progression.comment_too_long', { max: PROGRESSION_COMMENT_MAX }, 'comment');
  }
  return text;
}

/** Amount a non-zero integer within ±MANUAL_XP_MAX; a comment is required. */
export function validateManualAdjustment(input: {
  readonly amount: number;
  readonly comment: string | null | undefined;
}): {
  amount: number;
  comment: string;
} {
  const { amount } = validateManualXpAdjustment({ amount: input.amount, comment: input.comment ?? '' });
  if (Math.abs(amount) > MANUAL_XP_MAX) {
    throw new DomainError('progression.amount_out_of_range', { max: MANUAL_XP_MAX }, 'amount');
  }
  return { amount, comment: requireComment(input.comment) };
}

/** Level 1–5; a comment is required. */
export function validateManualLevelChange(input: {
  readonly level: unknown;
  readonly comment: string | null | undefined;
}): {
  level: EmployeeLevel;
  comment: string;
} {
  const level = requireEmployeeLevel(input.level);
  return { level, comment: requireComment(input.comment) };
}

/** The XP ledger reference of a manual adjustment: one row per request key. */
export const manualAdjustmentReference = (key: string): string => `manual_adjustment:${key}`;
