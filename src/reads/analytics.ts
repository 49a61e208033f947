// Fleet and team analytics (issue 15): read straight from Postgres through sql()/sqlOne(), so they
// join the caller's transaction; the rules (first-pass rate, percentiles, SLA pressure, local weeks,
// the rolling window) are pure functions in src/domain/analytics.ts.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  INVENTORY_ITEM_STATUSES,
  type InventoryItemStatus,
  personName,
  TICKET_COLORS,
  type TicketColor,
  type TimeWindow,
} from '../domain';
import {
  FIRST_PASS_TREND_WEEKS,
  firstPassRateOf,
  firstPassTrend,
  lastLocalWeeks,
  type QcWaitSummary,
  summarizeQcWaits,
  teamWindow,
} from '../domain/analytics';
import { sql } from '../db/sql';
import { workshopTimeZone } from './stats';

export interface FleetSnapshot {
  at: Date;
  timeZone: string;
  /** Items not archived, every status (zeros included). */
  itemsByStatus: { status: InventoryItemStatus; count: number }[];
  /** Tickets not done (and not deleted) by flag colour. */
  backlogByFlag: { color: TicketColor; count: number }[];
  /** Tickets waiting for QC, how long since they were sent, and how many are past QC_SLA_MINUTES. */
  waitingQc: QcWaitSummary & { slaMinutes: number; oldestTicketId: number | null };
  /** First QC decisions per local week (Monday–Sunday), oldest first. */
  firstPassTrend: { weekStart: Date; weekEnd: Date; decided: number; firstPass: number; rate: number | null }[];
}

export interface TeamRow {
  technicianId: number;
  name: string;
  ticketsDone: number;
  activeSeconds: number;
  firstPass: { decided: number; firstPass: number; rate: number | null };
  xp: number;
  pauses: { count: number; seconds: number };
}

export interface TeamSnapshot {
  from: Date;
  to: Date;
  days: number;
  rows: TeamRow[];
}

type Count = string | number;

/** Tickets (not deleted) whose first QC decision (by time, then id) falls in the window. */
async function firstDecisions(
  em: EntityManager,
  window: TimeWindow,
): Promise<{ ticket_id: number; technician_id: number | null; created_at: Date; passed: boolean }[]> {
  return sql(
    em,
    `select tt.ticket_id, t.technician_id, tt.created_at, tt.action = 'qc_pass' as passed
       from ticket_transition tt
       join ticket t on t.id = tt.ticket_id and t.deleted_at is null
      where tt.action in ('qc_pass', 'qc_fail') and tt.created_at >= ? and tt.created_at < ?
        and not exists (select 1 from ticket_transition p
                         where p.ticket_id = tt.ticket_id and p.action in ('qc_pass', 'qc_fail')
                           and (p.created_at, p.id) < (tt.created_at, tt.id))`,
    [new Date(window.start), new Date(window.end)],
  );
}

export async function fleetSnapshot(
  em: EntityManager,
  options: { now?: Date; weeks?: number; qcSlaMinutes: number },
): Promise<FleetSnapshot> {
  const now = options.now ?? new Date();
  const timeZone = await workshopTimeZone(em);
  const items = await sql<{ status: InventoryItemStatus; count: Count }>(
    em,
    'select status, count(*) as count from inventory_item where archived_at is null group by status',
  );
  const backlog = await sql<{ flag_color: TicketColor; count: Count }>(
    em,
    `select flag_color, count(*) as count from ticket
      where status <> 'done' and deleted_at is null group by flag_color`,
  );
  // Since the latest send to QC (the ticket's update time if none was logged).
  const waiting = await sql<{ id: number; waited: Count }>(
    em,
    `select t.id, greatest(0, floor(extract(epoch from (?::timestamptz - coalesce(w.created_at, t.updated_at)))))
              as waited
       from ticket t
       left join lateral (select tt.created_at from ticket_transition tt
                           where tt.ticket_id = t.id and tt.action = 'to_waiting_qc'
                           order by tt.id desc limit 1) w on true
      where t.status = 'waiting_qc' and t.deleted_at is null`,
    [now],
  );
  const waits = waiting.map((w) => Number(w.waited));
  const oldest = waiting.reduce<{ id: number; waited: number } | null>(
    (best, w) =>
      best === null || Number(w.waited) > best.waited ? { id: Number(w.id), waited: Number(w.waited) } : best,
    null,
  );

  const weeks = lastLocalWeeks(
    now,
    timeZone,
    Math.min(Math.max(options.weeks ?? FIRST_PASS_TREND_WEEKS.default, 1), FIRST_PASS_TREND_WEEKS.max),
  );
  const decisions = await firstDecisions(em, { start: weeks[0]!.start, end: weeks.at(-1)!.end });
  const trend = firstPassTrend(
    weeks,
    decisions.map((d) => ({ at: new Date(d.created_at).getTime(), passed: Boolean(d.passed) })),
  );

  const itemCounts = new Map(items.map((r) => [r.status, Number(r.count)]));
  const backlogCounts = new Map(backlog.map((r) => [r.flag_color, Number(r.count)]));
  return {
    at: now,
    timeZone,
    itemsByStatus: INVENTORY_ITEM_STATUSES.map((status) => ({ status, count: itemCounts.get(status) ?? 0 })),
    backlogByFlag: TICKET_COLORS.map((color) => ({ color, count: backlogCounts.get(color) ?? 0 })),
    waitingQc: {
      ...summarizeQcWaits(waits, options.qcSlaMinutes),
      slaMinutes: options.qcSlaMinutes,
      oldestTicketId: oldest?.id ?? null,
    },
    firstPassTrend: trend.map((w) => ({
      weekStart: new Date(w.window.start),
      weekEnd: new Date(w.window.end),
      decided: w.decided,
      firstPass: w.firstPass,
      rate: w.rate,
    })),
  };
}

