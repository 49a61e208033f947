// The support desk in the bot. Client side: private messages that no other feature took (not
// commands, not mid-form; text and media only) are bridged into the client's ticket — or, while
// their survey waits for a comment, become that comment. Group side: messages in a ticket's main
// topic (staff) or a technician's topic go to the ticket's workflow as signals; commands, service
// messages and other bots never do; "@someone help" in a technician's topic is a specialist call.
// Buttons (`sp:`): staff assign / close in the main topic, the client scores the survey. Typed in
// a main topic by staff: /close, /ban and /unban (a spamming client's messages are then ignored).
import { Composer } from 'grammy';
import type { Message, MessageEntity } from 'grammy/types';
import type { Actor } from '../../domain';
import type { SupportService } from '../../services/support';
import { isInfrastructureOutage, NotFoundError, ServiceUnavailableError } from '../../services/errors';
import { type ClientProfile } from '../../contracts/support';
import { type BridgeMessage } from '../../contracts/support';
import { BRIDGED_CONTENT, type BridgedContent, isSupportRefusal, isSupportStaff, supportRefusal } from '../../domain';
import type { BotContext } from '../context';
import { errorForLog, reportFailure, requestRedelivery } from '../errors';
import { supportButton, type SupportButton } from '../../ui/callbacks/support';
import { outageNoticeKey, supportLockKey } from '../../redis/keys';

const CALLBACK_LOCK_SECONDS = 60;

const service = (ctx: BotContext) => ctx.deps.services.support;

/** How long a client's "will go through" notice is remembered (Telegram gives up redelivering well before). */
const OUTAGE_NOTICE_TTL_SECONDS = 24 * 60 * 60;

/**
 * Bridges a message, or — when the desk cannot take it now (Temporal, Postgres or Redis out of reach,
 * or Temporal not answering in time) — leaves the update unacknowledged so Telegram delivers it
 * again: nothing was bridged (its `fwd:` key is released), and nothing is lost. A client hears once
 * per message that it will go through; staff in a topic see their message arrive when it does.
 * Returns undefined when the message is left for redelivery.
 */
async function bridging<T>(
  ctx: BotContext,
  message: BridgeMessage,
  audience: 'client' | 'staff',
  route: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await route();
  } catch (err) {
    if (!(err instanceof ServiceUnavailableError) && !isInfrastructureOutage(err)) throw err;
    ctx.log.warn(
      { err: errorForLog(err, ctx.deps.config), message_id: message.messageId },
      'support message not bridged; Telegram will redeliver',
    );
    requestRedelivery(ctx);
    if (audience === 'client') await tellClientOnce(ctx, message);
    return undefined;
  }
}

/** "Your message will reach the desk": once per message, whatever the number of redeliveries. */
async function tellClientOnce(ctx: BotContext, message: BridgeMessage): Promise<void> {
  const first = await ctx.deps.redis
    .set(outageNoticeKey(message), '1', 'EX', OUTAGE_NOTICE_TTL_SECONDS, 'NX')
    .catch(() => null);
  if (first !== 'OK') return;
  await ctx.reply(ctx.t('support-client-pending')).catch(() => undefined);
}

/** The kind of a message the bridge copies; null for service messages and anything not copyable. */
export function bridgedContentOf(message: Message): BridgedContent | null {
  // Animations also carry `document`, venues also `location`: the specific kind first.
  const order: BridgedContent[] = [
    'animation',
    'venue',
    ...BRIDGED_CONTENT.filter((c) => c !== 'animation' && c !== 'venue'),
  ];
  for (const kind of order) {
    if ((message as unknown as Record<string, unknown>)[kind] !== undefined) return kind;
  }
  return null;
}

export function isCommand(message: Message): boolean {
  const entities = message.entities ?? message.caption_entities ?? [];
  return entities.some((e) => e.type === 'bot_command' && e.offset === 0);
}

/** "@someone help": a technician's message that starts by mentioning someone (not the bot). */
export function isSpecialistCall(message: Message, botUsername: string): boolean {
  const text = message.text ?? message.caption ?? '';
  const first: MessageEntity | undefined = (message.entities ?? message.caption_entities ?? [])[0];
  if (!first || first.offset !== 0) return false;
  if (first.type === 'text_mention') return true;
  if (first.type !== 'mention') return false;
  return text.slice(1, first.length).toLowerCase() !== botUsername.toLowerCase();
}

