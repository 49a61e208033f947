// NotificationChatWorkflow (`notify-chat-<chat id>`): the one delivery lane of a chat's ticket
// notifications. Transitions write their notifications to the Postgres outbox in their own
// transaction (one row per recipient chat, ids in commit order); after the commit the notifying
// activity signals-with-start the lane of each recipient's chat. The lane runs one activity at a
// time that sends that chat's queued rows in id order and stops at the first Telegram failure to
// retry (5xx and network errors with backoff, 429 after exactly retry_after, for as long as it
// takes), so a chat never sees notification 3 before 1 — across tickets too, which per-ticket
// workflows could not promise. Other chats' lanes go on meanwhile.
//
// Why this design: the outbox row written with the transition fixes the order and survives
// everything; a workflow per chat gives the single, durable, unlimited-retry sender per chat
// without a lock (Temporal runs one execution per id, and it runs one activity at a time), and the
// Web UI shows each lane with its failing attempt. A lane with nothing to do for a while completes;
// the next signal-with-start opens a new run. The signal carries nothing: the outbox is the queue.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DELIVERY_OPTIONS } from './activity-options';
import { notificationsQueuedSignal, type NotificationChatInput } from '../src/contracts/notification-chat';

/** A lane with nothing queued for this long completes. */
export const CHAT_LANE_IDLE_MS = 30 * 60_000;

const lane = wf.proxyActivities<Activities>(DELIVERY_OPTIONS);

export async function notificationChatWorkflow(input: NotificationChatInput): Promise<void> {
  // Started by a signal-with-start: there is something to deliver.
  let queued = true;
  wf.setHandler(
    notificationsQueuedSignal,
    () => {
      queued = true;
    },
    { description: 'Notifications were queued for this chat' },
  );

  for (;;) {
    await wf.condition(() => queued, CHAT_LANE_IDLE_MS);
    // A signal handled in the same activation as the idle timer still counts.
    if (!queued) return;
    queued = false;
    const { more } = await lane.deliverChatNotifications.executeWithOptions(
      { summary: `deliver queued notifications to chat ${input.chatId}` },
      [{ chatId: input.chatId }],
    );
    if (more) queued = true;
    if (wf.workflowInfo().continueAsNewSuggested) {
      // The handler is synchronous; the new run starts with `queued` set, so nothing is lost.
      await wf.continueAsNew<typeof notificationChatWorkflow>(input);
    }
  }
}
