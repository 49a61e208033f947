// QC read side (workshop-domain.md §9 "QC UI", "Our decisions"): the queue lists every ticket
// waiting for QC to every QC inspector, oldest wait first, 5 per page; the panel shows one ticket.
// Reads come straight from Postgres and never touch workflows.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pageWindow, personName, type TicketColor, type TicketStatus } from '../domain';
import { sql } from '../db/sql';
import { telegramUsernameSql } from './names';

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

interface Row {
  id: number;
  serial_number: string | null;
  status: TicketStatus;
  technician_id: number | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  telegram_username: string | null;
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
    technician:
      row.technician_id === null
        ? null
        : personName({
            id: Number(row.technician_id),
            firstName: row.first_name,
            lastName: row.last_name,
            username: row.username,
            telegramUsername: row.telegram_username,
          }),
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
  const specs = await sql<{ part: string; color: TicketColor; minutes: number; comment: string | null }>(
    em,
    `select p.name as part, s.color, s.minutes, s.comment
     from ticket_part_spec s join inventory_item_part p on p.id = s.part_id
     where s.ticket_id = ? and s.deleted_at is null
     order by s.id`,
    [ticketId],
  );
  return {
    ...toView(row),
    partSpecs: specs.map((s) => ({
      part: s.part,
      color: s.color,
      minutes: Number(s.minutes),
      comment: s.comment ?? '',
    })),
  };
}
