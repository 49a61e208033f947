// The ticket notification outbox (table `notification_outbox`): one row per (notification,
// recipient chat), inserted in the transaction of the transition that caused it, so row ids follow
// commit order (a ticket's transitions are serialized by its row lock; transitions of different
// tickets are ordered by their commits). Each chat's lane (workflows/notification-chat.ts) sends
// the chat's pending rows in id order and marks them; nothing here talks to Telegram.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { TicketNotification } from '../contracts/tickets';
import type { NotificationDeliveryStatus } from '../db/entities';
import { sql, sqlRun } from '../db/sql';
import {
  type NotificationChatInput,
  notificationChatWorkflowId,
  notificationsQueuedSignal,
} from '../contracts/notification-chat';
import { notificationKey } from '../redis/keys';

export interface OutboxRecipient {
  userId: number;
  chatId: number;
  locale: string;
}

/** What a row carries: a ticket notification, or a refresh of the chat's copies (ticket-messages.ts). */
export type OutboxEntry = Omit<TicketNotification, 'event' | 'queued'> & { event: string };

/** Queues a notification for its recipients; a row already queued for a chat stays as it is. */
export async function queueDeliveries(
  em: EntityManager,
  notification: OutboxEntry,
  recipients: readonly OutboxRecipient[],
): Promise<void> {
  const payload = JSON.stringify({ ...notification, queued: true });
  for (const r of recipients) {
    await sqlRun(
      em,
      `insert into notification_outbox (chat_id, user_id, ticket_id, locale, event, notification_key, payload)
       values (?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (notification_key, chat_id) do nothing`,
      [r.chatId, r.userId, notification.ticketId, r.locale, notification.event, notificationKey(notification), payload],
    );
  }
}

/** Whether the notification was ever queued (for anyone). */
export async function isQueued(em: EntityManager, key: string): Promise<boolean> {
  const found = await sql(em, 'select 1 from notification_outbox where notification_key = ? limit 1', [key]);
  return found.length > 0;
}

/** The chats a notification was queued for, in queue order. */
export async function chatsOf(em: EntityManager, key: string): Promise<number[]> {
  const found = await sql<{ chat_id: string | number }>(
    em,
    'select chat_id from notification_outbox where notification_key = ? order by id',
    [key],
  );
  return found.map((r) => Number(r.chat_id));
}

/**
 * Every chat still waiting for any notification of the ticket: one transition queues several
 * notifications (the master's, the technician's), and waking all their lanes at the first lets
 * each chat have its own at once instead of after the others were delivered.
 */
export async function pendingChatsOfTicket(em: EntityManager, ticketId: number): Promise<number[]> {
  const found = await sql<{ chat_id: string | number }>(
    em,
    `select chat_id from notification_outbox where ticket_id = ? and status = 'pending'
      group by chat_id order by min(id)`,
    [ticketId],
  );
  return found.map((r) => Number(r.chat_id));
}

export interface PendingDelivery {
  chatId: number;
  attempts: number;
  lastError: string | null;
}

/** The chats still waiting for this notification. */
export async function pendingOf(em: EntityManager, key: string): Promise<PendingDelivery[]> {
  const found = await sql<{ chat_id: string | number; attempts: number; last_error: string | null }>(
    em,
    `select chat_id, attempts, last_error from notification_outbox
      where notification_key = ? and status = 'pending' order by id`,
    [key],
  );
  return found.map((r) => ({ chatId: Number(r.chat_id), attempts: Number(r.attempts), lastError: r.last_error }));
}

export interface QueuedDelivery {
  id: number;
  chatId: number;
  userId: number;
  locale: string;
  notificationKey: string;
  notification: TicketNotification;
  /** When the transition queued it (epoch ms). */
  queuedAt: number;
}

/** The chat's oldest pending row: the only one its lane may send now. */
export async function nextPending(em: EntityManager, chatId: number): Promise<QueuedDelivery | null> {
  const [row] = await sql<{
    id: number;
    chat_id: string | number;
    user_id: number;
    locale: string;
    notification_key: string;
    payload: TicketNotification | string;
    created_at: Date | string;
  }>(
    em,
    `select id, chat_id, user_id, locale, notification_key, payload, created_at from notification_outbox
      where chat_id = ? and status = 'pending' order by id limit 1`,
    [chatId],
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    chatId: Number(row.chat_id),
    userId: Number(row.user_id),
    locale: row.locale,
    notificationKey: row.notification_key,
    notification: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as TicketNotification,
    queuedAt: new Date(row.created_at).getTime(),
  };
}

/** A row's final state (the lane moves on to the next). */
export async function settle(
  em: EntityManager,
  id: number,
  status: Exclude<NotificationDeliveryStatus, 'pending'>,
  note: string | null = null,
): Promise<void> {
  await sqlRun(
    em,
    `update notification_outbox
        set status = ?, attempts = attempts + 1, last_error = coalesce(?, last_error),
            sent_at = case when ? = 'sent' then now() else sent_at end
      where id = ? and status = 'pending'`,
    [status, note, status, id],
  );
}

/** A failed attempt on a row that stays pending (the lane retries it, and only then the rest). */
export async function recordFailure(em: EntityManager, id: number, error: string): Promise<void> {
  await sqlRun(em, 'update notification_outbox set attempts = attempts + 1, last_error = ? where id = ?', [
    error.slice(0, 500),
    id,
  ]);
}

/**
 * Wakes each chat's lane (starting it when it is not running). A lost wake-up delays a chat only
 * until its next one: the rows wait in the outbox meanwhile.
 */
export async function wakeChatLanes(temporal: Client, taskQueue: string, chatIds: readonly number[]): Promise<void> {
  // Together: each lane orders only its own chat's rows, and a press waits for these wakes.
  await Promise.all(
    [...new Set(chatIds)].map((chatId) =>
      temporal.workflow.signalWithStart('notificationChatWorkflow', {
        workflowId: notificationChatWorkflowId(chatId),
        taskQueue,
        args: [{ chatId } satisfies NotificationChatInput],
        signal: notificationsQueuedSignal,
        signalArgs: [],
        staticSummary: `Ticket notifications to chat ${chatId}`,
      }),
    ),
  );
}
