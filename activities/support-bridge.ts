// The Telegram side of the support bridge. Each activity is one step of one destination lane: open
// the main topic, copy a message (or an album), follow an edit, post a note, retitle or close a
// topic, open a technician's mirrored topic. Failures: 429 waits exactly retry_after and 5xx /
// network errors retry with backoff (Temporal's retry, see telegramActivityFailure); a deleted topic
// is recreated and remapped, a closed one reopened, and the message sent again; a client who
// blocked the bot is marked (no endless retry); other 4xx answers are logged as events, not retried.
// Before sending, a delivery takes its messages from the destination chat's budget (Telegram's
// per-chat limits, see src/telegram/pacing); when it is spent the activity fails retryably
// with the wait as nextRetryDelay, so the lane keeps its order and nothing is dropped.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { GrammyError, type Api } from 'grammy';
import type { MessageEntity } from 'grammy/types';
import type { SupportTicket, TechThread } from '../src/db/entities';
import { TechThread as TechThreadEntity, User } from '../src/db/entities';
import { sql } from '../src/db/sql';
import {
  CAPTION_LIMIT,
  copyLabel,
  supportCardKeyboard,
  supportCardText,
  TEXT_LIMIT,
  techIntroText,
  withLabel,
} from '../src/ui/render/support';
import { escapeHtml } from '../src/ui/render/html';
import { createClientCardSource } from '../src/reads/client-cards';
import { supportTechnicians } from '../src/reads/support-technicians';
import { TelegramPacer } from '../src/telegram/pacing';
import {
  isBlockedByUser,
  isTelegramRefusal,
  isThreadNotFound,
  isTopicClosed,
  telegramActivityFailure,
} from '../src/telegram/delivery';
import { type BridgeMessage, type SupportOrigin, type SupportTechnician } from '../src/contracts/support';
import { CAPTIONED_CONTENT } from '../src/domain';
import {
  clientLocale,
  fork,
  groupT,
  idempotent,
  isAlreadyDone,
  latestTechThread,
  loadTicket,
  recordEvent,
  routeKey,
  type SupportActivityDeps,
  type SupportRoute,
  technicianHandle,
  topicTitle,
  translator,
} from './support-shared';

/** Green for the main topic, yellow for technicians' topics (Telegram's fixed palette). */
const MAIN_TOPIC_COLOR = 0x8eee98;
const TECH_TOPIC_COLOR = 0xffd67e;
const HISTORY_CHUNK = 100;

export interface DeliveryResult {
  status: 'sent' | 'skipped' | 'blocked' | 'failed';
  /** The topic the route uses now (after a recreation, the new one); null for the client. */
  threadId: number | null;
}

export interface SupportCopyParams {
  ticketId: number;
  origin: SupportOrigin;
  route: SupportRoute;
  /** The first message (an album's first item): sender, content, reply. */
  message: BridgeMessage;
  /** Every message to copy, in order (several for an album). */
  messageIds: number[];
}

export interface SupportEditParams {
  ticketId: number;
  origin: SupportOrigin;
  route: SupportRoute;
  message: BridgeMessage;
}

export interface SupportNoticeParams {
  ticketId: number;
  route: SupportRoute;
  key: string;
  args?: Record<string, string | number>;
}

export interface EnsureTechTopicParams {
  ticketId: number;
  technician: SupportTechnician;
  assignedBy: string;
}

interface Target {
  chatId: number;
  threadId: number | undefined;
}

interface SendContext extends Target {
  em: EntityManager;
  ticket: SupportTicket;
  api: Api;
  /** Takes `count` messages to this target's chat from its budget, before anything is sent. */
  pace(count: number): Promise<void>;
}

export const TELEGRAM_PACED = 'TelegramPaced';

/** The topic is gone: deleted, or archived past Telegram's limits. */
const isTopicGone = (err: unknown) =>
  isThreadNotFound(err) || (err instanceof GrammyError && /TOPIC_ID_INVALID/.test(err.description));

