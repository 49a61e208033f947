// Redis out of reach: ioredis queues a command while it reconnects and, after `maxRetriesPerRequest`
// reconnection attempts (see createRedis), fails it with MaxRetriesPerRequestError. An outage, not a bug.

/** Whether `err` (or anything in its cause chain) is ioredis giving up on a command while Redis is down. */
export function isRedisUnavailable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && typeof current === 'object' && depth < 10; depth += 1) {
    if ((current as { name?: unknown }).name === 'MaxRetriesPerRequestError') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
