import { type Collection, EntitySchema, type Opt } from '@mikro-orm/core';
import {
  TICKET_COLORS,
  TICKET_STATUSES,
  TICKET_TRANSITION_ACTIONS,
  type TicketColor,
  type TicketStatus,
  type TicketTransitionAction,
  WORK_SESSION_ACTIONS,
  WORK_SESSION_STATUSES,
  type WorkSessionAction,
  type WorkSessionStatus,
  XP_ENTRY_TYPES,
  type XpEntryType,
} from '../../domain/enums';
import type { User } from './accounts';
import {
  createdAtProperty,
  idProperty,
  type JsonObject,
  jsonObjectProperty,
  nullableTimestampProperty,
  updatedAtProperty,
  withDefault,
  noCascade,
} from './common';
import type { InventoryItem, InventoryItemPart } from './inventory';

// ---------------------------------------------------------------- Ticket

/**
 * A repair ticket for one inventory item (soft-deleted through `deletedAt`). At most one
 * active ticket (status <> 'done', not deleted) per item, enforced by a partial unique index.
 */
export interface Ticket {
  id: number;
  inventoryItem: InventoryItem;
  /** The creator. */
  master: User;
  technician?: User | null;
  title?: string | null;
  /** Planned minutes: Σ part spec minutes. */
  totalDuration: Opt<number>;
  flagMinutes: Opt<number>;
  flagColor: Opt<TicketColor>;
  xpAmount: Opt<number>;
  isManual: Opt<boolean>;
  approvedBy?: User | null;
  approvedAt?: Date | null;
  status: Opt<TicketStatus>;
  assignedAt?: Date | null;
  /** First start only. */
  startedAt?: Date | null;
  /** Set on QC pass, cleared on QC fail. */
  finishedAt?: Date | null;
  /** When it last moved to waiting_qc (kept by the database from the transitions; the QC queue's order). */
  waitingQcSince?: Date | null;
  partSpecs: Collection<TicketPartSpec>;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
  deletedAt?: Date | null;
}

export const Ticket = new EntitySchema<Ticket>({
  name: 'Ticket',
  tableName: 'ticket',
  properties: {
    id: { ...idProperty },
    inventoryItem: { kind: 'm:1', entity: () => 'InventoryItem', ...noCascade },
    master: { kind: 'm:1', entity: () => 'User', ...noCascade },
    technician: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    title: { type: 'text', nullable: true },
    totalDuration: { type: 'integer', ...withDefault(0) },
    flagMinutes: { type: 'integer', ...withDefault(0) },
    flagColor: { enum: true, items: [...TICKET_COLORS], ...withDefault('green') },
    xpAmount: { type: 'integer', ...withDefault(0) },
    isManual: { type: 'boolean', ...withDefault(false) },
    approvedBy: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    approvedAt: { ...nullableTimestampProperty },
    status: { enum: true, items: [...TICKET_STATUSES], ...withDefault('under_review') },
    assignedAt: { ...nullableTimestampProperty },
    startedAt: { ...nullableTimestampProperty },
    finishedAt: { ...nullableTimestampProperty },
    waitingQcSince: { ...nullableTimestampProperty },
    partSpecs: { kind: '1:m', entity: () => 'TicketPartSpec', mappedBy: 'ticket' },
    createdAt: { ...createdAtProperty },
    updatedAt: { ...updatedAtProperty },
    deletedAt: { ...nullableTimestampProperty },
  },
  checks: [
    { name: 'ticket_total_duration_check', expression: 'total_duration >= 0' },
    { name: 'ticket_flag_minutes_check', expression: 'flag_minutes >= 0' },
    { name: 'ticket_xp_amount_check', expression: 'xp_amount >= 0' },
  ],
  indexes: [
    {
      name: 'ticket_one_active_per_item',
      expression: `create unique index "ticket_one_active_per_item" on "ticket" ("inventory_item_id") where status <> 'done' and deleted_at is null`,
    },
    { name: 'ticket_inventory_item_id_index', properties: ['inventoryItem'] },
    {
      name: 'ticket_technician_id_status_id_index',
      expression:
        'create index "ticket_technician_id_status_id_index" on "ticket" ("technician_id", "status", "id" desc)',
    },
    { name: 'ticket_status_created_at_index', properties: ['status', 'createdAt'] },
    { name: 'ticket_master_id_status_index', properties: ['master', 'status'] },
    // The staff queues at 100k tickets: review (active, newest first) and QC (waiting).
    {
      name: 'ticket_active_created_at_id_index',
      expression: `create index "ticket_active_created_at_id_index" on "ticket" ("created_at" desc, "id" desc) where status <> 'done' and deleted_at is null`,
    },
    {
      name: 'ticket_waiting_qc_index',
      expression: `create index "ticket_waiting_qc_index" on "ticket" ("created_at", "id") where status = 'waiting_qc' and deleted_at is null`,
    },
    {
      name: 'ticket_qc_queue_index',
      expression: `create index "ticket_qc_queue_index" on "ticket" ((coalesce("waiting_qc_since", "created_at")), "id") include ("waiting_qc_since", "created_at") where status = 'waiting_qc' and deleted_at is null`,
    },
  ],
});

