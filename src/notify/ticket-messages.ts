// Copies of a ticket's actionable messages (table `ticket_message`). A ticket's buttons live on
// several messages at once: the QC notification of every inspector and admin, the technician's
// "new ticket" card, cards and panels opened from lists, review cards of several staff. When one
// person decides, the others' copies must not keep live buttons. So:
//
// - every such message is recorded when it is sent (the notifier) or drawn (the bot), with whom it
//   was drawn for, how to draw it again (`kind` + `context`) and what it shows (`fingerprint`: the
//   ticket's status and the keyboard); a message that comes to show something else is forgotten;
//   a change committed between a copy's drawing and its record queues that chat a refresh too;
// - every change to a ticket (a transition, an approval, manual metrics, a work-session action,
//   the pause budget's auto-resume) queues, in its own transaction, one `ticket_refresh` row in the
//   notification outbox for each chat holding a copy (`queueTicketRefresh`, through the notifier's
//   `queueRefresh`), so the chat's lane (workflows/notification-chat.ts) edits those copies after
//   the commit, durably, retried, in order with that chat's notifications; a copy already showing
//   the current state is not edited again, nor is the message of the press that made the change
//   (the press edits it itself).
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { PressedMessage } from '../contracts/messages';
import type { JsonObject, TicketMessageKind } from '../db/entities';
import { sql, sqlRun } from '../db/sql';
import type { TicketStatus } from '../domain';
import { queueDeliveries } from './outbox';

/**
 * The event of a refresh row in the notification outbox (one per chat holding copies of the
 * ticket). Not a TicketNotification: nothing is sent, the chat's copies are edited.
 */
export const TICKET_REFRESH_EVENT = 'ticket_refresh';

/** Whether an outbox row is a refresh of the chat's copies rather than a notification to send. */
export const isTicketRefresh = (payload: { event: string }): boolean => payload.event === TICKET_REFRESH_EVENT;

/**
 * What a drawn message shows: the ticket's status, the text (metrics, approval) and the buttons,
 * digested to a fixed size.
 */
export function fingerprintOf(
  status: TicketStatus,
  view: { text: string; reply_markup?: InlineKeyboardMarkup | undefined },
): string {
  const shown = JSON.stringify([view.text, view.reply_markup?.inline_keyboard ?? []]);
  return `${status}|${createHash('sha1').update(shown).digest('base64url')}`;
}

export interface TicketMessageRecord {
  ticketId: number;
  chatId: number;
  messageId: number;
  userId: number;
  locale: string;
  kind: TicketMessageKind;
  context: JsonObject;
  fingerprint: string;
}

/** The ticket status a fingerprint was drawn with. */
const statusOf = (fingerprint: string): string => fingerprint.slice(0, fingerprint.indexOf('|'));

/**
 * Records (or re-records) what a message shows now; whether the chat got a refresh because the
 * ticket had moved on since the message was drawn. One statement, holding the ticket's row lock: a
 * change committed after it finds this copy and refreshes it, and one committed between the
 * drawing and this record (its refresh could not see the copy) shows in the status read here, so
 * the chat's refresh is queued now. The caller wakes the chat's lane for it, unless it is that lane.
 */
export async function recordTicketMessage(em: EntityManager, r: TicketMessageRecord): Promise<boolean> {
  const [ticket] = await sql<{ status: TicketStatus }>(
    em,
    `with locked as (select status from ticket where id = ? for share),
          recorded as (
            insert into ticket_message (ticket_id, chat_id, message_id, user_id, locale, kind, context, fingerprint)
            values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            on conflict (chat_id, message_id) do update
              set ticket_id = excluded.ticket_id, user_id = excluded.user_id, locale = excluded.locale,
                  kind = excluded.kind, context = excluded.context, fingerprint = excluded.fingerprint,
                  updated_at = now())
     select status from locked`,
    [
      r.ticketId,
      r.ticketId,
      r.chatId,
      r.messageId,
      r.userId,
      r.locale,
      r.kind,
      JSON.stringify(r.context),
      r.fingerprint,
    ],
  );
  if (!ticket || ticket.status === statusOf(r.fingerprint)) return false;
  // The chat's recipient is this record's: no need to read it back.
  await queueRefreshRow(
    em,
    r.ticketId,
    Date.now(),
    null,
    { chat_id: r.chatId, user_id: r.userId, locale: r.locale },
    {},
  );
  return true;
}

