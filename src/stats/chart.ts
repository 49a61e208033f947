// The /stats picture, drawn on the server with @napi-rs/canvas (Skia; no browser, no network).
// Pure: the data and its already-translated labels in, a PNG Buffer out. Text uses the system
// fonts (DejaVu / Liberation); where none is installed the bars and numbers still come out, only
// the glyphs are missing.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

export interface ChartBar {
  label: string;
  value: number;
  /** CSS colour; a palette colour by position when left out. */
  color?: string;
}

export interface StatsChartData {
  title: string;
  /** Under the title, e.g. the time zone and the date. */
  subtitle?: string;
  /** Shown in a panel with nothing to draw. */
  noData: string;
  byStatus: { title: string; bars: ChartBar[] };
  donePerDay: { title: string; bars: ChartBar[] };
  firstPass: { title: string; rate: number | null; rateLabel: string; detail: string };
  leaderboard: { title: string; bars: ChartBar[] };
  /** CSAT per technician (extension point: left out until the support desk's numbers are wired in). */
  csat?: { title: string; bars: ChartBar[]; max: number } | null;
}

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 1200, height: 900 };
const MIN_SIZE: ChartSize = { width: 320, height: 240 };
const MAX_SIDE = 4000;

const FONT_FAMILY = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const COLORS = {
  background: '#f4f6f8',
  panel: '#ffffff',
  border: '#d9dee3',
  text: '#1f2933',
  muted: '#6b7785',
  axis: '#b8c1cc',
  track: '#e4e8ec',
  pass: '#59a14f',
};

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clampSide = (value: number, min: number) =>
  Math.min(Math.max(Number.isFinite(value) ? Math.round(value) : min, min), MAX_SIDE);

const finite = (value: number) => (Number.isFinite(value) ? value : 0);

/** Integers as they are, anything else with at most one decimal. */
const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function font(ctx: SKRSContext2D, px: number, bold = false): void {
  ctx.font = `${bold ? 'bold ' : ''}${Math.max(8, Math.round(px))}px ${FONT_FAMILY}`;
}

/** The text, shortened with "…" to fit `maxWidth`. */
function fit(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (maxWidth <= 0) return '';
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && ctx.measureText(`${chars.join('')}…`).width > maxWidth) chars.pop();
  return chars.length ? `${chars.join('')}…` : '';
}

/**
 * Sets the largest font size in [minPx, startPx] at which the text fits `maxWidth` (or minPx when
 * none does) and returns it.
 */
function fitFont(
  ctx: SKRSContext2D,
  text: string,
  maxWidth: number,
  startPx: number,
  minPx: number,
  bold = false,
): number {
  let px = Math.max(startPx, minPx);
  font(ctx, px, bold);
  while (px > minPx && ctx.measureText(text).width > maxWidth) {
    px = Math.max(minPx, px * 0.9);
    font(ctx, px, bold);
  }
  return px;
}

function roundedRect(ctx: SKRSContext2D, box: Box, radius: number): void {
  const r = Math.max(0, Math.min(radius, box.w / 2, box.h / 2));
  ctx.beginPath();
  ctx.moveTo(box.x + r, box.y);
  ctx.arcTo(box.x + box.w, box.y, box.x + box.w, box.y + box.h, r);
  ctx.arcTo(box.x + box.w, box.y + box.h, box.x, box.y + box.h, r);
  ctx.arcTo(box.x, box.y + box.h, box.x, box.y, r);
  ctx.arcTo(box.x, box.y, box.x + box.w, box.y, r);
  ctx.closePath();
}

/** The panel's frame and title; returns the area left for its content. */
function panel(ctx: SKRSContext2D, box: Box, title: string, s: number): Box {
  ctx.fillStyle = COLORS.panel;
  roundedRect(ctx, box, 10 * s);
  ctx.fill();
  ctx.strokeStyle = COLORS.border;
  ctx.lineWidth = Math.max(1, s);
  ctx.stroke();
  const pad = 16 * s;
  font(ctx, 18 * s, true);
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(fit(ctx, title, box.w - 2 * pad), box.x + pad, box.y + pad);
  const top = box.y + pad + 30 * s;
  return { x: box.x + pad, y: top, w: box.w - 2 * pad, h: box.y + box.h - pad - top };
}

function noData(ctx: SKRSContext2D, area: Box, text: string, s: number): void {
  font(ctx, 16 * s);
  ctx.fillStyle = COLORS.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(fit(ctx, text, area.w), area.x + area.w / 2, area.y + area.h / 2);
}

const isEmpty = (bars: readonly ChartBar[]) => bars.length === 0 || bars.every((b) => finite(b.value) === 0);

