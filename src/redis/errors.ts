// Redis out of reach: ioredis queues a command while it reconnects and, after `maxRetriesPerRequest`
// reconnection attempts (see createRedis), fails it with MaxRetriesPerRequestError. An outage, not a bug.
import { causeChain } from '../domain';

/** Whether `err` (or anything in its cause chain) is ioredis giving up on a command while Redis is down. */
export function isRedisUnavailable(err: unknown): boolean {
  for (const current of causeChain(err)) {
    if ((current as { name?: unknown }).name === 'MaxRetriesPerRequestError') return true;
  }
  return false;
}
