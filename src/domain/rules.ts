// Rules config (workshop-domain.md §7): shape, defaults, update validation, runtime resolution
// with the reference fallbacks (§5, §6), diff and checksum for versioning.
import { type DomainErrorCode, DOMAIN_ERROR_TEXTS, renderDomainErrorText } from './errors';
import { utf8Bytes } from './text';
import { isValidTimeZone } from './time-zone';
import { isPlainObject, type JsonValue } from './types';

export interface TicketXpRules {
  base_divisor: number;
  first_pass_bonus: number;
  qc_status_update_xp: number;
  flag_green_max_minutes: number;
  flag_yellow_max_minutes: number;
}

export interface AttendanceRules {
  on_time_xp: number;
  grace_xp: number;
  late_xp: number;
  on_time_cutoff: string;
  grace_cutoff: string;
  timezone: string;
}

export interface WorkSessionRules {
  daily_pause_limit_minutes: number;
  timezone: string;
}

/** Levels 1..5 keyed by their number as a string (JSON object keys). */
export type LevelThresholds = Record<string, number>;

export interface ProgressionRules {
  level_thresholds: LevelThresholds;
  weekly_coupon_amount: number;
  weekly_target_xp: number;
}

export interface RulesConfig {
  ticket_xp: TicketXpRules;
  attendance: AttendanceRules;
  work_session: WorkSessionRules;
  progression: ProgressionRules;
}

export const RULES_SECTIONS = ['ticket_xp', 'attendance', 'work_session', 'progression'] as const;
export type RulesSection = (typeof RULES_SECTIONS)[number];

export const EMPLOYEE_LEVELS = [1, 2, 3, 4, 5] as const;
export type EmployeeLevel = (typeof EMPLOYEE_LEVELS)[number];

/** Shared defaults must not be changed by accident by whoever reads them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Our decision: the rules' default time zone is UTC (the reference uses Asia/Tashkent). */
export const DEFAULT_RULES_TIMEZONE = 'UTC';

export const DEFAULT_RULES: RulesConfig = deepFreeze({
  ticket_xp: {
    base_divisor: 20,
    first_pass_bonus: 1,
    qc_status_update_xp: 1,
    flag_green_max_minutes: 30,
    flag_yellow_max_minutes: 60,
  },
  attendance: {
    on_time_xp: 2,
    grace_xp: 0,
    late_xp: -1,
    on_time_cutoff: '10:00',
    grace_cutoff: '10:20',
    timezone: DEFAULT_RULES_TIMEZONE,
  },
  work_session: {
    daily_pause_limit_minutes: 30,
    timezone: DEFAULT_RULES_TIMEZONE,
  },
  progression: {
    level_thresholds: { '1': 0, '2': 200, '3': 450, '4': 750, '5': 1100 },
    weekly_coupon_amount: 100_000,
    weekly_target_xp: 100,
  },
});

const SECTION_KEYS: Record<RulesSection, readonly string[]> = {
  ticket_xp: Object.keys(DEFAULT_RULES.ticket_xp),
  attendance: Object.keys(DEFAULT_RULES.attendance),
  work_session: Object.keys(DEFAULT_RULES.work_session),
  progression: Object.keys(DEFAULT_RULES.progression),
};

// ---------------------------------------------------------------------------------------------
// Update validation

export interface RulesProblem {
  /** Dotted path of the offending field, or `config` for the whole document. */
  readonly field: string;
  readonly code: DomainErrorCode;
  readonly message: string;
}

export type RulesParseResult = { ok: true; config: RulesConfig } | { ok: false; problems: RulesProblem[] };

const CUTOFF_PATTERN = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

class ProblemList {
  readonly items: RulesProblem[] = [];

  add(field: string, code: DomainErrorCode, params: Record<string, string> = {}): void {
    this.items.push({ field, code, message: renderDomainErrorText(DOMAIN_ERROR_TEXTS[code], { field, ...params }) });
  }

  has(field: string): boolean {
    return this.items.some((p) => p.field === field);
  }
}

function readSection(
  raw: Record<string, unknown>,
  section: RulesSection,
  problems: ProblemList,
  optional: boolean,
): Record<string, unknown> | null {
  const value = raw[section];
  if (value === undefined && optional) return {};
  if (!isPlainObject(value)) {
    problems.add(section, 'rules.not_object');
    return null;
  }
  const unknown = Object.keys(value)
    .filter((key) => !SECTION_KEYS[section].includes(key))
    .sort();
  // Unknown keys inside a section are refused too: a misspelt key would otherwise fall back to its
  // default without anyone noticing.
  if (unknown.length > 0)
    problems.add(section, 'rules.unknown_keys', { keys: unknown.map((k) => `${section}.${k}`).join(', ') });
  return value;
}

