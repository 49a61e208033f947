import { createI18n } from '../../../src/i18n';
import {
  formatDuration,
  formatLocal,
  formatPercent,
  renderFindNotFound,
  renderFindUsage,
  renderFoundTicket,
  renderLeaderboard,
  renderStatsText,
  renderTechnicians,
  splitMessage,
  statsChartData,
} from '../../../src/ui/render/staff-commands';
import type { FoundTicket, LeaderboardRow, WorkshopStats } from '../../../src/reads/stats';

const i18n = createI18n('en');
const tr = (locale: string) => (key: string, args?: Record<string, string | number>) => i18n.t(locale, key, args);
const t = tr('en');
const ru = tr('ru');
const plain = (html: string) => html.replace(/<[^>]+>/g, '');

const leaderboard: LeaderboardRow[] = [
  { rank: 1, userId: 3, name: 'Olga <Top>', level: 3, totalXp: 512 },
  { rank: 2, userId: 1, name: 'Ivan', level: 2, totalXp: 250 },
  { rank: 2, userId: 2, name: 'Petr', level: 2, totalXp: 250 },
  { rank: 4, userId: 4, name: 'Lev', level: 1, totalXp: 0 },
];

const stats: WorkshopStats = {
  timeZone: 'UTC',
  byStatus: [
    { status: 'under_review', count: 1 },
    { status: 'new', count: 0 },
    { status: 'assigned', count: 2 },
    { status: 'in_progress', count: 1 },
    { status: 'waiting_qc', count: 1 },
    { status: 'rework', count: 1 },
    { status: 'done', count: 2 },
  ],
  totalTickets: 8,
  donePerDay: Array.from({ length: 14 }, (_, i) => ({
    day: `2026-11-${String(8 + i).padStart(2, '0')}`,
    count: i === 11 || i === 12 ? 1 : 0,
  })),
  qc: { decided: 3, firstPass: 1, rate: 1 / 3 },
  leaderboard,
  csat: [],
};

