import type { FastifyPluginAsync } from 'fastify';
import type { ReadinessChecks } from '../services/readiness';
import { errorMessage } from '../logger';

type CheckResult = { ok: true } | { ok: false; error: string };

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
    return { ok: false, error: errorMessage(err) };
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

/** /healthz, and /readyz running the checks it is given (services/readiness.ts). */
export const healthRoutes: FastifyPluginAsync<{ checks: ReadinessChecks }> = async (app, { checks }) => {
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
      const names = Object.keys(checks) as (keyof ReadinessChecks)[];
      const results = await Promise.all(names.map((name) => runCheck(checks[name])));
      const byName = Object.fromEntries(names.map((name, i) => [name, results[i]]));
      const failing = names.filter((_, i) => !results[i].ok);
      return reply
        .code(failing.length ? 503 : 200)
        .send({ status: failing.length ? `unavailable: ${failing.join(', ')}` : 'ok', failing, checks: byName });
    },
  );
};
