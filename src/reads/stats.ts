// Staff read views (front-door.md Rule 3: straight from Postgres, never through workflows):
// technicians right now (/techs), ticket lookup (/find), workshop statistics (/stats), the XP
// leaderboard (/leaderboard). The pure helpers
// (time windows, ordering, ranking, query parsing) are exported for unit tests.
import { csatByTechnician } from './support-stats';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  activeSeconds,
  type EmployeeLevel,
  type Instant,
  isOpenSessionStatus,
  levelForXp,
  localDateTime,
  localDayWindow,
  normalizeSerial,
  orderSessionEvents,
  personName,
  resolveLevelThresholds,
  resolveWorkSessionRules,
  type SessionEvent,
  TICKET_STATUSES,
  type TicketColor,
  type TicketStatus,
  type TimeWindow,
  OPEN_SESSION_STATUSES,
  toEpochMs,
  type WorkSessionStatus,
} from '../domain';
import { Ticket, TicketTransition, User, WorkSession, WorkSessionTransition } from '../db/entities';
import { sql, sqlOne } from '../db/sql';
import { activeRules } from './rules-store';

/** Days in the "done per day" series, today included. */
export const DONE_SERIES_DAYS = 14;

/** Rows of the leaderboard in /leaderboard and in /stats. */
export const LEADERBOARD_LIMIT = 20;
export const STATS_LEADERBOARD_LIMIT = 10;

/** The workshop's business-day time zone: rules `work_session.timezone` (pause budget, /techs, /stats). */
export async function workshopTimeZone(em: EntityManager): Promise<string> {
  return resolveWorkSessionRules((await activeRules(em)).config).timezone;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

/**
 * Active seconds of one session inside `window`: started/resumed opens an interval, paused/stopped
 * closes it; an interval still open counts up to min(now, window end). Each interval is clipped to
 * the window and counted in whole seconds, as the pause budget counts pauses.
 */
export function activeSecondsInWindow(transitions: readonly SessionEvent[], window: TimeWindow, now: Instant): number {
  const until = Math.min(toEpochMs(now), window.end);
  const overlap = (start: number, end: number) => {
    const from = Math.max(start, window.start);
    const to = Math.min(end, window.end);
    return to <= from ? 0 : Math.floor((to - from) / 1000);
  };
  let runningSince: number | null = null;
  let total = 0;
  for (const event of orderSessionEvents(transitions)) {
    if (event.action === 'started' || event.action === 'resumed') {
      runningSince ??= event.eventAt;
    } else if (runningSince !== null) {
      total += overlap(runningSince, event.eventAt);
      runningSince = null;
    }
  }
  if (runningSince !== null) total += overlap(runningSince, until);
  return total;
}

export type TechnicianState = 'working' | 'paused' | 'idle';

const STATE_ORDER: Record<TechnicianState, number> = { working: 0, paused: 1, idle: 2 };

export function technicianStateOf(openSessionStatus: WorkSessionStatus | null): TechnicianState {
  if (openSessionStatus === 'running') return 'working';
  if (openSessionStatus === 'paused') return 'paused';
  return 'idle';
}

/** working → paused → idle, then by name, then by id. */
export function compareTechnicians(
  a: { state: TechnicianState; name: string; id: number },
  b: { state: TechnicianState; name: string; id: number },
): number {
  return STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name) || a.id - b.id;
}

/**
 * The last `days` local days ending with the one containing `now`, oldest first (each window is
 * one local calendar day, so DST days are 23 or 25 hours long).
 */
export function lastLocalDays(now: Instant, timeZone: string, days: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let window = localDayWindow(now, timeZone);
  for (let i = 0; i < days; i += 1) {
    windows.unshift(window);
    window = localDayWindow(window.start - 1, timeZone);
  }
  return windows;
}

