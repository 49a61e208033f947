import {
  canReadAuditFeed,
  canSeeAnalytics,
  firstPassRateOf,
  firstPassTrend,
  isPastQcSla,
  lastLocalWeeks,
  localWeekWindow,
  percentile,
  summarizeQcWaits,
  teamWindow,
  xpLedgerSubject,
} from '../../../src/domain/analytics';
import { ROLE_SLUGS } from '../../../src/domain/enums';
import { canSeeXpOf } from '../../../src/domain/roles';

const DAY = 86_400_000;

describe('analytics rules', () => {
  it('who reads what', () => {
    expect(canSeeAnalytics(['ops_manager'])).toBe(true);
    expect(canSeeAnalytics(['super_admin'])).toBe(true);
    expect(canSeeAnalytics(['master'])).toBe(false);
    expect(canSeeAnalytics(['technician', 'qc_inspector'])).toBe(false);
    expect(canReadAuditFeed(['master'])).toBe(true);
    expect(canReadAuditFeed(['qc_inspector'])).toBe(false);
    const tech = { id: 7, roles: ['technician'] as const };
    expect(xpLedgerSubject(tech, undefined)).toBe(7);
    expect(xpLedgerSubject(tech, 7)).toBe(7);
    expect(xpLedgerSubject(tech, 8)).toBeNull();
    expect(xpLedgerSubject({ id: 1, roles: ['ops_manager'] }, undefined)).toBeUndefined();
    expect(xpLedgerSubject({ id: 1, roles: ['super_admin'] }, 8)).toBe(8);
  });

  it('reads the ledger by the rule of every XP read: the user themselves, or staff', () => {
    for (const role of ROLE_SLUGS) {
      const actor = { id: 7, roles: [role] };
      const staff = ['master', 'ops_manager', 'super_admin'].includes(role);
      expect(xpLedgerSubject(actor, 8)).toBe(canSeeXpOf(actor, 8) ? 8 : null);
      expect(xpLedgerSubject(actor, 8)).toBe(staff ? 8 : null);
      expect(xpLedgerSubject(actor, undefined)).toBe(staff ? undefined : 7);
      expect(xpLedgerSubject(actor, 7)).toBe(7);
    }
    // Without roles, still one's own, as for /users/{id}/xp/history.
    expect(xpLedgerSubject({ id: 7, roles: [] }, undefined)).toBe(7);
  });

  it('the team window is the last days × 24 h, clamped to 1..90', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    expect(teamWindow(now, 7)).toEqual({ start: now - 7 * DAY, end: now });
    expect(teamWindow(now, 0)).toEqual({ start: now - 7 * DAY, end: now });
    expect(teamWindow(now, 500)).toEqual({ start: now - 90 * DAY, end: now });
    expect(teamWindow(new Date(now), 1)).toEqual({ start: now - DAY, end: now });
  });

  it('first-pass rate, percentiles and SLA pressure', () => {
    expect(firstPassRateOf(0, 0)).toBeNull();
    expect(firstPassRateOf(1, 3)).toBeCloseTo(1 / 3);
    expect(firstPassRateOf(3, 3)).toBe(1);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5], 0.5)).toBe(5);
    expect(percentile([10, 1, 4], 0.5)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
    // Exactly at the SLA counts as past it; a second less does not.
    expect(isPastQcSla(240 * 60, 240)).toBe(true);
    expect(isPastQcSla(240 * 60 - 1, 240)).toBe(false);
    expect(summarizeQcWaits([100, 18_000, 3_600], 60)).toEqual({
      count: 3,
      oldestSeconds: 18_000,
      p50Seconds: 3_600,
      pastSla: 2,
    });
    expect(summarizeQcWaits([], 60)).toEqual({ count: 0, oldestSeconds: null, p50Seconds: null, pastSla: 0 });
  });

  it('local weeks run Monday 00:00 to Monday 00:00 in the zone, also across DST', () => {
    // Sunday 2026-11-22 23:30 in Tashkent (UTC+5) is still the week of Monday the 16th.
    const week = localWeekWindow(Date.parse('2026-11-22T18:30:00Z'), 'Asia/Tashkent');
    expect(new Date(week.start).toISOString()).toBe('2026-11-15T19:00:00.000Z');
    expect(week.end - week.start).toBe(7 * DAY);
    // Monday 00:00 local starts the next week.
    expect(localWeekWindow(Date.parse('2026-11-22T19:00:00Z'), 'Asia/Tashkent').start).toBe(week.end);
    // Berlin leaves summer time on Sunday 2026-10-25: that week is 7 days and 1 hour long.
    const dst = localWeekWindow(Date.parse('2026-10-24T12:00:00Z'), 'Europe/Berlin');
    expect(new Date(dst.start).toISOString()).toBe('2026-10-18T22:00:00.000Z');
    expect(new Date(dst.end).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    const weeks = lastLocalWeeks(Date.parse('2026-11-22T18:30:00Z'), 'Asia/Tashkent', 3);
    expect(weeks).toHaveLength(3);
    expect(weeks[2]).toEqual(week);
    expect(weeks[1]!.end).toBe(weeks[2]!.start);
    expect(weeks[0]!.end).toBe(weeks[1]!.start);
  });

  it('buckets first decisions into weeks', () => {
    const weeks = [
      { start: 0, end: 10 },
      { start: 10, end: 20 },
    ];
    const trend = firstPassTrend(weeks, [
      { at: 0, passed: true },
      { at: 9, passed: false },
      { at: 10, passed: true },
      { at: 20, passed: true },
    ]);
    expect(trend.map((w) => [w.decided, w.firstPass, w.rate])).toEqual([
      [2, 1, 0.5],
      [1, 1, 1],
    ]);
  });
});
