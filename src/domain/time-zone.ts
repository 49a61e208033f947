// Time-zone arithmetic with nothing but Intl (available in Temporal's workflow sandbox).
import { type EpochMs, type Instant, toEpochMs } from './types';

const DAY_MS = 86_400_000;

export interface LocalDateTime {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** [start, end) in epoch ms. */
export interface TimeWindow {
  readonly start: EpochMs;
  readonly end: EpochMs;
}

// Formatter construction is costly; the cache holds no time-dependent state, so purity is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.trim() === '') return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock reading of an instant in a zone. */
export function localDateTime(at: Instant, timeZone: string): LocalDateTime {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(toEpochMs(at))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 0,
    day: values.day ?? 0,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** The zone's UTC offset at an instant, in ms (positive east of Greenwich). */
export function timeZoneOffsetMs(at: Instant, timeZone: string): number {
  const ms = toEpochMs(at);
  const local = localDateTime(ms, timeZone);
  const wallAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wallAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

function sameDate(a: LocalDateTime, year: number, month: number, day: number): boolean {
  return a.year === year && a.month === month && a.day === day;
}

/**
 * First instant of a local calendar date. When midnight is repeated (fall-back) the first one wins;
 * when it does not exist (spring-forward at 00:00) the day starts at the transition.
 */
export function startOfLocalDate(year: number, month: number, day: number, timeZone: string): EpochMs {
  const wallAsUtc = Date.UTC(year, month - 1, day);
  // Offsets a day either side cover the zone's state before and after any transition near midnight.
  const candidates = [
    ...new Set([-DAY_MS, 0, DAY_MS].map((d) => wallAsUtc - timeZoneOffsetMs(wallAsUtc + d, timeZone))),
  ];
  candidates.sort((a, b) => a - b);
  const exact = candidates.find((c) => {
    const local = localDateTime(c, timeZone);
    return sameDate(local, year, month, day) && local.hour === 0 && local.minute === 0 && local.second === 0;
  });
  if (exact !== undefined) return exact;
  const firstOfDay = candidates.find((c) => sameDate(localDateTime(c, timeZone), year, month, day));
  return firstOfDay ?? wallAsUtc - timeZoneOffsetMs(wallAsUtc, timeZone);
}

/** The local business day containing `at`: [local midnight, next local midnight). 23 or 25 h on DST days. */
export function localDayWindow(at: Instant, timeZone: string): TimeWindow {
  const local = localDateTime(at, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  return {
    start: startOfLocalDate(local.year, local.month, local.day, timeZone),
    end: startOfLocalDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  };
}
