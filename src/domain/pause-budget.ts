// Daily pause budget (workshop-domain.md §6): per technician, per local business day, shared
// across all their tickets.
import { localDayWindow, type TimeWindow } from './time-zone';
import { type EpochMs, type Instant, toEpochMs } from './types';
import { orderSessionEvents, type SessionEvent } from './work-session';

/** A technician's session as pause accounting sees it (a WorkSession fits). */
export interface PauseHistorySession {
  readonly transitions: readonly SessionEvent[];
}

interface PauseInterval {
  readonly start: EpochMs;
  /** Null while the pause is still going on. */
  readonly end: EpochMs | null;
}

/** paused → (resumed | stopped) intervals of one session. */
function pauseIntervals(session: PauseHistorySession): PauseInterval[] {
  const intervals: PauseInterval[] = [];
  let pausedSince: EpochMs | null = null;
  for (const event of orderSessionEvents(session.transitions)) {
    if (event.action === 'paused') {
      pausedSince = event.eventAt;
    } else if ((event.action === 'resumed' || event.action === 'stopped') && pausedSince !== null) {
      intervals.push({ start: pausedSince, end: event.eventAt });
      pausedSince = null;
    }
  }
  if (pausedSince !== null) intervals.push({ start: pausedSince, end: null });
  return intervals;
}

function overlapSeconds(start: EpochMs, end: EpochMs, window: TimeWindow): number {
  const from = Math.max(start, window.start);
  const to = Math.min(end, window.end);
  return to <= from ? 0 : Math.floor((to - from) / 1000);
}

/**
 * Pause seconds used inside `window`; an open pause counts up to min(now, window end). Callers
 * load the technician's sessions that started before the window end and are open or ended at or
 * after its start; others contribute nothing anyway, since every interval is clipped to the window.
 */
export function pauseUsedSeconds(sessions: readonly PauseHistorySession[], window: TimeWindow, now: Instant): number {
  const until = toEpochMs(now);
  let used = 0;
  for (const session of sessions) {
    for (const interval of pauseIntervals(session))
      used += overlapSeconds(interval.start, interval.end ?? until, window);
  }
  return used;
}

/** max(limit − used, 0); a limit of 0 (or less) leaves nothing. */
export function remainingPauseSeconds(limitMinutes: number, usedSeconds: number): number {
  if (limitMinutes <= 0) return 0;
  return Math.max(limitMinutes * 60 - usedSeconds, 0);
}

export interface PauseBudgetInput {
  readonly sessions: readonly PauseHistorySession[];
  readonly limitMinutes: number;
  readonly timeZone: string;
  readonly now: Instant;
}

/** Remaining pause seconds of the local day containing `now`. */
export function remainingPauseSecondsAt(input: PauseBudgetInput): number {
  if (input.limitMinutes <= 0) return 0;
  const window = localDayWindow(input.now, input.timeZone);
  return remainingPauseSeconds(input.limitMinutes, pauseUsedSeconds(input.sessions, window, input.now));
}

// A pause can only exhaust a budget shorter than a day; looking two days ahead covers DST days.
const EXHAUSTION_LOOKAHEAD_DAYS = 2;

/**
 * The moment the ongoing pause spends the technician's budget, for the auto-resume timer. A pause
 * crossing local midnight starts the new day with a fresh budget, so the moment is found in the
 * day the pause is in at that time. Returns a moment ≤ now when the budget is already spent, and
 * null when nothing is paused or the limit is longer than the pause can reach in a day.
 */
export function pauseBudgetExhaustedAt(input: PauseBudgetInput): EpochMs | null {
  const now = toEpochMs(input.now);
  const limitMs = Math.max(input.limitMinutes, 0) * 60_000;
  const intervals = input.sessions.flatMap((session) => pauseIntervals(session));
  const ongoing = intervals.find((interval) => interval.end === null && interval.start <= now);
  if (!ongoing) return null;
  const closed = intervals.filter((interval) => interval.end !== null);

  let window = localDayWindow(now, input.timeZone);
  for (let day = 0; day <= EXHAUSTION_LOOKAHEAD_DAYS; day += 1) {
    const usedBefore = closed.reduce((sum, i) => sum + overlapSeconds(i.start, i.end ?? i.start, window), 0);
    const from = Math.max(ongoing.start, window.start);
    const exhaustedAt = from + Math.max(limitMs - usedBefore * 1000, 0);
    if (exhaustedAt < window.end) return exhaustedAt;
    window = localDayWindow(window.end, input.timeZone);
  }
  return null;
}
