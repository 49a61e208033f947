import {
  localDayWindow,
  pauseBudgetExhaustedAt,
  type PauseHistorySession,
  pauseUsedSeconds,
  pauseWorkSession,
  remainingPauseSeconds,
  remainingPauseSecondsAt,
  type SessionEvent,
  startWorkSession,
} from '../../../src/domain';
import { domainErrorOf, technician } from './fixtures';

const utc = (h: number, m = 0, s = 0, day = 15) => Date.UTC(2025, 0, day, h, m, s);

function session(events: [SessionEvent['action'], number][]): PauseHistorySession {
  return { transitions: events.map(([action, eventAt], index) => ({ id: index + 1, action, eventAt })) };
}

describe('pauseUsedSeconds', () => {
  const window = localDayWindow(utc(12), 'UTC');

  it('sums paused → resumed/stopped intervals across all the technician’s sessions', () => {
    const sessions = [
      session([
        ['started', utc(8)],
        ['paused', utc(9)],
        ['resumed', utc(9, 5)],
        ['stopped', utc(10)],
      ]),
      session([
        ['started', utc(11)],
        ['paused', utc(11, 30)],
        ['stopped', utc(11, 40)],
      ]),
    ];
    expect(pauseUsedSeconds(sessions, window, utc(12))).toBe(15 * 60);
  });

  it('counts an open pause up to now', () => {
    const sessions = [
      session([
        ['started', utc(8)],
        ['paused', utc(11, 50)],
      ]),
    ];
    expect(pauseUsedSeconds(sessions, window, utc(12))).toBe(600);
  });

  it('counts only the part of a pause inside the window', () => {
    const sessions = [
      session([
        ['started', utc(23, 0, 0, 14)],
        ['paused', utc(23, 50, 0, 14)],
        ['resumed', utc(0, 20)],
      ]),
    ];
    expect(pauseUsedSeconds(sessions, window, utc(12))).toBe(20 * 60);
  });

  it('ignores sessions that ended before the window', () => {
    const yesterday = session([
      ['started', utc(9, 0, 0, 14)],
      ['paused', utc(10, 0, 0, 14)],
      ['stopped', utc(10, 30, 0, 14)],
    ]);
    expect(pauseUsedSeconds([yesterday], window, utc(12))).toBe(0);
  });
});

describe('remaining budget', () => {
  it('is max(limit − used, 0)', () => {
    expect(remainingPauseSeconds(30, 600)).toBe(1200);
    expect(remainingPauseSeconds(30, 5000)).toBe(0);
    expect(remainingPauseSeconds(-5, 0)).toBe(0);
  });

  it('limit 0 leaves nothing, so pausing is refused', () => {
    const remaining = remainingPauseSecondsAt({ sessions: [], limitMinutes: 0, timeZone: 'UTC', now: utc(12) });
    expect(remaining).toBe(0);
    const open = startWorkSession({
      ticketId: 1,
      technicianId: technician.id,
      ticketHasOpenSession: false,
      technicianHasOpenSession: false,
      now: utc(11),
    }).session;
    expect(
      domainErrorOf(() =>
        pauseWorkSession(open, { actorId: technician.id, remainingPauseSeconds: remaining, now: utc(12) }),
      ).message,
    ).toBe('Daily pause limit is fully reached for today.');
  });

  it('paused 23:59, now 00:00:30, limit 1 min → remaining in (0, 30] s', () => {
    const sessions = [
      session([
        ['started', utc(23, 0, 0, 14)],
        ['paused', utc(23, 59, 0, 14)],
      ]),
    ];
    const remaining = remainingPauseSecondsAt({ sessions, limitMinutes: 1, timeZone: 'UTC', now: utc(0, 0, 30) });
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(30);
  });

  it('resets at local midnight', () => {
    const sessions = [
      session([
        ['started', utc(9, 0, 0, 14)],
        ['paused', utc(10, 0, 0, 14)],
        ['resumed', utc(10, 30, 0, 14)],
      ]),
    ];
    expect(remainingPauseSecondsAt({ sessions, limitMinutes: 30, timeZone: 'UTC', now: utc(23, 0, 0, 14) })).toBe(0);
    expect(remainingPauseSecondsAt({ sessions, limitMinutes: 30, timeZone: 'UTC', now: utc(0, 0, 1) })).toBe(1800);
  });

  it('uses the local day of the rules time zone', () => {
    // 18:30Z is 23:30 in Tashkent: a pause from 18:00Z belongs to the day ending at 19:00Z.
    const sessions = [
      session([
        ['started', utc(17)],
        ['paused', utc(18)],
        ['resumed', utc(18, 30)],
      ]),
    ];
    expect(remainingPauseSecondsAt({ sessions, limitMinutes: 30, timeZone: 'Asia/Tashkent', now: utc(18, 45) })).toBe(
      0,
    );
    expect(remainingPauseSecondsAt({ sessions, limitMinutes: 30, timeZone: 'Asia/Tashkent', now: utc(19, 0, 1) })).toBe(
      1800,
    );
    expect(remainingPauseSecondsAt({ sessions, limitMinutes: 30, timeZone: 'UTC', now: utc(19, 0, 1) })).toBe(0);
  });
});

