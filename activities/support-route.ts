// Delivering to one route of a support ticket (the main topic, the client's chat, a technician's topic): finding
// the target, pacing, and the failures (a deleted topic recreated and remapped, a closed one reopened, a client who
// blocked the bot marked, other refusals recorded as events).
import type { EntityManager } from '@mikro-orm/postgresql';
import { GrammyError, type Api } from 'grammy';
import type { SupportTicket } from '../src/db/entities';
import { sql } from '../src/db/sql';
import {
  isBlockedByUser,
  isTelegramRefusal,
  isThreadNotFound,
  isTopicClosed,
  telegramActivityFailure,
} from '../src/telegram/delivery';
import {
  fork,
  idempotent,
  latestTechThread,
  loadTicket,
  routeKey,
  type SupportActivityDeps,
  type SupportRoute,
} from './support-shared';
import { recordEvent } from '../src/db/support-events';
import { forgetIdentities } from '../src/redis/identity-cache';
import type { SupportTopics } from './support-topics';

export interface DeliveryResult {
  status: 'sent' | 'skipped' | 'blocked' | 'failed';
  /** The topic the route uses now (after a recreation, the new one); null for the client. */
  threadId: number | null;
}

export interface Target {
  chatId: number;
  threadId: number | undefined;
}

export interface SendContext extends Target {
  em: EntityManager;
  ticket: SupportTicket;
  api: Api;
  /** Takes `count` messages to this target's chat from its budget, before anything is sent. */
  pace(count: number): Promise<void>;
}

/** The topic is gone: deleted, or archived past Telegram's limits. */
export const isTopicGone = (err: unknown) =>
  isThreadNotFound(err) || (err instanceof GrammyError && /TOPIC_ID_INVALID/.test(err.description));

export const threadOption = (threadId: number | undefined) =>
  threadId === undefined ? {} : { message_thread_id: threadId };

