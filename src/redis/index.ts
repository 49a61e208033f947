import Redis from 'ioredis';
import RedisMock from 'ioredis-mock';
import type { Logger } from '../logger';

export type RedisClient = Redis;

/**
 * A real Redis when a URL is given; otherwise (only `npm run dev`) an in-process stand-in,
 * which works for one process only — app and worker then share it.
 */
export function createRedis(options: { url?: string; prefix: string }, logger: Logger): RedisClient {
  if (options.url) {
    return new Redis(options.url, { keyPrefix: options.prefix, maxRetriesPerRequest: 3, enableReadyCheck: true });
  }
  logger.warn('REDIS_URL is not set: using the in-process Redis stand-in (single-process mode, nothing persists)');
  return new RedisMock({ keyPrefix: options.prefix }) as unknown as Redis;
}