describe('pauseBudgetExhaustedAt', () => {
  it('is null when nothing is paused', () => {
    const sessions = [session([['started', utc(8)]])];
    expect(pauseBudgetExhaustedAt({ sessions, limitMinutes: 30, timeZone: 'UTC', now: utc(9) })).toBeNull();
  });

  it('is the exact moment the remaining budget runs out, counting earlier pauses of the day', () => {
    const sessions = [
      session([
        ['started', utc(8)],
        ['paused', utc(9)],
        ['resumed', utc(9, 20)],
        ['stopped', utc(10)],
      ]),
      session([
        ['started', utc(13)],
        ['paused', utc(14)],
      ]),
    ];
    const input = { sessions, limitMinutes: 30, timeZone: 'UTC' };
    const at = pauseBudgetExhaustedAt({ ...input, now: utc(14, 3, 0) });
    expect(at).toBe(utc(14, 10));
    expect(remainingPauseSecondsAt({ ...input, now: at! - 1000 })).toBe(1);
    expect(remainingPauseSecondsAt({ ...input, now: at! })).toBe(0);
  });

  it('gives the new day a fresh budget when the pause crosses midnight', () => {
    const sessions = [
      session([
        ['started', utc(23, 0, 0, 14)],
        ['paused', utc(23, 59, 0, 14)],
      ]),
    ];
    const input = { sessions, limitMinutes: 1, timeZone: 'UTC' };
    // Yesterday's minute would run out exactly at midnight, which is already the new day.
    expect(pauseBudgetExhaustedAt({ ...input, now: utc(23, 59, 30, 14) })).toBe(utc(0, 1));
    expect(pauseBudgetExhaustedAt({ ...input, now: utc(0, 0, 30) })).toBe(utc(0, 1));
    expect(remainingPauseSecondsAt({ ...input, now: utc(0, 1) })).toBe(0);
  });

  it('finishes within the day when the budget runs out before midnight', () => {
    const sessions = [
      session([
        ['started', utc(23, 0, 0, 14)],
        ['paused', utc(23, 30, 0, 14)],
      ]),
    ];
    expect(pauseBudgetExhaustedAt({ sessions, limitMinutes: 10, timeZone: 'UTC', now: utc(23, 31, 0, 14) })).toBe(
      utc(23, 40, 0, 14),
    );
  });

  it('crosses a DST midnight in New York using the next day’s real start', () => {
    // 23:50 EST on 2024-03-09 is 04:50Z; the next local day (23 h long) starts at 05:00Z.
    const pausedAt = Date.UTC(2024, 2, 10, 4, 50);
    const sessions = [
      session([
        ['started', pausedAt - 3_600_000],
        ['paused', pausedAt],
      ]),
    ];
    expect(pauseBudgetExhaustedAt({ sessions, limitMinutes: 30, timeZone: 'America/New_York', now: pausedAt })).toBe(
      Date.UTC(2024, 2, 10, 5, 30),
    );
  });

  it('returns a past moment when the budget was already spent before the pause (limit lowered)', () => {
    const sessions = [
      session([
        ['started', utc(8)],
        ['paused', utc(9)],
        ['stopped', utc(9, 40)],
      ]),
      session([
        ['started', utc(10)],
        ['paused', utc(11)],
      ]),
    ];
    expect(pauseBudgetExhaustedAt({ sessions, limitMinutes: 30, timeZone: 'UTC', now: utc(11, 5) })).toBe(utc(11));
    expect(pauseBudgetExhaustedAt({ sessions, limitMinutes: 0, timeZone: 'UTC', now: utc(11, 5) })).toBe(utc(11));
  });

  it('is null when the limit is longer than a pause can use in a day', () => {
    const sessions = [
      session([
        ['started', utc(8)],
        ['paused', utc(9)],
      ]),
    ];
    expect(pauseBudgetExhaustedAt({ sessions, limitMinutes: 25 * 60, timeZone: 'UTC', now: utc(9) })).toBeNull();
  });
});
