// Production against a Temporal server that knows nothing of ticketflow: a bare
// `temporal server start-dev` (no --search-attribute flags). The start-up check registers the
// search attributes where allowed, and refuses (naming them) where not; /readyz tells the same.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../../../src/config';
import type { CoreDeps } from '../../../src/deps';
import type { Actor, RoleSlug } from '../../../src/domain';
import { buildHttpServer } from '../../../src/http/server';
import { createLogger } from '../../../src/logger';
import { createRedis, type RedisClient } from '../../../src/redis';
import { TicketService } from '../../../src/services/tickets';
import { temporalBinaries } from '../../../src/temporal/binaries';
import { temporalConnectionOptions } from '../../../src/temporal/client';
import {
  ensureTemporalNamespace,
  prepareTemporalNamespace,
  REQUIRED_SEARCH_ATTRIBUTES,
  TemporalNamespaceError,
} from '../../../src/temporal/namespace';
import { ItemSerialKey, TechnicianIdKey, TicketStatusKey } from '../../../src/contracts/search-attributes';
import { activityDeps, createTemporalWorker } from '../../../src/temporal-worker';
import { ticketWorkflowId } from '../../../src/contracts/messages';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createItemWithParts, createUser } from '../../support/factories';
import { testRedisPrefix, testRedisUrl } from '../../support/redis';
import { quietTemporalRuntime, uniqueTaskQueue, workflowBundle } from '../../support/temporal';
import { RecordingNotifier } from '../../support/workshop';

jest.setTimeout(120_000);

const logger = createLogger('silent');
// Namespaces of the bare server: `default` gets registered by the lifecycle test; the others
// are left without search attributes (they are per namespace).
const REFUSED = 'refused';
const RACED = 'raced';

let server: { address: string; process: ChildProcess };
let connection: Connection;
let db: TestDatabase;
let redis: RedisClient;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `temporal server start-dev` as an operator would run it: in memory, headless, nothing registered. */
async function startBareServer(): Promise<{ address: string; process: ChildProcess }> {
  const { cli } = temporalBinaries();
  if (!cli) throw new Error('no Temporal CLI: run `bash scripts/setup-temporal.sh`');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      REFUSED,
      '--namespace',
      RACED,
      '--log-level',
      'error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal server exited (${child.exitCode}): ${stderr}`);
    try {
      const probe = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await probe.workflowService.describeNamespace({ namespace: RACED });
        return { address, process: child };
      } finally {
        await probe.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function configFor(namespace: string, env: Record<string, string> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('bare'),
      ...env,
    },
    'test',
  );
}

async function customAttributes(namespace: string) {
  return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
}

async function readyz(namespace: string) {
  const config = configFor(namespace);
  const deps: CoreDeps = {
    config,
    logger,
    orm: db.orm,
    redis,
    temporal: new Client({ connection, namespace }),
  };
  const app = await buildHttpServer(deps);
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
  }
}

beforeAll(async () => {
  quietTemporalRuntime();
  server = await startBareServer();
  connection = await Connection.connect({ address: server.address });
  db = await createTestDatabase();
  redis = createRedis({ url: testRedisUrl, prefix: testRedisPrefix() }, logger);
});

