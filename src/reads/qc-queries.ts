// QC read side (workshop-domain.md §9 "QC UI", "Our decisions"): the queue lists every ticket
// waiting for QC to every QC inspector, oldest wait first, 5 per page; the panel shows one ticket.
// Reads come straight from Postgres and never touch workflows.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pageWindow, type TicketCardFacts, type TicketColor, type TicketStatus } from '../domain';
import { sql } from '../db/sql';
import { type TechnicianNameColumns, technicianNameOf, telegramUsernameSql } from './names';
import { ticketPartSpecs } from './ticket-queries';

export interface QcTicketView {
  id: number;
  serial: string;
  status: TicketStatus;
  /** Display name of the assigned technician; null when none is assigned. */
  technician: string | null;
  /** What was to be repaired (the panel shows it; queue rows leave it out). */
  partSpecs?: { part: string; color: TicketColor; minutes: number; comment: string }[];
}

export interface QcQueuePage {
  page: number;
  pageCount: number;
  total: number;
  rows: QcTicketView[];
}

interface Row extends TechnicianNameColumns {
  id: number;
  serial_number: string | null;
  status: TicketStatus;
}

const SELECT = `
  select t.id, i.serial_number, t.status, u.id as technician_id, u.first_name, u.last_name, u.username,
    ${telegramUsernameSql('u')} as telegram_username
  from ticket t
  join inventory_item i on i.id = t.inventory_item_id
  left join app_user u on u.id = t.technician_id`;

function toView(row: Row): QcTicketView {
  return {
    id: Number(row.id),
    serial: row.serial_number ?? '',
    status: row.status,
    technician: technicianNameOf(row),
  };
}

/**
 * Every ticket waiting for QC, the longest-waiting first (since its latest move to waiting_qc;
 * tickets without that transition by creation time), 5 per page; the page is clamped.
 */
export async function qcQueue(em: EntityManager, page: number): Promise<QcQueuePage> {
  const [{ count }] = await sql<{ count: string }>(
    em,
    `select count(*) as count from ticket where status = 'waiting_qc' and deleted_at is null`,
    [],
  );
  const total = Number(count);
  const window = pageWindow(page, total);
  // The page is cut from ticket_qc_queue_index alone (the latest move to waiting_qc is kept on the
  // ticket by the database), then joined for its rows.
  const found = await sql<Row>(
    em,
    `with page as (
       select t.id, coalesce(t.waiting_qc_since, t.created_at) as waiting_since
       from ticket t
       where t.status = 'waiting_qc' and t.deleted_at is null
       order by coalesce(t.waiting_qc_since, t.created_at) asc, t.id asc
       limit ? offset ?
     )
     ${SELECT}
     join page on page.id = t.id
     order by page.waiting_since asc, t.id asc`,
    [window.limit, window.offset],
  );
  return { page: window.page, pageCount: window.pageCount, total, rows: found.map(toView) };
}

/** One ticket for the QC panel with its part specs, whatever its status; null when it does not exist (or is deleted). */
export async function qcTicket(em: EntityManager, ticketId: number): Promise<QcTicketView | null> {
  const [row] = await sql<Row>(em, `${SELECT} where t.id = ? and t.deleted_at is null`, [ticketId]);
  if (!row) return null;
  return { ...toView(row), partSpecs: await ticketPartSpecs(em, ticketId) };
}

/** The QC panel of a ticket card's facts (what a QC decision's update returns). */
export function qcPanelOf(card: TicketCardFacts): QcTicketView {
  return {
    id: card.id,
    serial: card.serial,
    status: card.status,
    technician: card.technicianName,
    partSpecs: card.partSpecs,
  };
}
