// The API's read side: tickets (list and detail with history) and access requests, straight from
// Postgres (reads never go through workflows), shaped as the API sends them.
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import {
  type AccessRequestStatus,
  acquiredXp,
  isReviewed,
  normalizeSerial,
  potentialXp,
  type TicketStatus,
} from '../domain';
import { toTicketState } from '../domain';
import {
  AccessRequest,
  Ticket,
  TicketPartSpec,
  TicketTransition,
  WorkSession,
  WorkSessionTransition,
} from '../db/entities';
import { xpRowsOfTickets } from './ticket-queries';

const iso = (d: Date | null | undefined): Date | null => d ?? null;

export interface TicketFilter {
  status?: TicketStatus[];
  technicianId?: number;
  masterId?: number;
  serial?: string;
  limit: number;
  offset: number;
}

function ticketRow(t: Ticket) {
  return {
    id: t.id,
    status: t.status,
    serial_number: t.inventoryItem.serialNumber,
    inventory_item_id: t.inventoryItem.id,
    item_name: t.inventoryItem.name,
    title: t.title ?? null,
    master_id: t.master.id,
    technician_id: t.technician?.id ?? null,
    approved_by_id: t.approvedBy?.id ?? null,
    approved_at: iso(t.approvedAt),
    assigned_at: iso(t.assignedAt),
    started_at: iso(t.startedAt),
    finished_at: iso(t.finishedAt),
    total_duration: t.totalDuration,
    flag_minutes: t.flagMinutes,
    flag_color: t.flagColor,
    xp_amount: t.xpAmount,
    is_manual: t.isManual,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

/** Tickets (not deleted), newest first, with the total that matches the filter. */
export async function listTickets(em: EntityManager, filter: TicketFilter) {
  const where: FilterQuery<Ticket> = { deletedAt: null };
  if (filter.status?.length) where.status = { $in: filter.status };
  if (filter.technicianId !== undefined) where.technician = filter.technicianId;
  if (filter.masterId !== undefined) where.master = filter.masterId;
  if (filter.serial) where.inventoryItem = { serialNumber: normalizeSerial(filter.serial) };
  const [rows, total] = await em.findAndCount(Ticket, where, {
    populate: ['inventoryItem'],
    orderBy: { id: 'desc' },
    limit: filter.limit,
    offset: filter.offset,
  });
  return { total, limit: filter.limit, offset: filter.offset, items: rows.map(ticketRow) };
}

/** One ticket with its part specs, transitions, work sessions (each with its transitions) and XP. */
export async function ticketDetail(em: EntityManager, ticketId: number) {
  const ticket = await em.findOne(Ticket, { id: ticketId, deletedAt: null }, { populate: ['inventoryItem'] });
  if (!ticket) return null;
  const specs = await em.find(
    TicketPartSpec,
    { ticket: ticketId, deletedAt: null },
    { populate: ['part'], orderBy: { id: 'asc' } },
  );
  const transitions = await em.find(TicketTransition, { ticket: ticketId }, { orderBy: { id: 'asc' } });
  const sessions = await em.find(WorkSession, { ticket: ticketId }, { orderBy: { startedAt: 'asc', id: 'asc' } });
  const sessionTransitions = await em.find(
    WorkSessionTransition,
    { ticket: ticketId },
    { orderBy: { eventAt: 'asc', id: 'asc' } },
  );
  const technicianId = ticket.technician?.id ?? null;
  const xpRows = technicianId === null ? [] : await xpRowsOfTickets(em, technicianId, [ticketId]);
  return {
    ...ticketRow(ticket),
    review_approved: isReviewed(toTicketState(ticket)),
    part_specs: specs.map((s) => ({
      id: s.id,
      part_id: s.part.id,
      part_name: s.part.name,
      color: s.color,
      minutes: s.minutes,
      comment: s.comment,
    })),
    potential_xp: potentialXp(ticket),
    acquired_xp: acquiredXp(xpRows, ticketId),
    transitions: transitions.map((t) => ({
      id: t.id,
      action: t.action,
      from_status: t.fromStatus ?? null,
      to_status: t.toStatus,
      actor_id: t.actor?.id ?? null,
      note: t.note,
      metadata: t.metadata,
      created_at: t.createdAt,
    })),
    work_sessions: sessions.map((s) => ({
      id: s.id,
      technician_id: s.technician.id,
      status: s.status,
      started_at: s.startedAt,
      last_started_at: iso(s.lastStartedAt),
      ended_at: iso(s.endedAt),
      active_seconds: s.activeSeconds,
      transitions: sessionTransitions
        .filter((t) => t.session.id === s.id)
        .map((t) => ({
          id: t.id,
          action: t.action,
          from_status: t.fromStatus ?? null,
          to_status: t.toStatus,
          actor_id: t.actor?.id ?? null,
          event_at: t.eventAt,
          metadata: t.metadata,
        })),
    })),
  };
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof ticketDetail>>>;

// ---------------------------------------------------------------- access requests

function accessRequestRow(r: AccessRequest) {
  return {
    id: r.id,
    telegram_id: r.telegramId,
    first_name: r.firstName,
    last_name: r.lastName,
    phone: r.phone,
    status: r.status,
    user_id: r.user?.id ?? null,
    roles_granted: [...r.rolesGranted],
    resolved_by_id: r.resolvedBy?.id ?? null,
    resolved_at: iso(r.resolvedAt),
    created_at: r.createdAt,
  };
}

/** Access requests, oldest first (the moderation queue's order). */
export async function listAccessRequests(
  em: EntityManager,
  filter: { status?: AccessRequestStatus; limit: number; offset: number },
) {
  const where: FilterQuery<AccessRequest> = filter.status ? { status: filter.status } : {};
  const [rows, total] = await em.findAndCount(AccessRequest, where, {
    orderBy: { id: 'asc' },
    limit: filter.limit,
    offset: filter.offset,
  });
  return { total, limit: filter.limit, offset: filter.offset, items: rows.map(accessRequestRow) };
}

export async function accessRequest(em: EntityManager, requestId: number) {
  const row = await em.findOne(AccessRequest, { id: requestId });
  return row ? accessRequestRow(row) : null;
}
