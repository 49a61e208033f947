// The support bridge's forum topics: the send budget per chat (pace), the main topic with the client card and the
// technician picker, a technician's mirrored topic and the conversation history copied into it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { GrammyError, type Api } from 'grammy';
import type { SupportTicket, TechThread } from '../src/db/entities';
import { TechThread as TechThreadEntity, User } from '../src/db/entities';
import { sql } from '../src/db/sql';
import {
  copyLabel,
  supportCardKeyboard,
  supportCardText,
  TEXT_LIMIT,
  techIntroText,
  withLabel,
} from '../src/ui/render/support';
import { createClientCardSource } from '../src/reads/client-cards';
import { supportTechnicians } from '../src/reads/support-technicians';
import { TelegramPacer } from '../src/telegram/pacing';
import { groupT, type SupportActivityDeps, technicianHandle, topicTitle } from './support-shared';
import { recordEvent } from '../src/db/support-events';

/** Failure type of a delivery whose chat's send budget is spent (retried after exactly the wait). */
export const TELEGRAM_PACED = 'TelegramPaced';

/** Green for the main topic, yellow for technicians' topics (Telegram's fixed palette). */
const MAIN_TOPIC_COLOR = 0x8eee98;
const TECH_TOPIC_COLOR = 0xffd67e;
const HISTORY_CHUNK = 100;

export function createSupportTopics(deps: SupportActivityDeps) {
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

  return { pace, cardContent, postCard, createMainTopic, historyPlan, copyHistory, createTechTopic, postTechIntro };
}

export type SupportTopics = ReturnType<typeof createSupportTopics>;
