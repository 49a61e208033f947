// Failures the service facade reports besides DomainError (which carries the domain's own text).
import { isDatabaseUnavailable } from '../db/errors';
import { isRedisUnavailable } from '../redis/errors';
import { isTemporalUnavailable } from '../temporal/errors';

/** The thing asked for does not exist (API 404; the bot shows its "not found" alert). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: number | string,
  ) {
    super(`${entity} ${id} was not found.`);
  }
}

/** Temporal or the worker did not answer in time; nothing may have been applied yet. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(readonly reason: 'timeout' | 'unavailable') {
    super(
      reason === 'timeout'
        ? 'The workshop service is taking longer than usual. Please try again in a moment.'
        : 'The workshop service is unavailable right now. Please try again later.',
    );
  }
}

/**
 * Infrastructure out of reach for a moment (Postgres, Redis, Temporal's frontend): the request
 * should be tried again later and will then work. The one classification for every adapter — the
 * API answers 503 `unavailable`, the webhook 503 so Telegram redelivers the update. Bugs never
 * count (retrying them would loop).
 */
export function isInfrastructureOutage(err: unknown): boolean {
  return isDatabaseUnavailable(err) || isRedisUnavailable(err) || isTemporalUnavailable(err);
}
