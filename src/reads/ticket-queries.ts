// Reads never go through workflows: dashboards, the ticket card and XP come straight from Postgres,
// shaped by the pure domain rules (scopes, paging, availability, card XP values, levels).
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  acquiredXp,
  availableTechnicianActions,
  type DashboardScope,
  levelProgress,
  type LevelProgress,
  pageWindow,
  potentialXp,
  resolveLevelThresholds,
  SCOPE_STATUSES,
  scopeForStatus,
  sessionForActions,
  type TechnicianAction,
  type TicketColor,
  type TicketStatus,
  type WorkSessionStatus,
  OPEN_SESSION_STATUSES,
  type TicketCardFacts,
  type TicketCardPartSpec,
} from '../domain';
import { Ticket, WorkSession, XpTransaction } from '../db/entities';
import { epochMsSql, sql, sqlOne } from '../db/sql';
import { type TechnicianNameColumns, technicianNameOf, telegramUsernameSql } from './names';
import { activeRules } from './rules-store';
import { xpLedger } from './xp-ledger';

export interface TicketSessionView {
  id: number;
  status: WorkSessionStatus;
  activeSeconds: number;
  startedAt: Date;
  lastStartedAt: Date | null;
}

/** The card as one viewer sees it (times as Dates, the viewer's actions). */
export interface TicketCardView {
  id: number;
  serial: string;
  status: TicketStatus;
  scope: DashboardScope | null;
  technicianId: number | null;
  title: string | null;
  itemName: string;
  totalDuration: number;
  flagColor: TicketColor;
  xpAmount: number;
  isManual: boolean;
  partSpecs: { part: string; color: TicketColor; minutes: number; comment: string }[];
  /** The open session, else the latest (the one that drives the buttons). */
  session: TicketSessionView | null;
  /** For the ticket's technician; empty for anyone else. */
  actions: TechnicianAction[];
  potentialXp: number;
  acquiredXp: number;
}

export interface DashboardRow {
  id: number;
  serial: string;
  status: TicketStatus;
  sessionStatus: WorkSessionStatus | null;
  potentialXp: number;
  acquiredXp: number;
}

export interface DashboardPage {
  scope: DashboardScope;
  page: number;
  pageCount: number;
  total: number;
  rows: DashboardRow[];
}

export interface XpSummary {
  total: number;
  progress: LevelProgress;
}

/** Σ XP the user earned per ticket, for the given tickets. */
async function acquiredByTicket(em: EntityManager, userId: number, ticketIds: number[]): Promise<Map<number, number>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await xpRowsOfTickets(em, userId, ticketIds);
  return new Map(ticketIds.map((id) => [id, acquiredXp(rows, id)]));
}

/**
 * The user's XP entries of these tickets. Compared as text: `payload ->> 'ticket_id'` is the
 * expression the (user_id, ticket id) index holds; the ORM's JSON filter casts it to float8,
 * which no index has, and reads every entry of the user.
 */
export function xpRowsOfTickets(em: EntityManager, userId: number, ticketIds: readonly number[]) {
  return em.find(XpTransaction, { user: userId, [raw(`payload ->> 'ticket_id'`)]: { $in: ticketIds.map(String) } });
}

/** A technician's tickets in one scope, newest first, 5 per page (the page is clamped). */
export async function technicianDashboard(
  em: EntityManager,
  technicianId: number,
  scope: DashboardScope,
  page: number,
): Promise<DashboardPage> {
  const where = { technician: technicianId, status: { $in: [...SCOPE_STATUSES[scope]] }, deletedAt: null };
  const total = await em.count(Ticket, where);
  const window = pageWindow(page, total);
  const tickets = await em.find(Ticket, where, {
    populate: ['inventoryItem'],
    orderBy: { id: 'desc' },
    limit: window.limit,
    offset: window.offset,
  });
  const ids = tickets.map((t) => t.id);
  const sessions = ids.length ? await em.find(WorkSession, { ticket: { $in: ids }, technician: technicianId }) : [];
  const acquired = await acquiredByTicket(em, technicianId, ids);
  return {
    scope,
    page: window.page,
    pageCount: window.pageCount,
    total,
    rows: tickets.map((t) => {
      const used = sessionForActions(
        sessions
          .filter((s) => s.ticket.id === t.id)
          .map((s) => ({ id: s.id, status: s.status, startedAt: s.startedAt.getTime() })),
      );
      return {
        id: t.id,
        serial: t.inventoryItem.serialNumber,
        status: t.status,
        sessionStatus: used?.status ?? null,
        potentialXp: potentialXp(t),
        acquiredXp: acquired.get(t.id) ?? 0,
      };
    }),
  };
}