export function createRouteDelivery(deps: SupportActivityDeps, topics: SupportTopics) {
  const { pace, createMainTopic, historyPlan, createTechTopic } = topics;

  /** Where the route leads now; null for a technician whose topic could never be opened. */
  async function resolveTarget(
    api: Api,
    em: EntityManager,
    ticket: SupportTicket,
    route: SupportRoute,
  ): Promise<Target | null> {
    if (route.kind === 'client') return { chatId: ticket.clientTelegramId, threadId: undefined };
    if (route.kind === 'main') {
      const threadId = ticket.mainThreadId ?? (await createMainTopic(api, em, ticket));
      return { chatId: ticket.mainChatId, threadId };
    }
    const thread = await latestTechThread(em, ticket.id, route.technicianId);
    return thread ? { chatId: thread.techChatId, threadId: thread.techThreadId } : null;
  }

  async function recreateTopic(
    api: Api,
    em: EntityManager,
    ticket: SupportTicket,
    route: SupportRoute,
  ): Promise<Target> {
    if (route.kind === 'main') {
      return { chatId: ticket.mainChatId, threadId: await createMainTopic(api, em, ticket) };
    }
    if (route.kind === 'tech') {
      const thread = await latestTechThread(em, ticket.id, route.technicianId);
      if (!thread) throw new Error(`ticket ${ticket.id} has no topic for technician ${route.technicianId}`);
      const wasClosed = !!thread.closedAt;
      // The intro and the whole conversation go into the new topic: taken from the group's budget first.
      await pace(thread.techChatId, 1 + (await historyPlan(em, ticket, thread.techChatId, null)).count);
      const threadId = await createTechTopic(api, em, ticket, route.technicianId, thread.techChatId, thread, null);
      // A topic that was closed on purpose (reassigned, ticket closed) stays closed in the records.
      if (wasClosed) {
        thread.closedAt = new Date();
        await em.flush();
      }
      return { chatId: thread.techChatId, threadId };
    }
    throw new Error('the client chat has no topic');
  }

  async function markClientBlocked(em: EntityManager, ticket: SupportTicket, err: unknown) {
    await sql(em, 'update support_ticket set client_blocked_at = coalesce(client_blocked_at, now()) where id = ?', [
      ticket.id,
    ]);
    await sql(em, 'update telegram_profile set is_blocked = true where telegram_id = ?', [ticket.clientTelegramId]);
    // The bot's cached identity skips the profile upsert that clears the mark: the client's next update must run it.
    await forgetIdentities(deps, [ticket.clientTelegramId]);
    await recordEvent(em, ticket.id, 'SYSTEM', 'client_blocked', {
      error: err instanceof GrammyError ? err.description : String(err),
    });
  }

  /**
   * Runs one send on a route: resolves (or creates) its topic, recreates a lost topic and reopens a
   * closed one before sending again, and maps what is left onto the delivery result or a retry.
   */
  async function onRoute(
    ticketId: number,
    route: SupportRoute,
    options: { keepClosed?: boolean; action: string },
    send: (c: SendContext) => Promise<'sent' | 'skipped'>,
  ): Promise<DeliveryResult> {
    const api = deps.telegram;
    if (!api) return { status: 'skipped', threadId: null };
    const em = fork(deps);
    const ticket = await loadTicket(em, ticketId);
    try {
      const resolved = await resolveTarget(api, em, ticket, route);
      if (!resolved) {
        await recordEvent(em, ticketId, 'SYSTEM', 'delivery_failed', {
          route: routeKey(route),
          action: options.action,
          error: 'no topic for this technician',
        });
        return { status: 'failed', threadId: null };
      }
      let target = resolved;
      let reopened = false;
      // A topic that must stay closed is closed after the send whether or not this attempt reopened
      // it (an earlier attempt may have, then failed), and closed again when this attempt fails.
      const closeAgain = async () => {
        if (options.keepClosed && target.threadId !== undefined) {
          await idempotent(() => api.closeForumTopic(target.chatId, target.threadId!));
        }
      };
      // What one attempt reserved is not reserved again when the send is repeated after a reopen.
      const reserved = new Set<number>();
      const paceOnce = async (chatId: number, count: number) => {
        if (reserved.has(chatId)) return;
        await pace(chatId, count);
        reserved.add(chatId);
      };
      for (let attempt = 0; ; attempt += 1) {
        try {
          const status = await send({ ...target, em, ticket, api, pace: (count) => paceOnce(target.chatId, count) });
          await closeAgain();
          return { status, threadId: target.threadId ?? null };
        } catch (err) {
          if (reopened) await closeAgain().catch(() => undefined);
          if (route.kind === 'client' || attempt >= 3) throw err;
          if (isTopicGone(err)) {
            target = await recreateTopic(api, em, ticket, route);
            continue;
          }
          if (isTopicClosed(err) && target.threadId !== undefined) {
            await idempotent(() => api.reopenForumTopic(target.chatId, target.threadId!));
            await recordEvent(em, ticket.id, 'SYSTEM', 'topic_reopened', {
              route: routeKey(route),
              thread_id: target.threadId,
            });
            reopened = true;
            continue;
          }
          throw err;
        }
      }
    } catch (err) {
      if (route.kind === 'client' && isBlockedByUser(err)) {
        await markClientBlocked(em, ticket, err);
        return { status: 'blocked', threadId: null };
      }
      if (isTelegramRefusal(err)) {
        deps.logger.warn({ err, ticket_id: ticketId, route: routeKey(route) }, 'support delivery refused by Telegram');
        await recordEvent(em, ticketId, 'SYSTEM', 'delivery_failed', {
          route: routeKey(route),
          action: options.action,
          error_code: err.error_code,
          error: err.description,
        });
        return { status: 'failed', threadId: null };
      }
      throw telegramActivityFailure(err);
    }
  }

  return { onRoute };
}

export type RouteDelivery = ReturnType<typeof createRouteDelivery>;
