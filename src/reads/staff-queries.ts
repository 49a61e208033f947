// Reads for the staff bot (intake and review), straight from Postgres and shaped by the domain's
// paging: inventory items, an item's parts, the facts serial intake decides on, the review queue,
// one ticket's review panel and the active technicians to assign.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ACTIVE_TICKET_STATUSES,
  isReviewed,
  DASHBOARD_PAGE_SIZE,
  normalizeSerial,
  pageWindow,
  personName,
  resolveTicketXpRules,
  type SerialIntakeFacts,
  type TicketColor,
  type TicketStatus,
  type TicketXpRules,
} from '../domain';
import { InventoryItem, InventoryItemPart, Ticket, TicketPartSpec, User } from '../db/entities';
import { sql } from '../db/sql';
import { toTicketState } from '../domain';
import { type TechnicianNameColumns, technicianNameOf, telegramUsernameSql, telegramUsernames } from './names';
import { activeRules } from './rules-store';

export const STAFF_PAGE_SIZE = DASHBOARD_PAGE_SIZE;
/** As many known serials as the service considers for close-match suggestions. */
const SERIAL_SUGGESTION_POOL = 2_000;

export interface Paged<T> {
  page: number;
  pageCount: number;
  total: number;
  rows: T[];
}

export interface ItemRow {
  id: number;
  serial: string;
  name: string;
  /** Not done and not deleted: a new ticket for it would be refused. */
  hasActiveTicket: boolean;
}

export interface ItemForIntake extends ItemRow {
  categoryId: number;
  parts: { id: number; name: string }[];
}

export interface ReviewRow {
  id: number;
  serial: string;
  status: TicketStatus;
  reviewed: boolean;
  technician: string | null;
}

export interface ReviewPanelView {
  id: number;
  serial: string;
  status: TicketStatus;
  title: string | null;
  technicianId: number | null;
  technician: string | null;
  master: string;
  reviewed: boolean;
  totalDuration: number;
  flagColor: TicketColor;
  xpAmount: number;
  isManual: boolean;
  partSpecs: { part: string; color: TicketColor; minutes: number }[];
}

export interface TechnicianOption {
  id: number;
  label: string;
}

const live = { isActive: true, archivedAt: null } as const;
const activeTicket = { status: { $in: [...ACTIVE_TICKET_STATUSES] }, deletedAt: null } as const;

/** People as every text names them (the domain's personName), with their Telegram usernames. */
async function namer(em: EntityManager, users: readonly (User | null | undefined)[]) {
  const handles = await telegramUsernames(
    em,
    users.flatMap((u) => (u ? [u.id] : [])),
  );
  return (user: User) =>
    personName({
      id: user.id,
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      telegramUsername: handles.get(user.id) ?? null,
    });
}

async function itemIdsWithActiveTicket(em: EntityManager, itemIds: number[]): Promise<Set<number>> {
  if (itemIds.length === 0) return new Set();
  const tickets = await em.find(
    Ticket,
    { inventoryItem: { $in: itemIds }, ...activeTicket },
    { fields: ['inventoryItem'] },
  );
  return new Set(tickets.map((t) => t.inventoryItem.id));
}

/** Live inventory items by serial, 5 per page (the page is clamped). */
export async function inventoryItemsPage(em: EntityManager, page: number): Promise<Paged<ItemRow>> {
  const total = await em.count(InventoryItem, live);
  const window = pageWindow(page, total, STAFF_PAGE_SIZE);
  const items = await em.find(InventoryItem, live, {
    orderBy: { serialNumber: 'asc', id: 'asc' },
    limit: window.limit,
    offset: window.offset,
  });
  const busy = await itemIdsWithActiveTicket(
    em,
    items.map((i) => i.id),
  );
  return {
    page: window.page,
    pageCount: window.pageCount,
    total,
    rows: items.map((i) => ({ id: i.id, serial: i.serialNumber, name: i.name, hasActiveTicket: busy.has(i.id) })),
  };
}

/** A live item with its live (not archived) parts (by id), or null. */
export async function itemForIntake(em: EntityManager, itemId: number): Promise<ItemForIntake | null> {
  const item = await em.findOne(InventoryItem, { id: itemId, ...live });
  if (!item) return null;
  const parts = await em.find(InventoryItemPart, { item: item.id, archivedAt: null }, { orderBy: { id: 'asc' } });
  const busy = await itemIdsWithActiveTicket(em, [item.id]);
  return {
    id: item.id,
    serial: item.serialNumber,
    name: item.name,
    categoryId: item.category.id,
    hasActiveTicket: busy.has(item.id),
    parts: parts.map((p) => ({ id: p.id, name: p.name })),
  };
}

/**
 * What serial intake decides on for a typed serial (see `decideSerialIntake`), plus the item id of
 * every known serial so suggestions can become buttons.
 */
export async function serialIntakeFacts(
  em: EntityManager,
  rawSerial: string,
): Promise<{ facts: SerialIntakeFacts; itemIdsBySerial: Map<string, number> }> {
  const serial = normalizeSerial(rawSerial);
  const item = serial ? await em.findOne(InventoryItem, { serialNumber: serial }) : null;
  const isLive = !!item && item.isActive && !item.archivedAt;
  const known = isLive
    ? []
    : await em.find(InventoryItem, live, { fields: ['serialNumber'], limit: SERIAL_SUGGESTION_POOL });
  const hasActiveTicket = isLive ? (await itemIdsWithActiveTicket(em, [item.id])).has(item.id) : false;
  return {
    facts: {
      rawSerial,
      item: isLive ? { id: item.id, categoryId: item.category.id, hasActiveTicket } : null,
      archived: !!item && !isLive,
      confirmCreate: false,
      knownSerials: known.map((i) => i.serialNumber),
    },
    itemIdsBySerial: new Map(known.map((i) => [i.serialNumber, i.id])),
  };
}

