import { type RoleSlug } from './enums';

/** Milliseconds since the Unix epoch. State kept by workflows stores instants this way (JSON-safe). */
export type EpochMs = number;

/** Domain functions take time as an argument, never from a clock. */
export type Instant = Date | EpochMs;

export function toEpochMs(at: Instant): EpochMs {
  return typeof at === 'number' ? at : at.getTime();
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Whoever performs an action: a user id and the roles they hold. */
export interface Actor {
  readonly id: number;
  readonly roles: readonly RoleSlug[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
