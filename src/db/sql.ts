// The one way application code runs hand-written SQL. Every query joins the transaction the
// EntityManager is in (and runs on its own pooled connection when it is in none).
//
// Why it matters: embedded PGlite (`npm run dev`) serves a single connection, and
// DATABASE_POOL_SIZE may be 1. A query sent with `em.getConnection().execute(sql)` from code that
// runs inside `em.transactional(...)` asks the pool for a second connection while the transaction
// holds the only one, and waits for it until knex gives up (60 s, KnexTimeoutError). On a bigger
// pool the same code merely escapes its transaction (it does not see the transaction's own
// writes, nor roll back with it) and deadlocks once as many transactions run at once as there are
// connections. ESLint forbids `getConnection()` and `getKnex()` everywhere else in src/ and
// activities/ (eslint.config.mjs), so this module is the only place that talks to the connection.
import type { QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Anything with an EntityManager's connection and transaction context (a fork, or the `em` of a transactional callback). */
export type SqlContext = Pick<EntityManager, 'getConnection' | 'getTransactionContext'>;

export type SqlParams = readonly unknown[];

/** The rows a query returns (`?` placeholders), inside `em`'s transaction when it has one. */
export async function sql<R extends object = Record<string, unknown>>(
  em: SqlContext,
  query: string,
  params: SqlParams = [],
): Promise<R[]> {
  return em.getConnection().execute<R[]>(query, [...params], 'all', em.getTransactionContext());
}

/** The first row a query returns, if any. */
export async function sqlOne<R extends object = Record<string, unknown>>(
  em: SqlContext,
  query: string,
  params: SqlParams = [],
): Promise<R | undefined> {
  const [row] = await sql<R>(em, query, params);
  return row;
}

/** Runs a statement for its effect; resolves with the number of rows it affected. */
export async function sqlRun(em: SqlContext, query: string, params: SqlParams = []): Promise<number> {
  const result = await em.getConnection().execute<QueryResult>(query, [...params], 'run', em.getTransactionContext());
  return result.affectedRows;
}

/** An instant column read as epoch ms, truncated as the driver truncates a timestamp it parses into a Date. */
export const epochMsSql = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;