describe('formatting helpers', () => {
  it('formats durations, local times and percentages', () => {
    expect(formatDuration(t, 59)).toBe('0 min');
    expect(formatDuration(t, 65 * 60 + 30)).toBe('1 h 05 min');
    expect(formatDuration(ru, 3 * 60)).toBe('3 мин');
    expect(formatLocal(Date.parse('2026-11-21T19:05:00Z'), 'Asia/Tashkent')).toBe('2026-11-22 00:05');
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('splits long texts between lines, within the limit', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(80)}`);
    const chunks = splitMessage(lines);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.length <= 4096)).toBe(true);
    expect(chunks.join('\n')).toBe(lines.join('\n'));
    expect(splitMessage(['a', 'b'])).toEqual(['a\nb']);
    expect(splitMessage([])).toEqual(['']);
    expect(splitMessage(['y'.repeat(5000)])[0]).toHaveLength(4096);
  });
});

describe('/techs', () => {
  it('lists state, the current ticket and today’s time, escaping names', () => {
    const [text] = renderTechnicians(t, {
      timeZone: 'Asia/Tashkent',
      rows: [
        { id: 1, name: 'Al <b>', state: 'working', ticket: { id: 12, serial: 'RM-AB12' }, todaySeconds: 3900 },
        { id: 2, name: 'Bo', state: 'paused', ticket: { id: 13, serial: 'RM-CD34' }, todaySeconds: 300 },
        { id: 3, name: 'Cy', state: 'idle', ticket: null, todaySeconds: 0 },
      ],
    });
    expect(text).toContain('Al &lt;b&gt;');
    const lines = plain(text!).split('\n');
    expect(lines[0]).toBe('👷 Technicians right now: 3');
    expect(lines).toContain('🟢 Al &lt;b&gt; — working · 🎫 #12 · RM-AB12 · ⏱ today 1 h 05 min');
    expect(lines).toContain('⏸ Bo — paused · 🎫 #13 · RM-CD34 · ⏱ today 5 min');
    expect(lines).toContain('⚪ Cy — idle · ⏱ today 0 min');
    expect(text).toContain('Asia/Tashkent');
  });

  it('says so when there are no technicians, in Russian too', () => {
    expect(renderTechnicians(t, { timeZone: 'UTC', rows: [] })).toEqual(['ℹ️ There are no active technicians.']);
    expect(renderTechnicians(ru, { timeZone: 'UTC', rows: [] })).toEqual(['ℹ️ Активных техников нет.']);
  });
});

describe('/find', () => {
  const found: FoundTicket = {
    id: 42,
    serial: 'RM-AB12',
    status: 'in_progress',
    itemName: 'Bike <7>',
    title: null,
    technician: 'Olga T',
    master: 'Mia M',
    totalDuration: 45,
    flagColor: 'yellow',
    xpAmount: 3,
    isManual: false,
    session: { status: 'paused', activeSeconds: 600 },
    workedSeconds: 1800,
    createdAt: new Date('2026-11-21T08:00:00Z'),
    finishedAt: null,
  };

  it('summarizes the ticket', () => {
    const text = plain(renderFoundTicket(t, found, 'UTC'));
    expect(text).toContain('🔎 Ticket #42');
    expect(text).toContain('Serial number: RM-AB12');
    expect(text).toContain('Status: 🟢 In progress');
    expect(text).toContain('Item: Bike &lt;7&gt;');
    expect(text).toContain('Technician: Olga T');
    expect(text).toContain('Master: Mia M');
    expect(text).toContain('45 min planned · 🟡 Yellow · 3 XP');
    expect(text).toContain('Work session: Paused · 10 min');
    expect(text).toContain('Worked in total: 30 min');
    expect(text).toContain('Created: 2026-11-21 08:00');
    expect(text).not.toContain('Finished');
  });

  it('covers unassigned, manual, finished tickets without sessions, in Russian', () => {
    const text = plain(
      renderFoundTicket(
        ru,
        {
          ...found,
          status: 'done',
          technician: null,
          isManual: true,
          session: null,
          title: 'Тормоза',
          finishedAt: new Date('2026-11-21T10:00:00Z'),
        },
        'UTC',
      ),
    );
    expect(text).toContain('Техник: не назначен');
    expect(text).toContain('(заданы вручную)');
    expect(text).toContain('Рабочая сессия: ещё не было');
    expect(text).toContain('Название: Тормоза');
    expect(text).toContain('Завершена: 2026-11-21 10:00');
  });

  it('has a usage hint and a not-found text that escapes the query', () => {
    expect(renderFindUsage(t)).toContain('/find &lt;id|serial&gt;');
    expect(renderFindNotFound(t, '<x>')).toBe('⚠️ No ticket found for <code>&lt;x&gt;</code>.');
  });
});

describe('/leaderboard', () => {
  it('shows rank, name, level and total XP in order', () => {
    const [text] = renderLeaderboard(t, leaderboard);
    expect(plain(text!).split('\n')).toEqual([
      '🏆 XP leaderboard',
      '',
      '🥇 1. Olga &lt;Top&gt; — level 3 · 512 XP',
      '🥈 2. Ivan — level 2 · 250 XP',
      '🥈 2. Petr — level 2 · 250 XP',
      '▫️ 4. Lev — level 1 · 0 XP',
    ]);
    expect(renderLeaderboard(ru, [])).toEqual(['ℹ️ Техников пока нет.']);
  });
});

describe('/stats', () => {
  it('puts every number in the text', () => {
    const text = plain(renderStatsText(t, stats).join('\n'));
    expect(text).toContain('Tickets by status (total 8):');
    expect(text).toContain('📝 Under review: 1');
    expect(text).toContain('🆕 New: 0');
    expect(text).toContain('✅ Done: 2');
    expect(text).toContain('Done in the last 14 days: 2');
    expect(text).toContain('• 2026-11-19: 1');
    expect(text).toContain('• 2026-11-20: 1');
    expect(text).not.toContain('2026-11-18');
    expect(text).toContain('QC first-pass rate: 33.3% (1 of 3 tickets passed QC the first time)');
    expect(text).toContain('🥇 1. Olga &lt;Top&gt; — level 3 · 512 XP');
    expect(text).toContain('CSAT by technician');
    expect(text).toContain('• no ratings yet');
  });

  it('handles no data and shows CSAT when there is some, in Russian', () => {
    const text = plain(
      renderStatsText(ru, {
        ...stats,
        donePerDay: stats.donePerDay.map((d) => ({ ...d, count: 0 })),
        qc: { decided: 0, firstPass: 0, rate: null },
        leaderboard: [],
        csat: [{ name: 'Olga', average: 4.5, ratings: 2 }],
      }).join('\n'),
    );
    expect(text).toContain('Готово за последние 14 дней: 0');
    expect(text).toContain('• нет');
    expect(text).toContain('решений QC ещё не было');
    expect(text).toContain('Техников пока нет');
    expect(text).toContain('• Olga: 4.50 (оценок: 2)');
  });

  it('labels the chart in the user’s language, with the same numbers', () => {
    const chart = statsChartData(ru, stats, new Date('2026-11-21T15:00:00Z'));
    expect(chart.title).toBe('Статистика мастерской');
    expect(chart.subtitle).toBe('2026-11-21 15:00 · UTC');
    expect(chart.byStatus.bars.map((b) => [b.label, b.value])).toEqual([
      ['На рассмотрении', 1],
      ['Новая', 0],
      ['Назначена', 2],
      ['В работе', 1],
      ['Ожидает QC', 1],
      ['На доработке', 1],
      ['Готова', 2],
    ]);
    expect(chart.donePerDay.bars).toHaveLength(14);
    expect(chart.donePerDay.bars.at(-1)).toMatchObject({ label: '21.11', value: 0 });
    expect(chart.donePerDay.bars[11]).toMatchObject({ label: '19.11', value: 1 });
    expect(chart.firstPass).toMatchObject({ rate: 1 / 3, rateLabel: '33.3%' });
    expect(chart.leaderboard.bars[0]).toEqual({ label: '1. Olga <Top> (L3)', value: 512 });
    expect(chart.csat).toBeNull();
  });
});
