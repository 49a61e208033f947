// The ticket workflow's own notifications: those it still sends through an activity, and its QC
// waiting SLA's. From the TICKET_NOTIFICATIONS_IN_LANES patch on, a transition's notifications never
// pass through here: its transaction queues them in the outbox and wakes the recipients' chat lanes
// (workflows/notification-chat.ts), which deliver, retry and report to the admins. So a notifying
// transition costs the ticket's history nothing beyond its update. Left here: notifications a
// notifier without an outbox did not queue (a test's recording notifier), the QC SLA's reminder and
// breach (raised by a timer, not a transition), and every notification of runs recorded before.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { undeliveredNotificationReport, type TicketNotification } from '../src/contracts/tickets';
import { NOTIFICATION_OPTIONS } from './activity-options';

/** From this patch on, a transition's queued notifications are the chat lanes' (see the module comment). */
export const TICKET_NOTIFICATIONS_IN_LANES = 'ticket-notifications-in-lanes';

const notifications = wf.proxyActivities<Activities>(NOTIFICATION_OPTIONS);

type SlaNotificationEvent = 'ticket_qc_sla_reminder' | 'ticket_qc_sla_breached';

export class TicketNotifications {
  private readonly due: TicketNotification[] = [];

  constructor(
    private readonly ticketId: () => number,
    /** A transition's notifications go out together (one workflow task), not one after the other. */
    private readonly together: boolean,
    /** Notifications already queued in the outbox are the chat lanes' to deliver. */
    private readonly queuedAreLanes: boolean,
  ) {}

  get pending(): boolean {
    return this.due.length > 0;
  }

  /** A transition's notifications, as its transaction returned them. */
  addFromTransition(result: readonly TicketNotification[]): void {
    this.due.push(...(this.queuedAreLanes ? result.filter((n) => !n.queued) : result));
  }

  /** A QC waiting SLA stage passed: its notification (recipients resolved when it is sent). */
  addSla(event: SlaNotificationEvent, waitingSince: number | null): void {
    this.due.push({
      event,
      ticketId: this.ticketId(),
      actorId: null,
      at: Date.now(),
      details: { waitingMinutes: waitingSince === null ? 0 : Math.round((Date.now() - waitingSince) / 60_000) },
    });
  }

  async sendDue(): Promise<void> {
    const due = this.due.splice(0);
    if (this.together) await Promise.all(due.map((n) => this.send(n)));
    else for (const notification of due) await this.send(notification);
  }

  private async send(notification: TicketNotification): Promise<void> {
    try {
      await notifications.notifyTicket.executeWithOptions({ summary: `notify ${notification.event}` }, [notification]);
    } catch (err) {
      // Retries are exhausted: the admins hear about it through their stream. The ticket goes on.
      wf.log.warn('notification not delivered', { event: notification.event, error: String(err) });
      if (wf.patched('report-undelivered-notifications')) {
        const cause = err instanceof wf.ActivityFailure && err.cause ? err.cause.message : String(err);
        // Activity input only: replay-safe.
        await notifications.reportToAdmins
          .executeWithOptions({ summary: `report undelivered ${notification.event}` }, [
            undeliveredNotificationReport(this.ticketId(), notification.event, cause),
          ])
          .catch((reportErr: unknown) => wf.log.error('admin report failed', { error: String(reportErr) }));
      }
    }
  }
}