interface CardRow extends TechnicianNameColumns {
  id: number;
  serial_number: string | null;
  item_name: string;
  status: TicketStatus;
  title: string | null;
  total_duration: number;
  flag_color: TicketColor;
  xp_amount: number;
  is_manual: boolean;
  technician_has_open_session: boolean;
  acquired_xp: string | number;
  sessions: CardSessionJson[] | null;
  part_specs: PartSpecRow[] | null;
}

/** A session of the ticket's technician, times as epoch ms. */
interface CardSessionJson {
  id: number;
  status: WorkSessionStatus;
  active_seconds: number;
  started_at: number;
  last_started_at: number | null;
}

interface PartSpecRow {
  part: string;
  color: TicketColor;
  minutes: number;
  comment: string | null;
}

/** The domain's open session statuses as an SQL list, for `status in (…)`. */
export const OPEN_SESSION_STATUS_LIST = OPEN_SESSION_STATUSES.map((status) => `'${status}'`).join(', ');

/** The part specs of the ticket `ticketIdSql` names, with their ids (the order the master entered them in). */
const partSpecsSql = (ticketIdSql: string) =>
  `select s.id, p.name as part, s.color, s.minutes, s.comment
     from ticket_part_spec s join inventory_item_part p on p.id = s.part_id
    where s.ticket_id = ${ticketIdSql} and s.deleted_at is null`;

const toPartSpec = (s: PartSpecRow): TicketCardPartSpec => ({
  part: s.part,
  color: s.color,
  minutes: Number(s.minutes),
  comment: s.comment ?? '',
});

/**
 * What the ticket's card and QC panel show, in one statement (inside `em`'s transaction when it has
 * one: the ticket activities build the view their update returns with it): the ticket, its
 * technician's sessions and its part specs as JSON arrays. Acquired XP counts the technician's
 * entries whose payload names the ticket by number, through the (user, ticket id) index.
 */
export async function ticketCardFacts(em: EntityManager, ticketId: number): Promise<TicketCardFacts | null> {
  const row = await sqlOne<CardRow>(
    em,
    `select t.id, i.serial_number, i.name as item_name, t.status, t.title, t.total_duration, t.flag_color,
       t.xp_amount, t.is_manual, u.id as technician_id, u.first_name, u.last_name, u.username,
       ${telegramUsernameSql('u')} as telegram_username,
       exists (select 1 from work_session o where o.technician_id = t.technician_id
               and o.status in (${OPEN_SESSION_STATUS_LIST})) as technician_has_open_session,
       (select coalesce(sum(x.amount), 0) from xp_transaction x
         where x.user_id = t.technician_id and x.payload ->> 'ticket_id' = t.id::text
           and jsonb_typeof(x.payload -> 'ticket_id') = 'number') as acquired_xp,
       (select json_agg(json_build_object('id', w.id, 'status', w.status, 'active_seconds', w.active_seconds,
                 'started_at', ${epochMsSql('w.started_at')}, 'last_started_at', ${epochMsSql('w.last_started_at')}))
          from work_session w where w.ticket_id = t.id and w.technician_id = t.technician_id) as sessions,
       (select json_agg(ps order by ps.id) from (${partSpecsSql('t.id')}) ps) as part_specs
     from ticket t
     join inventory_item i on i.id = t.inventory_item_id
     left join app_user u on u.id = t.technician_id
     where t.id = ? and t.deleted_at is null`,
    [ticketId],
  );
  if (!row) return null;
  const used = sessionForActions(
    (row.sessions ?? []).map((s) => ({
      id: Number(s.id),
      status: s.status,
      activeSeconds: Number(s.active_seconds),
      startedAt: Number(s.started_at),
      lastStartedAt: s.last_started_at === null ? null : Number(s.last_started_at),
    })),
  );
  return {
    id: Number(row.id),
    serial: row.serial_number ?? '',
    itemName: row.item_name,
    status: row.status,
    technicianId: row.technician_id === null ? null : Number(row.technician_id),
    technicianName: technicianNameOf(row),
    title: row.title ?? null,
    totalDuration: Number(row.total_duration),
    flagColor: row.flag_color,
    xpAmount: Number(row.xp_amount),
    isManual: row.is_manual,
    partSpecs: (row.part_specs ?? []).map(toPartSpec),
    session: used,
    technicianHasOpenSession: row.technician_has_open_session,
    acquiredXp: Number(row.acquired_xp),
  };
}

