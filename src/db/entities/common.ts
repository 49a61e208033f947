import { BigIntType } from '@mikro-orm/core';

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

/** `jsonb not null default '{}'`. */
export const jsonObjectProperty = { type: 'json', defaultRaw: `'{}'` } as const;