/** Label | bar | value, one row per bar; the longest bar is the largest value (or `max`). */
function horizontalBars(
  ctx: SKRSContext2D,
  area: Box,
  bars: readonly ChartBar[],
  s: number,
  empty: string,
  max?: number,
): void {
  if (isEmpty(bars)) return noData(ctx, area, empty, s);
  const rowHeight = Math.min(area.h / bars.length, 40 * s);
  const fontPx = Math.max(9 * s, Math.min(15 * s, rowHeight * 0.55));
  font(ctx, fontPx);
  const labelWidth = Math.min(area.w * 0.42, Math.max(...bars.map((b) => ctx.measureText(b.label).width)) + 8 * s);
  const valueWidth = Math.max(...bars.map((b) => ctx.measureText(formatValue(finite(b.value))).width)) + 10 * s;
  const barSpace = Math.max(area.w - labelWidth - valueWidth, 1);
  const top = Math.max(...bars.map((b) => finite(b.value)), max ?? 0, 1);
  bars.forEach((bar, i) => {
    const value = finite(bar.value);
    const y = area.y + i * rowHeight;
    const mid = y + rowHeight / 2;
    font(ctx, fontPx);
    ctx.fillStyle = COLORS.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(fit(ctx, bar.label, labelWidth - 8 * s), area.x, mid);
    const width = (Math.max(value, 0) / top) * barSpace;
    const barHeight = Math.max(rowHeight * 0.62, 2);
    ctx.fillStyle = COLORS.track;
    ctx.fillRect(area.x + labelWidth, mid - barHeight / 2, barSpace, barHeight);
    ctx.fillStyle = bar.color ?? PALETTE[i % PALETTE.length]!;
    ctx.fillRect(area.x + labelWidth, mid - barHeight / 2, width, barHeight);
    ctx.fillStyle = COLORS.text;
    ctx.fillText(formatValue(value), area.x + labelWidth + barSpace + 6 * s, mid);
  });
}

/** The label of the bars that is widest in the current font. */
function widest(ctx: SKRSContext2D, bars: readonly ChartBar[]): string {
  let best = '';
  for (const bar of bars) if (ctx.measureText(bar.label).width > ctx.measureText(best).width) best = bar.label;
  return best;
}

/** Columns with their labels underneath and values on top (zero columns stay unlabelled). */
function verticalBars(ctx: SKRSContext2D, area: Box, bars: readonly ChartBar[], s: number, empty: string): void {
  if (bars.length === 0) return noData(ctx, area, empty, s);
  const labelHeight = 22 * s;
  const valueHeight = 20 * s;
  const plot: Box = { x: area.x, y: area.y + valueHeight, w: area.w, h: area.h - labelHeight - valueHeight };
  const slot = plot.w / bars.length;
  const top = Math.max(...bars.map((b) => finite(b.value)), 1);
  const baseline = plot.y + plot.h;
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = Math.max(1, s);
  ctx.beginPath();
  ctx.moveTo(plot.x, baseline + 0.5);
  ctx.lineTo(plot.x + plot.w, baseline + 0.5);
  ctx.stroke();
  // Labels shrink to fit their slot; when even the smallest size is too wide, every step-th column
  // is labelled, counting back from the last one (today).
  const fontPx = fitFont(ctx, widest(ctx, bars), slot - 4 * s, 13 * s, 9 * s);
  const step = Math.max(1, Math.ceil(ctx.measureText(widest(ctx, bars)).width / Math.max(slot - 4 * s, 1)));
  bars.forEach((bar, i) => {
    const value = finite(bar.value);
    const height = (Math.max(value, 0) / top) * Math.max(plot.h, 0);
    const barWidth = Math.max(slot * 0.64, 1);
    const x = plot.x + i * slot + (slot - barWidth) / 2;
    ctx.fillStyle = bar.color ?? PALETTE[0]!;
    ctx.fillRect(x, baseline - height, barWidth, height);
    font(ctx, fontPx);
    ctx.textAlign = 'center';
    ctx.fillStyle = COLORS.text;
    if (value !== 0) {
      ctx.textBaseline = 'bottom';
      ctx.fillText(formatValue(value), x + barWidth / 2, baseline - height - 2 * s);
    }
    if ((bars.length - 1 - i) % step === 0) {
      ctx.fillStyle = COLORS.muted;
      ctx.textBaseline = 'top';
      ctx.fillText(bar.label, x + barWidth / 2, baseline + 5 * s);
    }
  });
  if (isEmpty(bars)) noData(ctx, { ...plot, h: plot.h * 0.8 }, empty, s);
}

