import {
  addWeeks,
  CATCH_UP_MAX_WEEKS,
  evaluateWeek,
  evaluationWeek,
  isWeekStart,
  MANUAL_XP_MAX,
  previousEvaluationWeek,
  requireCompletedWeek,
  validateManualAdjustment,
  validateManualLevelChange,
  weeksToCatchUp,
  weekStartOf,
} from '../../../src/domain/progression';
import { canAdjustProgression } from '../../../src/domain/roles';
import { DEFAULT_RULES, type ProgressionRules } from '../../../src/domain/rules';
import { levelForXp } from '../../../src/domain/xp';

const rules: ProgressionRules = DEFAULT_RULES.progression;
const H = 3_600_000;

describe('evaluation weeks', () => {
  it('is the previous Monday–Sunday week in UTC', () => {
    const week = previousEvaluationWeek(Date.parse('2026-12-07T00:05:00Z'), 'UTC'); // a Monday
    expect(week.weekStart).toBe('2026-11-30');
    expect(week.window).toEqual({ start: Date.parse('2026-11-30T00:00:00Z'), end: Date.parse('2026-12-07T00:00:00Z') });
  });

  it('turns at local midnight, not at UTC midnight', () => {
    // Tashkent is UTC+5: Monday 00:00 local is Sunday 19:00 UTC.
    expect(previousEvaluationWeek(Date.parse('2026-12-06T18:59:59Z'), 'Asia/Tashkent').weekStart).toBe('2026-11-23');
    expect(previousEvaluationWeek(Date.parse('2026-12-06T19:00:00Z'), 'Asia/Tashkent').weekStart).toBe('2026-11-30');
    expect(previousEvaluationWeek(Date.parse('2026-12-06T19:00:00Z'), 'Asia/Tashkent').window.start).toBe(
      Date.parse('2026-11-29T19:00:00Z'),
    );
    // New York, UTC-5 in winter: Monday 00:00 local is Monday 05:00 UTC.
    expect(weekStartOf(Date.parse('2026-12-07T04:59:59Z'), 'America/New_York')).toBe('2026-11-30');
    expect(weekStartOf(Date.parse('2026-12-07T05:00:00Z'), 'America/New_York')).toBe('2026-12-07');
  });

  it('has 167 hours across spring-forward and 169 across fall-back', () => {
    // Europe/Berlin: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
    const spring = evaluationWeek('2026-03-23', 'Europe/Berlin');
    expect(spring.window.start).toBe(Date.parse('2026-03-22T23:00:00Z'));
    expect(spring.window.end).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(spring.window.end - spring.window.start).toBe(167 * H);
    const fall = evaluationWeek('2026-10-19', 'Europe/Berlin');
    expect(fall.window.end - fall.window.start).toBe(169 * H);
    // The Monday after a DST change is found from its own local midnight.
    expect(previousEvaluationWeek(Date.parse('2026-03-29T22:05:00Z'), 'Europe/Berlin').weekStart).toBe('2026-03-23');
    expect(previousEvaluationWeek(Date.parse('2026-03-29T21:59:00Z'), 'Europe/Berlin').weekStart).toBe('2026-03-16');
  });

  it('crosses years, and names weeks by real Mondays only', () => {
    expect(previousEvaluationWeek(Date.parse('2027-01-04T00:05:00Z'), 'UTC').weekStart).toBe('2026-12-28');
    expect(addWeeks('2026-12-28', 1)).toBe('2027-01-04');
    expect(isWeekStart('2026-11-30')).toBe(true);
    expect(isWeekStart('2026-12-01')).toBe(false);
    expect(isWeekStart('2026-02-30')).toBe(false);
    expect(isWeekStart('20261130')).toBe(false);
    expect(() => evaluationWeek('2026-12-01', 'UTC')).toThrow(
      expect.objectContaining({ code: 'progression.week_start_invalid' }),
    );
  });

  it('refuses a week that is not over yet', () => {
    const now = Date.parse('2026-12-09T12:00:00Z');
    expect(requireCompletedWeek('2026-11-30', now, 'UTC').weekStart).toBe('2026-11-30');
    expect(() => requireCompletedWeek('2026-12-07', now, 'UTC')).toThrow(
      expect.objectContaining({ code: 'progression.week_not_over' }),
    );
  });

  it('catches up the missed weeks in order, up to a limit', () => {
    const now = Date.parse('2026-12-21T00:05:00Z');
    expect(weeksToCatchUp(null, now, 'UTC')).toEqual(['2026-12-14']);
    expect(weeksToCatchUp('2026-12-14', now, 'UTC')).toEqual([]);
    expect(weeksToCatchUp('2026-11-30', now, 'UTC')).toEqual(['2026-12-07', '2026-12-14']);
    const long = weeksToCatchUp('2025-01-06', now, 'UTC');
    expect(long).toHaveLength(CATCH_UP_MAX_WEEKS);
    expect(long.at(-1)).toBe('2026-12-14');
  });
});

describe('levels for cumulative XP', () => {
  it.each([
    [0, 1],
    [199, 1],
    [200, 2],
    [449, 2],
    [450, 3],
    [749, 3],
    [750, 4],
    [1099, 4],
    [1100, 5],
    [99_999, 5],
    [-5, 1],
  ])('%i XP → level %i', (xp, level) => {
    expect(levelForXp(xp, rules.level_thresholds)).toBe(level);
  });
});

