// The /api shapes the pages read (see the OpenAPI document at /docs).

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface Ticket {
  id: number;
  status: string;
  serial_number: string;
  item_name: string;
  title: string | null;
  master_id: number;
  technician_id: number | null;
  flag_color: string;
  xp_amount: number;
  total_duration: number;
  created_at: string;
  updated_at: string;
}

export interface WorkSession {
  id: number;
  technician_id: number;
  status: 'running' | 'paused' | 'stopped' | string;
  started_at: string;
  last_started_at: string | null;
  ended_at: string | null;
  active_seconds: number;
}

export interface TicketDetail extends Ticket {
  review_approved: boolean;
  potential_xp: number;
  acquired_xp: number;
  part_specs: { id: number; part_id: number; part_name: string; color: string; minutes: number; comment: string }[];
  transitions: {
    id: number;
    action: string;
    from_status: string | null;
    to_status: string;
    note: string;
    created_at: string;
  }[];
  work_sessions: WorkSession[];
}

export interface User {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  roles: string[];
  level: number;
  is_active: boolean;
  telegram_id: number | null;
}

export interface Named {
  id: number;
  name: string;
}

export interface Item {
  id: number;
  serial_number: string;
  name: string;
  status: string;
  category: Named;
  inventory: Named;
  active_ticket_id: number | null;
  parts?: { id: number; name: string }[];
}

export { INVENTORY_ITEM_STATUSES, ROLE_SLUGS, TICKET_COLORS, TICKET_STATUSES } from '../../../src/domain/enums';

/** The session's active seconds until now: a running session keeps counting since it last started. */
export function activeSeconds(session: WorkSession, now = Date.now()): number {
  if (session.status === 'running' && session.last_started_at) {
    return session.active_seconds + (now - Date.parse(session.last_started_at)) / 1000;
  }
  return session.active_seconds;
}

export const fullName = (u: Pick<User, 'first_name' | 'last_name' | 'username'>) =>
  `${u.first_name} ${u.last_name}`.trim() || u.username;