function readInt(
  section: Record<string, unknown>,
  sectionName: RulesSection,
  key: string,
  problems: ProblemList,
  options: { fallback?: number; allowNegative?: boolean } = {},
): number {
  const field = `${sectionName}.${key}`;
  const value = section[key] === undefined ? options.fallback : section[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.add(field, 'rules.not_integer');
    return 0;
  }
  if (!options.allowNegative && value < 0) problems.add(field, 'rules.negative');
  return value;
}

function readTimeZone(section: Record<string, unknown>, sectionName: RulesSection, problems: ProblemList): string {
  const field = `${sectionName}.timezone`;
  const value = section.timezone;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(field, 'rules.timezone_empty');
    return '';
  }
  if (!isValidTimeZone(value)) problems.add(field, 'rules.timezone_invalid');
  return value;
}

function readCutoff(section: Record<string, unknown>, key: string, problems: ProblemList): string {
  const field = `attendance.${key}`;
  const value = section[key];
  if (typeof value !== 'string' || !CUTOFF_PATTERN.test(value)) {
    problems.add(field, 'rules.cutoff_format');
    return '';
  }
  return value;
}

function readLevelThresholds(section: Record<string, unknown>, problems: ProblemList): LevelThresholds {
  const field = 'progression.level_thresholds';
  const raw =
    section.level_thresholds === undefined ? DEFAULT_RULES.progression.level_thresholds : section.level_thresholds;
  if (!isPlainObject(raw)) {
    problems.add(field, 'rules.not_object');
    return { ...DEFAULT_RULES.progression.level_thresholds };
  }
  const normalized: LevelThresholds = {};
  let previous = 0;
  for (const level of EMPLOYEE_LEVELS) {
    const key = String(level);
    const value = raw[key] === undefined ? DEFAULT_RULES.progression.level_thresholds[key] : raw[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.add(`${field}.${key}`, 'rules.not_integer');
      continue;
    }
    if (value < 0) {
      problems.add(`${field}.${key}`, 'rules.negative');
      continue;
    }
    // As the reference does: level 1 always starts at 0 and thresholds never decrease.
    const threshold = level === 1 ? 0 : Math.max(value, previous);
    normalized[key] = threshold;
    previous = threshold;
  }
  return normalized;
}

/**
 * Validates a candidate config and returns it normalized (optional keys filled with defaults), or
 * every field-level problem found. With `previous`, a config equal to it is refused.
 */
