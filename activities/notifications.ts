import { Context } from '@temporalio/activity';
import type { RedisClient } from '../src/redis';
import { type AdminNotification, publishAdminNotification } from '../src/notify/admin-stream';
import type { TicketNotifier } from '../src/notify/notifier';
import type { TicketNotification } from '../src/contracts/tickets';
import { adminReportKey } from '../src/redis/keys';

/** How long a written admin report is remembered against a retried activity writing it twice. */
const REPORT_DEDUPE_TTL_SECONDS = 2 * 24 * 60 * 60;

export function createNotificationActivities(deps: { ticketNotifier: TicketNotifier; redis: RedisClient }) {
  return {
    /** Sends one ticket notification after its transition committed; retried by the workflow's policy. */
    async notifyTicket(notification: TicketNotification): Promise<void> {
      await deps.ticketNotifier.notify(notification);
    },

    /**
     * One round of a chat's notification lane (workflows/notification-chat.ts): sends the chat's
     * queued notifications in order; fails (to be retried by the lane) at the first that Telegram
     * did not take. Heartbeats while it sends or waits, like every activity.
     */
    async deliverChatNotifications(params: { chatId: number }): Promise<{ more: boolean }> {
      return (await deps.ticketNotifier.deliverChat?.(params.chatId)) ?? { more: false };
    },

    /**
     * Writes one entry to the admin notifications stream (e.g. a notification that exhausted its
     * retries); the app process delivers it to the admins. Written once per activity, however often
     * it is retried.
     */
    async reportToAdmins(entry: AdminNotification): Promise<void> {
      const { workflowExecution, activityId } = Context.current().info;
      const key = adminReportKey(workflowExecution?.runId ?? 'standalone', activityId);
      if ((await deps.redis.set(key, '1', 'EX', REPORT_DEDUPE_TTL_SECONDS, 'NX')) !== 'OK') return;
      try {
        await publishAdminNotification(deps.redis, entry);
      } catch (err) {
        await deps.redis.del(key);
        throw err;
      }
    },
  };
}
