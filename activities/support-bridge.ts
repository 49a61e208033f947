// The Telegram side of the support bridge. Each activity is one step of one destination lane: open
// the main topic, copy a message (or an album), follow an edit, post a note, retitle or close a
// topic, open a technician's mirrored topic. Failures: 429 waits exactly retry_after and 5xx /
// network errors retry with backoff (Temporal's retry, see telegramActivityFailure); a deleted topic
// is recreated and remapped, a closed one reopened, and the message sent again; a client who
// blocked the bot is marked (no endless retry); other 4xx answers are logged as events, not retried.
// Before sending, a delivery takes its messages from the destination chat's budget (Telegram's
// per-chat limits, see src/telegram/pacing); when it is spent the activity fails retryably
// with the wait as nextRetryDelay, so the lane keeps its order and nothing is dropped.
//
// Split by what they touch: the topic activities are here, over the topic helpers (./support-topics) and one
// route's delivery (./support-route); copies, edits and notes are in ./support-copies.
import { GrammyError } from 'grammy';
import { sql } from '../src/db/sql';
import { isTelegramRefusal, telegramActivityFailure } from '../src/telegram/delivery';
import { type SupportTechnician } from '../src/contracts/support';
import {
  fork,
  idempotent,
  isAlreadyDone,
  latestTechThread,
  loadTicket,
  routeKey,
  type SupportActivityDeps,
  type SupportRoute,
  topicTitle,
} from './support-shared';
import { recordEvent } from '../src/db/support-events';
import { createRouteDelivery, type DeliveryResult, isTopicGone } from './support-route';
import { createSupportCopyActivities } from './support-copies';
import { createSupportTopics } from './support-topics';

export interface EnsureTechTopicParams {
  ticketId: number;
  technician: SupportTechnician;
  assignedBy: string;
}

