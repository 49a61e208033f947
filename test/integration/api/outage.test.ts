// The REST API while Postgres is out of reach: every request that needs the database is answered
// 503 {error:'unavailable'} (the answer clients retry, as when Temporal does not answer), never a
// 500; and once the database is back the same requests work. The app reaches Postgres through a
// TCP proxy the test cuts (the shared server is never stopped).
import Fastify, { type FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../../src/config';
import type { CoreDeps } from '../../../src/deps';
import { createOrm, type Orm } from '../../../src/db/orm';
import { apiRoutes } from '../../../src/http/api';
import { createLogger } from '../../../src/logger';
import { createRedis, type RedisClient } from '../../../src/redis';
import { TEST_BOT_TOKEN } from '@ticketflow/telegram-emulator/testing';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTicket } from '../../support/factories';
import { testRedisPrefix, testRedisUrl } from '../../support/redis';
import { freePort, startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';

jest.setTimeout(60_000);

const TOKEN = 'outage-system-token-0123456789abcdef';

let db: TestDatabase;
let pg: TcpProxy;
let orm: Orm;
let redis: RedisClient;
let temporal: Client;
let app: FastifyInstance;
let ticketId: number;

beforeAll(async () => {
  db = await createTestDatabase(2);
  ticketId = (await createTicket(db.orm, { status: 'assigned' })).id;
  const target = new URL(db.url);
  pg = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(db.url);
  proxied.port = String(pg.port);
  orm = await createOrm({ clientUrl: proxied.toString(), poolSize: 2 });
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: proxied.toString(),
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      BOT_TOKEN: TEST_BOT_TOKEN,
      API_TOKEN: TOKEN,
    },
    'test',
  );
  const logger = createLogger('silent');
  redis = createRedis(config.redis, logger);
  // Temporal is not needed to find out that the database is down.
  temporal = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }) });
  const deps: CoreDeps = { config, logger, orm, redis, temporal };
  app = Fastify();
  await app.register(apiRoutes, { prefix: '/api', deps });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  redis?.disconnect();
  await temporal?.connection.close().catch(() => undefined);
  await orm?.close(true).catch(() => undefined);
  await pg?.close();
  await db?.drop();
});

const call = (method: 'GET' | 'POST', url: string) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` } });

describe('the API while Postgres is down', () => {
  it('answers 503 unavailable (not 500) and works again once the database is back', async () => {
    expect((await call('GET', `/api/tickets/${ticketId}`)).statusCode).toBe(200);

    await pg.cut();
    try {
      for (const [method, url] of [
        ['GET', `/api/tickets/${ticketId}`],
        ['POST', `/api/tickets/${ticketId}/actions/resume`],
        ['GET', '/api/me'],
      ] as const) {
        const res = await call(method, url);
        expect({ url, status: res.statusCode, body: res.json() as unknown }).toEqual({
          url,
          status: 503,
          body: {
            error: 'unavailable',
            code: 'unavailable',
            message: 'The workshop service is unavailable right now. Please try again later.',
          },
        });
      }
    } finally {
      await pg.restore();
    }

    expect((await call('GET', `/api/tickets/${ticketId}`)).statusCode).toBe(200);
  });
});