describe('the weekly outcome', () => {
  const facts = { previousLevel: 1, warningActive: false, weekXp: 0, cumulativeXp: 0 };

  it('target met with a level up issues the coupon', () => {
    expect(evaluateWeek({ ...facts, weekXp: 100, cumulativeXp: 450 }, rules)).toEqual({
      status: 'level_up',
      previousLevel: 1,
      newLevel: 3,
      warningActive: false,
      couponAmount: 100_000,
    });
  });

  it('target met at the exact edges: 100 week XP and 200 cumulative is level 2, 199 stays', () => {
    expect(evaluateWeek({ ...facts, weekXp: 100, cumulativeXp: 200 }, rules).newLevel).toBe(2);
    const stay = evaluateWeek({ ...facts, weekXp: 100, cumulativeXp: 199 }, rules);
    expect(stay).toMatchObject({ status: 'maintained', newLevel: 1, couponAmount: 0 });
  });

  it('target met without a level up keeps a higher level and clears the warning', () => {
    const outcome = evaluateWeek({ previousLevel: 4, warningActive: true, weekXp: 150, cumulativeXp: 300 }, rules);
    expect(outcome).toEqual({
      status: 'maintained',
      previousLevel: 4,
      newLevel: 4,
      warningActive: false,
      couponAmount: 0,
    });
  });

  it('first miss (99 < 100) is a warning that keeps the level', () => {
    const outcome = evaluateWeek({ previousLevel: 3, warningActive: false, weekXp: 99, cumulativeXp: 800 }, rules);
    expect(outcome).toEqual({ status: 'warning', previousLevel: 3, newLevel: 3, warningActive: true, couponAmount: 0 });
  });

  it('second miss resets to level 1 and clears the warning', () => {
    const outcome = evaluateWeek({ previousLevel: 3, warningActive: true, weekXp: 0, cumulativeXp: 800 }, rules);
    expect(outcome).toEqual({
      status: 'reset_to_l1',
      previousLevel: 3,
      newLevel: 1,
      warningActive: false,
      couponAmount: 0,
    });
  });

  it('a re-run of the same week with the same facts gives the same outcome', () => {
    const input = { previousLevel: 2, warningActive: false, weekXp: 120, cumulativeXp: 760 };
    expect(evaluateWeek(input, rules)).toEqual(evaluateWeek(input, rules));
  });

  it('follows other thresholds and targets', () => {
    const custom: ProgressionRules = {
      level_thresholds: { '1': 0, '2': 10, '3': 20, '4': 30, '5': 40 },
      weekly_target_xp: 5,
      weekly_coupon_amount: 7,
    };
    expect(evaluateWeek({ ...facts, weekXp: 5, cumulativeXp: 40 }, custom)).toMatchObject({
      status: 'level_up',
      newLevel: 5,
      couponAmount: 7,
    });
    expect(evaluateWeek({ ...facts, weekXp: 4, cumulativeXp: 40 }, custom).status).toBe('warning');
  });
});

describe('manual changes', () => {
  it('needs a non-zero bounded amount and a comment', () => {
    expect(validateManualAdjustment({ amount: -5, comment: '  late fix ' })).toEqual({
      amount: -5,
      comment: 'late fix',
    });
    expect(validateManualAdjustment({ amount: MANUAL_XP_MAX, comment: 'x' }).amount).toBe(MANUAL_XP_MAX);
    const refusal = (input: { amount: number; comment: string }) => {
      try {
        validateManualAdjustment(input);
      } catch (err) {
        return (err as { code: string }).code;
      }
      return null;
    };
    expect(refusal({ amount: 0, comment: 'x' })).toBe('xp.amount_zero');
    expect(refusal({ amount: 1.5, comment: 'x' })).toBe('input.not_integer');
    expect(refusal({ amount: MANUAL_XP_MAX + 1, comment: 'x' })).toBe('progression.amount_out_of_range');
    expect(refusal({ amount: -MANUAL_XP_MAX - 1, comment: 'x' })).toBe('progression.amount_out_of_range');
    expect(refusal({ amount: 3, comment: '   ' })).toBe('xp.comment_required');
    expect(refusal({ amount: 3, comment: 'x'.repeat(501) })).toBe('progression.comment_too_long');
  });

  it('needs a level 1–5 and a comment', () => {
    expect(validateManualLevelChange({ level: 5, comment: 'promoted' })).toEqual({ level: 5, comment: 'promoted' });
    expect(() => validateManualLevelChange({ level: 0, comment: 'x' })).toThrow(
      expect.objectContaining({ code: 'xp.level_invalid' }),
    );
    expect(() => validateManualLevelChange({ level: 6, comment: 'x' })).toThrow(
      expect.objectContaining({ code: 'xp.level_invalid' }),
    );
    expect(() => validateManualLevelChange({ level: 2, comment: '' })).toThrow(
      expect.objectContaining({ code: 'xp.comment_required' }),
    );
  });

  it('is for super admins and ops managers only', () => {
    expect(canAdjustProgression(['super_admin'])).toBe(true);
    expect(canAdjustProgression(['ops_manager'])).toBe(true);
    expect(canAdjustProgression(['master'])).toBe(false);
    expect(canAdjustProgression(['technician', 'qc_inspector'])).toBe(false);
  });
});