/** The message shows something else now (a list, a picker) or is gone: no more refreshes for it. */
export async function forgetTicketMessage(em: EntityManager, chatId: number, messageId: number): Promise<void> {
  await sqlRun(em, 'delete from ticket_message where chat_id = ? and message_id = ?', [chatId, messageId]);
}

/** A refresh drew it again. */
export async function updateFingerprint(em: EntityManager, id: number, fingerprint: string): Promise<void> {
  await sqlRun(em, 'update ticket_message set fingerprint = ?, updated_at = now() where id = ?', [fingerprint, id]);
}

export interface StoredTicketMessage extends TicketMessageRecord {
  id: number;
}

/** The ticket's copies in one chat, oldest first. */
export async function ticketMessagesIn(
  em: EntityManager,
  ticketId: number,
  chatId: number,
): Promise<StoredTicketMessage[]> {
  const found = await sql<{
    id: number;
    message_id: number;
    user_id: number;
    locale: string;
    kind: TicketMessageKind;
    context: JsonObject | string;
    fingerprint: string;
  }>(
    em,
    `select id, message_id, user_id, locale, kind, context, fingerprint from ticket_message
      where ticket_id = ? and chat_id = ? order by id`,
    [ticketId, chatId],
  );
  return found.map((r) => ({
    id: Number(r.id),
    ticketId,
    chatId,
    messageId: Number(r.message_id),
    userId: Number(r.user_id),
    locale: r.locale,
    kind: r.kind,
    context: (typeof r.context === 'string' ? JSON.parse(r.context) : r.context) as JsonObject,
    fingerprint: r.fingerprint,
  }));
}

/** The keys of a refresh row's `details`: the message its lane leaves to the press that made the change. */
export type TicketRefreshDetails = {
  pressedMessageId?: number;
};

/**
 * Queues one refresh row per chat holding copies of the ticket, in the caller's transaction (see
 * the module comment). `at` makes it one refresh per transition; `actorId` is who made it.
 *
 * `pressed`: the message of the bot press that made the change, which the press edits itself from
 * the update's view (and records). A chat whose only copy is that message gets no row, so no lane
 * wakes for it; the row of the presser's chat holding other copies names it, and its lane edits
 * only the others (see the notifier's refreshCopies).
 */
export async function queueTicketRefresh(
  em: EntityManager,
  ticketId: number,
  at: number,
  actorId: number | null = null,
  pressed?: PressedMessage,
): Promise<number> {
  const chats = await sql<RefreshedChat>(
    em,
    `select distinct on (chat_id) chat_id, user_id, locale from ticket_message
      where ticket_id = ? and (chat_id, message_id) is distinct from (?::bigint, ?::int)
      order by chat_id, id desc`,
    [ticketId, pressed?.chatId ?? null, pressed?.messageId ?? null],
  );
  for (const c of chats) {
    const details: TicketRefreshDetails =
      pressed && Number(c.chat_id) === pressed.chatId ? { pressedMessageId: pressed.messageId } : {};
    await queueRefreshRow(em, ticketId, at, actorId, c, details);
  }
  return chats.length;
}

/**
 * Queues a refresh of the ticket's copies in one chat alone, pressed message included: the press
 * whose own edit of it failed hands it to the chat's lane (see the bot's ticket-copies).
 */
export async function queueChatRefresh(
  em: EntityManager,
  ticketId: number,
  chatId: number,
  at: number,
): Promise<boolean> {
  const [chat] = await sql<RefreshedChat>(
    em,
    `select chat_id, user_id, locale from ticket_message where ticket_id = ? and chat_id = ? order by id desc limit 1`,
    [ticketId, chatId],
  );
  if (chat) await queueRefreshRow(em, ticketId, at, null, chat, {});
  return chat !== undefined;
}

interface RefreshedChat {
  chat_id: string | number;
  user_id: number;
  locale: string;
}

async function queueRefreshRow(
  em: EntityManager,
  ticketId: number,
  at: number,
  actorId: number | null,
  chat: RefreshedChat,
  details: TicketRefreshDetails,
): Promise<void> {
  await queueDeliveries(em, { event: TICKET_REFRESH_EVENT, ticketId, actorId, at, details }, [
    { chatId: Number(chat.chat_id), userId: Number(chat.user_id), locale: chat.locale },
  ]);
}