/** A ring filled to the rate, the rate in the middle and the detail underneath. */
function gauge(ctx: SKRSContext2D, area: Box, data: StatsChartData['firstPass'], s: number, empty: string): void {
  const detailHeight = 28 * s;
  const radius = Math.max(Math.min(area.w, area.h - detailHeight) / 2 - 8 * s, 4);
  const cx = area.x + area.w / 2;
  const cy = area.y + (area.h - detailHeight) / 2;
  const thickness = Math.max(radius * 0.22, 3);
  ctx.lineWidth = thickness;
  ctx.lineCap = 'butt';
  ctx.strokeStyle = COLORS.track;
  ctx.beginPath();
  ctx.arc(cx, cy, radius - thickness / 2, 0, Math.PI * 2);
  ctx.stroke();
  const rate = data.rate === null ? null : Math.min(Math.max(finite(data.rate), 0), 1);
  if (rate !== null && rate > 0) {
    ctx.strokeStyle = COLORS.pass;
    ctx.beginPath();
    ctx.arc(cx, cy, radius - thickness / 2, -Math.PI / 2, -Math.PI / 2 + rate * Math.PI * 2);
    ctx.stroke();
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = COLORS.text;
  const center = rate === null ? '—' : data.rateLabel;
  const inner = (radius - thickness) * 1.6;
  fitFont(ctx, center, inner, Math.max(12 * s, radius * 0.42), 10 * s, true);
  ctx.fillText(fit(ctx, center, inner), cx, cy);
  font(ctx, 15 * s);
  ctx.fillStyle = COLORS.muted;
  ctx.textBaseline = 'bottom';
  ctx.fillText(fit(ctx, rate === null ? empty : data.detail, area.w), cx, area.y + area.h);
}

/**
 * A chart's canvas, sized and clamped (everything scales with `s`), on the background, with its
 * title and optional subtitle drawn; `headerBottom` is where the panels may start.
 */
function startChart(heading: { title: string; subtitle?: string }, size: Partial<ChartSize>) {
  const width = clampSide(size.width ?? DEFAULT_CHART_SIZE.width, MIN_SIZE.width);
  const height = clampSide(size.height ?? DEFAULT_CHART_SIZE.height, MIN_SIZE.height);
  const s = Math.min(width / DEFAULT_CHART_SIZE.width, height / DEFAULT_CHART_SIZE.height);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');

  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, width, height);
  const margin = 20 * s;
  font(ctx, 26 * s, true);
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(fit(ctx, heading.title, width - 2 * margin), margin, margin);
  let headerBottom = margin + 34 * s;
  if (heading.subtitle) {
    font(ctx, 15 * s);
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(fit(ctx, heading.subtitle, width - 2 * margin), margin, headerBottom);
    headerBottom += 22 * s;
  }
  return { canvas, ctx, width, height, s, margin, headerBottom };
}

/**
 * The /stats picture: a title, then tickets by status, done per day, the QC first-pass rate and
 * the XP leaderboard in a 2×2 grid (plus a CSAT row when given). Sizes are clamped to
 * 320×240 … 4000×4000; everything scales with the size.
 */
export function renderStatsChart(data: StatsChartData, size: Partial<ChartSize> = {}): Buffer {
  const { canvas, ctx, width, height, s, margin, headerBottom } = startChart(data, size);

  const gap = 16 * s;
  const top = headerBottom + 8 * s;
  const rows = data.csat ? 3 : 2;
  const rowHeight = (height - top - margin - gap * (rows - 1)) / rows;
  const colWidth = (width - 2 * margin - gap) / 2;
  const cell = (col: number, row: number, span = 1): Box => ({
    x: margin + col * (colWidth + gap),
    y: top + row * (rowHeight + gap),
    w: colWidth * span + gap * (span - 1),
    h: rowHeight,
  });

  horizontalBars(ctx, panel(ctx, cell(0, 0), data.byStatus.title, s), data.byStatus.bars, s, data.noData);
  verticalBars(ctx, panel(ctx, cell(1, 0), data.donePerDay.title, s), data.donePerDay.bars, s, data.noData);
  gauge(ctx, panel(ctx, cell(0, 1), data.firstPass.title, s), data.firstPass, s, data.noData);
  horizontalBars(ctx, panel(ctx, cell(1, 1), data.leaderboard.title, s), data.leaderboard.bars, s, data.noData);
  if (data.csat) {
    horizontalBars(ctx, panel(ctx, cell(0, 2, 2), data.csat.title, s), data.csat.bars, s, data.noData, data.csat.max);
  }
  return canvas.toBuffer('image/png');
}

/** The team view of /stats: per technician, tickets done and XP earned over a window. */
export interface TeamChartData {
  title: string;
  subtitle?: string;
  noData: string;
  done: { title: string; bars: ChartBar[] };
  xp: { title: string; bars: ChartBar[] };
}

/**
 * The team picture: a title, then two panels side by side with one row per technician (the same
 * order in both): tickets done and XP earned. Sized and clamped as renderStatsChart.
 */
export function renderTeamChart(data: TeamChartData, size: Partial<ChartSize> = {}): Buffer {
  const { canvas, ctx, width, height, s, margin, headerBottom } = startChart(data, size);
  const top = headerBottom + 8 * s;
  const gap = 16 * s;
  const colWidth = (width - 2 * margin - gap) / 2;
  const h = height - top - margin;
  const left: Box = { x: margin, y: top, w: colWidth, h };
  const right: Box = { x: margin + colWidth + gap, y: top, w: colWidth, h };
  horizontalBars(ctx, panel(ctx, left, data.done.title, s), data.done.bars, s, data.noData);
  horizontalBars(ctx, panel(ctx, right, data.xp.title, s), data.xp.bars, s, data.noData);
  return canvas.toBuffer('image/png');
}
