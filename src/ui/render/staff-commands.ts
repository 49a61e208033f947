// Staff views (front-door.md quick commands): /techs, /find, /stats (text and chart labels),
// and /leaderboard. Pure: view models and a translator in, HTML text (and the
// chart's data) out. No I/O and no clock: "now" and the time zone are passed in.
import {
  localDateTime,
  TICKET_STATUS_ICONS,
  type TicketColor,
  type TicketStatus,
  type WorkSessionStatus,
} from '../../domain';
import type { FoundTicket, LeaderboardRow, TechnicianState, TechniciansNow, WorkshopStats } from '../../reads/stats';
import type { ChartBar, StatsChartData } from '../../stats/chart';
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';

/** Telegram's limit on a message's text. */
export const MESSAGE_MAX_CHARS = 4096;

const dashed = (value: string) => value.replace(/_/g, '-');
/** Numbers go to Fluent as strings: ids and counts must not get locale digit grouping. */
const str = (value: number) => String(value);
const pad = (n: number) => String(n).padStart(2, '0');

const STATE_ICONS: Record<TechnicianState, string> = { working: '🟢', paused: '⏸', idle: '⚪' };
const FLAG_ICONS: Record<TicketColor, string> = { green: '🟢', yellow: '🟡', red: '🔴' };
const EXTRA_STATUS_ICONS: Partial<Record<TicketStatus, string>> = { under_review: '📝', new: '🆕' };
const STATUS_COLORS: Record<TicketStatus, string> = {
  under_review: '#9aa5b1',
  new: '#4e79a7',
  assigned: '#edc948',
  in_progress: '#59a14f',
  waiting_qc: '#76b7b2',
  rework: '#f28e2b',
  done: '#2f6f3e',
};
const MEDALS = ['🥇', '🥈', '🥉'];

export const statusIcon = (status: TicketStatus): string =>
  TICKET_STATUS_ICONS[status] ?? EXTRA_STATUS_ICONS[status] ?? '🎫';

export const statusLabel = (t: Translate, status: TicketStatus): string => t(`staff-status-${dashed(status)}`);

export const sessionLabel = (t: Translate, status: WorkSessionStatus): string => t(`staff-session-${status}`);

/** `5 min`, `1 h 05 min`: whole minutes, rounded down. */
export function formatDuration(t: Translate, seconds: number): string {
  const minutes = Math.floor(Math.max(seconds, 0) / 60);
  if (minutes < 60) return t('staff-duration-minutes', { minutes: str(minutes) });
  return t('staff-duration-hours', { hours: str(Math.floor(minutes / 60)), minutes: pad(minutes % 60) });
}

/** `2026-11-21 14:05` in the zone. */
export function formatLocal(at: Date | number, timeZone: string): string {
  const local = localDateTime(at, timeZone);
  return `${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}`;
}

