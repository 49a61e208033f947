// The per-chat notification lane's id, signal and input (workflows/notification-chat.ts runs it).
import { defineSignal } from '@temporalio/workflow';

export const notificationChatWorkflowId = (chatId: number): string => `notify-chat-${chatId}`;

/** Something was queued for the chat: drain the outbox again. */
export const notificationsQueuedSignal = defineSignal('notificationsQueued');

export interface NotificationChatInput {
  chatId: number;
}
