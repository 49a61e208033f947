import Redis from 'ioredis';
import { loadConfig } from '../../../src/config';
import type { CoreDeps } from '../../../src/deps';
import { buildHttpServer } from '../../../src/http/server';
import { createLogger } from '../../../src/logger';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { dropDatabase } from '../../support/pg';
import { testRedisPrefix, testRedisUrl } from '../../support/redis';
import { startDevServer } from '../../support/temporal';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

jest.setTimeout(60_000);

let db: TestDatabase;
let env: TestWorkflowEnvironment;
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, 'test');
const logger = createLogger('silent');

beforeAll(async () => {
  db = await createTestDatabase();
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
  await db?.drop();
});

function deps(overrides: Partial<CoreDeps> = {}): CoreDeps {
  return {
    config,
    logger,
    orm: db.orm,
    redis: new Redis(testRedisUrl, { keyPrefix: testRedisPrefix(), lazyConnect: true }),
    temporal: env.client,
    ...overrides,
  };
}

async function readyz(d: CoreDeps) {
  const app = await buildHttpServer(d);
  try {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    return {
      status: res.statusCode,
      body: res.json() as {
        status: string;
        failing: string[];
        checks: Record<string, { ok: boolean; error?: string }>;
      },
    };
  } finally {
    await app.close();
    d.redis.disconnect();
  }
}

describe('health endpoints', () => {
  it('/healthz answers 200 without touching any dependency', async () => {
    const app = await buildHttpServer(deps({ redis: new Redis('redis://127.0.0.1:1', { lazyConnect: true }) }));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('/readyz answers 200 when Postgres, Redis and Temporal all answer', async () => {
    const { status, body } = await readyz(deps());
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      failing: [],
      checks: { postgres: { ok: true }, redis: { ok: true }, temporal: { ok: true } },
    });
  });

  it('/readyz answers 503 naming Redis when Redis is unreachable', async () => {
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const { status, body } = await readyz(deps({ redis }));
    expect(status).toBe(503);
    expect(body.failing).toEqual(['redis']);
    expect(body.status).toBe('unavailable: redis');
  });

  it('/readyz answers 503 naming Postgres when its database is gone', async () => {
    const doomed = await createTestDatabase(1);
    await dropDatabase(doomed.name);
    const { status, body } = await readyz(deps({ orm: doomed.orm }));
    await doomed.orm.close(true);
    expect(status).toBe(503);
    expect(body.failing).toEqual(['postgres']);
    expect(body.checks.postgres.error).toBeTruthy();
  });

  it('/readyz answers 503 naming Temporal when the server is stopped', async () => {
    const stopped = await startDevServer();
    const client = stopped.client;
    await stopped.teardown();
    const { status, body } = await readyz(deps({ temporal: client }));
    expect(status).toBe(503);
    expect(body.failing).toEqual(['temporal']);
  });
});
