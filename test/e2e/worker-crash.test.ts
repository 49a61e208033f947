// A worker killed with SIGKILL in the middle of Telegram deliveries. The app runs here as in the
// other e2e tests, but its task queue is served by a worker in a child process (the production
// activities and workflows), which the tests kill and replace. Its Bot API traffic goes through a
// proxy that can hold a request open, so the kill lands while a send is in flight.
//
// - A support bridge delivery in flight resumes on the new worker within 10 s of its start
//   (activities heartbeat; the heartbeat timeout hands the attempt over), not after the
//   1-minute start-to-close timeout.
// - Ticket notifications queued while the technician's chat fails survive the restart and arrive
//   in order, once each.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../src/domain';
import { sql } from '../../src/db/sql';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { TEST_BOT_TOKEN } from '@ticketflow/telegram-emulator/testing';
import { startHoldingProxy, type HoldingProxy } from '../support/holding-proxy';
import { testRedisUrl } from '../support/redis';
import { uniqueTaskQueue } from '../support/temporal';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { newTicket } from '../support/workshop';
import {
  type Desk,
  MAIN_GROUP,
  openTicket,
  startDesk,
  TECH_GROUP_A,
  TECH_GROUP_B,
  topicMessages,
} from '../unit/support/desk-harness';

jest.setTimeout(180_000);

const taskQueue = uniqueTaskQueue('crash');
let desk: Desk;
let proxy: HoldingProxy;
let worker: WorkerProcess | null = null;

const emu = () => desk.h.telegram.emulator;
const textOf = (call: RecordedCall) => String(call.params.text ?? '');
const log = (line: string) => process.stdout.write(`[worker-crash] ${line}\n`);

/** A new worker process on the app's task queue, sending through the proxy. */
async function startWorker(): Promise<WorkerProcess> {
  const { h } = desk;
  worker = await startWorkerProcess({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: h.db.url,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: h.config.redis.prefix,
    TEMPORAL_ADDRESS: h.env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: proxy.url,
    MAIN_GROUP_ID: String(MAIN_GROUP),
    TECH_GROUPS_MAPPING: JSON.stringify({ olga_tech: TECH_GROUP_A, '@boris_tech': TECH_GROUP_B }),
  });
  return worker;
}

beforeAll(async () => {
  // The app (and the in-process worker, idle on its own queue) use TEMPORAL_TASK_QUEUE: the child serves it.
  desk = await startDesk({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
  proxy = await startHoldingProxy(desk.h.telegram.url);
  await startWorker();
});
afterAll(async () => {
  await worker?.kill();
  await proxy?.close();
  await desk?.stop();
});

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('resumes a bridge delivery within 10 s of a new worker starting after a SIGKILL', async () => {
  const client = desk.h.stranger({ first_name: 'Kira', username: 'kira_crash' });
  const { ticket } = await openTicket(desk, client, 'before the crash');
  const thread = ticket.mainThreadId!;
  // The first message is in the topic: nothing of this conversation is in flight any more.
  await eventually(() => topicMessages(desk, MAIN_GROUP, thread).some((m) => m.text === 'before the crash'));
  const intoTopic = (method: string, params: Record<string, unknown>) =>
    (method === 'copyMessage' || method === 'sendMessage') &&
    Number(params.chat_id) === MAIN_GROUP &&
    Number(params.message_thread_id) === thread;

  // The client's next message is copied into the main topic: that request is in flight (held
  // open, never answered) when the worker is killed.
  proxy.hold(intoTopic);
  const { message } = await emu().userSendsText(client, client.id, 'sent while the worker dies');
  const held = await proxy.waitForHeld();
  const sameDelivery = (c: RecordedCall) =>
    c.method === held.method &&
    intoTopic(c.method, c.params) &&
    (c.method !== 'copyMessage' || Number(c.params.message_id) === message!.message_id) &&
    c.status === 200;
  const killedAt = Date.now();
  await worker!.kill();
  proxy.stopHolding();
  await eventually(() => held.closed, 5_000);
  log(`support #${ticket.id}: ${held.method} held, worker killed`);

  const started = Date.now();
  const next = await startWorker();
  log(`new worker ready ${next.readyAt - started} ms after its start`);
  await eventually(() => emu().calls(held.method).some(sameDelivery), 60_000);
  const deliveredAt = Date.now();
  log(
    `delivered ${deliveredAt - next.readyAt} ms after the new worker was ready (${deliveredAt - killedAt} ms after the kill)`,
  );
  expect(deliveredAt - next.readyAt).toBeLessThan(10_000);
  // Once: the held request never reached Telegram, and the retry went through once.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(emu().calls(held.method).filter(sameDelivery)).toHaveLength(1);
});

it('delivers ticket notifications queued before a SIGKILL in order, once each, after the restart', async () => {
  const { h } = desk;
  const master = await h.person(['master'], { first_name: 'Mila', language_code: 'en' });
  const tech = await h.person(['technician'], { first_name: 'Timo', language_code: 'en' });
  const asActor = (p: typeof master): Actor => ({ id: p.user.id, roles: p.user.roles.getItems().map((r) => r.role) });
  const ids: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const { ticket } = await newTicket(h, asActor(master));
    await h.service.approveReview(asActor(master), ticket.id);
    ids.push(ticket.id);
  }
  const isAssignment = (c: RecordedCall) =>
    c.params.chat_id === tech.tg.id && textOf(c).startsWith('🆕 <b>New ticket assigned to you</b>');
  const em = h.db.orm.em.fork() as EntityManager;
  const attempts = async () =>
    sql<{ attempts: number }>(em, 'select attempts from notification_outbox where chat_id = ? order by id', [
      tech.tg.id,
    ]);

  let outage = true;
  const stop = emu().failWhile(
    (call) => outage && call.method === 'sendMessage' && call.params.chat_id === tech.tg.id,
    { kind: 'server_error', status: 502 },
  );
  try {
    for (const id of ids) await h.service.assign(asActor(master), id, tech.user.id);
    // Queued for the technician, and their lane has already failed on the first one.
    await eventually(async () => {
      const rows = await attempts();
      return rows.length === 4 && Number(rows[0]!.attempts) > 0;
    });
    await worker!.kill();
    log('four assignments queued behind a failing chat; worker killed');
    outage = false;
    const next = await startWorker();
    await eventually(
      () =>
        emu()
          .calls('sendMessage')
          .filter((c) => isAssignment(c) && c.status === 200).length >= 4,
    );
    log(`all four delivered ${Date.now() - next.readyAt} ms after the new worker was ready`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const announced = emu()
      .calls('sendMessage')
      .filter((c) => isAssignment(c) && c.status === 200)
      .map((c) => Number(/#(\d+)\b/.exec(textOf(c))?.[1]));
    expect(announced).toEqual(ids);
  } finally {
    stop();
  }
});
