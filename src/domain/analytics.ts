// Analytics, XP-ledger and audit-feed rules (issue 15): who may read what, the team window, the QC
// first-pass rate, waiting-time percentiles, SLA pressure and the local weeks of the trend. Pure:
// time is passed in.
import { type RoleSlug } from './enums';
import { canSeeXpOf, isStaff } from './roles';
import { localDateTime, localDayWindow, type TimeWindow } from './time-zone';
import { type Actor, type Instant, toEpochMs } from './types';

const DAY_MS = 86_400_000;

/** Fleet and team analytics: ops managers and super admins. */
export function canSeeAnalytics(roles: readonly RoleSlug[]): boolean {
  return roles.includes('super_admin') || roles.includes('ops_manager');
}

/** The merged audit feed: staff (master, ops manager, super admin). */
export function canReadAuditFeed(roles: readonly RoleSlug[]): boolean {
  return roles.some((role) => role === 'super_admin' || role === 'ops_manager' || role === 'master');
}

/**
 * The user whose ledger a request reads, by the rule of every XP read (canSeeXpOf: the user
 * themselves, or staff): staff read the one asked for (undefined: everyone's), anyone else their
 * own; null when someone else's was asked for without being staff.
 */
export function xpLedgerSubject(actor: Actor, requested: number | undefined): number | undefined | null {
  if (requested === undefined) return isStaff(actor.roles) ? undefined : actor.id;
  return canSeeXpOf(actor, requested) ? requested : null;
}

export const TEAM_WINDOW_DAYS = { min: 1, max: 90, default: 7 } as const;
export const FIRST_PASS_TREND_WEEKS = { min: 1, max: 26, default: 8 } as const;

/** The rolling team window: the `days` × 24 h up to `now` (days clamped to 1..90). */
export function teamWindow(now: Instant, days: number): TimeWindow {
  const n = Math.min(
    Math.max(Math.trunc(days) || TEAM_WINDOW_DAYS.default, TEAM_WINDOW_DAYS.min),
    TEAM_WINDOW_DAYS.max,
  );
  const end = toEpochMs(now);
  return { start: end - n * DAY_MS, end };
}

/**
 * QC first-pass rate: of the tickets whose first QC decision was made, the share whose first
 * decision was a pass (a ticket that ever failed before passing is not first-pass). Null when
 * nothing was decided.
 */
export function firstPassRateOf(firstPass: number, decided: number): number | null {
  return decided > 0 ? Math.min(Math.max(firstPass, 0), decided) / decided : null;
}

/**
 * The p-quantile (0..1) of the values with linear interpolation between closest ranks (Postgres'
 * percentile_cont); null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const q = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const low = Math.floor(q);
  const high = Math.ceil(q);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (q - low);
}

/** Waiting past the QC SLA: waited at least `slaMinutes`. */
export function isPastQcSla(waitedSeconds: number, slaMinutes: number): boolean {
  return waitedSeconds >= slaMinutes * 60;
}

export interface QcWaitSummary {
  count: number;
  oldestSeconds: number | null;
  p50Seconds: number | null;
  pastSla: number;
}

/** How long the tickets waiting for QC have waited, in whole seconds, and how many are past the SLA. */
export function summarizeQcWaits(waitedSeconds: readonly number[], slaMinutes: number): QcWaitSummary {
  const p50 = percentile(waitedSeconds, 0.5);
  return {
    count: waitedSeconds.length,
    oldestSeconds: waitedSeconds.length ? Math.max(...waitedSeconds) : null,
    p50Seconds: p50 === null ? null : Math.round(p50),
    pastSla: waitedSeconds.filter((s) => isPastQcSla(s, slaMinutes)).length,
  };
}

/** The local Monday–Sunday week containing `at`: [Monday 00:00, next Monday 00:00) in the zone. */
export function localWeekWindow(at: Instant, timeZone: string): TimeWindow {
  let day = localDayWindow(at, timeZone);
  const local = localDateTime(day.start, timeZone);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay(); // 0 = Sunday
  for (let i = (weekday + 6) % 7; i > 0; i -= 1) day = localDayWindow(day.start - 1, timeZone);
  let end = day.start;
  for (let i = 0; i < 7; i += 1) end = localDayWindow(end, timeZone).end;
  return { start: day.start, end };
}

/** The last `weeks` local weeks ending with the one containing `now`, oldest first. */
export function lastLocalWeeks(now: Instant, timeZone: string, weeks: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let week = localWeekWindow(now, timeZone);
  for (let i = 0; i < weeks; i += 1) {
    windows.unshift(week);
    week = localWeekWindow(week.start - 1, timeZone);
  }
  return windows;
}

export interface FirstDecision {
  /** When the ticket's first QC decision was made (epoch ms). */
  at: number;
  passed: boolean;
}

export interface FirstPassWeek {
  window: TimeWindow;
  decided: number;
  firstPass: number;
  rate: number | null;
}

/** First QC decisions bucketed into the weeks (a decision outside every week is left out). */
export function firstPassTrend(weeks: readonly TimeWindow[], decisions: readonly FirstDecision[]): FirstPassWeek[] {
  return weeks.map((window) => {
    const inWeek = decisions.filter((d) => d.at >= window.start && d.at < window.end);
    const firstPass = inWeek.filter((d) => d.passed).length;
    return { window, decided: inWeek.length, firstPass, rate: firstPassRateOf(firstPass, inWeek.length) };
  });
}
