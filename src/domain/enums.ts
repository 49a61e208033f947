// Exact enum values of the workshop domain (workshop-domain.md §1) and the support desk.

export const TICKET_STATUSES = [
  'under_review',
  'new',
  'assigned',
  'in_progress',
  'waiting_qc',
  'rework',
  'done',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const WORK_SESSION_STATUSES = ['running', 'paused', 'stopped'] as const;
export type WorkSessionStatus = (typeof WORK_SESSION_STATUSES)[number];

export const WORK_SESSION_ACTIONS = ['started', 'paused', 'resumed', 'stopped'] as const;
export type WorkSessionAction = (typeof WORK_SESSION_ACTIONS)[number];

export const TICKET_TRANSITION_ACTIONS = [
  'created',
  'assigned',
  'started',
  'to_waiting_qc',
  'qc_pass',
  'qc_fail',
] as const;
export type TicketTransitionAction = (typeof TICKET_TRANSITION_ACTIONS)[number];

export const TICKET_COLORS = ['green', 'yellow', 'red'] as const;
export type TicketColor = (typeof TICKET_COLORS)[number];

export const INVENTORY_ITEM_STATUSES = ['ready', 'in_service', 'rented', 'blocked', 'write_off'] as const;
export type InventoryItemStatus = (typeof INVENTORY_ITEM_STATUSES)[number];

export const ROLE_SLUGS = ['super_admin', 'ops_manager', 'master', 'technician', 'qc_inspector'] as const;
export type RoleSlug = (typeof ROLE_SLUGS)[number];

export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

export const XP_ENTRY_TYPES = [
  'attendance_punctuality',
  'ticket_base_xp',
  'ticket_qc_first_pass_bonus',
  'ticket_qc_status_update',
  'manual_adjustment',
] as const;
export type XpEntryType = (typeof XP_ENTRY_TYPES)[number];

export const SUPPORT_TICKET_STATUSES = ['new', 'work', 'closed'] as const;
export type SupportTicketStatus = (typeof SUPPORT_TICKET_STATUSES)[number];

export const EVENT_ACTORS = ['CLIENT', 'TECH', 'STAFF', 'SYSTEM'] as const;
export type EventActor = (typeof EVENT_ACTORS)[number];

export const FEEDBACK_STATUSES = ['pending', 'completed', 'expired'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** "Active" ticket: any status except done. */
export const ACTIVE_TICKET_STATUSES = TICKET_STATUSES.filter((s) => s !== 'done');