/** `33.3%`, `100%`; a rate in [0, 1]. */
export function formatPercent(rate: number): string {
  const tenths = Math.round(Math.min(Math.max(rate, 0), 1) * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** `2026-11-21` → `21.11`. */
const shortDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

/**
 * Lines joined into as few messages as fit Telegram's limit, never breaking a line (a single
 * overlong line is cut).
 */
export function splitMessage(lines: readonly string[], limit: number = MESSAGE_MAX_CHARS): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > limit ? raw.slice(0, limit) : raw;
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
    } else {
      if (current !== '') chunks.push(current);
      current = line;
    }
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// /techs

export function renderTechnicians(t: Translate, view: TechniciansNow): string[] {
  if (view.rows.length === 0) return [t('staff-techs-empty')];
  const lines = [t('staff-techs-title', { count: str(view.rows.length) }), ''];
  for (const row of view.rows) {
    const parts = [`${STATE_ICONS[row.state]} <b>${escapeHtml(row.name)}</b> — ${t(`staff-state-${row.state}`)}`];
    if (row.ticket) parts.push(`🎫 #${row.ticket.id} · <code>${escapeHtml(row.ticket.serial)}</code>`);
    parts.push(t('staff-techs-today', { duration: formatDuration(t, row.todaySeconds) }));
    lines.push(parts.join(' · '));
  }
  lines.push('', t('staff-techs-zone', { zone: escapeHtml(view.timeZone) }));
  return splitMessage(lines);
}

// ---------------------------------------------------------------------------------------------
// /find

export const renderFindUsage = (t: Translate): string => t('staff-find-usage');

export const renderFindNotFound = (t: Translate, query: string): string =>
  t('staff-find-not-found', { query: escapeHtml(query) });

export function renderFoundTicket(t: Translate, ticket: FoundTicket, timeZone: string): string {
  const lines = [
    t('staff-find-title', { id: str(ticket.id) }),
    t('staff-find-serial', { serial: escapeHtml(ticket.serial) }),
    t('staff-find-status', { icon: statusIcon(ticket.status), status: statusLabel(t, ticket.status) }),
    t('staff-find-item', { item: escapeHtml(ticket.itemName) }),
  ];
  if (ticket.title) lines.push(t('staff-find-title-line', { title: escapeHtml(ticket.title) }));
  lines.push(
    t('staff-find-technician', {
      name: ticket.technician ? escapeHtml(ticket.technician) : t('staff-find-no-technician'),
    }),
    t('staff-find-master', { name: escapeHtml(ticket.master) }),
    t(ticket.isManual ? 'staff-find-metrics-manual' : 'staff-find-metrics', {
      minutes: str(ticket.totalDuration),
      flag: `${FLAG_ICONS[ticket.flagColor]} ${t(`staff-flag-${ticket.flagColor}`)}`,
      xp: str(ticket.xpAmount),
    }),
    ticket.session
      ? t('staff-find-session', {
          status: sessionLabel(t, ticket.session.status),
          duration: formatDuration(t, ticket.session.activeSeconds),
        })
      : t('staff-find-no-session'),
  );
  if (ticket.session) lines.push(t('staff-find-worked', { duration: formatDuration(t, ticket.workedSeconds) }));
  lines.push(t('staff-find-created', { at: formatLocal(ticket.createdAt, timeZone) }));
  if (ticket.finishedAt) lines.push(t('staff-find-finished', { at: formatLocal(ticket.finishedAt, timeZone) }));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// /leaderboard (and its section in /stats)

function leaderboardLines(t: Translate, rows: readonly LeaderboardRow[]): string[] {
  return rows.map((row) =>
    t('staff-leaderboard-row', {
      medal: MEDALS[row.rank - 1] ?? '▫️',
      rank: str(row.rank),
      name: escapeHtml(row.name),
      level: str(row.level),
      xp: str(row.totalXp),
    }),
  );
}

export function renderLeaderboard(t: Translate, rows: readonly LeaderboardRow[]): string[] {
  if (rows.length === 0) return [t('staff-leaderboard-empty')];
  return splitMessage([t('staff-leaderboard-title'), '', ...leaderboardLines(t, rows)]);
}

// ---------------------------------------------------------------------------------------------
// /stats

/** The numbers of /stats as text (the chart's twin, for reading and for screen readers). */
export function renderStatsText(t: Translate, stats: WorkshopStats): string[] {
  const lines = [t('staff-stats-title'), '', t('staff-stats-by-status', { total: str(stats.totalTickets) })];
  for (const { status, count } of stats.byStatus) {
    lines.push(
      t('staff-stats-status-row', { icon: statusIcon(status), status: statusLabel(t, status), count: str(count) }),
    );
  }
  const doneDays = stats.donePerDay.filter((d) => d.count > 0);
  lines.push(
    '',
    t('staff-stats-done', {
      days: str(stats.donePerDay.length),
      total: str(stats.donePerDay.reduce((sum, d) => sum + d.count, 0)),
    }),
  );
  if (doneDays.length === 0) lines.push(t('staff-stats-done-none'));
  for (const d of doneDays) lines.push(t('staff-stats-done-row', { day: d.day, count: str(d.count) }));
  lines.push(
    '',
    stats.qc.rate === null
      ? t('staff-stats-first-pass-none')
      : t('staff-stats-first-pass', {
          rate: formatPercent(stats.qc.rate),
          passed: str(stats.qc.firstPass),
          decided: str(stats.qc.decided),
        }),
    '',
    t('staff-stats-leaderboard'),
  );
  if (stats.leaderboard.length === 0) lines.push(t('staff-leaderboard-empty'));
  lines.push(...leaderboardLines(t, stats.leaderboard));
  lines.push('', t('staff-stats-csat'));
  if (stats.csat.length === 0) lines.push(t('staff-stats-csat-none'));
  for (const row of stats.csat) {
    lines.push(
      t('staff-stats-csat-row', {
        name: escapeHtml(row.name),
        average: row.average.toFixed(2),
        count: str(row.ratings),
      }),
    );
  }
  lines.push('', t('staff-stats-zone', { zone: escapeHtml(stats.timeZone) }));
  return splitMessage(lines);
}

/** The chart's data with its labels in the user's language (plain text: no HTML, no emoji). */
export function statsChartData(t: Translate, stats: WorkshopStats, now: Date): StatsChartData {
  const bars = (rows: readonly LeaderboardRow[]): ChartBar[] =>
    rows.map((row) => ({ label: `${row.rank}. ${row.name} (L${row.level})`, value: row.totalXp }));
  return {
    title: t('staff-chart-title'),
    subtitle: t('staff-chart-subtitle', { date: formatLocal(now, stats.timeZone), zone: stats.timeZone }),
    noData: t('staff-chart-no-data'),
    byStatus: {
      title: t('staff-chart-by-status', { total: str(stats.totalTickets) }),
      bars: stats.byStatus.map(({ status, count }) => ({
        label: statusLabel(t, status),
        value: count,
        color: STATUS_COLORS[status],
      })),
    },
    donePerDay: {
      title: t('staff-chart-done', { days: str(stats.donePerDay.length) }),
      bars: stats.donePerDay.map((d) => ({ label: shortDay(d.day), value: d.count, color: STATUS_COLORS.done })),
    },
    firstPass: {
      title: t('staff-chart-first-pass'),
      rate: stats.qc.rate,
      rateLabel: stats.qc.rate === null ? '—' : formatPercent(stats.qc.rate),
      detail: t('staff-chart-first-pass-detail', { passed: str(stats.qc.firstPass), decided: str(stats.qc.decided) }),
    },
    leaderboard: { title: t('staff-chart-leaderboard'), bars: bars(stats.leaderboard) },
    // The chart gets a CSAT panel once there are ratings; the text always has the section.
    csat: stats.csat.length
      ? {
          title: t('staff-chart-csat'),
          max: 5,
          bars: stats.csat.map((row) => ({ label: row.name, value: Math.round(row.average * 10) / 10 })),
        }
      : null,
  };
}
