import {
  canonicalJson,
  DEFAULT_RULES,
  diffRules,
  parseRulesConfig,
  resolveAttendanceRules,
  resolveLevelThresholds,
  resolveTicketXpRules,
  resolveTimeZone,
  resolveWorkSessionRules,
  rulesChecksum,
  type RulesConfig,
  validateRulesConfig,
} from '../../../src/domain';

function withChange(mutate: (config: Record<string, Record<string, unknown>>) => void): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(DEFAULT_RULES)) as Record<string, Record<string, unknown>>;
  mutate(copy);
  return copy;
}

function messages(candidate: unknown, previous?: RulesConfig): string[] {
  return validateRulesConfig(candidate, previous).map((p) => p.message);
}

describe('DEFAULT_RULES', () => {
  it('holds the reference defaults, with UTC as our default time zone', () => {
    expect(DEFAULT_RULES.ticket_xp).toEqual({
      base_divisor: 20,
      first_pass_bonus: 1,
      qc_status_update_xp: 1,
      flag_green_max_minutes: 30,
      flag_yellow_max_minutes: 60,
    });
    expect(DEFAULT_RULES.attendance).toEqual({
      on_time_xp: 2,
      grace_xp: 0,
      late_xp: -1,
      on_time_cutoff: '10:00',
      grace_cutoff: '10:20',
      timezone: 'UTC',
    });
    expect(DEFAULT_RULES.work_session).toEqual({ daily_pause_limit_minutes: 30, timezone: 'UTC' });
    expect(DEFAULT_RULES.progression).toEqual({
      level_thresholds: { '1': 0, '2': 200, '3': 450, '4': 750, '5': 1100 },
      weekly_coupon_amount: 100000,
      weekly_target_xp: 100,
    });
  });

  it('cannot be changed by accident', () => {
    expect(() => {
      (DEFAULT_RULES.work_session as { daily_pause_limit_minutes: number }).daily_pause_limit_minutes = 1;
    }).toThrow(TypeError);
    expect(DEFAULT_RULES.work_session.daily_pause_limit_minutes).toBe(30);
  });

  it('passes its own validation', () => {
    expect(validateRulesConfig(DEFAULT_RULES)).toEqual([]);
  });
});

