import { EntitySchema, type Opt } from '@mikro-orm/core';
import {
  EVENT_ACTORS,
  type EventActor,
  FEEDBACK_STATUSES,
  type FeedbackStatus,
  SUPPORT_TICKET_STATUSES,
  type SupportTicketStatus,
} from '../../domain/enums';
import type { User } from './accounts';
import {
  bigintAsNumber,
  createdAtProperty,
  idProperty,
  type JsonObject,
  jsonObjectProperty,
  nullableTimestampProperty,
  withDefault,
  noCascade,
} from './common';

// ---------------------------------------------------------------- SupportTicket

/**
 * A client's conversation with the desk. At most one open (status <> 'closed') ticket per client,
 * enforced by a partial unique index.
 */
export interface SupportTicket {
  id: number;
  clientTelegramId: number;
  /** Snapshot of the client's name when the ticket was opened. */
  clientName: Opt<string>;
  clientUsername?: string | null;
  status: Opt<SupportTicketStatus>;
  /** The staff forum group and the ticket's topic in it. */
  mainChatId: number;
  mainThreadId?: number | null;
  technician?: User | null;
  /** Temporal workflow id (`support-<id>`); set once known. */
  workflowId?: string | null;
  firstResponseAt?: Date | null;
  slaBreachedAt?: Date | null;
  /** The client blocked the bot (403 on send). */
  clientBlockedAt?: Date | null;
  createdAt: Opt<Date>;
  closedAt?: Date | null;
}

export const SupportTicket = new EntitySchema<SupportTicket>({
  name: 'SupportTicket',
  tableName: 'support_ticket',
  properties: {
    id: { ...idProperty },
    clientTelegramId: { type: bigintAsNumber() },
    clientName: { type: 'text', ...withDefault('') },
    clientUsername: { type: 'text', nullable: true },
    status: { enum: true, items: [...SUPPORT_TICKET_STATUSES], ...withDefault('new') },
    mainChatId: { type: bigintAsNumber() },
    mainThreadId: { type: 'integer', nullable: true },
    technician: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    workflowId: { type: 'text', nullable: true, unique: 'support_ticket_workflow_id_unique' },
    firstResponseAt: { ...nullableTimestampProperty },
    slaBreachedAt: { ...nullableTimestampProperty },
    clientBlockedAt: { ...nullableTimestampProperty },
    createdAt: { ...createdAtProperty },
    closedAt: { ...nullableTimestampProperty },
  },
  indexes: [
    {
      name: 'support_ticket_one_open_per_client',
      expression: `create unique index "support_ticket_one_open_per_client" on "support_ticket" ("client_telegram_id") where status <> 'closed'`,
    },
    { name: 'support_ticket_client_telegram_id_status_index', properties: ['clientTelegramId', 'status'] },
    { name: 'support_ticket_technician_id_status_index', properties: ['technician', 'status'] },
    { name: 'support_ticket_main_chat_id_main_thread_id_index', properties: ['mainChatId', 'mainThreadId'] },
  ],
});

// ---------------------------------------------------------------- TechThread

/** The mirrored topic of a support ticket in a technician's group; one open per (ticket, technician). */
export interface TechThread {
  id: number;
  supportTicket: SupportTicket;
  technician: User;
  techChatId: number;
  techThreadId: number;
  createdAt: Opt<Date>;
  closedAt?: Date | null;
}

export const TechThread = new EntitySchema<TechThread>({
  name: 'TechThread',
  tableName: 'tech_thread',
  properties: {
    id: { ...idProperty },
    supportTicket: { kind: 'm:1', entity: () => 'SupportTicket', ...noCascade },
    technician: { kind: 'm:1', entity: () => 'User', ...noCascade },
    techChatId: { type: bigintAsNumber() },
    techThreadId: { type: 'integer' },
    createdAt: { ...createdAtProperty },
    closedAt: { ...nullableTimestampProperty },
  },
  indexes: [
    {
      name: 'tech_thread_one_open_per_ticket_technician',
      expression:
        'create unique index "tech_thread_one_open_per_ticket_technician" on "tech_thread" ("support_ticket_id", "technician_id") where closed_at is null',
    },
    { name: 'tech_thread_tech_chat_id_tech_thread_id_index', properties: ['techChatId', 'techThreadId'] },
    { name: 'tech_thread_technician_id_index', properties: ['technician'] },
  ],
});

