// Pure helpers of the benchmark: sample statistics and plain-text tables. No I/O here, so the
// numbers the bench prints are unit-tested (test/unit/bench).

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) of ascending `sorted` samples, interpolating linearly between
 * the two closest ranks (numpy's default, R type 7). NaN for no samples.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  return samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

/** n, mean, p50 / p95 / p99, min and max of the samples (in any order; the input is not changed). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    mean: mean(sorted),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted.length ? sorted[0] : Number.NaN,
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/** How many times slower `a` is than `b`; NaN when either is missing or `b` is not positive. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN;
}

/** Milliseconds with a precision that suits the magnitude: 0.42, 4.2, 42.0, 420, 4200. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `×${value.toFixed(1)}` : '–';
}

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/**
 * A plain-text table: a header, a rule, then the rows, columns padded to their widest cell
 * (counted in code points, so `×` and `–` take one column). Columns are left-aligned unless given
 * `align: 'right'` (use it for numbers); a plain string is a left-aligned column of that header.
 */
export function formatTable(columns: readonly (Column | string)[], rows: readonly (readonly string[])[]): string {
  const cols: Required<Column>[] = columns.map((c) =>
    typeof c === 'string' ? { header: c, align: 'left' } : { header: c.header, align: c.align ?? 'left' },
  );
  for (const row of rows) {
    if (row.length !== cols.length) {
      throw new Error(`table row has ${row.length} cells, expected ${cols.length}: ${JSON.stringify(row)}`);
    }
  }
  const width = (s: string) => [...s].length;
  const widths = cols.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i]))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - width(s));
    return cols[i].align === 'right' ? fill + s : s + fill;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').replace(/\s+$/, '');
  return [line(cols.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