/** `2026-11-21`: the local calendar date a window starts on. */
export function localDateKey(at: Instant, timeZone: string): string {
  const local = localDateTime(at, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)}`;
}

export interface RankedRow {
  rank: number;
  totalXp: number;
}

/** Competition ranking over rows already sorted by total XP (desc): equal totals share a rank (1, 1, 3). */
export function rankByTotal<T extends { totalXp: number }>(sorted: readonly T[]): (T & { rank: number })[] {
  let previous: { total: number; rank: number } | null = null;
  return sorted.map((row, index) => {
    const rank = previous !== null && previous.total === row.totalXp ? previous.rank : index + 1;
    previous = { total: row.totalXp, rank };
    return { ...row, rank };
  });
}

export type FindQuery = { kind: 'id'; id: number; serial: string } | { kind: 'serial'; serial: string };

/**
 * `/find` argument: `12` or `#12` is a ticket id (a serial made of digits is tried too), anything
 * else a serial, normalized as at intake (whitespace removed, upper-cased). Empty → null.
 */
export function parseFindQuery(raw: string | undefined | null): FindQuery | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  const id = /^#?\s*(\d{1,10})$/.exec(text);
  if (id && Number(id[1]) > 0 && Number(id[1]) <= 2_147_483_647) {
    return { kind: 'id', id: Number(id[1]), serial: normalizeSerial(text.replace(/^#/, '')) };
  }
  const serial = normalizeSerial(text);
  return serial === '' ? null : { kind: 'serial', serial };
}

/** first-pass / decided, or null when nothing was decided yet. */
export function firstPassRate(firstPass: number, decided: number): number | null {
  return decided > 0 ? firstPass / decided : null;
}

// ---------------------------------------------------------------------------------------------
// /techs

export interface TechnicianNowRow {
  id: number;
  name: string;
  state: TechnicianState;
  /** The ticket of the open session. */
  ticket: { id: number; serial: string } | null;
  /** Active seconds today (local day of the workshop time zone), over all the technician's sessions. */
  todaySeconds: number;
}

export interface TechniciansNow {
  timeZone: string;
  rows: TechnicianNowRow[];
}

async function activeTechnicians(em: EntityManager): Promise<User[]> {
  return em.find(User, { isActive: true, roles: { role: 'technician' } }, { orderBy: { id: 'asc' } });
}

/** Every active technician: working / paused / idle, the open session's ticket, today's active time. */
export async function techniciansNow(em: EntityManager, now: Date = new Date()): Promise<TechniciansNow> {
  const timeZone = await workshopTimeZone(em);
  const technicians = await activeTechnicians(em);
  if (technicians.length === 0) return { timeZone, rows: [] };
  const ids = technicians.map((u) => u.id);
  const window = localDayWindow(now, timeZone);

  const open = await em.find(
    WorkSession,
    { technician: { $in: ids }, status: { $in: OPEN_SESSION_STATUSES } },
    { populate: ['ticket.inventoryItem'] },
  );
  // Sessions that may overlap today: started before its end, and still open or ended in it or later.
  const today = await em.find(WorkSession, {
    technician: { $in: ids },
    startedAt: { $lt: new Date(window.end) },
    $or: [{ status: { $in: OPEN_SESSION_STATUSES } }, { endedAt: { $gte: new Date(window.start) } }],
  });
  const transitions = today.length
    ? await em.find(
        WorkSessionTransition,
        { session: { $in: today.map((s) => s.id) } },
        { fields: ['session', 'action', 'eventAt'] },
      )
    : [];
  const eventsBySession = new Map<number, SessionEvent[]>();
  for (const t of transitions) {
    const list = eventsBySession.get(t.session.id) ?? [];
    list.push({ id: t.id, action: t.action, eventAt: t.eventAt.getTime() });
    eventsBySession.set(t.session.id, list);
  }
  const secondsByTechnician = new Map<number, number>();
  for (const session of today) {
    const seconds = activeSecondsInWindow(eventsBySession.get(session.id) ?? [], window, now);
    secondsByTechnician.set(session.technician.id, (secondsByTechnician.get(session.technician.id) ?? 0) + seconds);
  }

  const rows = technicians.map((user): TechnicianNowRow => {
    const session = open.find((s) => s.technician.id === user.id && isOpenSessionStatus(s.status)) ?? null;
    return {
      id: user.id,
      name: personName(user),
      state: technicianStateOf(session?.status ?? null),
      ticket: session ? { id: session.ticket.id, serial: session.ticket.inventoryItem.serialNumber } : null,
      todaySeconds: secondsByTechnician.get(user.id) ?? 0,
    };
  });
  rows.sort(compareTechnicians);
  return { timeZone, rows };
}

// ---------------------------------------------------------------------------------------------
// /find

export interface FoundTicket {
  id: number;
  serial: string;
  status: TicketStatus;
  itemName: string;
  title: string | null;
  technician: string | null;
  master: string;
  totalDuration: number;
  flagColor: TicketColor;
  xpAmount: number;
  isManual: boolean;
  /** The open session (any technician), else the latest; active seconds rebuilt up to now. */
  session: { status: WorkSessionStatus; activeSeconds: number } | null;
  /** Σ active seconds over all the ticket's sessions, up to now. */
  workedSeconds: number;
  createdAt: Date;
  finishedAt: Date | null;
}

async function ticketForSerial(em: EntityManager, serial: string): Promise<Ticket | null> {
  const tickets = await em.find(
    Ticket,
    { inventoryItem: { serialNumber: serial }, deletedAt: null },
    { orderBy: { id: 'desc' }, limit: 50 },
  );
  // The item's active ticket (at most one), else its latest.
  return tickets.find((t) => t.status !== 'done') ?? tickets[0] ?? null;
}

/** A ticket by id or by (normalized) serial, or null. */
export async function findTicket(
  em: EntityManager,
  query: FindQuery,
  now: Date = new Date(),
): Promise<FoundTicket | null> {
  let ticket: Ticket | null = null;
  if (query.kind === 'id') ticket = await em.findOne(Ticket, { id: query.id, deletedAt: null });
  ticket ??= await ticketForSerial(em, query.serial);
  if (!ticket) return null;
  await em.populate(ticket, ['inventoryItem', 'master', 'technician']);

  const sessions = await em.find(WorkSession, { ticket: ticket.id }, { orderBy: { startedAt: 'asc', id: 'asc' } });
  const transitions = sessions.length
    ? await em.find(WorkSessionTransition, { ticket: ticket.id }, { fields: ['session', 'action', 'eventAt'] })
    : [];
  const secondsOf = (sessionId: number) =>
    activeSeconds(
      transitions
        .filter((t) => t.session.id === sessionId)
        .map((t) => ({ id: t.id, action: t.action, eventAt: t.eventAt.getTime() })),
      now,
    );
  const shown = sessions.find((s) => isOpenSessionStatus(s.status)) ?? sessions.at(-1) ?? null;
  return {
    id: ticket.id,
    serial: ticket.inventoryItem.serialNumber,
    status: ticket.status,
    itemName: ticket.inventoryItem.name,
    title: ticket.title ?? null,
    technician: ticket.technician ? personName(ticket.technician) : null,
    master: personName(ticket.master),
    totalDuration: ticket.totalDuration,
    flagColor: ticket.flagColor,
    xpAmount: ticket.xpAmount,
    isManual: ticket.isManual,
    session: shown ? { status: shown.status, activeSeconds: secondsOf(shown.id) } : null,
    workedSeconds: sessions.reduce((sum, s) => sum + secondsOf(s.id), 0),
    createdAt: ticket.createdAt,
    finishedAt: ticket.finishedAt ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// XP leaderboard

export interface LeaderboardRow {
  rank: number;
  userId: number;
  name: string;
  level: EmployeeLevel;
  totalXp: number;
}

/** Active technicians by total XP (desc; ties by id), with the level their total reaches. */
export async function xpLeaderboard(em: EntityManager, limit: number = LEADERBOARD_LIMIT): Promise<LeaderboardRow[]> {
  const rows = await sql<{
    id: number;
    username: string;
    first_name: string;
    last_name: string;
    total: string | number;
  }>(
    em,
    `select u.id, u.username, u.first_name, u.last_name, coalesce(sum(x.amount), 0) as total
       from app_user u
       left join xp_transaction x on x.user_id = u.id
      where u.is_active
        and exists (select 1 from user_role r where r.user_id = u.id and r.role = 'technician')
      group by u.id
      order by total desc, u.id asc
      limit ?`,
    [Math.max(1, Math.trunc(limit))],
  );
  const thresholds = resolveLevelThresholds((await activeRules(em)).config);
  return rankByTotal(
    rows.map((r) => ({
      userId: Number(r.id),
      name: personName({ firstName: r.first_name, lastName: r.last_name, username: r.username }),
      totalXp: Number(r.total),
    })),
  ).map((r) => ({ ...r, level: levelForXp(r.totalXp, thresholds) }));
}

// ---------------------------------------------------------------------------------------------
// /stats

export interface DoneDay {
  /** Local calendar date `YYYY-MM-DD`. */
  day: string;
  count: number;
}

/** CSAT per technician for /stats, from the support desk's completed surveys. */
export interface CsatRow {
  name: string;
  /** Average rating (1..5). */
  average: number;
  ratings: number;
}

export interface WorkshopStats {
  timeZone: string;
  /** Every status, zeros included, in the enum's order. */
  byStatus: { status: TicketStatus; count: number }[];
  totalTickets: number;
  /** The last 14 local days, oldest first: tickets that passed QC that day. */
  donePerDay: DoneDay[];
  qc: { decided: number; firstPass: number; rate: number | null };
  leaderboard: LeaderboardRow[];
  csat: CsatRow[];
}

async function ticketsByStatus(em: EntityManager): Promise<Map<TicketStatus, number>> {
  const rows = await sql<{ status: TicketStatus; count: string | number }>(
    em,
    'select status, count(*) as count from ticket where deleted_at is null group by status',
  );
  return new Map(rows.map((r) => [r.status, Number(r.count)]));
}

/** Tickets whose first QC decision (by time, then id) was a pass, out of every QC-decided ticket. */
async function qcFirstPass(em: EntityManager): Promise<{ decided: number; firstPass: number }> {
  const row = await sqlOne<{ decided: string | number; first_pass: string | number }>(
    em,
    `select count(*) as decided, count(*) filter (where first.action = 'qc_pass') as first_pass
       from (select distinct on (tt.ticket_id) tt.ticket_id, tt.action
               from ticket_transition tt
               join ticket t on t.id = tt.ticket_id
              where tt.action in ('qc_pass', 'qc_fail') and t.deleted_at is null
              order by tt.ticket_id, tt.created_at, tt.id) as first`,
  );
  return { decided: Number(row?.decided ?? 0), firstPass: Number(row?.first_pass ?? 0) };
}

async function donePerDay(em: EntityManager, now: Date, timeZone: string): Promise<DoneDay[]> {
  const days = lastLocalDays(now, timeZone, DONE_SERIES_DAYS);
  const passes = await em.find(
    TicketTransition,
    {
      action: 'qc_pass',
      createdAt: { $gte: new Date(days[0]!.start), $lt: new Date(days.at(-1)!.end) },
      ticket: { deletedAt: null },
    },
    { fields: ['ticket', 'createdAt'] },
  );
  return days.map((window) => {
    const tickets = new Set(
      passes
        .filter((p) => p.createdAt.getTime() >= window.start && p.createdAt.getTime() < window.end)
        .map((p) => p.ticket.id),
    );
    return { day: localDateKey(window.start, timeZone), count: tickets.size };
  });
}

/** Everything /stats shows: tickets by status, done per day, QC first-pass rate, XP leaderboard. */
export async function workshopStats(em: EntityManager, now: Date = new Date()): Promise<WorkshopStats> {
  const timeZone = await workshopTimeZone(em);
  const counts = await ticketsByStatus(em);
  const byStatus = TICKET_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
  const qc = await qcFirstPass(em);
  return {
    timeZone,
    byStatus,
    totalTickets: byStatus.reduce((sum, s) => sum + s.count, 0),
    donePerDay: await donePerDay(em, now, timeZone),
    qc: { ...qc, rate: firstPassRate(qc.firstPass, qc.decided) },
    leaderboard: await xpLeaderboard(em, STATS_LEADERBOARD_LIMIT),
    csat: (await csatByTechnician(em)).map((row) => ({
      name: row.name,
      average: row.averageScore,
      ratings: row.surveys,
    })),
  };
}
