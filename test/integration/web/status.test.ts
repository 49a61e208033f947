// The public status page: served only when STATUS_PAGE is on, with aggregate numbers only.
import type { EntityManager } from '@mikro-orm/postgresql';
import Fastify from 'fastify';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createRedis } from '../../../src/redis';
import { webRoutes } from '../../../src/http/web';
import { statusRoutes } from '../../../src/http/web/status';
import { workshopStatus } from '../../../src/services/workshop-status';
import { createTicket } from '../../support/factories';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { activateRules } from '../../support/rules';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

it('is off by default, on with STATUS_PAGE', async () => {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379' }, 'test');
  expect(config.web.statusPage).toBe(false);
  const logger = createLogger('silent');
  const deps = {
    config,
    logger,
    orm: db.orm,
    redis: createRedis({ prefix: 'status-test:' }, logger),
    temporal: null as never,
  };
  const off = Fastify();
  await off.register(webRoutes, { deps });
  expect((await off.inject({ url: '/status' })).statusCode).toBe(404);
  await off.close();
  const on = Fastify();
  await on.register(webRoutes, { deps: { ...deps, config: { ...config, web: { ...config.web, statusPage: true } } } });
  expect((await on.inject({ url: '/status' })).statusCode).toBe(200);
  await on.close();
});

it('counts tickets done today and this week, the turnaround and the first-pass rate, and names nobody', async () => {
  await createTicket(db.orm, { status: 'done' });
  const failedOnce = await createTicket(db.orm, { status: 'done' });
  await createTicket(db.orm, { status: 'waiting_qc' });
  await db.orm.em
    .fork()
    .getConnection()
    .execute(
      `insert into ticket_transition (ticket_id, from_status, to_status, action) values (?, 'waiting_qc', 'rework', 'qc_fail')`,
      [failedOnce.id],
    );
  const app = Fastify();
  await app.register(statusRoutes, { orm: db.orm });
  const json = (await app.inject({ url: '/status.json' })).json();
  expect(json).toEqual({
    done_today: 2,
    done_this_week: 2,
    average_turnaround_minutes: expect.any(Number),
    first_pass_rate: 0.5,
    in_progress: 0,
    waiting_qc: 1,
  });
  const html = (await app.inject({ url: '/status' })).body;
  expect(html).toContain('<strong data-testid="first-pass">50 %</strong>');
  expect(html).not.toMatch(/RM-|Test User/);
  await app.close();
});

it("counts today and this week in the workshop's time zone, not in UTC", async () => {
  const own = await createTestDatabase();
  try {
    // Tashkent is UTC+5: at 20:30 UTC on Sunday 13 December it is already Monday 14 December there.
    await activateRules(own.orm, (rules) => ({
      ...rules,
      work_session: { ...rules.work_session, timezone: 'Asia/Tashkent' },
    }));
    const finishedAt = async (at: string) => {
      const ticket = await createTicket(own.orm, { status: 'done' });
      await own.orm.em
        .fork()
        .getConnection()
        .execute(`update ticket set created_at = ?, finished_at = ? where id = ?`, [
          new Date(Date.parse(at) - 3_600_000),
          new Date(at),
          ticket.id,
        ]);
    };
    await finishedAt('2026-12-13T19:30:00Z'); // Monday 00:30 local: today and this week
    await finishedAt('2026-12-13T18:30:00Z'); // Sunday 23:30 local: the UTC day, but last local week
    await finishedAt('2026-12-07T18:30:00Z'); // Monday 7th 23:30 local: last local week, within 7 days
    const status = await workshopStatus(own.orm.em.fork() as EntityManager, Date.parse('2026-12-13T20:30:00Z'));
    expect(status).toMatchObject({ doneToday: 1, doneThisWeek: 1, averageTurnaroundMinutes: 60 });
    // Under UTC the same instant is still Sunday, in the week that began on the 7th.
    await activateRules(own.orm, (rules) => rules);
    expect(await workshopStatus(own.orm.em.fork() as EntityManager, Date.parse('2026-12-13T20:30:00Z'))).toMatchObject({
      doneToday: 2,
      doneThisWeek: 3,
    });
  } finally {
    await own.drop();
  }
});
