// The first read of the rules on an empty rules_config bootstraps version 1. Many first reads at
// once — inside transactions (ticket intake reads the rules in its transaction), outside them,
// through the cached RulesService — must all succeed and leave exactly one version, on a pool of
// ten connections and on a single connection. The bootstrap used to insert on a second
// connection while the caller's transaction held one: with as many transactions as connections
// (one, on embedded PGlite) nothing was left for the insert, and every caller waited for the
// pool's 60 s acquire timeout.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import type { CoreDeps } from '../../src/deps';
import { RulesConfig } from '../../src/db/entities';
import { sqlRun } from '../../src/db/sql';
import { createLogger } from '../../src/logger';
import { createRedis } from '../../src/redis';
import { RULES_CACHE_KEY } from '../../src/redis/keys';
import { RulesService } from '../../src/services/rules';
import { activeRules } from '../../src/reads/rules-store';
import { TicketService } from '../../src/services/tickets';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createItemWithParts, createUser } from '../support/factories';
import { testRedisPrefix, testRedisUrl } from '../support/redis';
import { startDevServer, uniqueTaskQueue } from '../support/temporal';

jest.setTimeout(180_000);

/** More callers than the bigger pool has connections. */
const CALLERS = 12;
/** Far below the pool's 60 s acquire timeout: a caller waiting for a connection fails here by name. */
const WITHIN_MS = 20_000;

async function within<T>(label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not done within ${WITHIN_MS} ms`)), WITHIN_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let temporal: TestWorkflowEnvironment;
beforeAll(async () => {
  temporal = await startDevServer();
});
afterAll(() => temporal?.teardown());

describe.each([10, 1])('first rules reads at once, pool of %i', (poolSize) => {
  let db: TestDatabase;
  let deps: CoreDeps;

  beforeAll(async () => {
    db = await createTestDatabase(poolSize);
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: String(poolSize),
        REDIS_URL: testRedisUrl,
        REDIS_PREFIX: testRedisPrefix(),
        TEMPORAL_TASK_QUEUE: uniqueTaskQueue('rules-bootstrap'),
      },
      'test',
    );
    const logger = createLogger('silent');
    deps = { config, logger, orm: db.orm, redis: createRedis(config.redis, logger), temporal: temporal.client };
  });
  afterAll(async () => {
    deps?.redis.disconnect();
    await db?.drop();
  });

  // Each case starts from an empty rules_config (and an empty cache).
  beforeEach(async () => {
    await sqlRun(db.orm.em.fork(), 'delete from rules_config');
    await deps.redis.del(RULES_CACHE_KEY);
  });

  async function versions(): Promise<number[]> {
    const rows = await db.orm.em.fork().find(RulesConfig, {}, { orderBy: { version: 'asc' } });
    return rows.map((r) => r.version);
  }

  it('inside transactions, outside them and through RulesService: all read version 1, bootstrapped once', async () => {
    const rules = new RulesService(deps);
    const reads = [
      ...Array.from({ length: CALLERS }, () => db.orm.em.fork().transactional((tx) => activeRules(tx))),
      ...Array.from({ length: 3 }, () => activeRules(db.orm.em.fork())),
      ...Array.from({ length: 3 }, () => rules.active()),
    ];
    const read = await within('concurrent first reads', Promise.all(reads));
    expect(read.map((r) => r.version)).toEqual(Array(CALLERS + 6).fill(1));
    expect(await versions()).toEqual([1]);
  });

  it('concurrent first ticket creations all succeed', async () => {
    const master = await createUser(db.orm, { roles: ['master'] });
    const items = await Promise.all(
      Array.from({ length: CALLERS }, () => createItemWithParts(db.orm, { partNames: ['Brakes'] })),
    );
    const tickets = new TicketService(deps);
    const created = await within(
      'concurrent first ticket creations',
      Promise.all(
        items.map(({ item, parts }) =>
          tickets.createTicket(
            { id: master.id, roles: ['master'] },
            { serial: item.serialNumber, partSpecs: [{ partId: parts[0].id, color: 'green', minutes: 45 }] },
          ),
        ),
      ),
    );
    expect(created.map((v) => v.ticket.status)).toEqual(Array(CALLERS).fill('under_review'));
    expect(await versions()).toEqual([1]);
  });
});