export function parseRulesConfig(candidate: unknown, previous?: RulesConfig): RulesParseResult {
  const problems = new ProblemList();
  if (!isPlainObject(candidate)) {
    problems.add('config', 'rules.not_object');
    return { ok: false, problems: problems.items };
  }
  const unknownSections = Object.keys(candidate)
    .filter((key) => !(RULES_SECTIONS as readonly string[]).includes(key))
    .sort();
  if (unknownSections.length > 0) problems.add('config', 'rules.unknown_keys', { keys: unknownSections.join(', ') });

  const ticketXp = readSection(candidate, 'ticket_xp', problems, false);
  const attendance = readSection(candidate, 'attendance', problems, false);
  const workSession = readSection(candidate, 'work_session', problems, false);
  const progression = readSection(candidate, 'progression', problems, true);

  const config: RulesConfig = cloneRules(DEFAULT_RULES);

  if (ticketXp) {
    const t = DEFAULT_RULES.ticket_xp;
    config.ticket_xp = {
      base_divisor: readInt(ticketXp, 'ticket_xp', 'base_divisor', problems),
      first_pass_bonus: readInt(ticketXp, 'ticket_xp', 'first_pass_bonus', problems),
      qc_status_update_xp: readInt(ticketXp, 'ticket_xp', 'qc_status_update_xp', problems, {
        fallback: t.qc_status_update_xp,
      }),
      flag_green_max_minutes: readInt(ticketXp, 'ticket_xp', 'flag_green_max_minutes', problems, {
        fallback: t.flag_green_max_minutes,
      }),
      flag_yellow_max_minutes: readInt(ticketXp, 'ticket_xp', 'flag_yellow_max_minutes', problems, {
        fallback: t.flag_yellow_max_minutes,
      }),
    };
    const x = config.ticket_xp;
    if (!problems.has('ticket_xp.base_divisor') && x.base_divisor <= 0) {
      problems.add('ticket_xp.base_divisor', 'rules.divisor_not_positive');
    }
    const flagsValid =
      !problems.has('ticket_xp.flag_green_max_minutes') && !problems.has('ticket_xp.flag_yellow_max_minutes');
    if (flagsValid && x.flag_yellow_max_minutes < x.flag_green_max_minutes) {
      problems.add('ticket_xp.flag_yellow_max_minutes', 'rules.yellow_below_green');
    }
  }

  if (attendance) {
    const onTime = readCutoff(attendance, 'on_time_cutoff', problems);
    const grace = readCutoff(attendance, 'grace_cutoff', problems);
    config.attendance = {
      on_time_xp: readInt(attendance, 'attendance', 'on_time_xp', problems, { allowNegative: true }),
      grace_xp: readInt(attendance, 'attendance', 'grace_xp', problems, { allowNegative: true }),
      late_xp: readInt(attendance, 'attendance', 'late_xp', problems, { allowNegative: true }),
      on_time_cutoff: onTime,
      grace_cutoff: grace,
      timezone: readTimeZone(attendance, 'attendance', problems),
    };
    // Zero-padded HH:MM compares correctly as text.
    if (onTime && grace && onTime > grace) problems.add('attendance.on_time_cutoff', 'rules.cutoff_order');
  }

  if (workSession) {
    config.work_session = {
      daily_pause_limit_minutes: readInt(workSession, 'work_session', 'daily_pause_limit_minutes', problems),
      timezone: readTimeZone(workSession, 'work_session', problems),
    };
  }

  if (progression) {
    const p = DEFAULT_RULES.progression;
    config.progression = {
      level_thresholds: readLevelThresholds(progression, problems),
      weekly_coupon_amount: readInt(progression, 'progression', 'weekly_coupon_amount', problems, {
        fallback: p.weekly_coupon_amount,
      }),
      weekly_target_xp: readInt(progression, 'progression', 'weekly_target_xp', problems, {
        fallback: p.weekly_target_xp,
      }),
    };
  }

  if (problems.items.length === 0 && previous && canonicalJson(config) === canonicalJson(previous)) {
    problems.add('config', 'rules.no_changes');
  }
  return problems.items.length > 0 ? { ok: false, problems: problems.items } : { ok: true, config };
}

/** Field-level problems of a candidate config; empty when it can be activated. */
export function validateRulesConfig(candidate: unknown, previous?: RulesConfig): RulesProblem[] {
  const result = parseRulesConfig(candidate, previous);
  return result.ok ? [] : result.problems;
}

function cloneRules(config: RulesConfig): RulesConfig {
  return JSON.parse(JSON.stringify(config)) as RulesConfig;
}

// ---------------------------------------------------------------------------------------------
// Runtime resolution: the stored config may be older or hand-edited, so every read falls back the
// way the reference does instead of failing.