/**
 * Per active technician over the rolling window of `days` days up to now: tickets that passed QC,
 * active time and pause use from their work sessions (clipped to the window), the first-pass rate
 * of the tickets first decided in it, and XP earned. Sessions are those with a transition in the
 * window or still open (the window ends now, so no other session can overlap it).
 */
export async function teamSnapshot(em: EntityManager, options: { now?: Date; days: number }): Promise<TeamSnapshot> {
  const now = options.now ?? new Date();
  const window = teamWindow(now, options.days);
  const from = new Date(window.start);
  const to = new Date(window.end);
  const technicians = await sql<{ id: number; username: string; first_name: string; last_name: string }>(
    em,
    `select u.id, u.username, u.first_name, u.last_name from app_user u
      where u.is_active and exists (select 1 from user_role r where r.user_id = u.id and r.role = 'technician')
      order by u.id`,
  );
  const done = await sql<{ technician_id: number; count: Count }>(
    em,
    `select t.technician_id, count(distinct tt.ticket_id) as count
       from ticket_transition tt join ticket t on t.id = tt.ticket_id and t.deleted_at is null
      where tt.action = 'qc_pass' and tt.created_at >= ? and tt.created_at < ? and t.technician_id is not null
      group by t.technician_id`,
    [from, to],
  );
  const xp = await sql<{ user_id: number; total: Count }>(
    em,
    `select user_id, sum(amount) as total from xp_transaction
      where created_at >= ? and created_at < ? group by user_id`,
    [from, to],
  );
  // Each started/resumed → next event interval is active time, each paused → next one pause time,
  // clipped to the window (an open interval runs up to the window's end, which is now); whole
  // seconds per interval, as the pause budget counts.
  const time = await sql<{ technician_id: number; active: Count; paused: Count; pauses: Count }>(
    em,
    `with sessions as (
       select distinct session_id as id from work_session_transition where event_at >= ? and event_at < ?
       union
       select id from work_session where status in ('running', 'paused')
     ), events as (
       select e.session_id, e.action, e.event_at,
              lead(e.event_at) over (partition by e.session_id order by e.event_at, e.id) as next_at
         from work_session_transition e where e.session_id in (select id from sessions)
     ), spans as (
       select s.technician_id, ev.action, ev.event_at,
              greatest(0, floor(extract(epoch from
                least(coalesce(ev.next_at, ?::timestamptz), ?::timestamptz) - greatest(ev.event_at, ?::timestamptz))))
                as seconds
         from events ev join work_session s on s.id = ev.session_id
     )
     select technician_id,
            coalesce(sum(seconds) filter (where action in ('started', 'resumed')), 0) as active,
            coalesce(sum(seconds) filter (where action = 'paused'), 0) as paused,
            count(*) filter (where action = 'paused' and event_at >= ? and event_at < ?) as pauses
       from spans group by technician_id`,
    [from, to, to, to, from, from, to],
  );
  const decisions = await firstDecisions(em, window);

  const byId = <R extends object>(rows: R[], key: keyof R) => new Map(rows.map((r) => [Number(r[key]), r]));
  const doneBy = byId(done, 'technician_id');
  const xpBy = byId(xp, 'user_id');
  const timeBy = byId(time, 'technician_id');
  const rows = technicians.map((u): TeamRow => {
    const id = Number(u.id);
    const mine = decisions.filter((d) => Number(d.technician_id) === id);
    const firstPass = mine.filter((d) => d.passed).length;
    const t = timeBy.get(id);
    return {
      technicianId: id,
      name: personName({ firstName: u.first_name, lastName: u.last_name, username: u.username }),
      ticketsDone: Number(doneBy.get(id)?.count ?? 0),
      activeSeconds: Number(t?.active ?? 0),
      firstPass: { decided: mine.length, firstPass, rate: firstPassRateOf(firstPass, mine.length) },
      xp: Number(xpBy.get(id)?.total ?? 0),
      pauses: { count: Number(t?.pauses ?? 0), seconds: Number(t?.paused ?? 0) },
    };
  });
  rows.sort(
    (a, b) =>
      b.ticketsDone - a.ticketsDone || b.xp - a.xp || a.name.localeCompare(b.name) || a.technicianId - b.technicianId,
  );
  return { from, to, days: Math.round((window.end - window.start) / 86_400_000), rows };
}