const threadOption = (threadId: number | undefined) => (threadId === undefined ? {} : { message_thread_id: threadId });

export function createSupportBridgeActivities(deps: SupportActivityDeps) {
  const pacer = deps.telegramPacing === false ? null : new TelegramPacer(deps.redis, deps.telegramPacing);

  /** Reserves `count` messages to the chat, or fails retryably after exactly the wait. */
  async function pace(chatId: number, count: number): Promise<void> {
    const wait = pacer ? await pacer.reserve(chatId, count) : 0;
    if (wait > 0) {
      throw ApplicationFailure.create({
        type: TELEGRAM_PACED,
        message: `chat ${chatId}: send budget spent, next try in ${wait} ms`,
        nextRetryDelay: wait,
        category: 'BENIGN',
      });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Topics

  /** The card as the ticket's state asks for: the picker while new, "assigned to" + reassign, closed. */
  async function cardContent(em: EntityManager, ticket: SupportTicket) {
    const technicians = await supportTechnicians(deps);
    const card = await createClientCardSource(deps).lookup({
      telegramId: ticket.clientTelegramId,
      username: ticket.clientUsername ?? null,
    });
    const techId = ticket.technician?.id ?? null;
    const known = technicians.find((tech) => tech.id === techId);
    const technician =
      techId === null ? null : (known ?? { id: techId, name: '', username: await technicianHandle(em, techId) });
    const state = { status: ticket.status, technician };
    const t = groupT(deps);
    const input = {
      ticketId: ticket.id,
      client: { telegramId: ticket.clientTelegramId, name: ticket.clientName, username: ticket.clientUsername ?? null },
      card,
      technicians,
      state,
    };
    const keyboard = supportCardKeyboard(t, ticket.id, technicians, state);
    return { text: supportCardText(t, input), markup: keyboard.inline_keyboard.length ? keyboard : undefined, card };
  }

  async function postCard(api: Api, em: EntityManager, ticket: SupportTicket, threadId: number): Promise<number> {
    const { text, markup, card } = await cardContent(em, ticket);
    const sent = await api.sendMessage(ticket.mainChatId, text, {
      parse_mode: 'HTML',
      message_thread_id: threadId,
      ...(markup ? { reply_markup: markup } : {}),
    });
    await recordEvent(em, ticket.id, 'SYSTEM', 'card_posted', {
      message_id: sent.message_id,
      thread_id: threadId,
      card_source: card.source,
    });
    return sent.message_id;
  }

  /** Creates the ticket's topic in the main group, remaps the ticket to it and posts the card. */
  async function createMainTopic(api: Api, em: EntityManager, ticket: SupportTicket): Promise<number> {
    const previous = ticket.mainThreadId ?? null;
    await pace(ticket.mainChatId, 1); // the card
    const topic = await api.createForumTopic(ticket.mainChatId, await topicTitle(deps, em, ticket), {
      icon_color: MAIN_TOPIC_COLOR,
    });
    ticket.mainThreadId = topic.message_thread_id;
    await em.flush();
    await recordEvent(em, ticket.id, 'SYSTEM', previous === null ? 'main_topic_created' : 'main_topic_recreated', {
      thread_id: topic.message_thread_id,
      previous_thread_id: previous,
    });
    await postCard(api, em, ticket, topic.message_thread_id);
    return topic.message_thread_id;
  }

  /**
   * The conversation so far as staff see it in the main topic (client, staff and technician messages,
   * in that topic's order), grouped into runs that copy together. Client messages come from the
   * client's chat; staff and technicians' messages from their copies there (which outlive a deleted
   * topic), after a label naming who wrote. `reusedThreadId`: a topic that already holds part of it
   * (what is linked there, and the technicians' own messages in that chat, are left out); a new or
   * recreated topic gets everything, whatever a lost topic had.
   */
  async function historyPlan(em: EntityManager, ticket: SupportTicket, chatId: number, reusedThreadId: number | null) {
    const client = ticket.clientTelegramId;
    const main = ticket.mainChatId;
    const rows = await sql<{ src_chat: string; src_id: number; pos: number; copy: number | null; sender: unknown }>(
      em,
      `with conv as (
         select l.source_chat_id as src_chat, l.source_message_id as src_id, l.target_message_id as pos
           from message_link l where l.support_ticket_id = ? and l.target_chat_id = ? and l.source_chat_id <> ?
         union
         select l.source_chat_id, l.source_message_id, l.source_message_id
           from message_link l where l.support_ticket_id = ? and l.source_chat_id = ?
       )
       select c.src_chat, c.src_id, c.pos,
              (select x.target_message_id from message_link x where x.source_chat_id = c.src_chat
                  and x.source_message_id = c.src_id and x.target_chat_id = ?) as copy,
              (select e.payload->'sender' from event e
                where e.support_ticket_id = ? and e.action = 'message_delivered'
                  and (e.payload->>'source_chat_id')::bigint = c.src_chat
                  and e.payload->'source_message_ids' @> to_jsonb(c.src_id) limit 1) as sender
         from conv c
        where ?::int is null
           or (c.src_chat <> ? and not exists (
                 select 1 from message_link x where x.source_chat_id = c.src_chat and x.source_message_id = c.src_id
                    and x.target_chat_id = ? and x.target_thread_id = ?))
        order by c.pos`,
      [ticket.id, main, main, ticket.id, main, client, ticket.id, reusedThreadId, chatId, chatId, reusedThreadId],
    );
    const t = groupT(deps);
    const runs: { fromChat: number; label: string | null; sources: number[][]; fromIds: number[] }[] = [];
    for (const row of rows) {
      const source = Number(row.src_chat);
      const sender = (row.sender ?? {}) as { name?: string; username?: string | null };
      const who = { name: sender.name ?? '—', username: sender.username ?? null };
      // Without a copy in the client's chat: the staff original, or the technician's labelled copy, in the main topic.
      const [fromChat, fromId] =
        source === client ? [client, row.src_id] : row.copy !== null ? [client, row.copy] : [main, row.pos];
      const label =
        source === client || (source !== main && fromChat === main)
          ? null
          : source === main
            ? copyLabel(t, 'STAFF', 'tech', who)
            : copyLabel(t, 'TECH', 'main', who);
      let run = runs.at(-1);
      if (!run || run.fromChat !== fromChat || run.label !== label || run.fromIds.length >= HISTORY_CHUNK) {
        run = { fromChat, label, sources: [], fromIds: [] };
        runs.push(run);
      }
      run.sources.push([source, Number(row.src_id)]);
      run.fromIds.push(Number(fromId));
    }
    // What goes out: every message, and a label in front of each staff or technician run.
    const count = runs.reduce((n, run) => n + run.fromIds.length + (run.label ? 1 : 0), 0);
    return { runs, count };
  }

  /** Copies the conversation so far into a technician's topic (albums stay albums); the links follow the copies. */
  async function copyHistory(
    api: Api,
    em: EntityManager,
    ticket: SupportTicket,
    chatId: number,
    threadId: number,
    reused: boolean,
  ) {
    const { runs, count } = await historyPlan(em, ticket, chatId, reused ? threadId : null);
    for (const run of runs) {
      const label = run.label ? withLabel(run.label, null, [], TEXT_LIMIT) : null;
      if (label) await api.sendMessage(chatId, label.text, { message_thread_id: threadId, entities: label.entities });
      let copies: { message_id: number }[];
      try {
        copies = await api.copyMessages(chatId, run.fromChat, run.fromIds, { message_thread_id: threadId });
      } catch (err) {
        // Messages that are gone (a deleted topic, a client who deleted theirs): the rest still goes.
        if (err instanceof GrammyError && err.error_code === 400) continue;
        throw err;
      }
      // Copies of messages that are gone are skipped by Telegram: then the copies cannot be matched.
      if (copies.length !== run.fromIds.length) continue;
      for (const [i, [sourceChat, sourceId]] of run.sources.entries()) {
        await sql(
          em,
          `insert into message_link (support_ticket_id, source_chat_id, source_message_id, target_chat_id, target_thread_id, target_message_id)
           values (?, ?, ?, ?, ?, ?)
           on conflict (source_chat_id, source_message_id, target_chat_id)
           do update set target_thread_id = excluded.target_thread_id, target_message_id = excluded.target_message_id`,
          [ticket.id, sourceChat, sourceId, chatId, threadId, copies[i]!.message_id],
        );
      }
    }
    return count;
  }

  /** Creates a technician's mirrored topic (or a new one for a lost topic), posts the intro and the history. */
  async function createTechTopic(
    api: Api,
    em: EntityManager,
    ticket: SupportTicket,
    technicianId: number,
    chatId: number,
    existing: TechThread | null,
    assignedBy: string | null,
  ): Promise<number> {
    const topic = await api.createForumTopic(chatId, await topicTitle(deps, em, ticket), {
      icon_color: TECH_TOPIC_COLOR,
    });
    const threadId = topic.message_thread_id;
    if (existing && existing.techChatId === chatId) {
      existing.techThreadId = threadId;
      existing.closedAt = null;
    } else {
      if (existing && !existing.closedAt) existing.closedAt = new Date();
      await em.flush();
      em.create(TechThreadEntity, {
        supportTicket: ticket,
        technician: em.getReference(User, technicianId),
        techChatId: chatId,
        techThreadId: threadId,
      });
    }
    await em.flush();
    await recordEvent(em, ticket.id, 'SYSTEM', existing ? 'tech_topic_recreated' : 'tech_topic_created', {
      technician_id: technicianId,
      chat_id: chatId,
      thread_id: threadId,
    });
    await postTechIntro(api, em, ticket, chatId, threadId, assignedBy, false);
    return threadId;
  }

  async function postTechIntro(
    api: Api,
    em: EntityManager,
    ticket: SupportTicket,
    chatId: number,
    threadId: number,
    assignedBy: string | null,
    reused: boolean,
  ) {
    const t = groupT(deps);
    await api.sendMessage(
      chatId,
      techIntroText(t, {
        ticketId: ticket.id,
        client: { name: ticket.clientName, username: ticket.clientUsername ?? null },
        assignedBy: assignedBy ?? '—',
      }),
      { parse_mode: 'HTML', message_thread_id: threadId },
    );
    const copied = await copyHistory(api, em, ticket, chatId, threadId, reused);
    await recordEvent(em, ticket.id, 'SYSTEM', 'tech_topic_intro', { chat_id: chatId, thread_id: threadId, copied });
  }

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

  // ------------------------------------------------------------------------------------------
  // Links between a source message and its copies

  async function insertLinks(
    em: EntityManager,
    ticketId: number,
    sourceChatId: number,
    sourceIds: number[],
    targetChatId: number,
    targetThreadId: number | undefined,
    targetIds: number[],
  ) {
    for (let i = 0; i < sourceIds.length && i < targetIds.length; i += 1) {
      await sql(
        em,
        `insert into message_link (support_ticket_id, source_chat_id, source_message_id, target_chat_id, target_thread_id, target_message_id)
         values (?, ?, ?, ?, ?, ?) on conflict do nothing`,
        [ticketId, sourceChatId, sourceIds[i], targetChatId, targetThreadId ?? null, targetIds[i]],
      );
    }
  }

  async function linkedSources(em: EntityManager, sourceChatId: number, ids: number[], targetChatId: number) {
    const rows = await sql<{ id: number }>(
      em,
      `select source_message_id as id from message_link
        where source_chat_id = ? and target_chat_id = ? and source_message_id = any(?::int[])`,
      [sourceChatId, targetChatId, `{${ids.join(',')}}`],
    );
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * The message a reply should point at in the target chat: the copy of the replied message there,
   * the original it was copied from, or another copy of that original.
   */
  async function mappedReply(
    em: EntityManager,
    sourceChatId: number,
    replyTo: number,
    targetChatId: number,
  ): Promise<number | null> {
    const [row] = await sql<{ id: number }>(
      em,
      `select id from (
         select target_message_id as id, 1 as rank from message_link
          where source_chat_id = ? and source_message_id = ? and target_chat_id = ?
         union all
         select source_message_id, 2 from message_link
          where target_chat_id = ? and target_message_id = ? and source_chat_id = ?
         union all
         select l2.target_message_id, 3 from message_link l1
           join message_link l2 on l2.source_chat_id = l1.source_chat_id and l2.source_message_id = l1.source_message_id
          where l1.target_chat_id = ? and l1.target_message_id = ? and l2.target_chat_id = ?
       ) m order by rank limit 1`,
      [sourceChatId, replyTo, targetChatId, sourceChatId, replyTo, targetChatId, sourceChatId, replyTo, targetChatId],
    );
    return row ? Number(row.id) : null;
  }

  const routeT = async (em: EntityManager, ticket: SupportTicket, route: SupportRoute) =>
    route.kind === 'client' ? translator(deps, await clientLocale(deps, em, ticket.clientTelegramId)) : groupT(deps);

  // ------------------------------------------------------------------------------------------
  // Activities

  return {
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

    /** Copies a message or an album to one destination, keeping reply context; once per destination. */
    async deliverSupportCopy(params: SupportCopyParams): Promise<DeliveryResult> {
      const { message, origin, route } = params;
      return onRoute(params.ticketId, route, { action: 'copy' }, async (c) => {
        const ids = [...new Set(params.messageIds)].sort((a, b) => a - b);
        const linked = await linkedSources(c.em, message.chatId, ids, c.chatId);
        const todo = ids.filter((id) => !linked.has(id));
        if (todo.length === 0) return 'skipped';
        const t = await routeT(c.em, c.ticket, route);
        const label = copyLabel(t, origin, route.kind, message.from);
        const replyTo =
          todo.length === 1 && message.replyToMessageId !== null
            ? await mappedReply(c.em, message.chatId, message.replyToMessageId, c.chatId)
            : null;
        const thread = threadOption(c.threadId);
        const common = {
          ...thread,
          ...(replyTo !== null ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        };
        const sendLabel = async () => {
          if (label) await c.api.sendMessage(c.chatId, label, thread);
        };
        // What goes out, counted before anything does: the label on its own unless it fits the message.
        const inline =
          todo.length === 1 &&
          !!label &&
          ((message.content === 'text' && !!withLabel(label, message.text, message.entities, TEXT_LIMIT)) ||
            (CAPTIONED_CONTENT.includes(message.content) &&
              !!withLabel(label, message.text, message.entities, CAPTION_LIMIT)));
        await c.pace(todo.length + (label && !inline ? 1 : 0));
        let targets: number[];
        if (todo.length > 1) {
          await sendLabel();
          targets = (await c.api.copyMessages(c.chatId, message.chatId, todo, thread)).map((m) => m.message_id);
        } else if (label && message.content === 'text') {
          const labelled = withLabel(label, message.text, message.entities, TEXT_LIMIT);
          if (labelled) {
            const sent = await c.api.sendMessage(c.chatId, labelled.text, { ...common, entities: labelled.entities });
            targets = [sent.message_id];
          } else {
            await sendLabel();
            targets = [(await c.api.copyMessage(c.chatId, message.chatId, todo[0]!, common)).message_id];
          }
        } else if (label && CAPTIONED_CONTENT.includes(message.content)) {
          const labelled = withLabel(label, message.text, message.entities, CAPTION_LIMIT);
          if (!labelled) await sendLabel();
          const copy = await c.api.copyMessage(c.chatId, message.chatId, todo[0]!, {
            ...common,
            ...(labelled ? { caption: labelled.text, caption_entities: labelled.entities } : {}),
          });
          targets = [copy.message_id];
        } else {
          await sendLabel();
          targets = [(await c.api.copyMessage(c.chatId, message.chatId, todo[0]!, common)).message_id];
        }
        await c.em.transactional(async (tx) => {
          await insertLinks(tx, c.ticket.id, message.chatId, todo, c.chatId, c.threadId, targets);
          await recordEvent(tx, c.ticket.id, origin, 'message_delivered', {
            route: routeKey(route),
            source_chat_id: message.chatId,
            source_message_ids: todo,
            target_chat_id: c.chatId,
            target_message_ids: targets,
            content: message.content,
            sender: { name: message.from.name, username: message.from.username },
            album: todo.length > 1,
            reply_to: replyTo,
          });
        });
        return 'sent';
      });
    },

    /** Applies an edit of a bridged message to its copy in one destination. */
    async deliverSupportEdit(params: SupportEditParams): Promise<DeliveryResult> {
      const { message, origin, route } = params;
      return onRoute(params.ticketId, route, { action: 'edit' }, async (c) => {
        const [link] = await sql<{ id: number }>(
          c.em,
          `select target_message_id as id from message_link
            where source_chat_id = ? and source_message_id = ? and target_chat_id = ?`,
          [message.chatId, message.messageId, c.chatId],
        );
        if (!link) return 'skipped';
        const targetId = Number(link.id);
        const t = await routeT(c.em, c.ticket, route);
        const label = copyLabel(t, origin, route.kind, message.from);
        const plain = { text: message.text ?? '', entities: [...message.entities] as MessageEntity[] };
        if (message.content === 'text') {
          const body = (label && withLabel(label, message.text, message.entities, TEXT_LIMIT)) || plain;
          await idempotent(() => c.api.editMessageText(c.chatId, targetId, body.text, { entities: body.entities }));
        } else if (CAPTIONED_CONTENT.includes(message.content)) {
          const body = (label && withLabel(label, message.text, message.entities, CAPTION_LIMIT)) || plain;
          await idempotent(() =>
            c.api.editMessageCaption(c.chatId, targetId, { caption: body.text, caption_entities: body.entities }),
          );
        } else {
          return 'skipped';
        }
        await recordEvent(c.em, c.ticket.id, origin, 'message_edited', {
          route: routeKey(route),
          source_chat_id: message.chatId,
          source_message_id: message.messageId,
          target_chat_id: c.chatId,
          target_message_id: targetId,
        });
        return 'sent';
      });
    },

    /** A note from the desk: to the client in their language, to the groups in the default one. */
    async postSupportNotice(params: SupportNoticeParams & { keepClosed?: boolean }): Promise<DeliveryResult> {
      return onRoute(
        params.ticketId,
        params.route,
        { action: `notice:${params.key}`, keepClosed: params.keepClosed ?? false },
        async (c) => {
          const t = await routeT(c.em, c.ticket, params.route);
          // Names in the arguments are user-supplied; `support-raw` carries ready HTML.
          const args =
            params.key === 'support-raw'
              ? params.args
              : Object.fromEntries(
                  Object.entries(params.args ?? {}).map(([k, v]) => [k, typeof v === 'string' ? escapeHtml(v) : v]),
                );
          await c.pace(1);
          await c.api.sendMessage(c.chatId, t(params.key, args), {
            parse_mode: 'HTML',
            ...threadOption(c.threadId),
          });
          await recordEvent(c.em, c.ticket.id, 'SYSTEM', 'notice_posted', {
            route: routeKey(params.route),
            key: params.key,
          });
          return 'sent';
        },
      );
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