// ---------------------------------------------------------------- TicketPartSpec

/** Planned work on one part of the ticket's item (soft-deleted through `deletedAt`). */
export interface TicketPartSpec {
  id: number;
  ticket: Ticket;
  part: InventoryItemPart;
  color: TicketColor;
  comment: Opt<string>;
  /** Planned minutes, at least 1. */
  minutes: number;
  deletedAt?: Date | null;
}

export const TicketPartSpec = new EntitySchema<TicketPartSpec>({
  name: 'TicketPartSpec',
  tableName: 'ticket_part_spec',
  properties: {
    id: { ...idProperty },
    ticket: { kind: 'm:1', entity: () => 'Ticket', ...noCascade },
    part: { kind: 'm:1', entity: () => 'InventoryItemPart', ...noCascade },
    color: { enum: true, items: [...TICKET_COLORS] },
    comment: { type: 'text', ...withDefault('') },
    minutes: { type: 'integer' },
    deletedAt: { ...nullableTimestampProperty },
  },
  checks: [{ name: 'ticket_part_spec_minutes_check', expression: 'minutes > 0' }],
  indexes: [
    {
      name: 'ticket_part_spec_ticket_id_part_id_unique',
      expression:
        'create unique index "ticket_part_spec_ticket_id_part_id_unique" on "ticket_part_spec" ("ticket_id", "part_id") where deleted_at is null',
    },
    { name: 'ticket_part_spec_part_id_index', properties: ['part'] },
  ],
});

// ---------------------------------------------------------------- TicketTransition

/** Append-only history of ticket status changes (the database rejects UPDATE and DELETE). */
export interface TicketTransition {
  id: number;
  ticket: Ticket;
  fromStatus?: TicketStatus | null;
  toStatus: TicketStatus;
  action: TicketTransitionAction;
  actor?: User | null;
  note: Opt<string>;
  metadata: Opt<JsonObject>;
  createdAt: Opt<Date>;
}

export const TicketTransition = new EntitySchema<TicketTransition>({
  name: 'TicketTransition',
  tableName: 'ticket_transition',
  properties: {
    id: { ...idProperty },
    ticket: { kind: 'm:1', entity: () => 'Ticket', ...noCascade },
    fromStatus: { enum: true, items: [...TICKET_STATUSES], nullable: true },
    toStatus: { enum: true, items: [...TICKET_STATUSES] },
    action: { enum: true, items: [...TICKET_TRANSITION_ACTIONS] },
    actor: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    note: { type: 'text', ...withDefault('') },
    metadata: { ...jsonObjectProperty },
    createdAt: { ...createdAtProperty },
  },
  indexes: [
    { name: 'ticket_transition_ticket_id_id_index', properties: ['ticket', 'id'] },
    { name: 'ticket_transition_actor_id_index', properties: ['actor'] },
    // The audit feed's keyset walk, also per actor; QC decisions by time (analytics).
    { name: 'ticket_transition_created_at_id_index', properties: ['createdAt', 'id'] },
    { name: 'ticket_transition_actor_id_created_at_id_index', properties: ['actor', 'createdAt', 'id'] },
    { name: 'ticket_transition_action_created_at_index', properties: ['action', 'createdAt'] },
    // When each waiting ticket moved to waiting_qc (the QC queue's order).
    {
      name: 'ticket_transition_to_waiting_qc_index',
      expression: `create index "ticket_transition_to_waiting_qc_index" on "ticket_transition" ("ticket_id", "created_at") where action = 'to_waiting_qc'`,
    },
  ],
});