const fullName = (user: { first_name: string; last_name?: string }) =>
  [user.first_name, user.last_name].filter(Boolean).join(' ');

export function toBridgeMessage(message: Message, content: BridgedContent, edited: boolean): BridgeMessage {
  const threadId = message.is_topic_message ? (message.message_thread_id ?? null) : null;
  const reply = message.reply_to_message;
  // In a topic every message "replies" to the topic's first message: that is no reply.
  const replyTo =
    reply && !reply.forum_topic_created && reply.message_id !== message.message_thread_id ? reply.message_id : null;
  const from = message.from!;
  return {
    chatId: message.chat.id,
    messageId: message.message_id,
    threadId,
    content,
    text: message.text ?? message.caption ?? null,
    entities: message.entities ?? message.caption_entities ?? [],
    mediaGroupId: message.media_group_id ?? null,
    replyToMessageId: replyTo,
    from: { telegramId: from.id, name: fullName(from), username: from.username ?? null },
    editDate: edited ? (message.edit_date ?? 0) : null,
  };
}

const actorName = (ctx: BotContext) =>
  ctx.from?.username ? `@${ctx.from.username}` : ctx.from ? fullName(ctx.from) : '—';

/** Staff of the support desk, resolved from the identity's roles; null (and told so) otherwise. */
async function staffActor(ctx: BotContext): Promise<Actor | null> {
  const user = ctx.identity.user;
  const actor = user ? { id: user.id, roles: user.roles } : null;
  if (actor && isSupportStaff(actor)) return actor;
  await reportFailure(ctx, supportRefusal('not_staff'));
  return null;
}

async function refusalOrFailure(ctx: BotContext, err: unknown): Promise<void> {
  if (isSupportRefusal(err) || err instanceof NotFoundError || err instanceof ServiceUnavailableError)
    return reportFailure(ctx, err);
  throw err;
}

/** One staff action at a time per ticket (Redis `lock:`, 60 s); a second press meanwhile waits its turn. */
async function withTicketLock(ctx: BotContext, ticketId: number, action: () => Promise<void>): Promise<void> {
  const key = supportLockKey(ticketId);
  const token = ctx.update.update_id.toString();
  if ((await ctx.deps.redis.set(key, token, 'EX', CALLBACK_LOCK_SECONDS, 'NX')) !== 'OK') {
    await ctx.answerCallbackQuery({ text: '⏳' }).catch(() => undefined);
    return;
  }
  try {
    await action();
  } finally {
    if ((await ctx.deps.redis.get(key)) === token) await ctx.deps.redis.del(key);
  }
}

async function onButton(ctx: BotContext, button: SupportButton): Promise<void> {
  const callbackId = ctx.callbackQuery!.id;
  try {
    if (button.kind === 'score') {
      await service(ctx).answerSurvey(button.ticketId, ctx.from!.id, button.question, button.score, callbackId);
      await ctx.answerCallbackQuery({ text: ctx.t('support-score-toast') }).catch(() => undefined);
      return;
    }
    const actor = await staffActor(ctx);
    if (!actor) return;
    await withTicketLock(ctx, button.ticketId, async () => {
      if (button.kind === 'assign') {
        const view = await service(ctx).assign(actor, actorName(ctx), button.ticketId, button.technicianId, callbackId);
        const tech = view.technician ? `@${view.technician.username}` : '';
        await ctx.answerCallbackQuery({ text: ctx.t('support-assigned-toast', { tech }) }).catch(() => undefined);
      } else {
        await service(ctx).close(actor, actorName(ctx), button.ticketId, callbackId);
        await ctx.answerCallbackQuery({ text: ctx.t('support-closed-toast') }).catch(() => undefined);
      }
    });
  } catch (err) {
    await refusalOrFailure(ctx, err);
  }
}