// ---------------------------------------------------------------- MessageLink

/** A bridged message: source (chat, message) → one copy per target chat, for edits and replies. */
export interface MessageLink {
  id: number;
  supportTicket: SupportTicket;
  sourceChatId: number;
  sourceMessageId: number;
  targetChatId: number;
  targetThreadId?: number | null;
  targetMessageId: number;
  createdAt: Opt<Date>;
}

export const MessageLink = new EntitySchema<MessageLink>({
  name: 'MessageLink',
  tableName: 'message_link',
  properties: {
    id: { ...idProperty },
    supportTicket: { kind: 'm:1', entity: () => 'SupportTicket', ...noCascade },
    sourceChatId: { type: bigintAsNumber() },
    sourceMessageId: { type: 'integer' },
    targetChatId: { type: bigintAsNumber() },
    targetThreadId: { type: 'integer', nullable: true },
    targetMessageId: { type: 'integer' },
    createdAt: { ...createdAtProperty },
  },
  uniques: [
    {
      name: 'message_link_source_message_target_chat_unique',
      properties: ['sourceChatId', 'sourceMessageId', 'targetChatId'],
    },
  ],
  indexes: [
    { name: 'message_link_target_chat_id_target_message_id_index', properties: ['targetChatId', 'targetMessageId'] },
    { name: 'message_link_support_ticket_id_index', properties: ['supportTicket'] },
  ],
});

// ---------------------------------------------------------------- Feedback

/** The satisfaction survey of one support ticket: three scores 1..5 and an optional comment. */
export interface Feedback {
  id: number;
  supportTicket: SupportTicket;
  q1?: number | null;
  q2?: number | null;
  q3?: number | null;
  comment?: string | null;
  status: Opt<FeedbackStatus>;
  createdAt: Opt<Date>;
  completedAt?: Date | null;
}

export const Feedback = new EntitySchema<Feedback>({
  name: 'Feedback',
  tableName: 'feedback',
  properties: {
    id: { ...idProperty },
    supportTicket: {
      kind: 'm:1',
      entity: () => 'SupportTicket',
      unique: 'feedback_support_ticket_id_unique',
      ...noCascade,
    },
    q1: { type: 'smallint', nullable: true },
    q2: { type: 'smallint', nullable: true },
    q3: { type: 'smallint', nullable: true },
    comment: { type: 'text', nullable: true },
    status: { enum: true, items: [...FEEDBACK_STATUSES], ...withDefault('pending') },
    createdAt: { ...createdAtProperty },
    completedAt: { ...nullableTimestampProperty },
  },
  checks: [
    { name: 'feedback_q1_check', expression: 'q1 >= 1 and q1 <= 5' },
    { name: 'feedback_q2_check', expression: 'q2 >= 1 and q2 <= 5' },
    { name: 'feedback_q3_check', expression: 'q3 >= 1 and q3 <= 5' },
  ],
});

// ---------------------------------------------------------------- Event

/** Append-only audit log of the support desk (the database rejects UPDATE and DELETE). */
export interface Event {
  id: number;
  supportTicket?: SupportTicket | null;
  actor: EventActor;
  action: string;
  payload: Opt<JsonObject>;
  createdAt: Opt<Date>;
}

export const Event = new EntitySchema<Event>({
  name: 'Event',
  tableName: 'event',
  properties: {
    id: { ...idProperty },
    supportTicket: { kind: 'm:1', entity: () => 'SupportTicket', nullable: true, ...noCascade },
    actor: { enum: true, items: [...EVENT_ACTORS] },
    action: { type: 'text' },
    payload: { ...jsonObjectProperty },
    createdAt: { ...createdAtProperty },
  },
  indexes: [{ name: 'event_support_ticket_id_id_index', properties: ['supportTicket', 'id'] }],
});
