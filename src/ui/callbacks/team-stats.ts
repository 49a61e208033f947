// The /stats team button: `stt:<days>`.
import { TEAM_WINDOW_DAYS } from '../../domain/analytics';

export const TEAM_STATS_PREFIXES = ['stt'] as const;

const PREFIX = 'stt:';

export const teamStatsButton = {
  encode: (days: number) => `${PREFIX}${days}`,
  /** The window of a `stt:<days>` press (1..90), or null for anything else. */
  decode(data: string | undefined): number | null {
    const match = data ? /^stt:(\d{1,2})$/.exec(data) : null;
    const days = match ? Number(match[1]) : NaN;
    return days >= TEAM_WINDOW_DAYS.min && days <= TEAM_WINDOW_DAYS.max ? days : null;
  },
};