export function createSupportBridgeActivities(deps: SupportActivityDeps) {
  const topics = createSupportTopics(deps);
  const route = createRouteDelivery(deps, topics);
  const { onRoute } = route;
  const { pace, cardContent, postCard, historyPlan, createTechTopic, postTechIntro } = topics;

  return {
    ...createSupportCopyActivities(deps, route),

    /** The ticket's topic in the main group with the client card and the technician picker. */
    async openSupportMainTopic(params: { ticketId: number }): Promise<DeliveryResult> {
      return onRoute(params.ticketId, { kind: 'main' }, { action: 'open' }, async (c) => {
        const [card] = await sql<{ id: number }>(
          c.em,
          `select id from event where support_ticket_id = ? and action = 'card_posted'
             and (payload->>'thread_id')::int = ? limit 1`,
          [c.ticket.id, c.threadId],
        );
        if (card) return 'skipped';
        await c.pace(1);
        await postCard(c.api, c.em, c.ticket, c.threadId!);
        return 'sent';
      });
    },

    /** Gives the route's topic the title the ticket's state asks for (status, technician, overdue). */
    async retitleSupportTopic(params: { ticketId: number; route: SupportRoute }): Promise<DeliveryResult> {
      return onRoute(params.ticketId, params.route, { action: 'retitle' }, async (c) => {
        if (c.threadId === undefined) return 'skipped';
        const title = await topicTitle(deps, c.em, c.ticket);
        try {
          await c.api.editForumTopic(c.chatId, c.threadId, { name: title });
        } catch (err) {
          if (isAlreadyDone(err)) return 'skipped';
          throw err;
        }
        await recordEvent(c.em, c.ticket.id, 'SYSTEM', 'topic_retitled', { route: routeKey(params.route), title });
        return 'sent';
      });
    },

    /** Closes the route's topic; one that is gone or already closed needs nothing. */
    async closeSupportTopic(params: { ticketId: number; route: SupportRoute }): Promise<DeliveryResult> {
      const api = deps.telegram;
      if (!api || params.route.kind === 'client') return { status: 'skipped', threadId: null };
      const em = fork(deps);
      const ticket = await loadTicket(em, params.ticketId);
      const target =
        params.route.kind === 'main'
          ? { chatId: ticket.mainChatId, threadId: ticket.mainThreadId ?? null }
          : await latestTechThread(em, ticket.id, params.route.technicianId).then((thread) => ({
              chatId: thread?.techChatId ?? 0,
              threadId: thread?.techThreadId ?? null,
            }));
      if (target.threadId === null) return { status: 'skipped', threadId: null };
      try {
        await api.closeForumTopic(target.chatId, target.threadId);
      } catch (err) {
        if (isAlreadyDone(err) || isTopicGone(err)) return { status: 'skipped', threadId: target.threadId };
        if (isTelegramRefusal(err)) {
          await recordEvent(em, ticket.id, 'SYSTEM', 'delivery_failed', {
            route: routeKey(params.route),
            action: 'close_topic',
            error: err.description,
          });
          return { status: 'failed', threadId: target.threadId };
        }
        throw telegramActivityFailure(err);
      }
      await recordEvent(em, ticket.id, 'SYSTEM', 'topic_closed', {
        route: routeKey(params.route),
        thread_id: target.threadId,
      });
      return { status: 'sent', threadId: target.threadId };
    },

    /**
     * Redraws the ticket's cards for its state now (after an assignment: "assigned to X" with
     * reassign and close; after the close: closed, no buttons), so no stale picker is left.
     */
    async finalizeSupportCard(params: { ticketId: number }): Promise<void> {
      const api = deps.telegram;
      if (!api) return;
      const em = fork(deps);
      const ticket = await loadTicket(em, params.ticketId);
      const cards = await sql<{ id: number }>(
        em,
        `select (payload->>'message_id')::int as id from event
          where support_ticket_id = ? and action = 'card_posted' order by id`,
        [ticket.id],
      );
      if (cards.length === 0) return;
      const { text, markup } = await cardContent(em, ticket);
      for (const card of cards) {
        try {
          await idempotent(() =>
            api.editMessageText(ticket.mainChatId, Number(card.id), text, {
              parse_mode: 'HTML',
              ...(markup ? { reply_markup: markup } : {}),
            }),
          );
        } catch (err) {
          if (err instanceof GrammyError && err.error_code === 400) continue;
          throw telegramActivityFailure(err);
        }
      }
    },

    /**
     * The assigned technician's mirrored topic: reused (reopened) when they had one in this group,
     * created otherwise; then the intro and the client's messages so far.
     */
    async ensureSupportTechTopic(params: EnsureTechTopicParams): Promise<DeliveryResult> {
      const api = deps.telegram;
      if (!api) return { status: 'skipped', threadId: null };
      const { technician } = params;
      const em = fork(deps);
      const ticket = await loadTicket(em, params.ticketId);
      try {
        // The intro and the history so far, taken from the group's budget before the topic opens.
        const existing = await latestTechThread(em, ticket.id, technician.id);
        const reusable = existing && existing.techChatId === technician.groupChatId ? existing.techThreadId : null;
        const history = await historyPlan(em, ticket, technician.groupChatId, reusable);
        await pace(technician.groupChatId, 1 + history.count);
        if (existing && existing.techChatId === technician.groupChatId) {
          let threadId = existing.techThreadId;
          let gone = false;
          if (existing.closedAt) {
            try {
              await idempotent(() => api.reopenForumTopic(existing.techChatId, existing.techThreadId));
            } catch (err) {
              if (!isTopicGone(err)) throw err;
              gone = true;
            }
            if (!gone) {
              existing.closedAt = null;
              await em.flush();
            }
          }
          if (gone) {
            threadId = await createTechTopic(
              api,
              em,
              ticket,
              technician.id,
              existing.techChatId,
              existing,
              params.assignedBy,
            );
          } else {
            await recordEvent(em, ticket.id, 'SYSTEM', 'tech_topic_reused', {
              technician_id: technician.id,
              thread_id: threadId,
            });
            await postTechIntro(api, em, ticket, existing.techChatId, threadId, params.assignedBy, true);
          }
          return { status: 'sent', threadId };
        }
        const threadId = await createTechTopic(
          api,
          em,
          ticket,
          technician.id,
          technician.groupChatId,
          existing,
          params.assignedBy,
        );
        return { status: 'sent', threadId };
      } catch (err) {
        if (isTelegramRefusal(err)) {
          deps.logger.warn({ err, ticket_id: ticket.id }, 'technician topic could not be opened');
          await recordEvent(em, ticket.id, 'SYSTEM', 'delivery_failed', {
            route: `tech:${technician.id}`,
            action: 'open_tech_topic',
            error: err.description,
          });
          return { status: 'failed', threadId: null };
        }
        throw telegramActivityFailure(err);
      }
    },
  };
}

export type SupportBridgeActivities = ReturnType<typeof createSupportBridgeActivities>;
