import type { SessionEvent } from '../../../src/domain';
import {
  activeSecondsInWindow,
  compareTechnicians,
  firstPassRate,
  lastLocalDays,
  localDateKey,
  parseFindQuery,
  rankByTotal,
  technicianStateOf,
} from '../../../src/reads/stats';

const at = (iso: string) => Date.parse(iso);
const ev = (action: SessionEvent['action'], iso: string, id?: number): SessionEvent => ({
  action,
  eventAt: at(iso),
  ...(id === undefined ? {} : { id }),
});
const day = { start: at('2026-11-21T00:00:00Z'), end: at('2026-11-22T00:00:00Z') };

describe('activeSecondsInWindow', () => {
  it('sums running intervals and leaves pauses out', () => {
    const events = [
      ev('started', '2026-11-21T09:00:00Z'),
      ev('paused', '2026-11-21T09:30:00Z'),
      ev('resumed', '2026-11-21T09:40:00Z'),
      ev('stopped', '2026-11-21T10:00:00Z'),
    ];
    expect(activeSecondsInWindow(events, day, at('2026-11-21T12:00:00Z'))).toBe(50 * 60);
  });

  it('counts an open interval up to now, and never past the window end', () => {
    const events = [ev('started', '2026-11-21T23:00:00Z')];
    expect(activeSecondsInWindow(events, day, at('2026-11-21T23:10:30Z'))).toBe(630);
    expect(activeSecondsInWindow(events, day, at('2026-11-22T05:00:00Z'))).toBe(3600);
  });

  it('counts only the part inside the window of work that crosses midnight', () => {
    const events = [ev('started', '2026-11-20T23:30:00Z'), ev('stopped', '2026-11-21T00:15:00Z')];
    expect(activeSecondsInWindow(events, day, at('2026-11-21T12:00:00Z'))).toBe(15 * 60);
    expect(activeSecondsInWindow([ev('started', '2026-11-20T08:00:00Z')], day, at('2026-11-21T00:00:10Z'))).toBe(10);
  });

  it('orders events by time then id, and ignores a repeated start', () => {
    const events = [
      ev('stopped', '2026-11-21T10:00:00Z', 3),
      ev('started', '2026-11-21T09:00:00Z', 1),
      ev('resumed', '2026-11-21T09:10:00Z', 2),
    ];
    expect(activeSecondsInWindow(events, day, at('2026-11-21T12:00:00Z'))).toBe(3600);
    expect(activeSecondsInWindow([], day, at('2026-11-21T12:00:00Z'))).toBe(0);
  });
});

describe('technicians ordering', () => {
  it('maps the open session to a state', () => {
    expect(technicianStateOf('running')).toBe('working');
    expect(technicianStateOf('paused')).toBe('paused');
    expect(technicianStateOf('stopped')).toBe('idle');
    expect(technicianStateOf(null)).toBe('idle');
  });

  it('sorts working → paused → idle, then by name, then by id', () => {
    const rows = [
      { id: 5, name: 'Zed', state: 'idle' as const },
      { id: 4, name: 'Amy', state: 'paused' as const },
      { id: 3, name: 'Bob', state: 'working' as const },
      { id: 2, name: 'Amy', state: 'idle' as const },
      { id: 1, name: 'Amy', state: 'idle' as const },
      { id: 6, name: 'Al', state: 'working' as const },
    ];
    expect([...rows].sort(compareTechnicians).map((r) => r.id)).toEqual([6, 3, 4, 1, 2, 5]);
  });
});

describe('local days', () => {
  it('gives the last N local days, oldest first, today last', () => {
    const days = lastLocalDays(at('2026-11-21T15:00:00Z'), 'Asia/Tashkent', 14);
    expect(days).toHaveLength(14);
    expect(localDateKey(days[13]!.start, 'Asia/Tashkent')).toBe('2026-11-21');
    expect(localDateKey(days[0]!.start, 'Asia/Tashkent')).toBe('2026-11-08');
    expect(days[13]).toEqual({ start: at('2026-11-20T19:00:00Z'), end: at('2026-11-21T19:00:00Z') });
    for (let i = 1; i < days.length; i += 1) expect(days[i]!.start).toBe(days[i - 1]!.end);
  });

  it('follows DST: the spring-forward day is 23 hours long', () => {
    const days = lastLocalDays(at('2026-03-30T12:00:00Z'), 'Europe/Berlin', 3);
    expect(days.map((d) => localDateKey(d.start, 'Europe/Berlin'))).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect((days[1]!.end - days[1]!.start) / 3_600_000).toBe(23);
  });
});

describe('rankByTotal', () => {
  it('gives equal totals the same rank and skips after a tie', () => {
    const ranked = rankByTotal([
      { name: 'a', totalXp: 30 },
      { name: 'b', totalXp: 20 },
      { name: 'c', totalXp: 20 },
      { name: 'd', totalXp: 5 },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    expect(rankByTotal([])).toEqual([]);
  });
});

describe('parseFindQuery', () => {
  it('reads ids, with or without #', () => {
    expect(parseFindQuery('42')).toEqual({ kind: 'id', id: 42, serial: '42' });
    expect(parseFindQuery(' #7 ')).toEqual({ kind: 'id', id: 7, serial: '7' });
  });

  it('normalizes serials as intake does', () => {
    expect(parseFindQuery('rm-ab 12 c')).toEqual({ kind: 'serial', serial: 'RM-AB12C' });
    expect(parseFindQuery('0')).toEqual({ kind: 'serial', serial: '0' });
    expect(parseFindQuery('99999999999')).toEqual({ kind: 'serial', serial: '99999999999' });
  });

  it('is null without an argument', () => {
    expect(parseFindQuery('')).toBeNull();
    expect(parseFindQuery('   ')).toBeNull();
    expect(parseFindQuery(undefined)).toBeNull();
  });
});

describe('firstPassRate', () => {
  it('is passes over decided, or null when nothing was decided', () => {
    expect(firstPassRate(1, 3)).toBeCloseTo(1 / 3);
    expect(firstPassRate(0, 0)).toBeNull();
  });
});
