// What /readyz checks, built where the database and Temporal adapters may be seen: the HTTP layer
// only runs the checks it is handed.
import type { CoreDeps } from '../deps';
import { sql } from '../db/sql';
import { namespaceReadiness } from '../temporal/namespace';

export type ReadinessChecks = Record<'postgres' | 'redis' | 'temporal', () => Promise<unknown>>;

export function readinessChecks(
  deps: Pick<CoreDeps, 'orm' | 'redis' | 'temporal'> & { config: Pick<CoreDeps['config'], 'temporal'> },
): ReadinessChecks {
  return {
    postgres: () => sql(deps.orm.em.fork(), 'select 1'),
    redis: () => deps.redis.ping(),
    // The server answers, and the namespace exists with every search attribute (cached briefly).
    temporal: namespaceReadiness(deps.temporal.connection, deps.config.temporal.namespace),
  };
}
