// Ticket metrics from part specs (workshop-domain.md §5) and the card's XP values.
import { TICKET_COLORS, type TicketColor } from './enums';
import { DomainError } from './errors';
import { resolveBaseDivisor, resolveFlagThresholds, type TicketXpRules } from './rules';

export interface PartSpecInput {
  readonly partId: number;
  readonly color: string;
  readonly minutes: number;
  readonly comment?: string | null;
}

export interface PartSpec {
  readonly partId: number;
  readonly color: TicketColor;
  readonly minutes: number;
  readonly comment: string;
}

/** What the database knows of a requested part. */
export interface KnownPart {
  readonly id: number;
  readonly categoryId: number | null;
}

export interface TicketMetrics {
  readonly totalDuration: number;
  readonly flagMinutes: number;
  readonly flagColor: TicketColor;
  readonly xpAmount: number;
  readonly isManual: boolean;
}

export interface ManualMetricsInput {
  readonly flagColor?: string | null;
  readonly xpAmount?: number | null;
}

export function isTicketColor(value: unknown): value is TicketColor {
  return typeof value === 'string' && (TICKET_COLORS as readonly string[]).includes(value);
}

export function requireTicketColor(value: unknown, field: string): TicketColor {
  if (!isTicketColor(value)) throw new DomainError('input.invalid_choice', { value: String(value) }, field);
  return value;
}

/** An integer ≥ min, or a field error worded like the reference API. */
export function requireIntAtLeast(value: unknown, min: number, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new DomainError('input.not_integer', {}, field);
  if (value < min) throw new DomainError('input.below_minimum', { min }, field);
  return value;
}

/** Field-level checks of each spec: color one of the enum, minutes a whole number ≥ 1, comment trimmed. */
export function normalizePartSpecs(specs: readonly PartSpecInput[]): PartSpec[] {
  return specs.map((spec, index) => ({
    partId: spec.partId,
    color: requireTicketColor(spec.color, `part_specs[${index}].color`),
    minutes: requireIntAtLeast(spec.minutes, 1, `part_specs[${index}].minutes`),
    comment: (spec.comment ?? '').trim(),
  }));
}

/**
 * Set-level checks, in the reference order: at least one spec, unique and existing part ids, all
 * parts in one category, and that category equal to the item's (`itemCategoryId` null when the
 * item is being created from these parts). Returns the parts' category.
 */
export function checkPartSelection(
  specs: readonly PartSpec[],
  knownParts: readonly KnownPart[],
  itemCategoryId: number | null,
): number {
  if (specs.length === 0) throw new DomainError('intake.part_specs_empty', {}, 'part_specs');
  const ids = specs.map((spec) => spec.partId);
  if (new Set(ids).size !== ids.length) throw new DomainError('intake.part_ids_duplicate', {}, 'part_specs');

  const partsById = new Map(knownParts.map((part) => [part.id, part]));
  const missing = [...new Set(ids.filter((id) => !partsById.has(id)))].sort((a, b) => a - b);
  if (missing.length > 0) throw new DomainError('intake.part_ids_unknown', { ids: missing.join(', ') }, 'part_specs');

  const categories = ids.map((id) => partsById.get(id)?.categoryId ?? null);
  if (categories.some((category) => category === null)) {
    throw new DomainError('intake.parts_without_category', {}, 'part_specs');
  }
  const distinct = [...new Set(categories as number[])];
  if (distinct.length > 1) throw new DomainError('intake.parts_mixed_categories', {}, 'part_specs');
  const categoryId = distinct[0] as number;
  if (itemCategoryId !== null && itemCategoryId !== categoryId) {
    throw new DomainError('intake.parts_wrong_category', {}, 'part_specs');
  }
  return categoryId;
}

export function totalMinutes(specs: readonly Pick<PartSpec, 'minutes'>[]): number {
  return specs.reduce((sum, spec) => sum + spec.minutes, 0);
}

/** Green up to G minutes, yellow up to Y, red beyond (thresholds resolved with the runtime fallbacks). */
export function flagColorForMinutes(
  minutes: number,
  rules: Pick<TicketXpRules, 'flag_green_max_minutes' | 'flag_yellow_max_minutes'>,
): TicketColor {
  const { green, yellow } = resolveFlagThresholds(rules);
  const total = Math.max(minutes, 0);
  if (total <= green) return 'green';
  if (total <= yellow) return 'yellow';
  return 'red';
}

/** xp_amount = ceil(total / D). */
export function xpForMinutes(minutes: number, baseDivisor: number): number {
  return Math.ceil(Math.max(minutes, 0) / resolveBaseDivisor(baseDivisor));
}

export function autoMetrics(total: number, rules: TicketXpRules): TicketMetrics {
  return {
    totalDuration: total,
    flagMinutes: total,
    flagColor: flagColorForMinutes(total, rules),
    xpAmount: xpForMinutes(total, rules.base_divisor),
    isManual: false,
  };
}

/** Manual values, validated like the API: a known color and a whole xp ≥ 0. */
export function manualMetricValues(input: { flagColor: unknown; xpAmount: unknown }): {
  flagColor: TicketColor;
  xpAmount: number;
} {
  return {
    flagColor: requireTicketColor(input.flagColor, 'flag_color'),
    xpAmount: requireIntAtLeast(input.xpAmount, 0, 'xp_amount'),
  };
}

function isProvided<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/**
 * Metrics at creation: auto from the total, or a manual override that needs both flag_color and
 * xp_amount. The total is computed either way; there is no way back to auto later.
 */
export function ticketMetrics(total: number, rules: TicketXpRules, manual?: ManualMetricsInput): TicketMetrics {
  const auto = autoMetrics(total, rules);
  const hasColor = isProvided(manual?.flagColor);
  const hasXp = isProvided(manual?.xpAmount);
  if (!hasColor && !hasXp) return auto;
  if (!hasColor || !hasXp) throw new DomainError('intake.manual_override_incomplete', {}, 'flag_color');
  const values = manualMetricValues({ flagColor: manual?.flagColor, xpAmount: manual?.xpAmount });
  return { ...auto, ...values, isManual: true };
}

// ---------------------------------------------------------------------------------------------
// Card XP values (§5 "Card XP values")

/** The card's divisor is hard-coded in the reference, independent of the rules. */
export const CARD_POTENTIAL_XP_DIVISOR = 20;

/** xp_amount if > 0, else ceil(total / 20); 0 means "pending metrics". */
export function potentialXp(ticket: { readonly xpAmount: number; readonly totalDuration: number }): number {
  if (ticket.xpAmount > 0) return ticket.xpAmount;
  if (ticket.totalDuration > 0) return Math.ceil(ticket.totalDuration / CARD_POTENTIAL_XP_DIVISOR);
  return 0;
}

/** Σ of the user's XP rows whose payload names this ticket. */
export function acquiredXp(
  entries: readonly { readonly amount: number; readonly payload: unknown }[],
  ticketId: number,
): number {
  return entries.reduce((sum, entry) => {
    const payload = entry.payload;
    const forTicket =
      typeof payload === 'object' && payload !== null && (payload as { ticket_id?: unknown }).ticket_id === ticketId;
    return forTicket ? sum + entry.amount : sum;
  }, 0);
}