// ---------------------------------------------------------------- WorkSession

/**
 * A technician's work on a ticket. At most one open (running or paused) session per ticket and
 * per technician, enforced by partial unique indexes.
 */
export interface WorkSession {
  id: number;
  ticket: Ticket;
  technician: User;
  status: Opt<WorkSessionStatus>;
  startedAt: Date;
  /** Set only while running. */
  lastStartedAt?: Date | null;
  endedAt?: Date | null;
  activeSeconds: Opt<number>;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const WorkSession = new EntitySchema<WorkSession>({
  name: 'WorkSession',
  tableName: 'work_session',
  properties: {
    id: { ...idProperty },
    ticket: { kind: 'm:1', entity: () => 'Ticket', ...noCascade },
    technician: { kind: 'm:1', entity: () => 'User', ...noCascade },
    status: { enum: true, items: [...WORK_SESSION_STATUSES], ...withDefault('running') },
    startedAt: { type: 'datetime', columnType: 'timestamptz' },
    lastStartedAt: { ...nullableTimestampProperty },
    endedAt: { ...nullableTimestampProperty },
    activeSeconds: { type: 'integer', ...withDefault(0) },
    createdAt: { ...createdAtProperty },
    updatedAt: { ...updatedAtProperty },
  },
  checks: [{ name: 'work_session_active_seconds_check', expression: 'active_seconds >= 0' }],
  indexes: [
    {
      name: 'work_session_one_open_per_ticket',
      expression: `create unique index "work_session_one_open_per_ticket" on "work_session" ("ticket_id") where status in ('running', 'paused')`,
    },
    {
      name: 'work_session_one_open_per_technician',
      expression: `create unique index "work_session_one_open_per_technician" on "work_session" ("technician_id") where status in ('running', 'paused')`,
    },
    { name: 'work_session_technician_id_status_index', properties: ['technician', 'status'] },
    { name: 'work_session_technician_id_started_at_index', properties: ['technician', 'startedAt'] },
    { name: 'work_session_ticket_id_technician_id_id_index', properties: ['ticket', 'technician', 'id'] },
  ],
});

// ---------------------------------------------------------------- WorkSessionTransition

/** Append-only history of a work session (the database rejects UPDATE and DELETE). */
export interface WorkSessionTransition {
  id: number;
  session: WorkSession;
  ticket: Ticket;
  fromStatus?: WorkSessionStatus | null;
  toStatus: WorkSessionStatus;
  action: WorkSessionAction;
  actor?: User | null;
  eventAt: Date;
  metadata: Opt<JsonObject>;
}

export const WorkSessionTransition = new EntitySchema<WorkSessionTransition>({
  name: 'WorkSessionTransition',
  tableName: 'work_session_transition',
  properties: {
    id: { ...idProperty },
    session: { kind: 'm:1', entity: () => 'WorkSession', ...noCascade },
    ticket: { kind: 'm:1', entity: () => 'Ticket', ...noCascade },
    fromStatus: { enum: true, items: [...WORK_SESSION_STATUSES], nullable: true },
    toStatus: { enum: true, items: [...WORK_SESSION_STATUSES] },
    action: { enum: true, items: [...WORK_SESSION_ACTIONS] },
    actor: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    eventAt: { type: 'datetime', columnType: 'timestamptz' },
    metadata: { ...jsonObjectProperty },
  },
  indexes: [
    { name: 'work_session_transition_session_id_event_at_id_index', properties: ['session', 'eventAt', 'id'] },
    { name: 'work_session_transition_ticket_id_id_index', properties: ['ticket', 'id'] },
    // The audit feed's keyset walk, also per actor.
    { name: 'work_session_transition_event_at_id_index', properties: ['eventAt', 'id'] },
    { name: 'work_session_transition_actor_id_event_at_id_index', properties: ['actor', 'eventAt', 'id'] },
  ],
});

// ---------------------------------------------------------------- XpTransaction

/**
 * Append-only XP ledger. `reference` is unique, so a repeated write (same business key) conflicts
 * instead of double-counting; the database rejects UPDATE and DELETE.
 */
export interface XpTransaction {
  id: number;
  user: User;
  /** Signed. */
  amount: number;
  entryType: XpEntryType;
  reference: string;
  description: Opt<string>;
  payload: Opt<JsonObject>;
  createdAt: Opt<Date>;
}

export const XpTransaction = new EntitySchema<XpTransaction>({
  name: 'XpTransaction',
  tableName: 'xp_transaction',
  properties: {
    id: { ...idProperty },
    user: { kind: 'm:1', entity: () => 'User', ...noCascade },
    amount: { type: 'integer' },
    entryType: { enum: true, items: [...XP_ENTRY_TYPES] },
    reference: { type: 'text', unique: 'xp_transaction_reference_unique' },
    description: { type: 'text', ...withDefault('') },
    payload: { ...jsonObjectProperty },
    createdAt: { ...createdAtProperty },
  },
  indexes: [
    {
      name: 'xp_transaction_user_id_id_index',
      expression: 'create index "xp_transaction_user_id_id_index" on "xp_transaction" ("user_id", "id" desc)',
    },
    {
      name: 'xp_transaction_user_id_ticket_id_index',
      expression: `create index "xp_transaction_user_id_ticket_id_index" on "xp_transaction" ("user_id", (payload ->> 'ticket_id'))`,
    },
    // Ledger reads (reads/xp-ledger.ts) and the audit feed.
    { name: 'xp_transaction_created_at_id_index', properties: ['createdAt', 'id'] },
    { name: 'xp_transaction_user_id_created_at_id_index', properties: ['user', 'createdAt', 'id'] },
    { name: 'xp_transaction_amount_id_index', properties: ['amount', 'id'] },
    { name: 'xp_transaction_entry_type_created_at_id_index', properties: ['entryType', 'createdAt', 'id'] },
    {
      name: 'xp_transaction_ticket_id_id_index',
      expression: `create index "xp_transaction_ticket_id_id_index" on "xp_transaction" ((payload ->> 'ticket_id'), "id")`,
    },
    {
      name: 'xp_transaction_reference_pattern_index',
      expression:
        'create index "xp_transaction_reference_pattern_index" on "xp_transaction" ("reference" text_pattern_ops)',
    },
  ],
});

// ---------------------------------------------------------------- RulesConfig

export const RULES_CONFIG_ACTIONS = ['bootstrap', 'update', 'rollback'] as const;
export type RulesConfigAction = (typeof RULES_CONFIG_ACTIONS)[number];

/** Versioned rules (§7). At most one row is active (partial unique index on is_active). */
export interface RulesConfig {
  id: number;
  version: number;
  config: JsonObject;
  checksum: string;
  diff: Opt<JsonObject>;
  action: RulesConfigAction;
  isActive: Opt<boolean>;
  createdBy?: User | null;
  createdAt: Opt<Date>;
}

export const RulesConfig = new EntitySchema<RulesConfig>({
  name: 'RulesConfig',
  tableName: 'rules_config',
  properties: {
    id: { ...idProperty },
    version: { type: 'integer', unique: 'rules_config_version_unique' },
    config: { type: 'json' },
    checksum: { type: 'text' },
    diff: { ...jsonObjectProperty },
    action: { enum: true, items: [...RULES_CONFIG_ACTIONS] },
    isActive: { type: 'boolean', ...withDefault(false) },
    createdBy: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    createdAt: { ...createdAtProperty },
  },
  checks: [{ name: 'rules_config_version_check', expression: 'version > 0' }],
  indexes: [
    {
      name: 'rules_config_one_active',
      expression: 'create unique index "rules_config_one_active" on "rules_config" ("is_active") where is_active',
    },
  ],
});
