import { Client } from 'pg';
import type { Orm } from './orm';

/** Arbitrary constant: serializes migrations when app and worker start at the same time. */
const MIGRATION_LOCK_KEY = 7_243_001;

/**
 * Applies pending migrations; safe to call from every process on start. Returns the names applied.
 * With a real Postgres, an advisory lock makes concurrent starts wait for each other instead of
 * racing on the same DDL. Embedded PGlite has a single connection and a single process, so there
 * is nothing to serialize.
 *
 * The lock is held by a session of its own, not by a transaction on the ORM's pool: the migrator
 * checks the database and its bookkeeping table on a pooled connection before it opens its
 * transaction on one, so with DATABASE_POOL_SIZE=1 a pooled connection holding the lock would leave
 * it none (it waited for the pool's 60 s acquire timeout, then failed the start). Ending the
 * session releases the lock, whatever happened.
 */
export async function migrate(orm: Orm, options: { serialize: boolean }): Promise<string[]> {
  const migrator = orm.getMigrator();
  if (!options.serialize) return (await migrator.up()).map((m) => m.name);
  const lock = new Client({ connectionString: orm.config.get('clientUrl') });
  lock.on('error', () => undefined); // a broken session fails the query below instead
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return (await migrator.up()).map((m) => m.name);
  } finally {
    await lock.end().catch(() => undefined);
  }
}