/** What was to be repaired on the ticket, in the order the master entered it. */
export async function ticketPartSpecs(em: EntityManager, ticketId: number): Promise<TicketCardPartSpec[]> {
  const specs = await sql<PartSpecRow>(em, `${partSpecsSql('?')} order by s.id`, [ticketId]);
  return specs.map(toPartSpec);
}

/** The card as `viewerId` sees it: only the ticket's technician gets actions. */
export function cardView(facts: TicketCardFacts, viewerId: number): TicketCardView {
  const isOwner = facts.technicianId !== null && facts.technicianId === viewerId;
  const { session } = facts;
  return {
    id: facts.id,
    serial: facts.serial,
    status: facts.status,
    scope: scopeForStatus(facts.status),
    technicianId: facts.technicianId,
    title: facts.title,
    itemName: facts.itemName,
    totalDuration: facts.totalDuration,
    flagColor: facts.flagColor,
    xpAmount: facts.xpAmount,
    isManual: facts.isManual,
    partSpecs: facts.partSpecs,
    session: session
      ? {
          id: session.id,
          status: session.status,
          activeSeconds: session.activeSeconds,
          startedAt: new Date(session.startedAt),
          lastStartedAt: session.lastStartedAt === null ? null : new Date(session.lastStartedAt),
        }
      : null,
    actions: isOwner ? availableTechnicianActions(facts, session, facts.technicianHasOpenSession) : [],
    potentialXp: potentialXp(facts),
    acquiredXp: facts.acquiredXp,
  };
}

/** The ticket card, with the actions available to `viewerId` (only the ticket's technician gets any). */
export async function ticketCard(
  em: EntityManager,
  ticketId: number,
  viewerId: number,
): Promise<TicketCardView | null> {
  const facts = await ticketCardFacts(em, ticketId);
  return facts && cardView(facts, viewerId);
}

/** Total XP, level and progress to the next level (thresholds from the active rules). */
export async function xpSummary(em: EntityManager, userId: number): Promise<XpSummary> {
  const row = await sqlOne<{ total: string | null }>(
    em,
    'select coalesce(sum(amount), 0) as total from xp_transaction where user_id = ?',
    [userId],
  );
  const rules = await activeRules(em);
  const sum = Number(row?.total ?? 0);
  return { total: sum, progress: levelProgress(sum, resolveLevelThresholds(rules.config)) };
}

/** The user's XP rows, newest first: the XP ledger read model (xp-ledger.ts) for one user. */
export async function xpHistory(em: EntityManager, userId: number, limit: number, offset: number) {
  const page = await xpLedger(em, { userId, order: 'created_at', direction: 'desc', limit, offset });
  return {
    total: page.total,
    rows: page.items.map((r) => ({
      id: r.id,
      amount: r.amount,
      entryType: r.entryType,
      description: r.description,
      payload: r.payload,
      createdAt: r.createdAt,
    })),
  };
}
