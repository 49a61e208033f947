import { ArrayType, BigIntType } from '@mikro-orm/core';

/** A jsonb object column (metadata, payload, config, diff). */
export type JsonObject = Record<string, unknown>;

/**
 * Telegram user and chat ids need more than 32 bits but stay below 2^53, so they are stored as
 * `bigint` and surface as plain numbers (not strings or JS bigints).
 */
export const bigintAsNumber = (): BigIntType<'number'> => new BigIntType('number');

/** Integer surrogate key, `serial primary key` in the migration. */
export const idProperty = { type: 'integer', primary: true, autoincrement: true } as const;

/** `timestamptz not null default now()`, filled by the ORM on insert too. */
export const createdAtProperty = {
  type: 'datetime',
  columnType: 'timestamptz',
  defaultRaw: 'now()',
  onCreate: () => new Date(),
} as const;

/** `timestamptz not null default now()`, refreshed by the ORM on every flush that changes the row. */
export const updatedAtProperty = {
  type: 'datetime',
  columnType: 'timestamptz',
  defaultRaw: 'now()',
  onCreate: () => new Date(),
  onUpdate: () => new Date(),
} as const;

/** Nullable `timestamptz`. */
export const nullableTimestampProperty = { type: 'datetime', columnType: 'timestamptz', nullable: true } as const;

/**
 * A column default that the ORM also applies on insert. Without `onCreate`, a property left unset
 * stays `undefined` on the entity after flush when it is batched with rows that set it (the ORM
 * reads database defaults back only when the first row of the batch omits the column).
 */
export function withDefault<const T extends string | number | boolean>(value: T) {
  return { default: value, onCreate: (): T => value } as const;
}

/** `jsonb not null default '{}'`, `{}` on the entity when left unset. */
export const jsonObjectProperty = { type: 'json', defaultRaw: `'{}'`, onCreate: (): JsonObject => ({}) } as const;

/** `text[] not null default '{}'`, `[]` on the entity when left unset. */
export const textArrayProperty = {
  type: ArrayType,
  columnType: 'text[]',
  defaultRaw: `'{}'`,
  onCreate: (): string[] => [],
} as const;

/** Foreign keys never cascade: deleting a referenced row fails instead of silently taking history with it. */
export const noCascade = { deleteRule: 'no action', updateRule: 'no action' } as const;
