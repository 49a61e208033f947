import {
  isValidTimeZone,
  localDateTime,
  localDayWindow,
  startOfLocalDate,
  timeZoneOffsetMs,
} from '../../../src/domain';

const HOUR = 3_600_000;

describe('isValidTimeZone', () => {
  it('accepts IANA names and refuses the rest', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Tashkent')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(5)).toBe(false);
  });
});

describe('localDateTime / offset', () => {
  it('reads the wall clock of an instant', () => {
    expect(localDateTime(Date.UTC(2025, 0, 15, 20, 30, 5), 'Asia/Tashkent')).toEqual({
      year: 2025,
      month: 1,
      day: 16,
      hour: 1,
      minute: 30,
      second: 5,
    });
    expect(timeZoneOffsetMs(Date.UTC(2025, 0, 15), 'Asia/Tashkent')).toBe(5 * HOUR);
    expect(timeZoneOffsetMs(new Date(Date.UTC(2025, 6, 1, 12, 0, 0, 500)), 'America/New_York')).toBe(-4 * HOUR);
  });
});

describe('localDayWindow', () => {
  it('is [local midnight, next midnight) in a fixed-offset zone', () => {
    const window = localDayWindow(Date.UTC(2025, 0, 15, 20, 0), 'Asia/Tashkent');
    expect(window).toEqual({ start: Date.UTC(2025, 0, 15, 19, 0), end: Date.UTC(2025, 0, 16, 19, 0) });
  });

  it('is the UTC calendar day in UTC and includes its start, excludes its end', () => {
    const start = Date.UTC(2025, 0, 15);
    expect(localDayWindow(start, 'UTC')).toEqual({ start, end: start + 24 * HOUR });
    expect(localDayWindow(start - 1, 'UTC').end).toBe(start);
  });

  it('lasts 23 hours on the New York spring-forward day and 25 on the fall-back day', () => {
    const spring = localDayWindow(Date.UTC(2024, 2, 10, 12), 'America/New_York');
    expect(spring).toEqual({ start: Date.UTC(2024, 2, 10, 5), end: Date.UTC(2024, 2, 11, 4) });
    expect(spring.end - spring.start).toBe(23 * HOUR);

    const fall = localDayWindow(Date.UTC(2024, 10, 3, 12), 'America/New_York');
    expect(fall).toEqual({ start: Date.UTC(2024, 10, 3, 4), end: Date.UTC(2024, 10, 4, 5) });
    expect(fall.end - fall.start).toBe(25 * HOUR);
  });

  it('starts the day at the transition when local midnight does not exist', () => {
    // Santiago springs forward at 00:00 → 01:00 (2024-09-08), so the day begins at 01:00 local (04:00Z).
    expect(startOfLocalDate(2024, 9, 8, 'America/Santiago')).toBe(Date.UTC(2024, 8, 8, 4));
    const window = localDayWindow(Date.UTC(2024, 8, 8, 12), 'America/Santiago');
    expect(window.end - window.start).toBe(23 * HOUR);
  });

  it('takes the first of two midnights when midnight repeats', () => {
    // Havana falls back 01:00 → 00:00 on 2024-11-03, so its midnight happens at 04:00Z and at 05:00Z.
    const window = localDayWindow(Date.UTC(2024, 10, 3, 12), 'America/Havana');
    expect(window).toEqual({ start: Date.UTC(2024, 10, 3, 4), end: Date.UTC(2024, 10, 4, 5) });
    expect(window.end - window.start).toBe(25 * HOUR);
  });

  it('gives a 25-hour day before a fall-back at midnight and joins consecutive days seamlessly', () => {
    // Santiago falls back 00:00 → 23:00 on 2024-04-07: the 6th gets an extra hour.
    const sixth = localDayWindow(Date.UTC(2024, 3, 6, 12), 'America/Santiago');
    const seventh = localDayWindow(Date.UTC(2024, 3, 7, 12), 'America/Santiago');
    expect(sixth).toEqual({ start: Date.UTC(2024, 3, 6, 3), end: Date.UTC(2024, 3, 7, 4) });
    expect(seventh.start).toBe(sixth.end);
    expect(seventh.end - seventh.start).toBe(24 * HOUR);
  });
});
