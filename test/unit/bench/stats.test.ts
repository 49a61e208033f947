import { formatMs, formatRatio, formatTable, mean, percentile, ratio, summarize } from '../../../bench/stats';

describe('percentile', () => {
  it('interpolates linearly between the closest ranks (numpy default)', () => {
    const sorted = [1, 2, 3, 4];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 50)).toBe(2.5);
    expect(percentile(sorted, 100)).toBe(4);
    expect(percentile(sorted, 25)).toBeCloseTo(1.75);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
  });

  it('p99 of 1..100 sits just below the maximum, not at it', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 99)).toBeCloseTo(99.01);
    expect(percentile(sorted, 50)).toBeCloseTo(50.5);
  });

  it('one sample is every percentile; none is NaN', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('rejects a percentile outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts a copy and reports n, mean, percentiles, min and max', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ n: 5, mean: 3, p50: 3, p95: 4.8, p99: expect.closeTo(4.96), min: 1, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('sorts numerically, not as strings', () => {
    expect(summarize([100, 9, 20]).p50).toBe(20);
  });

  it('of no samples: n 0 and NaN everywhere else', () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    for (const value of [s.mean, s.p50, s.p95, s.p99, s.min, s.max]) expect(value).toBeNaN();
  });

  it('mean of nothing is NaN', () => {
    expect(mean([])).toBeNaN();
    expect(mean([1, 2])).toBe(1.5);
  });
});

describe('ratio', () => {
  it('is a / b, NaN when b is not positive or either is missing', () => {
    expect(ratio(50, 5)).toBe(10);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
    expect(ratio(1, Number.NaN)).toBeNaN();
  });
});

describe('formatting', () => {
  it('formatMs picks a precision by magnitude and a dash for missing values', () => {
    expect(formatMs(0.4242)).toBe('0.42');
    expect(formatMs(4.242)).toBe('4.2');
    expect(formatMs(42.42)).toBe('42.4');
    expect(formatMs(424.2)).toBe('424');
    expect(formatMs(Number.NaN)).toBe('–');
  });

  it('formatRatio', () => {
    expect(formatRatio(12.345)).toBe('×12.3');
    expect(formatRatio(Number.NaN)).toBe('–');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell, right-aligning the numeric ones, with a rule under the header', () => {
    const table = formatTable(
      ['op', { header: 'p50', align: 'right' }, { header: 'ratio', align: 'right' }],
      [
        ['start', '208', '×22.8'],
        ['QC pass', '9.1', '–'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'op       p50  ratio',
      '-------  ---  -----',
      'start    208  ×22.8',
      'QC pass  9.1      –',
    ]);
  });

  it('counts code points, so × and – take one column each', () => {
    const lines = formatTable([{ header: 'r', align: 'right' }], [['×1.0'], ['–']]).split('\n');
    expect(lines).toEqual(['   r', '----', '×1.0', '   –']);
  });

  it('leaves no trailing spaces on a line whose last column is left-aligned', () => {
    const table = formatTable(
      ['a', 'b'],
      [
        ['x', ''],
        ['long', 'y'],
      ],
    );
    for (const line of table.split('\n')) expect(line).toBe(line.trimEnd());
  });

  it('rejects a row with the wrong number of cells', () => {
    expect(() => formatTable(['a', 'b'], [['only one']])).toThrow(/1 cells, expected 2/);
  });

  it('prints just the header and rule when there are no rows', () => {
    expect(formatTable(['name'], [])).toBe('name\n----');
  });
});
