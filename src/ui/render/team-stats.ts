// The team view of /stats (issue 15): the "👥 Team (7 days)" button under the numbers, its callback
// codec (./callbacks/team-stats), and the team chart's data: per technician, tickets done and XP earned over
// the rolling window. Pure: the snapshot and a translator in.
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { TeamSnapshot } from '../../reads/analytics';
import type { TeamChartData } from '../../stats/chart';
import type { Translate } from '../../i18n';
import { formatLocal } from './staff-commands';
import { teamStatsButton } from '../callbacks/team-stats';

/** The window the /stats button shows. */
export const TEAM_STATS_DAYS = 7;
/** Technicians on the chart at most (the busiest first). */
export const TEAM_CHART_ROWS = 15;

export function teamStatsKeyboard(t: Translate, days = TEAM_STATS_DAYS): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: t('staff-team-button', { days: String(days) }), callback_data: teamStatsButton.encode(days) }],
    ],
  };
}

export function teamChartData(t: Translate, team: TeamSnapshot, timeZone: string): TeamChartData {
  const rows = team.rows.slice(0, TEAM_CHART_ROWS);
  return {
    title: t('staff-team-chart-title', { days: String(team.days) }),
    subtitle: t('staff-team-chart-subtitle', {
      from: formatLocal(team.from, timeZone),
      to: formatLocal(team.to, timeZone),
      zone: timeZone,
    }),
    noData: t('staff-chart-no-data'),
    done: {
      title: t('staff-team-chart-done'),
      bars: rows.map((r) => ({ label: r.name, value: r.ticketsDone, color: '#59a14f' })),
    },
    xp: { title: t('staff-team-chart-xp'), bars: rows.map((r) => ({ label: r.name, value: r.xp, color: '#4e79a7' })) },
  };
}