describe('validateRulesConfig', () => {
  it('rejects a config with no changes when the previous one is given', () => {
    expect(validateRulesConfig(DEFAULT_RULES, DEFAULT_RULES)).toEqual([
      { field: 'config', code: 'rules.no_changes', message: 'No config changes detected.' },
    ]);
  });

  it('accepts a changed pause limit and returns the normalized config', () => {
    const result = parseRulesConfig(
      withChange((c) => (c.work_session!.daily_pause_limit_minutes = 1)),
      DEFAULT_RULES,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.work_session.daily_pause_limit_minutes).toBe(1);
  });

  it('rejects a non-object', () => {
    expect(messages(null)).toEqual(['config must be an object.']);
    expect(messages([])).toEqual(['config must be an object.']);
  });

  it('rejects unknown sections and unknown keys inside sections', () => {
    expect(messages(withChange((c) => (c.zeta = {})))).toEqual(['Unknown config keys: zeta.']);
    expect(messages(withChange((c) => (c.ticket_xp!.base_divisr = 20)))).toEqual([
      'Unknown config keys: ticket_xp.base_divisr.',
    ]);
  });

  it('requires the sections that have no defaults', () => {
    const { ticket_xp: _t, ...rest } = DEFAULT_RULES;
    expect(messages(rest)).toEqual(['ticket_xp must be an object.']);
  });

  it('requires integers', () => {
    expect(messages(withChange((c) => (c.ticket_xp!.base_divisor = '20')))).toEqual([
      'ticket_xp.base_divisor must be an integer.',
    ]);
    expect(messages(withChange((c) => (c.work_session!.daily_pause_limit_minutes = 2.5)))).toEqual([
      'work_session.daily_pause_limit_minutes must be an integer.',
    ]);
    expect(messages(withChange((c) => (c.attendance!.on_time_xp = true)))).toEqual([
      'attendance.on_time_xp must be an integer.',
    ]);
  });

  it('refuses negatives except for attendance XP', () => {
    expect(messages(withChange((c) => (c.ticket_xp!.first_pass_bonus = -1)))).toEqual([
      'ticket_xp.first_pass_bonus must be >= 0.',
    ]);
    expect(messages(withChange((c) => (c.work_session!.daily_pause_limit_minutes = -1)))).toEqual([
      'work_session.daily_pause_limit_minutes must be >= 0.',
    ]);
    expect(messages(withChange((c) => (c.attendance!.late_xp = -5)))).toEqual([]);
  });

  it('requires a positive divisor', () => {
    expect(messages(withChange((c) => (c.ticket_xp!.base_divisor = 0)))).toEqual([
      'ticket_xp.base_divisor must be > 0.',
    ]);
  });

  it('requires yellow ≥ green', () => {
    expect(messages(withChange((c) => (c.ticket_xp!.flag_yellow_max_minutes = 29)))).toEqual([
      'ticket_xp.flag_yellow_max_minutes must be >= ticket_xp.flag_green_max_minutes.',
    ]);
    expect(messages(withChange((c) => (c.ticket_xp!.flag_yellow_max_minutes = 30)))).toEqual([]);
  });

  it('requires HH:MM cutoffs with on_time ≤ grace', () => {
    expect(messages(withChange((c) => (c.attendance!.on_time_cutoff = '9:00')))).toEqual([
      'attendance.on_time_cutoff must be in HH:MM format.',
    ]);
    expect(messages(withChange((c) => (c.attendance!.grace_cutoff = '24:00')))).toEqual([
      'attendance.grace_cutoff must be in HH:MM format.',
    ]);
    expect(messages(withChange((c) => (c.attendance!.on_time_cutoff = '10:21')))).toEqual([
      'attendance.on_time_cutoff must be <= attendance.grace_cutoff.',
    ]);
  });

  it('requires real IANA time zones', () => {
    expect(messages(withChange((c) => (c.work_session!.timezone = 'Mars/Olympus')))).toEqual([
      'work_session.timezone must be a valid IANA time zone.',
    ]);
    expect(messages(withChange((c) => (c.attendance!.timezone = ' ')))).toEqual([
      'attendance.timezone must be a non-empty string.',
    ]);
    expect(messages(withChange((c) => (c.work_session!.timezone = 'Asia/Tashkent')))).toEqual([]);
  });

  it('reports every problem at once, each with its field', () => {
    const problems = validateRulesConfig(
      withChange((c) => {
        c.ticket_xp!.base_divisor = 0;
        c.work_session!.timezone = 'Nowhere/City';
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['ticket_xp.base_divisor', 'work_session.timezone']);
    expect(problems.map((p) => p.code)).toEqual(['rules.divisor_not_positive', 'rules.timezone_invalid']);
  });

  it('fills optional keys with defaults and normalizes level thresholds like the reference', () => {
    const result = parseRulesConfig({
      ticket_xp: { base_divisor: 15, first_pass_bonus: 2 },
      attendance: DEFAULT_RULES.attendance,
      work_session: DEFAULT_RULES.work_session,
      progression: { level_thresholds: { '1': 50, '2': 300, '3': 100 } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.ticket_xp).toEqual({
      base_divisor: 15,
      first_pass_bonus: 2,
      qc_status_update_xp: 1,
      flag_green_max_minutes: 30,
      flag_yellow_max_minutes: 60,
    });
    expect(result.config.progression.level_thresholds).toEqual({ '1': 0, '2': 300, '3': 300, '4': 750, '5': 1100 });
    expect(result.config.progression.weekly_target_xp).toBe(100);
  });
});

describe('runtime resolution', () => {
  it('uses the defaults for an empty or missing config', () => {
    expect(resolveTicketXpRules(undefined)).toEqual(DEFAULT_RULES.ticket_xp);
    expect(resolveWorkSessionRules({})).toEqual({ daily_pause_limit_minutes: 30, timezone: 'UTC' });
  });

  it.each([
    [0, 30],
    [-5, 30],
    [undefined, 30],
    [45, 45],
  ])('resolves green threshold %p to %p', (green, expected) => {
    expect(resolveTicketXpRules({ ticket_xp: { flag_green_max_minutes: green } }).flag_green_max_minutes).toBe(
      expected,
    );
  });

  it('lifts yellow below green to max(green, 60)', () => {
    const lowGreen = resolveTicketXpRules({ ticket_xp: { flag_green_max_minutes: 40, flag_yellow_max_minutes: 35 } });
    expect(lowGreen.flag_yellow_max_minutes).toBe(60);
    const highGreen = resolveTicketXpRules({ ticket_xp: { flag_green_max_minutes: 90, flag_yellow_max_minutes: 50 } });
    expect(highGreen.flag_yellow_max_minutes).toBe(90);
  });

  it.each([
    [0, 20],
    [-3, 20],
    ['x', 20],
    [25, 25],
  ])('resolves divisor %p to %p', (divisor, expected) => {
    expect(resolveTicketXpRules({ ticket_xp: { base_divisor: divisor } }).base_divisor).toBe(expected);
  });

  it('clamps negative bonus and QC XP to 0 but keeps explicit zeros', () => {
    const resolved = resolveTicketXpRules({ ticket_xp: { first_pass_bonus: -1, qc_status_update_xp: 0 } });
    expect(resolved.first_pass_bonus).toBe(0);
    expect(resolved.qc_status_update_xp).toBe(0);
  });

  it.each([
    ['abc', 30],
    [null, 30],
    [-5, 0],
    [0, 0],
    ['45', 45],
    [1, 1],
  ])('resolves pause limit %p to %p minutes', (limit, expected) => {
    expect(
      resolveWorkSessionRules({ work_session: { daily_pause_limit_minutes: limit } }).daily_pause_limit_minutes,
    ).toBe(expected);
  });

  it('falls back to the default zone for an invalid one and keeps a valid one', () => {
    expect(resolveWorkSessionRules({ work_session: { timezone: 'Bad/Zone' } }).timezone).toBe('UTC');
    expect(resolveWorkSessionRules({ work_session: { timezone: 'Asia/Tashkent' } }).timezone).toBe('Asia/Tashkent');
    expect(resolveAttendanceRules({ attendance: { timezone: 42, on_time_cutoff: '9' } })).toMatchObject({
      timezone: 'UTC',
      on_time_cutoff: '10:00',
    });
    expect(resolveTimeZone('Europe/Moscow', 'UTC')).toBe('Europe/Moscow');
  });

  it('resolves level thresholds: defaults for missing levels, level 1 at 0, never decreasing', () => {
    expect(resolveLevelThresholds({ progression: { level_thresholds: { '1': 10, '3': 100 } } })).toEqual({
      '1': 0,
      '2': 200,
      '3': 200,
      '4': 750,
      '5': 1100,
    });
  });
});

describe('diffRules', () => {
  it('lists changed, added and removed leaves by dotted path', () => {
    const after = withChange((c) => {
      c.work_session!.daily_pause_limit_minutes = 45;
      (c.progression!.level_thresholds as Record<string, number>)['2'] = 250;
    });
    expect(diffRules(DEFAULT_RULES, after)).toEqual({
      'progression.level_thresholds.2': { before: 200, after: 250 },
      'work_session.daily_pause_limit_minutes': { before: 30, after: 45 },
    });
    expect(diffRules({ a: 1 }, { b: 2 })).toEqual({ a: { before: 1, after: null }, b: { before: null, after: 2 } });
    expect(diffRules(DEFAULT_RULES, DEFAULT_RULES)).toEqual({});
  });
});

describe('rulesChecksum', () => {
  it('is FNV-1a 64 over canonical JSON', () => {
    expect(rulesChecksum(1)).toBe('af63ac4c86019afc');
    expect(canonicalJson({ b: [1, 2], a: 1 })).toBe('{"a":1,"b":[1,2]}');
    expect(rulesChecksum({ b: [1, 2], a: 1 })).toBe('33f5506b9080afce');
    expect(rulesChecksum('é')).toBe('162b0081d9700039');
  });

  it('ignores key order and changes with any value', () => {
    const reverseKeys = (value: unknown): unknown =>
      typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([k, v]) => [k, reverseKeys(v)]),
          )
        : value;
    const reordered = reverseKeys(DEFAULT_RULES);
    expect(Object.keys(reordered as object)[0]).toBe('progression');
    expect(rulesChecksum(reordered)).toBe(rulesChecksum(DEFAULT_RULES));
    const changed = withChange((c) => (c.ticket_xp!.first_pass_bonus = 2));
    expect(rulesChecksum(changed)).not.toBe(rulesChecksum(DEFAULT_RULES));
    expect(rulesChecksum(DEFAULT_RULES)).toMatch(/^[0-9a-f]{16}$/);
  });
});
