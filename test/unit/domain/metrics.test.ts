import {
  acquiredXp,
  autoMetrics,
  checkPartSelection,
  DEFAULT_RULES,
  flagColorForMinutes,
  normalizePartSpecs,
  potentialXp,
  ticketMetrics,
  totalMinutes,
  xpForMinutes,
} from '../../../src/domain';
import { domainErrorOf, rules } from './fixtures';

describe('auto metrics', () => {
  it.each([
    [1, 'green'],
    [30, 'green'],
    [31, 'yellow'],
    [60, 'yellow'],
    [61, 'red'],
  ])('flags %p minutes %s with the default thresholds', (total, color) => {
    expect(flagColorForMinutes(total, rules)).toBe(color);
  });

  it('takes thresholds from the rules, with the runtime fallbacks', () => {
    expect(flagColorForMinutes(35, { flag_green_max_minutes: 40, flag_yellow_max_minutes: 80 })).toBe('green');
    expect(flagColorForMinutes(30, { flag_green_max_minutes: 0, flag_yellow_max_minutes: 60 })).toBe('green');
    // Y below G lifts to max(G, 60): 55 minutes is then yellow, not red.
    expect(flagColorForMinutes(55, { flag_green_max_minutes: 40, flag_yellow_max_minutes: 35 })).toBe('yellow');
  });

  it('computes xp = ceil(total / divisor), divisor ≤ 0 meaning 20', () => {
    expect(xpForMinutes(45, 20)).toBe(3);
    expect(xpForMinutes(40, 20)).toBe(2);
    expect(xpForMinutes(21, 20)).toBe(2);
    expect(xpForMinutes(45, 0)).toBe(3);
    expect(xpForMinutes(45, 10)).toBe(5);
  });

  it('sets total, flag minutes, color and xp together', () => {
    expect(autoMetrics(45, DEFAULT_RULES.ticket_xp)).toEqual({
      totalDuration: 45,
      flagMinutes: 45,
      flagColor: 'yellow',
      xpAmount: 3,
      isManual: false,
    });
  });
});

describe('manual override', () => {
  it('needs both flag_color and xp_amount', () => {
    for (const manual of [{ xpAmount: 50 }, { flagColor: 'red' }]) {
      const error = domainErrorOf(() => ticketMetrics(45, rules, manual));
      expect(error.code).toBe('intake.manual_override_incomplete');
      expect(error.message).toBe('Manual override requires both flag_color and xp_amount.');
    }
  });

  it('sets is_manual and keeps the computed total', () => {
    expect(ticketMetrics(45, rules, { flagColor: 'red', xpAmount: 99 })).toEqual({
      totalDuration: 45,
      flagMinutes: 45,
      flagColor: 'red',
      xpAmount: 99,
      isManual: true,
    });
  });

  it('treats null values as not given', () => {
    expect(ticketMetrics(45, rules, { flagColor: null, xpAmount: null }).isManual).toBe(false);
  });

  it('refuses an unknown color or a negative xp', () => {
    expect(domainErrorOf(() => ticketMetrics(45, rules, { flagColor: 'blue', xpAmount: 1 })).message).toBe(
      '"blue" is not a valid choice.',
    );
    expect(domainErrorOf(() => ticketMetrics(45, rules, { flagColor: 'red', xpAmount: -1 })).message).toBe(
      'Ensure this value is greater than or equal to 0.',
    );
  });
});

describe('part specs', () => {
  it('trims comments and sums minutes', () => {
    const specs = normalizePartSpecs([
      { partId: 1, color: 'green', minutes: 20, comment: '  Inspect part A  ' },
      { partId: 2, color: 'yellow', minutes: 25 },
    ]);
    expect(specs).toEqual([
      { partId: 1, color: 'green', minutes: 20, comment: 'Inspect part A' },
      { partId: 2, color: 'yellow', minutes: 25, comment: '' },
    ]);
    expect(totalMinutes(specs)).toBe(45);
  });

  it('requires whole minutes of at least 1 and a known color', () => {
    const zero = domainErrorOf(() => normalizePartSpecs([{ partId: 1, color: 'green', minutes: 0 }]));
    expect(zero.message).toBe('Ensure this value is greater than or equal to 1.');
    expect(zero.field).toBe('part_specs[0].minutes');
    expect(domainErrorOf(() => normalizePartSpecs([{ partId: 1, color: 'green', minutes: 1.5 }])).message).toBe(
      'A valid integer is required.',
    );
    expect(domainErrorOf(() => normalizePartSpecs([{ partId: 1, color: 'pink', minutes: 5 }])).code).toBe(
      'input.invalid_choice',
    );
  });

  const spec = (partId: number) => ({ partId, color: 'green' as const, minutes: 10, comment: '' });
  const known = [
    { id: 1, categoryId: 5 },
    { id: 2, categoryId: 5 },
    { id: 3, categoryId: 6 },
    { id: 4, categoryId: null },
  ];

  it.each([
    [[], 5, 'part_specs must contain at least one part entry.'],
    [[spec(1), spec(1)], 5, 'Each part_id must appear only once.'],
    [[spec(1), spec(9), spec(8)], 5, 'Unknown part ids: 8, 9.'],
    [[spec(1), spec(4)], 5, 'Selected parts must belong to an inventory category.'],
    [[spec(1), spec(3)], 5, 'All selected parts must belong to the same category.'],
    [[spec(1)], 6, "Selected parts do not belong to the inventory item's category."],
  ])('refuses %j for an item of category %p', (specs, itemCategoryId, message) => {
    expect(domainErrorOf(() => checkPartSelection(specs, known, itemCategoryId)).message).toBe(message);
  });

  it('accepts a subset of the item parts and returns their category', () => {
    expect(checkPartSelection([spec(2)], known, 5)).toBe(5);
  });

  it('takes the category from the parts when the item is being created', () => {
    expect(checkPartSelection([spec(3)], known, null)).toBe(6);
  });
});

describe('card XP values', () => {
  it('potential is xp_amount, else ceil(total / 20), else 0 (pending metrics)', () => {
    expect(potentialXp({ xpAmount: 7, totalDuration: 45 })).toBe(7);
    expect(potentialXp({ xpAmount: 0, totalDuration: 45 })).toBe(3);
    expect(potentialXp({ xpAmount: 0, totalDuration: 0 })).toBe(0);
  });

  it('acquired sums the rows whose payload names the ticket', () => {
    const entries = [
      { amount: 3, payload: { ticket_id: 7 } },
      { amount: 1, payload: { ticket_id: 7, first_pass: true } },
      { amount: 5, payload: { ticket_id: 8 } },
      { amount: 2, payload: null },
      { amount: 4, payload: { ticket_id: '7' } },
    ];
    expect(acquiredXp(entries, 7)).toBe(4);
    expect(acquiredXp([], 7)).toBe(0);
  });
});
