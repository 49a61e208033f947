import Redis from 'ioredis';
import { dropDatabase } from './pg';
import { testRedisUrl } from './redis';

export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_TEMPLATE_DATABASE) await dropDatabase(process.env.TEST_TEMPLATE_DATABASE);
  const prefix = process.env.TEST_REDIS_PREFIX;
  if (prefix) {
    const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
