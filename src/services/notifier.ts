import type { TicketNotification } from '../../activities/tickets';
import type { Logger } from '../logger';

/**
 * The port ticket notifications leave through. The bot connects its Telegram implementation;
 * without a bot they are logged. Implementations throw to have the activity retry.
 */
export interface TicketNotifier {
  notify(notification: TicketNotification): Promise<void>;
}

export function loggingTicketNotifier(logger: Logger): TicketNotifier {
  return {
    async notify(notification) {
      logger.info({ ticket_id: notification.ticketId, notification }, 'ticket notification (no bot connected)');
    },
  };
}
