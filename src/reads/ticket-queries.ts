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
} from '../domain';
import { Ticket, TicketPartSpec, WorkSession, XpTransaction } from '../db/entities';
import { sqlOne } from '../db/sql';
import { activeRules } from './rules-store';
import { xpLedger } from './xp-ledger';

export interface TicketSessionView {
  id: number;
  status: WorkSessionStatus;
  activeSeconds: number;
  startedAt: Date;
  lastStartedAt: Date | null;
}

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

async function technicianHasOpenSession(em: EntityManager, technicianId: number): Promise<boolean> {
  return (await em.count(WorkSession, { technician: technicianId, status: { $in: [...OPEN_SESSION_STATUSES] } })) > 0;
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

/** The ticket card, with the actions available to `viewerId` (only the ticket's technician gets any). */
export async function ticketCard(
  em: EntityManager,
  ticketId: number,
  viewerId: number,
): Promise<TicketCardView | null> {
  const ticket = await em.findOne(Ticket, { id: ticketId, deletedAt: null }, { populate: ['inventoryItem'] });
  if (!ticket) return null;
  const technicianId = ticket.technician?.id ?? null;
  const sessions =
    technicianId === null ? [] : await em.find(WorkSession, { ticket: ticketId, technician: technicianId });
  const usedRow = sessionForActions(
    sessions.map((s) => ({ row: s, id: s.id, status: s.status, startedAt: s.startedAt.getTime() })),
  )?.row;
  const isOwner = technicianId !== null && technicianId === viewerId;
  const actions = isOwner
    ? availableTechnicianActions(ticket, usedRow ?? null, await technicianHasOpenSession(em, viewerId))
    : [];
  const specs = await em.find(
    TicketPartSpec,
    { ticket: ticketId, deletedAt: null },
    { populate: ['part'], orderBy: { id: 'asc' } },
  );
  const acquired =
    technicianId === null ? 0 : ((await acquiredByTicket(em, technicianId, [ticketId])).get(ticketId) ?? 0);
  return {
    id: ticket.id,
    serial: ticket.inventoryItem.serialNumber,
    status: ticket.status,
    scope: scopeForStatus(ticket.status),
    technicianId,
    title: ticket.title ?? null,
    itemName: ticket.inventoryItem.name,
    totalDuration: ticket.totalDuration,
    flagColor: ticket.flagColor,
    xpAmount: ticket.xpAmount,
    isManual: ticket.isManual,
    partSpecs: specs.map((s) => ({ part: s.part.name, color: s.color, minutes: s.minutes, comment: s.comment })),
    session: usedRow
      ? {
          id: usedRow.id,
          status: usedRow.status,
          activeSeconds: usedRow.activeSeconds,
          startedAt: usedRow.startedAt,
          lastStartedAt: usedRow.lastStartedAt ?? null,
        }
      : null,
    actions,
    potentialXp: potentialXp(ticket),
    acquiredXp: acquired,
  };
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
