import {
  attendanceXpReference,
  type AttendanceRules,
  businessDateOf,
  decideCheckIn,
  decideCheckOut,
  DEFAULT_RULES,
  DomainError,
  isBusinessDate,
  punctualityOf,
} from '../../../src/domain';

// Asia/Tashkent is UTC+5 all year (the reference's zone); Europe/Berlin has DST.
const TASHKENT: AttendanceRules = { ...DEFAULT_RULES.attendance, timezone: 'Asia/Tashkent' };
const BERLIN: AttendanceRules = { ...DEFAULT_RULES.attendance, timezone: 'Europe/Berlin' };

const at = (iso: string) => new Date(iso);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
  return null;
};

describe('punctuality: one rule for the label and the XP', () => {
  // Tashkent 10:00 local = 05:00Z.
  it.each([
    ['09:59 local', '2026-03-10T04:59:00Z', 'early', 2],
    ['10:00 local (on the cutoff)', '2026-03-10T05:00:00Z', 'early', 2],
    ['10:00:59 local (read to the minute)', '2026-03-10T05:00:59Z', 'early', 2],
    ['10:01 local', '2026-03-10T05:01:00Z', 'on_time', 0],
    ['10:19 local', '2026-03-10T05:19:00Z', 'on_time', 0],
    ['10:20 local (on the grace cutoff)', '2026-03-10T05:20:00Z', 'on_time', 0],
    ['10:21 local', '2026-03-10T05:21:00Z', 'late', -1],
    ['23:59 local', '2026-03-10T18:59:00Z', 'late', -1],
    ['00:00 local', '2026-03-10T19:00:00Z', 'early', 2],
  ])('Asia/Tashkent %s', (_label, iso, punctuality, xp) => {
    expect(punctualityOf(at(iso), TASHKENT)).toMatchObject({ punctuality, xp });
  });

  it('reads the local time in the rules zone, not UTC', () => {
    // 05:00Z is 10:00 in Tashkent but 06:00 in Berlin (winter) and 07:00 (summer).
    expect(punctualityOf(at('2026-03-10T05:00:00Z'), TASHKENT).localTime).toBe('10:00');
    expect(punctualityOf(at('2026-03-10T05:00:00Z'), BERLIN).localTime).toBe('06:00');
    expect(punctualityOf(at('2026-07-10T05:00:00Z'), BERLIN).localTime).toBe('07:00');
  });

  it('applies the cutoffs on both sides of a DST change (Europe/Berlin)', () => {
    // 2026-03-29: 02:00 CET → 03:00 CEST. 10:00 local is 08:00Z that day, 09:00Z the day before.
    expect(punctualityOf(at('2026-03-28T09:00:00Z'), BERLIN)).toMatchObject({
      punctuality: 'early',
      localTime: '10:00',
    });
    expect(punctualityOf(at('2026-03-28T09:01:00Z'), BERLIN)).toMatchObject({ punctuality: 'on_time' });
    expect(punctualityOf(at('2026-03-29T08:00:00Z'), BERLIN)).toMatchObject({
      punctuality: 'early',
      localTime: '10:00',
    });
    expect(punctualityOf(at('2026-03-29T08:01:00Z'), BERLIN)).toMatchObject({ punctuality: 'on_time' });
    expect(punctualityOf(at('2026-03-29T08:21:00Z'), BERLIN)).toMatchObject({ punctuality: 'late', xp: -1 });
    // 2026-10-25: 03:00 CEST → 02:00 CET. 10:20 local is 09:20Z.
    expect(punctualityOf(at('2026-10-25T09:20:00Z'), BERLIN)).toMatchObject({
      punctuality: 'on_time',
      localTime: '10:20',
    });
    expect(punctualityOf(at('2026-10-25T09:21:00Z'), BERLIN)).toMatchObject({ punctuality: 'late' });
  });

  it('pays whatever the rules say, zero and negative included', () => {
    const rules = {
      ...TASHKENT,
      on_time_xp: 5,
      grace_xp: -2,
      late_xp: -7,
      on_time_cutoff: '08:30',
      grace_cutoff: '08:30',
    };
    expect(punctualityOf(at('2026-03-10T03:30:00Z'), rules)).toMatchObject({ punctuality: 'early', xp: 5 });
    // Equal cutoffs leave no on_time window.
    expect(punctualityOf(at('2026-03-10T03:31:00Z'), rules)).toMatchObject({ punctuality: 'late', xp: -7 });
  });
});

describe('business date', () => {
  it('is the local date in the rules zone, changing at local midnight', () => {
    // Tashkent midnight = 19:00Z the day before.
    expect(businessDateOf(at('2026-03-10T18:59:59Z'), 'Asia/Tashkent')).toBe('2026-03-10');
    expect(businessDateOf(at('2026-03-10T19:00:00Z'), 'Asia/Tashkent')).toBe('2026-03-11');
    expect(businessDateOf(at('2026-03-10T23:30:00Z'), 'UTC')).toBe('2026-03-10');
    expect(businessDateOf(at('2026-03-10T23:30:00Z'), 'Asia/Tashkent')).toBe('2026-03-11');
  });

  it('survives DST days, and a midnight that does not exist', () => {
    // Berlin's spring-forward day is 23 h: 00:00 local = 23:00Z before, 24:00 local = 22:00Z.
    expect(businessDateOf(at('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(businessDateOf(at('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(businessDateOf(at('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
    // São Paulo skipped 2018-11-04 00:00 → 01:00: 03:00Z is 01:00 on the 4th, 02:59Z is 23:59 on the 3rd.
    expect(businessDateOf(at('2018-11-04T02:59:00Z'), 'America/Sao_Paulo')).toBe('2018-11-03');
    expect(businessDateOf(at('2018-11-04T03:00:00Z'), 'America/Sao_Paulo')).toBe('2018-11-04');
  });

  it('validates YYYY-MM-DD calendar dates', () => {
    expect(isBusinessDate('2026-02-28')).toBe(true);
    expect(isBusinessDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '', 20260101, null, '2026-01-01T00:00']) {
      expect(isBusinessDate(bad)).toBe(false);
    }
  });
});

describe('check-in and check-out guards', () => {
  const checkIn = at('2026-03-10T04:30:00Z');
  const later = at('2026-03-10T13:00:00Z');

  it('checks in once a day', () => {
    expect(decideCheckIn(null, checkIn, TASHKENT)).toMatchObject({ businessDate: '2026-03-10', punctuality: 'early' });
    expect(codeOf(() => decideCheckIn({ checkInAt: checkIn, checkOutAt: null }, later, TASHKENT))).toBe(
      'attendance.already_checked_in',
    );
    expect(codeOf(() => decideCheckIn({ checkInAt: checkIn, checkOutAt: later }, later, TASHKENT))).toBe(
      'attendance.already_checked_in',
    );
  });

  it('checks out once, and only after a check-in', () => {
    expect(codeOf(() => decideCheckOut(null, later, 'Asia/Tashkent'))).toBe('attendance.not_checked_in');
    expect(decideCheckOut({ checkInAt: checkIn, checkOutAt: null }, later, 'Asia/Tashkent')).toBe('2026-03-10');
    expect(codeOf(() => decideCheckOut({ checkInAt: checkIn, checkOutAt: later }, later, 'Asia/Tashkent'))).toBe(
      'attendance.already_checked_out',
    );
  });

  it('keys the XP by person and business date', () => {
    expect(attendanceXpReference(7, '2026-03-10')).toBe('attendance_checkin:7:2026-03-10');
  });
});
