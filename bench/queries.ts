// The staff queues at scale: 100k tickets loaded by SQL into the bench database (an item each, a
// mix of statuses like a workshop's years of history: most done), their transitions and XP, then
// the QC queue, the review queue and the per-ticket XP lookup timed as the bot runs them.
import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlRun } from '../src/db/sql';
import { qcQueue } from '../src/reads/qc-queries';
import { reviewQueue } from '../src/reads/staff-queries';
import { xpRowsOfTickets } from '../src/reads/ticket-queries';
import { createUser } from '../test/support/factories';
import type { Cast } from './lifecycle';
import type { BenchEnv } from './setup';
import { summarize, type Summary } from './stats';

export interface QueryResults {
  tickets: number;
  /** Tickets per status in the loaded data. */
  statuses: Record<string, number>;
  loadSeconds: number;
  /** ms per call, by query. */
  latency: Record<string, Summary>;
}

/** Status by ticket number mod 100: 85 % done, the rest spread over the active statuses. */
const STATUS_OF_MOD_100 = `case
  when g % 100 < 85 then 'done'
  when g % 100 < 88 then 'waiting_qc'
  when g % 100 < 91 then 'in_progress'
  when g % 100 < 93 then 'assigned'
  when g % 100 < 95 then 'new'
  when g % 100 < 98 then 'under_review'
  else 'rework' end`;

const TECHNICIANS = 20;

export async function loadTickets(env: BenchEnv, cast: Cast, count: number): Promise<Omit<QueryResults, 'latency'>> {
  const t0 = performance.now();
  const technicians: number[] = [];
  for (let i = 0; i < TECHNICIANS; i += 1) technicians.push((await createUser(env.orm, { roles: ['technician'] })).id);
  const em = env.orm.em.fork() as EntityManager;
  const [{ inventory }] = await sql<{ inventory: number }>(
    em,
    `insert into inventory (name) values ('bench 100k') returning id as inventory`,
    [],
  );
  const [{ category }] = await sql<{ category: number }>(
    em,
    `insert into category (name) values ('bench 100k') returning id as category`,
    [],
  );
  await sqlRun(
    em,
    `insert into inventory_item (inventory_id, category_id, serial_number, name)
     select ?, ?, 'Q' || g, 'Item ' || g from generate_series(1, ?) g`,
    [inventory, category, count],
  );
  // One ticket per item, the oldest first (a minute apart), each with its technician unless new.
  await sqlRun(
    em,
    `insert into ticket (inventory_item_id, master_id, technician_id, status, approved_by_id, approved_at, created_at)
     select i.id, ?, case when s.status in ('new', 'under_review') then null else (?::int[])[1 + g % ?] end,
            s.status, case when s.status = 'under_review' then null else ? end,
            case when s.status = 'under_review' then null else now() - (? - g) * interval '1 minute' end,
            now() - (? - g) * interval '1 minute'
     from generate_series(1, ?) g
     join inventory_item i on i.serial_number = 'Q' || g
     cross join lateral (select ${STATUS_OF_MOD_100} as status) s`,
    [cast.master.id, `{${technicians.join(',')}}`, TECHNICIANS, cast.master.id, count, count, count],
  );
  await sqlRun(
    em,
    `insert into ticket_transition (ticket_id, from_status, to_status, action, actor_id, created_at)
     select t.id, null, 'under_review', 'created', t.master_id, t.created_at
     from ticket t join inventory_item i on i.id = t.inventory_item_id where i.inventory_id = ?`,
    [inventory],
  );
  await sqlRun(
    em,
    `insert into ticket_transition (ticket_id, from_status, to_status, action, actor_id, created_at)
     select t.id, 'in_progress', 'waiting_qc', 'to_waiting_qc', t.technician_id, t.created_at + interval '50 minutes'
     from ticket t join inventory_item i on i.id = t.inventory_item_id
     where i.inventory_id = ? and t.status in ('done', 'waiting_qc')`,
    [inventory],
  );
  await sqlRun(
    em,
    `insert into xp_transaction (user_id, amount, entry_type, reference, payload, created_at)
     select t.technician_id, 3, 'ticket_base_xp', 'bench-100k:' || t.id, jsonb_build_object('ticket_id', t.id),
            t.created_at + interval '1 hour'
     from ticket t join inventory_item i on i.id = t.inventory_item_id
     where i.inventory_id = ? and t.status = 'done'`,
    [inventory],
  );
  // As autovacuum leaves a table at rest: statistics and the visibility map (index-only scans).
  await sqlRun(em, 'vacuum analyze', []);
  const statuses: Record<string, number> = {};
  for (const row of await sql<{ status: string; n: string }>(
    em,
    'select status, count(*) as n from ticket group by status order by status',
    [],
  )) {
    statuses[row.status] = Number(row.n);
  }
  return { tickets: count, statuses, loadSeconds: (performance.now() - t0) / 1000 };
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < 5; i += 1) await fn(); // plans and caches warm
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** The queues as the bot asks for them: the first page, and a page deep in the queue. */
export async function timeQueries(env: BenchEnv, runs: number): Promise<Record<string, Summary>> {
  const em = () => env.orm.em.fork() as EntityManager;
  const [busiest] = await sql<{ user_id: number; tickets: number[] }>(
    em(),
    `select user_id, (array_agg((payload ->> 'ticket_id')::int order by id desc))[1:5] as tickets
     from xp_transaction group by user_id order by count(*) desc limit 1`,
    [],
  );
  const qcPages = (await qcQueue(em(), 1)).pageCount;
  const reviewPages = (await reviewQueue(em(), 1)).pageCount;
  return {
    'QC queue, page 1': await timed(runs, () => qcQueue(em(), 1)),
    'QC queue, middle page': await timed(runs, () => qcQueue(em(), Math.ceil(qcPages / 2))),
    'review queue, page 1': await timed(runs, () => reviewQueue(em(), 1)),
    'review queue, middle page': await timed(runs, () => reviewQueue(em(), Math.ceil(reviewPages / 2))),
    'XP of 5 tickets (card, dashboard)': await timed(runs, () =>
      xpRowsOfTickets(em(), busiest.user_id, busiest.tickets),
    ),
  };
}
