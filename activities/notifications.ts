import type { TicketNotifier } from '../src/services/notifier';
import type { TicketNotification } from './tickets';

export function createNotificationActivities(deps: { ticketNotifier: TicketNotifier }) {
  return {
    /** Sends one ticket notification after its transition committed; retried by the workflow's policy. */
    async notifyTicket(notification: TicketNotification): Promise<void> {
      await deps.ticketNotifier.notify(notification);
    },
  };
}
