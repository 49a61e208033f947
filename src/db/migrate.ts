import type { Transaction } from '@mikro-orm/core';
import type { Orm } from './orm';

/** Arbitrary constant: serializes migrations when app and worker start at the same time. */
const MIGRATION_LOCK_KEY = 7_243_001;

/**
 * Applies pending migrations; safe to call from every process on start. Returns the names applied.
 * With a real Postgres, a transaction-scoped advisory lock makes concurrent starts wait for each
 * other instead of racing on the same DDL. Embedded PGlite has a single connection and a single
 * process, so there is nothing to serialize (and a second connection would never come).
 */
export async function migrate(orm: Orm, options: { serialize: boolean }): Promise<string[]> {
  const migrator = orm.getMigrator();
  if (!options.serialize) return (await migrator.up()).map((m) => m.name);
  const knex = orm.em.getConnection().getKnex();
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    const applied = await migrator.up({ transaction: trx as unknown as Transaction });
    return applied.map((m) => m.name);
  });
}