/** Integer reading of a loose value (numbers truncate, integer strings parse), or null. */
function looseInt(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

/** Python's `int(value or fallback)`: missing, unparsable and 0 all take the fallback. */
function intOr(value: unknown, fallback: number): number {
  const parsed = looseInt(value);
  return parsed === null || parsed === 0 ? fallback : parsed;
}

function sectionOf(config: unknown, section: RulesSection): Record<string, unknown> {
  if (!isPlainObject(config)) return {};
  const value = config[section];
  return isPlainObject(value) ? value : {};
}

/** A zone name, or the default when it is missing or not a real IANA zone. */
export function resolveTimeZone(name: unknown, fallback: string = DEFAULT_RULES_TIMEZONE): string {
  return isValidTimeZone(name) ? name : fallback;
}

/** Flag thresholds: G of 0, missing or negative → 30; Y < G → max(G, 60). */
export function resolveFlagThresholds(ticketXp: {
  readonly flag_green_max_minutes?: unknown;
  readonly flag_yellow_max_minutes?: unknown;
}): { green: number; yellow: number } {
  let green = intOr(ticketXp.flag_green_max_minutes, 30);
  if (green < 0) green = 30;
  let yellow = intOr(ticketXp.flag_yellow_max_minutes, 60);
  if (yellow < green) yellow = Math.max(green, 60);
  return { green, yellow };
}

/** Divisor ≤ 0 or missing → 20. */
export function resolveBaseDivisor(value: unknown): number {
  const divisor = intOr(value, 20);
  return divisor <= 0 ? 20 : divisor;
}

export function resolveTicketXpRules(config: unknown): TicketXpRules {
  const section = sectionOf(config, 'ticket_xp');
  const { green, yellow } = resolveFlagThresholds(section);
  const firstPassBonus = section.first_pass_bonus === undefined ? 1 : intOr(section.first_pass_bonus, 0);
  const qcStatusUpdateXp = section.qc_status_update_xp === undefined ? 1 : intOr(section.qc_status_update_xp, 0);
  return {
    base_divisor: resolveBaseDivisor(section.base_divisor),
    first_pass_bonus: Math.max(firstPassBonus, 0),
    qc_status_update_xp: Math.max(qcStatusUpdateXp, 0),
    flag_green_max_minutes: green,
    flag_yellow_max_minutes: yellow,
  };
}

/** Pause limit: missing or unparsable → 30, negative → 0 (0 refuses every pause). Invalid zone → default. */
export function resolveWorkSessionRules(config: unknown): WorkSessionRules {
  const section = sectionOf(config, 'work_session');
  const limit =
    section.daily_pause_limit_minutes === undefined ? 30 : (looseInt(section.daily_pause_limit_minutes) ?? 30);
  return {
    daily_pause_limit_minutes: Math.max(limit, 0),
    timezone: resolveTimeZone(section.timezone),
  };
}

export function resolveAttendanceRules(config: unknown): AttendanceRules {
  const section = sectionOf(config, 'attendance');
  const d = DEFAULT_RULES.attendance;
  const cutoff = (value: unknown, fallback: string): string =>
    typeof value === 'string' && CUTOFF_PATTERN.test(value) ? value : fallback;
  return {
    on_time_xp: looseInt(section.on_time_xp) ?? d.on_time_xp,
    grace_xp: looseInt(section.grace_xp) ?? d.grace_xp,
    late_xp: looseInt(section.late_xp) ?? d.late_xp,
    on_time_cutoff: cutoff(section.on_time_cutoff, d.on_time_cutoff),
    grace_cutoff: cutoff(section.grace_cutoff, d.grace_cutoff),
    timezone: resolveTimeZone(section.timezone),
  };
}

/** Thresholds with missing levels defaulted, level 1 at 0, never decreasing. */
export function resolveLevelThresholds(config: unknown): LevelThresholds {
  const raw = sectionOf(config, 'progression').level_thresholds;
  const source = isPlainObject(raw) ? raw : {};
  const resolved: LevelThresholds = {};
  let previous = 0;
  for (const level of EMPLOYEE_LEVELS) {
    const key = String(level);
    const parsed = looseInt(source[key]) ?? DEFAULT_RULES.progression.level_thresholds[key] ?? previous;
    const threshold = level === 1 ? 0 : Math.max(parsed, previous);
    resolved[key] = threshold;
    previous = threshold;
  }
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// Versioning helpers

export interface RulesChange {
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

/** Changed leaves by dotted path, as the reference's version diff records them. */
export function diffRules(before: unknown, after: unknown): Record<string, RulesChange> {
  const changes: Record<string, RulesChange> = {};
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) {
        const child = path ? `${path}.${key}` : key;
        if (!(key in a)) changes[child] = { before: null, after: b[key] as JsonValue };
        else if (!(key in b)) changes[child] = { before: a[key] as JsonValue, after: null };
        else walk(a[key], b[key], child);
      }
      return;
    }
    if (canonicalJson(a) !== canonicalJson(b)) {
      changes[path || 'root'] = { before: (a ?? null) as JsonValue, after: (b ?? null) as JsonValue };
    }
  };
  walk(before, after, '');
  return changes;
}

/** JSON with object keys sorted at every depth and no whitespace: equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a (64-bit) of the canonical JSON, as 16 hex digits. Detects change; it is not a security hash. */
export function rulesChecksum(config: unknown): string {
  let hash = FNV64_OFFSET;
  for (const byte of utf8Bytes(canonicalJson(config))) {
    hash ^= BigInt(byte);
    hash = (hash * FNV64_PRIME) & MASK64;
  }
  return hash.toString(16).padStart(16, '0');
}
