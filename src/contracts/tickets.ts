// The ticket persistence activity's parameters and results, and the ticket notifications it hands to the
// notifier: what workflows/ticket.ts sends across Temporal and the notifier reads back from the outbox.
import type { Actor, JsonObject, TicketCardFacts, TicketColor, TicketNotificationEvent, TicketState } from '../domain';
import type { PressedMessage, SessionSummary } from './messages';

export type TicketActionRequest = (
  | { action: 'approve_review'; actor: Actor }
  | { action: 'assign'; actor: Actor; technicianId: number }
  | { action: 'start'; actor: Actor }
  | { action: 'send_to_qc'; actor: Actor; metadata?: JsonObject }
  | { action: 'qc_pass'; actor: Actor; metadata?: JsonObject }
  | { action: 'qc_fail'; actor: Actor; reason: string | null; metadata?: JsonObject }
  | { action: 'manual_metrics'; actor: Actor; flagColor: TicketColor; xpAmount: number }
) & {
  /** The bot's pressed message (see PressedMessage); absent for API calls and in older histories. */
  pressed?: PressedMessage;
};

export interface ApplyTicketActionParams {
  ticketId: number;
  /** Unique per update (workflow id + update id): makes retries and repeated callbacks no-ops. */
  opKey: string;
  /** Workflow time of the action (epoch ms). */
  at: number;
  request: TicketActionRequest;
  /**
   * The session a start opens gets its workflow from this activity, after the commit and without
   * holding up the press (the ticket workflow then starts no child). Unset in histories recorded
   * before: their workflow started the child itself.
   */
  startsSessionWorkflow?: boolean;
  /**
   * The notifications this transaction queues are delivered by their chats' lanes, which this
   * activity wakes after the commit (the workflow sends none of them). Unset in histories recorded
   * before: their workflow's notify activity woke the lanes and waited for them.
   */
  wakesLanes?: boolean;
}

export type TicketNotificationKind = TicketNotificationEvent | 'ticket_qc_sla_reminder' | 'ticket_qc_sla_breached';

/** What the notifier needs; recipients and texts are resolved when it is sent. */
export interface TicketNotification {
  event: TicketNotificationKind;
  ticketId: number;
  /** Who caused it (excluded from recipients where the spec says so). */
  actorId: number | null;
  at: number;
  details: JsonObject;
  /** Its deliveries were queued with the transition (the notification outbox). */
  queued?: boolean;
}

/**
 * The admins' report of a ticket notification that could not be delivered: one shape whether a chat's
 * lane gives up waiting or an older run's notify activity ran out of retries. Rendered in each
 * admin's language from `params`; `text` is for readers of the raw stream.
 */
export function undeliveredNotificationReport(ticketId: number, event: string, cause: string) {
  return {
    type: 'notification_failed',
    severity: 'error' as const,
    ticketId,
    params: { id: String(ticketId), event, cause: cause.slice(0, 500) },
    text: `The "${event}" notification of ticket #${ticketId} was not delivered after all retries: ${cause}`,
  };
}

export interface ApplyTicketActionResult {
  ticket: TicketState;
  /** The session a start opened. */
  startedSession: SessionSummary | null;
  notifications: TicketNotification[];
  /** The ticket's latest work session as committed (the ticket workflow's view of it). */
  latestSession?: SessionSummary | null;
  /** The ticket's card as committed: the update returns it (absent in results recorded before). */
  card?: TicketCardFacts;
}
