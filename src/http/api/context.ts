// What the /api route modules share: the services (the same ones the bot uses for writes) and a
// fresh EntityManager per read.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Services } from '../../services';
import { principalOf } from './auth';

export type ApiServices = Services;

export interface ApiContext extends ApiServices {
  em(): EntityManager;
}

/**
 * The app as routes see it: a route's params, query, body and headers types are derived from its
 * JSON schemas (json-schema-to-ts), so each is declared once, in the schema fastify validates with.
 */
export type SchemaTypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  JsonSchemaToTsProvider
>;

export type RouteModule = (app: SchemaTypedApp, ctx: ApiContext) => void;

/**
 * The Temporal update id for an action carrying an `Idempotency-Key`: scoped to the caller and the
 * action, so one key can never replay another caller's or another action's result.
 */
export function updateIdOf(request: FastifyRequest, scope: string): string | undefined {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return undefined;
  return `api:user-${principalOf(request).userId}:${scope}:${key}`;
}
