import type { EntityManager } from '@mikro-orm/postgresql';
import type { PressedMessage } from '../contracts/messages';
import type { TicketNotification } from '../contracts/tickets';
import type { Logger } from '../logger';

/**
 * The port ticket notifications leave through. The bot connects its Telegram implementation;
 * without a bot they are logged. Implementations throw to have the activity retry.
 */
export interface TicketNotifier {
  /**
   * Inside the transaction of the transition that caused them: records who gets each notification
   * (the outbox), so every chat receives its notifications in commit order. Returns them marked
   * `queued`. Optional: a notifier without it resolves recipients in `notify`.
   */
  queue?(em: EntityManager, notifications: TicketNotification[]): Promise<TicketNotification[]>;
  /**
   * Inside the transaction of any change to the ticket (after its notifications were queued):
   * queues the edit of every copy of the ticket's actionable messages to the state being committed.
   * `actorId`: who made the change; `pressed`: the message of the bot press that made it, which the
   * press edits itself (not queued for its lane). Resolves with how many chats got a refresh queued.
   */
  queueRefresh?(
    em: EntityManager,
    ticketId: number,
    at: number,
    actorId?: number | null,
    pressed?: PressedMessage,
  ): Promise<number>;
  /**
   * After such a commit, when no notification's `notify` follows to do it: wakes the chats holding
   * the ticket's queued refreshes. Throws to have the activity retry.
   */
  refresh?(ticketId: number): Promise<void>;
  /** After the commit: delivers one notification (or waits until its chats' lanes have). */
  notify(notification: TicketNotification): Promise<void>;
  /**
   * One chat's lane: delivers its queued notifications in order, stopping at the first one that
   * has to be retried. `more` when it stopped for time with some still queued.
   */
  deliverChat?(chatId: number): Promise<{ more: boolean }>;
}

export function loggingTicketNotifier(logger: Logger): TicketNotifier {
  return {
    async notify(notification) {
      logger.info({ ticket_id: notification.ticketId, notification }, 'ticket notification (no bot connected)');
    },
  };
}
