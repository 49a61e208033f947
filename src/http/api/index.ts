// The REST API plugin (register with prefix /api): bearer auth on every route, a per-token rate
// limit kept in Redis, one error mapping (see errors.ts), and the route modules. Every route has
// request and response schemas, and every value a request schema admits is bounded by its storage;
// a route without either is refused at start-up.
import rateLimit from '@fastify/rate-limit';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../../deps';
import { createServices, SERVICE_NAMES } from '../../services';
import { hashApiToken } from '../../services/api-tokens';
import { InvalidInputError } from '../../services/input-errors';
import { authenticate, bearerToken } from './auth';
import type { ApiContext, ApiServices, SchemaTypedApp } from './context';
import { apiErrorHandler } from './errors';
import { assertBoundedInput } from './schemas';
import { accessRequestRoutes } from './routes/access-requests';
import { attendanceRoutes } from './routes/attendance';
import { analyticsRoutes } from './routes/analytics';
import { auditRoutes } from './routes/audit';
import { inventoryRoutes } from './routes/inventory';
import { inventoryArchiveRoutes } from './routes/inventory-archive';
import { inventoryEditRoutes } from './routes/inventory-edits';
import { progressionRoutes } from './routes/progression';
import { rulesRoutes } from './routes/rules';
import { ticketRoutes } from './routes/tickets';
import { userRoutes } from './routes/users';
import { xpLedgerRoutes } from './routes/xp-ledger';
import { API_RATE_LIMIT_NAMESPACE } from '../../redis/keys';

/** Requests per token (per client address without one) and window; override per deployment. */
export const DEFAULT_API_RATE_LIMIT = { max: 300, timeWindowMs: 60_000 };

export interface ApiOptions {
  deps: CoreDeps;
  /** Replace any service (tests); the rest are built from deps. */
  services?: Partial<ApiServices>;
  rateLimit?: { max: number; timeWindowMs: number };
}

/** The dotted path of the first non-finite number in a parsed request part ('' for the part itself). */
function nonFiniteField(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (!value || typeof value !== 'object' || depth > 8) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const found = nonFiniteField(child, childPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The process's services, or (tests) some replaced and the rest built from deps. */
export function buildApiServices(deps: CoreDeps, given: Partial<ApiServices> = {}): ApiServices {
  const complete = (g: Partial<ApiServices>): g is ApiServices => SERVICE_NAMES.every((name) => g[name] !== undefined);
  return complete(given) ? given : { ...createServices(deps), ...given };
}

export const apiRoutes: FastifyPluginAsync<ApiOptions> = async (app, options) => {
  const { deps } = options;
  const services = buildApiServices(deps, options.services);
  const ctx: ApiContext = { ...services, em: () => deps.orm.em.fork() };
  const limit = options.rateLimit ?? DEFAULT_API_RATE_LIMIT;

  app.setErrorHandler(apiErrorHandler);
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'No such route.' }));
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (route.method !== 'HEAD' && (!schema?.response || !schema.security)) {
      throw new Error(
        `${String(route.method)} ${route.url}: every /api route needs a schema with responses and security`,
      );
    }
    // Every value a request may carry is bounded by its storage (see schemas.ts).
    for (const part of ['params', 'querystring', 'body', 'headers']) {
      assertBoundedInput(schema?.[part], `${String(route.method)} ${route.url} ${part}`);
    }
  });

  // Authentication first (onRequest), so the rate limit below counts per token and a request
  // without a usable token is answered 401 before anything else.
  app.addHook('onRequest', authenticate(services.tokens));
  // A request without a body is validated as `{}`: the missing fields are then named one by one
  // (and a body whose fields are all optional, like an action's, may be left out).
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });
  // Many clients send `content-type: application/json` with nothing after it on a bodiless POST (an
  // action, approve-review): that is no body, not the 400 fastify's JSON parser gives an empty one.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') done(null, undefined);
    else void parseJson(request, text, done);
  });
  // ajv coerces "1e999" to Infinity and then skips minimum/maximum for it (they test finite numbers
  // only): refuse a coerced infinity here, after validation, as the schema would have.
  app.addHook('preHandler', async (request) => {
    const parts = { params: request.params, querystring: request.query, body: request.body };
    for (const [part, value] of Object.entries(parts)) {
      const field = nonFiniteField(value);
      if (field !== undefined) {
        throw new InvalidInputError(
          { [field || part]: 'Must be a finite number.' },
          'The request does not match the schema.',
        );
      }
    }
  });
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    hook: 'onRequest',
    redis: deps.redis,
    nameSpace: API_RATE_LIMIT_NAMESPACE,
    skipOnError: true,
    keyGenerator: (request) => {
      if (request.principal)
        return request.principal.tokenId === null ? 'system' : `token:${request.principal.tokenId}`;
      const token = bearerToken(request.headers.authorization);
      return token ? `unknown:${hashApiToken(token)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`Rate limit exceeded: at most ${context.max} requests per window; retry in ${context.after}.`),
        {
          statusCode: context.statusCode,
        },
      ),
  });

  const typed: SchemaTypedApp = app.withTypeProvider<JsonSchemaToTsProvider>();
  const analytics = analyticsRoutes({ qcSlaMinutes: deps.config.qcSlaMinutes });
  for (const routes of [
    ticketRoutes,
    userRoutes,
    inventoryRoutes,
    inventoryEditRoutes,
    inventoryArchiveRoutes,
    accessRequestRoutes,
    rulesRoutes,
    xpLedgerRoutes,
    analytics,
    auditRoutes,
  ]) {
    routes(typed, ctx);
  }
  progressionRoutes(services.progression)(typed, ctx);
  attendanceRoutes(services.attendance)(typed, ctx);
};