/** The ticket XP rules of the active rules version, resolved with the runtime fallbacks. */
export async function intakeRules(em: EntityManager): Promise<TicketXpRules> {
  return resolveTicketXpRules((await activeRules(em)).config);
}

/** Names of parts by id (for the summary of a draft). */
export async function partNames(em: EntityManager, partIds: number[]): Promise<Map<number, string>> {
  if (partIds.length === 0) return new Map();
  const parts = await em.find(InventoryItemPart, { id: { $in: partIds } });
  return new Map(parts.map((p) => [p.id, p.name]));
}

interface ReviewQueueRow extends TechnicianNameColumns {
  /** Active tickets in all (on every row; the one row of an empty page has nothing else). */
  total: string;
  id: number | null;
  serial_number: string;
  status: TicketStatus;
  approved_by_id: number | null;
  /** timestamptz as the driver hands it over: text. */
  approved_at: string | null;
}

/**
 * The review queue's count and one page, in one statement. Both are read from partial indexes of
 * the active tickets (`status <> 'done' and deleted_at is null`) alone: the count from the smallest
 * (ticket_one_active_per_item), the page's ids from ticket_active_created_at_id_index in its order;
 * only those ids are then joined to their rows, items and technicians (an offset into the full
 * rows would read every skipped ticket from the table).
 */
const REVIEW_QUEUE_PAGE = `
  select active.total, t.id, i.serial_number, t.status, t.approved_by_id, t.approved_at,
    u.id as technician_id, u.first_name, u.last_name, u.username, ${telegramUsernameSql('u')} as telegram_username
  from (select count(*) as total from ticket where status <> 'done' and deleted_at is null) active
  left join lateral (
    select id, created_at from ticket where status <> 'done' and deleted_at is null
    order by created_at desc, id desc limit ? offset ?
  ) page on true
  left join ticket t on t.id = page.id
  left join inventory_item i on i.id = t.inventory_item_id
  left join app_user u on u.id = t.technician_id
  order by page.created_at desc, page.id desc`;

/** The total a page is clamped by before the count is read: only to an offset Postgres can hold. */
const UNCOUNTED = Number.MAX_SAFE_INTEGER;

/** Every active (not done, not deleted) ticket, newest first, 5 per page (the page is clamped). */
export async function reviewQueue(em: EntityManager, page: number): Promise<Paged<ReviewRow>> {
  // One round trip: the page asked for is read with the count. A page past the last one (a list
  // that shrank since it was drawn) is read again once clamped by that count; page, count and
  // rows always come from one statement, so they agree even while tickets come and go.
  let window = pageWindow(page, UNCOUNTED, STAFF_PAGE_SIZE);
  for (;;) {
    const found = await sql<ReviewQueueRow>(em, REVIEW_QUEUE_PAGE, [window.limit, window.offset]);
    const total = Number(found[0].total);
    const clamped = pageWindow(page, total, STAFF_PAGE_SIZE);
    if (clamped.offset === window.offset) {
      return {
        page: clamped.page,
        pageCount: clamped.pageCount,
        total,
        rows: found.filter((row) => row.id !== null).map(reviewRowOf),
      };
    }
    window = clamped;
  }
}

function reviewRowOf(row: ReviewQueueRow): ReviewRow {
  return {
    id: Number(row.id),
    serial: row.serial_number,
    status: row.status,
    reviewed: isReviewed({
      approvedById: row.approved_by_id,
      approvedAt: row.approved_at === null ? null : Date.parse(row.approved_at),
    }),
    technician: technicianNameOf(row),
  };
}

/** One ticket as the review panel shows it, or null when it does not exist (or was deleted). */
export async function reviewPanel(em: EntityManager, ticketId: number): Promise<ReviewPanelView | null> {
  const ticket = await em.findOne(
    Ticket,
    { id: ticketId, deletedAt: null },
    { populate: ['inventoryItem', 'technician', 'master'] },
  );
  if (!ticket) return null;
  const specs = await em.find(
    TicketPartSpec,
    { ticket: ticketId, deletedAt: null },
    { populate: ['part'], orderBy: { id: 'asc' } },
  );
  const nameOf = await namer(em, [ticket.technician, ticket.master]);
  return {
    id: ticket.id,
    serial: ticket.inventoryItem.serialNumber,
    status: ticket.status,
    title: ticket.title ?? null,
    technicianId: ticket.technician?.id ?? null,
    technician: ticket.technician ? nameOf(ticket.technician) : null,
    master: nameOf(ticket.master),
    reviewed: isReviewed(toTicketState(ticket)),
    totalDuration: ticket.totalDuration,
    flagColor: ticket.flagColor,
    xpAmount: ticket.xpAmount,
    isManual: ticket.isManual,
    partSpecs: specs.map((s) => ({ part: s.part.name, color: s.color, minutes: s.minutes })),
  };
}

/** Active users holding the technician role, by name, 5 per page (the page is clamped). */
export async function activeTechniciansPage(em: EntityManager, page: number): Promise<Paged<TechnicianOption>> {
  const where = { isActive: true, roles: { role: 'technician' } } as const;
  const total = await em.count(User, where);
  const window = pageWindow(page, total, STAFF_PAGE_SIZE);
  const users = await em.find(User, where, {
    orderBy: { firstName: 'asc', lastName: 'asc', username: 'asc', id: 'asc' },
    limit: window.limit,
    offset: window.offset,
  });
  const nameOf = await namer(em, users);
  return {
    page: window.page,
    pageCount: window.pageCount,
    total,
    rows: users.map((u) => ({ id: u.id, label: nameOf(u) })),
  };
}
