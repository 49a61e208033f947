// Copies across the bridge: a message or an album to one destination (with its label and reply context), an edit
// following its copies, a note in a topic or the client's chat; message links make each once per destination.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageEntity } from 'grammy/types';
import type { SupportTicket } from '../src/db/entities';
import { sql } from '../src/db/sql';
import { CAPTION_LIMIT, copyLabel, TEXT_LIMIT, withLabel } from '../src/ui/render/support';
import { escapeHtml } from '../src/ui/render/html';
import { type BridgeMessage, type SupportOrigin } from '../src/contracts/support';
import { CAPTIONED_CONTENT } from '../src/domain';
import {
  clientLocale,
  groupT,
  idempotent,
  routeKey,
  type SupportActivityDeps,
  type SupportRoute,
  translator,
} from './support-shared';
import { recordEvent } from '../src/db/support-events';
import { type DeliveryResult, type RouteDelivery, threadOption } from './support-route';

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

export function createSupportCopyActivities(deps: SupportActivityDeps, route: RouteDelivery) {
  const { onRoute } = route;

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
  };
}
