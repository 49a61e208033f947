// Serial-number intake (workshop-domain.md §5): decisions over facts the caller looked up.
import { DomainError } from './errors';

export const SERIAL_PATTERN = /^RM-[A-Z0-9-]{4,29}$/;
export const SERIAL_SUGGESTION_LIMIT = 5;
const SUGGESTION_MIN_CHARS = 2;
// Same spirit as difflib's default cutoff (0.6) used by the reference for fuzzy matches.
const FUZZY_MIN_SIMILARITY = 0.6;

/** Whitespace removed, upper-cased. */
export function normalizeSerial(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function isValidSerial(serial: string): boolean {
  return SERIAL_PATTERN.test(normalizeSerial(serial));
}

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * Up to `limit` known serials close to `serial`: those starting with it, then those containing it
 * (each alphabetical), then the nearest by edit distance.
 */
export function closeSerials(
  serial: string,
  candidates: readonly string[],
  limit: number = SERIAL_SUGGESTION_LIMIT,
): string[] {
  const query = normalizeSerial(serial);
  if (query.length < SUGGESTION_MIN_CHARS || limit <= 0) return [];
  const pool = [...new Set(candidates.map(normalizeSerial))].filter((c) => c !== query).sort();

  const picked: string[] = [];
  const take = (items: readonly string[]): void => {
    for (const item of items) if (picked.length < limit && !picked.includes(item)) picked.push(item);
  };
  take(pool.filter((c) => c.startsWith(query)));
  take(pool.filter((c) => c.includes(query)));
  const fuzzy = pool
    .map((candidate) => ({ candidate, distance: editDistance(query, candidate) }))
    .filter(
      ({ candidate, distance }) => 1 - distance / Math.max(query.length, candidate.length) >= FUZZY_MIN_SIMILARITY,
    )
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .map(({ candidate }) => candidate);
  take(fuzzy);
  return picked;
}

/** A live (not archived) inventory item holding the serial. */
export interface ExistingItemFacts {
  readonly id: number;
  readonly categoryId: number | null;
  readonly hasActiveTicket: boolean;
}

export interface SerialIntakeFacts {
  readonly rawSerial: string;
  /** The live item with this serial, if any. */
  readonly item: ExistingItemFacts | null;
  /** Whether an archived (soft-deleted) item holds this serial. */
  readonly archived: boolean;
  readonly confirmCreate: boolean;
  readonly creationReason?: string | null;
  /** Known serials to suggest from when the serial is unknown. */
  readonly knownSerials?: readonly string[];
}

export type SerialIntakeDecision =
  | {
      readonly kind: 'existing';
      readonly serial: string;
      readonly itemId: number;
      readonly itemCategoryId: number | null;
    }
  | { readonly kind: 'create'; readonly serial: string; readonly reason: string };

/**
 * Existing item: it must have no active ticket. Unknown serial, in the reference order: it must
 * match the pattern, must not be archived, needs explicit confirmation (the refusal suggests close
 * serials) and a reason.
 */
export function decideSerialIntake(facts: SerialIntakeFacts): SerialIntakeDecision {
  const serial = normalizeSerial(facts.rawSerial);
  if (facts.item) {
    if (facts.item.hasActiveTicket) throw new DomainError('intake.active_ticket_exists', {}, 'serial_number');
    return { kind: 'existing', serial, itemId: facts.item.id, itemCategoryId: facts.item.categoryId };
  }
  if (!SERIAL_PATTERN.test(serial)) throw new DomainError('intake.serial_invalid', {}, 'serial_number');
  if (facts.archived) throw new DomainError('intake.serial_archived', { serial }, 'serial_number');
  if (!facts.confirmCreate) {
    const matches = closeSerials(serial, facts.knownSerials ?? []);
    throw matches.length > 0
      ? new DomainError(
          'intake.serial_not_found_with_matches',
          { serial, matches: matches.join(', ') },
          'serial_number',
        )
      : new DomainError('intake.serial_not_found', { serial }, 'serial_number');
  }
  const reason = (facts.creationReason ?? '').trim();
  if (reason === '') throw new DomainError('intake.creation_reason_required', {}, 'inventory_item_creation_reason');
  return { kind: 'create', serial, reason };
}