afterAll(async () => {
  redis?.disconnect();
  await connection?.close();
  await db?.drop();
  if (server?.process.exitCode === null) {
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    const timer = setTimeout(() => server.process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
});

describe('a bare Temporal server: the start-up namespace check', () => {
  it('refuses with registration disabled, naming every missing attribute, its type and the command to add it', async () => {
    expect(await customAttributes(REFUSED)).toEqual({});
    const config = configFor(REFUSED, { TEMPORAL_REGISTER_SEARCH_ATTRIBUTES: 'false' });
    const err = await prepareTemporalNamespace(connection, config.temporal, logger).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TemporalNamespaceError);
    const refusal = err as TemporalNamespaceError;
    expect(refusal.problem).toBe('registration-disabled');
    expect(refusal.missing.map((a) => a.name)).toEqual([
      'TicketStatus',
      'TechnicianId',
      'ItemSerial',
      'ClientTelegramId',
    ]);
    expect(refusal.message).toContain(
      'lacks search attributes ticketflow needs: TicketStatus (Keyword), TechnicianId (Int), ItemSerial (Keyword), ClientTelegramId (Int)',
    );
    expect(refusal.message).toContain('TEMPORAL_REGISTER_SEARCH_ATTRIBUTES is false');
    expect(refusal.message).toContain(
      `temporal operator search-attribute create --address ${server.address} --namespace ${REFUSED} --name TechnicianId --type Int`,
    );
    expect(refusal.message).toContain('tcld namespace search-attributes add');
    // Nothing was registered behind the operator's back.
    expect(await customAttributes(REFUSED)).toEqual({});
  });

  it('refuses a namespace that does not exist, naming it', async () => {
    const err = await ensureTemporalNamespace(connection, {
      namespace: 'no-such-namespace',
      address: server.address,
      register: true,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TemporalNamespaceError);
    expect((err as TemporalNamespaceError).problem).toBe('unknown-namespace');
    expect((err as Error).message).toMatch(
      /^Temporal namespace "no-such-namespace" does not exist at 127\.0\.0\.1:\d+/,
    );
  });

  it('/readyz answers 503 naming Temporal and why for a namespace without the attributes, or an unknown one', async () => {
    const lacking = await readyz(REFUSED);
    expect(lacking.status).toBe(503);
    expect(lacking.body.failing).toEqual(['temporal']);
    expect(lacking.body.status).toBe('unavailable: temporal');
    expect(lacking.body.checks.postgres.ok).toBe(true);
    expect(lacking.body.checks.temporal.error).toBe(
      `namespace "${REFUSED}" lacks search attributes TicketStatus (Keyword), TechnicianId (Int), ItemSerial (Keyword), ClientTelegramId (Int)`,
    );

    const unknown = await readyz('no-such-namespace');
    expect(unknown.status).toBe(503);
    expect(unknown.body.checks.temporal.error).toBe('namespace "no-such-namespace" does not exist');
  });

  it('registers concurrently from two processes (app and worker starting together) without harm', async () => {
    const config = configFor(RACED);
    const native = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    const results = await Promise.all([
      prepareTemporalNamespace(connection, config.temporal, logger),
      ensureTemporalNamespace(native, { namespace: RACED, register: true }),
    ]).finally(() => native.close());
    expect(results.flatMap((r) => r.registered).length).toBeGreaterThanOrEqual(4);
    expect(await customAttributes(RACED)).toEqual(
      Object.fromEntries(REQUIRED_SEARCH_ATTRIBUTES.map((a) => [a.name, a.indexed])),
    );
  });

  it('registers the attributes (idempotently), after which a whole ticket lifecycle runs and is searchable', async () => {
    const config = configFor('default');
    expect(await customAttributes('default')).toEqual({});
    expect((await readyz('default')).status).toBe(503);

    const first = await prepareTemporalNamespace(connection, config.temporal, logger);
    expect(first.registered.sort()).toEqual(['ClientTelegramId', 'ItemSerial', 'TechnicianId', 'TicketStatus']);
    expect(await customAttributes('default')).toEqual({
      TicketStatus: 2, // Keyword
      TechnicianId: 3, // Int
      ItemSerial: 2,
      ClientTelegramId: 3,
    });
    // A second start finds everything in place and changes nothing.
    expect(await prepareTemporalNamespace(connection, config.temporal, logger)).toEqual({ registered: [] });
    expect(Object.keys(await customAttributes('default'))).toHaveLength(4);
    const ready = await readyz('default');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.temporal).toEqual({ ok: true });

    // The worker as src/worker.ts builds it, on the registered namespace.
    const native = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    const client = new Client({ connection, namespace: 'default' });
    const deps: CoreDeps = { config, logger, orm: db.orm, redis, temporal: client };
    const worker: Worker = await createTemporalWorker(
      activityDeps(deps, { ticketNotifier: new RecordingNotifier(), telegramPacing: false }),
      { connection: native, bundle: workflowBundle() },
    );
    const running = worker.run();
    try {
      const service = new TicketService(deps);
      const actor = async (roles: RoleSlug[]): Promise<Actor> => ({
        id: (await createUser(db.orm, { roles })).id,
        roles,
      });
      const master = await actor(['master']);
      const tech = await actor(['technician']);
      const qc = await actor(['qc_inspector']);
      const { item, parts } = await createItemWithParts(db.orm, { partNames: ['Brakes'] });
      const created = await service.createTicket(master, {
        serial: item.serialNumber,
        partSpecs: [{ partId: parts[0].id, color: 'yellow', minutes: 45 }],
      });
      const id = created.ticket.id;

      await service.approveReview(master, id);
      expect((await service.assign(master, id, tech.id)).ticket.status).toBe('assigned');
      expect((await service.start(tech, id)).ticket.status).toBe('in_progress');
      expect((await service.pause(tech, id)).status).toBe('paused');
      expect((await service.resume(tech, id)).status).toBe('running');
      expect((await service.stop(tech, id)).status).toBe('stopped');
      expect((await service.sendToQc(tech, id)).ticket.status).toBe('waiting_qc');
      expect((await service.qcPass(qc, id)).ticket.status).toBe('done');

      // The workflow carries the attributes operators filter on, and visibility finds it by them.
      const description = await client.workflow.getHandle(ticketWorkflowId(id)).describe();
      expect(description.typedSearchAttributes.get(TicketStatusKey)).toBe('done');
      expect(description.typedSearchAttributes.get(TechnicianIdKey)).toBe(tech.id);
      expect(description.typedSearchAttributes.get(ItemSerialKey)).toBe(item.serialNumber);
      const query = `TicketStatus = 'done' AND TechnicianId = ${tech.id}`;
      const deadline = Date.now() + 10_000;
      let found = 0;
      while (Date.now() < deadline && found === 0) {
        found = (await client.workflow.count(query)).count;
        if (!found) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(found).toBe(1);
    } finally {
      worker.shutdown();
      await running;
      await native.close();
    }
  });
});
