import { EntitySchema, type Opt } from '@mikro-orm/core';
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
import type { Ticket } from './workshop';

/** pending → sent (Telegram took it), skipped (blocked or refused), dropped (the ticket is gone, or moot). */
export const NOTIFICATION_DELIVERY_STATUSES = ['pending', 'sent', 'skipped', 'dropped'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

// ---------------------------------------------------------------- NotificationOutbox

/**
 * One ticket notification to one recipient's chat, written with the transition that caused it and
 * delivered in id order per chat (see src/notify/outbox).
 */
export interface NotificationOutbox {
  id: number;
  chatId: number;
  user: User;
  ticket: Ticket;
  /** The recipient's language when it was queued. */
  locale: string;
  event: string;
  /** `notif:<ticket>:<event>:<at>`: one row per (notification, chat). */
  notificationKey: string;
  /** The TicketNotification itself. */
  payload: Opt<JsonObject>;
  status: Opt<NotificationDeliveryStatus>;
  attempts: Opt<number>;
  lastError?: string | null;
  createdAt: Opt<Date>;
  sentAt?: Date | null;
}

export const NotificationOutbox = new EntitySchema<NotificationOutbox>({
  name: 'NotificationOutbox',
  tableName: 'notification_outbox',
  properties: {
    id: { ...idProperty },
    chatId: { type: bigintAsNumber() },
    user: { kind: 'm:1', entity: () => 'User', ...noCascade },
    ticket: { kind: 'm:1', entity: () => 'Ticket', ...noCascade },
    locale: { type: 'text' },
    event: { type: 'text' },
    notificationKey: { type: 'text' },
    payload: { ...jsonObjectProperty },
    status: { enum: true, items: [...NOTIFICATION_DELIVERY_STATUSES], ...withDefault('pending') },
    attempts: { type: 'integer', ...withDefault(0) },
    lastError: { type: 'text', nullable: true },
    createdAt: { ...createdAtProperty },
    sentAt: { ...nullableTimestampProperty },
  },
  uniques: [{ name: 'notification_outbox_notification_key_chat_id_unique', properties: ['notificationKey', 'chatId'] }],
  indexes: [
    {
      name: 'notification_outbox_pending_per_chat',
      expression: `create index "notification_outbox_pending_per_chat" on "notification_outbox" ("chat_id", "id") where status = 'pending'`,
    },
    { name: 'notification_outbox_user_id_index', properties: ['user'] },
    { name: 'notification_outbox_ticket_id_index', properties: ['ticket'] },
  ],
});
