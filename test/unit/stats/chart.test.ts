import { loadImage } from '@napi-rs/canvas';
import {
  DEFAULT_CHART_SIZE,
  renderStatsChart,
  renderTeamChart,
  type StatsChartData,
  type TeamChartData,
} from '../../../src/stats/chart';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function data(overrides: Partial<StatsChartData> = {}): StatsChartData {
  return {
    title: 'Workshop statistics',
    subtitle: '2026-11-21 20:00 · UTC',
    noData: 'No data yet',
    byStatus: {
      title: 'Tickets by status',
      bars: [
        { label: 'New', value: 2 },
        { label: 'In progress', value: 5, color: '#59a14f' },
        { label: 'Done', value: 9 },
      ],
    },
    donePerDay: {
      title: 'Done per day',
      bars: Array.from({ length: 14 }, (_, i) => ({ label: `${String(i + 8).padStart(2, '0')}.11`, value: i % 3 })),
    },
    firstPass: { title: 'QC first-pass rate', rate: 2 / 3, rateLabel: '66.7%', detail: '2 of 3' },
    leaderboard: {
      title: 'XP leaderboard',
      bars: [
        { label: '1. Olga (L3)', value: 512 },
        { label: '2. Пётр (L1)', value: -3 },
      ],
    },
    ...overrides,
  };
}

async function decoded(png: Buffer) {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const image = await loadImage(png);
  return { width: image.width, height: image.height };
}

describe('renderStatsChart', () => {
  it('draws a non-empty PNG of the default size', async () => {
    const png = renderStatsChart(data());
    expect(png.length).toBeGreaterThan(5_000);
    expect(await decoded(png)).toEqual(DEFAULT_CHART_SIZE);
  });

  it('honours a requested size and clamps absurd ones', async () => {
    expect(await decoded(renderStatsChart(data(), { width: 640, height: 480 }))).toEqual({ width: 640, height: 480 });
    expect(await decoded(renderStatsChart(data(), { width: 10, height: Number.NaN }))).toEqual({
      width: 320,
      height: 240,
    });
    expect(await decoded(renderStatsChart(data(), { width: 100_000, height: 300 }))).toEqual({
      width: 4000,
      height: 300,
    });
  });

  it('handles empty data: no bars, all zeros, no QC decisions, no title text', async () => {
    const empty = data({
      title: '',
      subtitle: undefined,
      byStatus: { title: '', bars: [] },
      donePerDay: { title: '', bars: Array.from({ length: 14 }, () => ({ label: '', value: 0 })) },
      firstPass: { title: '', rate: null, rateLabel: '—', detail: '' },
      leaderboard: { title: '', bars: [] },
    });
    expect(await decoded(renderStatsChart(empty))).toEqual(DEFAULT_CHART_SIZE);
    const noDays = data({ donePerDay: { title: 'Done', bars: [] } });
    expect(await decoded(renderStatsChart(noDays, { width: 400, height: 300 }))).toEqual({ width: 400, height: 300 });
  });

  it('survives odd numbers (NaN, infinities, rates outside 0..1, very long labels)', async () => {
    const odd = data({
      byStatus: { title: 'x'.repeat(500), bars: [{ label: 'y'.repeat(300), value: Number.NaN }] },
      firstPass: { title: 'QC', rate: 7, rateLabel: '700%', detail: 'odd' },
      leaderboard: { title: 'XP', bars: [{ label: 'z', value: Number.POSITIVE_INFINITY }] },
    });
    expect(await decoded(renderStatsChart(odd))).toEqual(DEFAULT_CHART_SIZE);
  });

  it('adds a CSAT row when given, and the picture differs', () => {
    const without = renderStatsChart(data());
    const withCsat = renderStatsChart(data({ csat: { title: 'CSAT', max: 5, bars: [{ label: 'Olga', value: 4.6 }] } }));
    expect(withCsat.equals(without)).toBe(false);
  });

  it('is deterministic: the same data gives the same bytes', () => {
    expect(renderStatsChart(data()).equals(renderStatsChart(data()))).toBe(true);
  });
});

describe('renderTeamChart', () => {
  const team = (bars: { label: string; value: number }[]): TeamChartData => ({
    title: 'Team: the last 7 days',
    subtitle: '2026-11-14 12:00 – 2026-11-21 12:00 · UTC',
    noData: 'No data yet',
    done: { title: 'Tickets done', bars },
    xp: { title: 'XP earned', bars: bars.map((b) => ({ ...b, value: b.value * 10 })) },
  });

  it('draws a PNG that decodes, with rows or with none', async () => {
    const png = renderTeamChart(
      team([
        { label: 'Olga Ivanova', value: 4 },
        { label: 'Пётр', value: 0 },
      ]),
    );
    expect(png.length).toBeGreaterThan(5_000);
    expect(await decoded(png)).toEqual(DEFAULT_CHART_SIZE);
    expect(await decoded(renderTeamChart(team([]), { width: 640, height: 480 }))).toEqual({ width: 640, height: 480 });
  });
});