/** A staff command typed in a ticket's main topic: `action` on the topic's open ticket; refusals are told. */
async function mainTopicCommand(
  ctx: BotContext,
  message: Message,
  action: (support: SupportService, actor: Actor, ticketId: number) => Promise<void>,
): Promise<void> {
  const actor = await staffActor(ctx);
  if (!actor) return;
  const support = service(ctx);
  const ticketId = await support.ticketOfMainTopic(message.chat.id, message.message_thread_id!);
  if (ticketId === null) return;
  try {
    await action(support, actor, ticketId);
  } catch (err) {
    await refusalOrFailure(ctx, err);
  }
}

/** `/ban` and `/unban` typed in a ticket's main topic: the client's messages are ignored (or no longer). */
const banCommand = (ctx: BotContext, message: Message, banned: boolean) =>
  mainTopicCommand(ctx, message, async (support, actor, ticketId) => {
    await support.setBanned(actor, actorName(ctx), ticketId, banned);
    await ctx.reply(ctx.t(banned ? 'support-banned' : 'support-unbanned'));
  });

/** `/close` typed in a ticket's main topic. */
const closeCommand = (ctx: BotContext, message: Message) =>
  mainTopicCommand(ctx, message, async (support, actor, ticketId) => {
    await support.close(actor, actorName(ctx), ticketId, `close:${message.chat.id}:${message.message_id}`);
  });

export function supportFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  // ------------------------------------------------------------------------------------------
  // The client's private chat

  composer.chatType('private').on(['message', 'edited_message'], async (ctx, next) => {
    const message = ctx.msg;
    const content = bridgedContentOf(message);
    if (!content || isCommand(message) || !ctx.from || ctx.from.is_bot) return next();
    // Someone filling in the access-request form is not writing to support.
    if (ctx.session.accessForm) return next();
    const support = service(ctx);
    if (!support.enabled) return next();
    const client: ClientProfile = {
      telegramId: ctx.from.id,
      name: fullName(ctx.from),
      username: ctx.from.username ?? null,
      languageCode: ctx.from.language_code ?? null,
    };
    const bridged = toBridgeMessage(message, content, ctx.editedMessage !== undefined);
    const outcome = await bridging(ctx, bridged, 'client', () => support.routeClientMessage(bridged, client));
    ctx.log.debug({ outcome, message_id: message.message_id }, 'client message routed');
    if (outcome === 'not_allowed') await ctx.reply(ctx.t('support-not-allowed'));
    else if (outcome === 'survey_comment') await ctx.reply(ctx.t('support-comment-thanks'));
    else if (outcome === 'disabled') return next();
  });

  // ------------------------------------------------------------------------------------------
  // The main group and the technicians' groups

  composer.on(['message', 'edited_message'], async (ctx, next) => {
    const message = ctx.msg;
    const { telegram } = ctx.deps.config;
    const chatId = message.chat.id;
    const isMain = chatId === telegram.mainGroupId;
    const isTech = Object.values(telegram.techGroups).includes(chatId);
    if ((!isMain && !isTech) || message.chat.type === 'private') return next();
    if (!message.is_topic_message || !message.from || message.from.is_bot) return;
    if (isCommand(message)) {
      const command = (message.text ?? '').slice(1).split(/[\s@]/)[0];
      if (isMain && !ctx.editedMessage) {
        if (command === 'close') return closeCommand(ctx, message);
        if (command === 'ban' || command === 'unban') return banCommand(ctx, message, command === 'ban');
      }
      return next();
    }
    const content = bridgedContentOf(message);
    // Service messages (pins, topic created/edited/closed, joins and leaves) are never bridged.
    if (!content) return;
    const bridged = toBridgeMessage(message, content, ctx.editedMessage !== undefined);
    const outcome = await bridging(ctx, bridged, 'staff', () =>
      service(ctx).routeGroupMessage(bridged, {
        specialistCall: !isMain && isSpecialistCall(message, ctx.me.username),
      }),
    );
    ctx.log.debug({ outcome, chat_id: chatId, message_id: message.message_id }, 'group message routed');
  });

  // ------------------------------------------------------------------------------------------
  // Buttons

  composer.on('callback_query:data', async (ctx, next) => {
    if (!supportButton.matches(ctx.callbackQuery.data)) return next();
    const button = supportButton.decode(ctx.callbackQuery.data);
    // A malformed `sp:` payload goes on to the fallback's "Unknown action".
    if (!button) return next();
    await onButton(ctx, button);
  });

  return composer;
}
