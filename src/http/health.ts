import type { FastifyPluginAsync } from 'fastify';
import { sql } from '../db/sql';
import type { CoreDeps } from '../deps';
import { namespaceReadiness } from '../temporal/namespace';

type CheckResult = { ok: true } | { ok: false; error: string };
type Checks = Record<'postgres' | 'redis' | 'temporal', () => Promise<unknown>>;

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const checkSchema = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, error: { type: 'string' } },
} as const;

const readyzResponse = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    failing: { type: 'array', items: { type: 'string' } },
    checks: {
      type: 'object',
      properties: { postgres: checkSchema, redis: checkSchema, temporal: checkSchema },
    },
  },
} as const;

export const healthRoutes: FastifyPluginAsync<{
  deps: Pick<CoreDeps, 'orm' | 'redis' | 'temporal'> & { config: Pick<CoreDeps['config'], 'temporal'> };
}> = async (app, { deps }) => {
  const checks: Checks = {
    postgres: () => sql(deps.orm.em.fork(), 'select 1'),
    redis: () => deps.redis.ping(),
    // The server answers, and the namespace exists with every search attribute (cached briefly).
    temporal: namespaceReadiness(deps.temporal.connection, deps.config.temporal.namespace),
  };

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: Postgres, Redis and Temporal answer; the Temporal namespace has our search attributes',
        response: { 200: readyzResponse, 503: readyzResponse },
      },
    },
    async (_request, reply) => {
      const names = Object.keys(checks) as (keyof Checks)[];
      const results = await Promise.all(names.map((name) => runCheck(checks[name])));
      const byName = Object.fromEntries(names.map((name, i) => [name, results[i]]));
      const failing = names.filter((_, i) => !results[i].ok);
      return reply
        .code(failing.length ? 503 : 200)
        .send({ status: failing.length ? `unavailable: ${failing.join(', ')}` : 'ok', failing, checks: byName });
    },
  );
};
