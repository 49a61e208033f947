import { randomBytes } from 'node:crypto';

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix unique to one test file inside the run's prefix, so nothing leaks between tests. */
export function testRedisPrefix(): string {
  return `${process.env.TEST_REDIS_PREFIX ?? 'tf-test:'}${randomBytes(3).toString('hex')}:`;
}
