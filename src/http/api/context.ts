// What the /api route modules share: the services (the same ones the bot uses for writes) and a
// fresh EntityManager per read.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services';
import { principalOf } from './auth';

export type ApiServices = Services;

export interface ApiContext extends ApiServices {
  em(): EntityManager;
}

export type RouteModule = (app: FastifyInstance, ctx: ApiContext) => void;

/**
 * The Temporal update id for an action carrying an `Idempotency-Key`: scoped to the caller and the
 * action, so one key can never replay another caller's or another action's result.
 */
export function updateIdOf(request: FastifyRequest, scope: string): string | undefined {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') return undefined;
  return `api:user-${principalOf(request).userId}:${scope}:${key}`;
}

export interface PageQuery {
  limit: number;
  offset: number;
}
