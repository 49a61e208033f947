// The features' small kit: role gates, a button handler that decodes its callback_data once, and the one way a
// conversation ends.
import type { Composer } from 'grammy';
import { DomainError, type DomainErrorCode, type RoleSlug } from '../domain';
import { menuKeyboard } from '../ui/render/menu';
import type { BotContext, IdentityUser, SessionData } from './context';
import { NotFoundError, ServiceUnavailableError } from '../services/errors';
import { reportFailure } from './errors';

/** Answers a callback query; a late or repeated answer is not worth failing the update for. */
export async function answer(ctx: BotContext, text?: string, alert = false): Promise<void> {
  await ctx.answerCallbackQuery(text ? { text, show_alert: alert } : {}).catch(() => undefined);
}

/** Failures the user gets told about (alert with the reason); anything else is a bug for the boundary. */
export const isReportable = (err: unknown) =>
  err instanceof DomainError || err instanceof NotFoundError || err instanceof ServiceUnavailableError;

export interface ButtonCodec<B> {
  decode(data: string): B | null;
}

/**
 * Handles the presses whose callback_data `codec` decodes, with the decoded button; anything else goes on to
 * the next handler (a payload nobody decodes ends at the fallback's "⚠️ Unknown action.").
 */
export function onButton<B>(
  composer: Composer<BotContext>,
  codec: ButtonCodec<B>,
  handler: (ctx: BotContext, button: B) => Promise<void>,
): void {
  composer.on('callback_query:data', async (ctx, next) => {
    const button = codec.decode(ctx.callbackQuery.data);
    if (button === null) return next();
    await handler(ctx, button);
  });
}

// ---------------------------------------------------------------------------------------------
// Role gates

/** What a gate tells someone it stops; `user` is null for someone unregistered (or inactive). */
export type Refusal = (ctx: BotContext, user: IdentityUser | null) => Promise<void>;

/** Who may use a feature: a registered (active, linked) user whose roles `allows` accepts. */
export interface RoleGate {
  /** The roles that pass; any registered user when unset. */
  allows?: (roles: readonly RoleSlug[]) => boolean;
  /** What someone unregistered is told. */
  unregistered: Refusal;
  /** What a registered user without the role is told; `unregistered` when unset. */
  forbidden?: Refusal;
}

/** The user who passes `gate`; anyone else has been given the gate's refusal, and gets null. */
export async function passGate(ctx: BotContext, gate: RoleGate): Promise<IdentityUser | null> {
  const user = ctx.identity.user;
  if (!user) {
    await gate.unregistered(ctx, null);
    return null;
  }
  if (gate.allows && !gate.allows(user.roles)) {
    await (gate.forbidden ?? gate.unregistered)(ctx, user);
    return null;
  }
  return user;
}

/** `gate` as grammY middleware: `handler` runs with the user who passed it; anyone else gets its refusal. */
export function withUser<C extends BotContext>(
  gate: RoleGate,
  handler: (ctx: C, user: IdentityUser) => Promise<unknown>,
): (ctx: C) => Promise<void> {
  return async (ctx) => {
    const user = await passGate(ctx, gate);
    if (user) await handler(ctx, user);
  };
}

/** A reply with the person's menu keyboard (for someone unregistered, the one with Start Access Request). */
export const replyWithMenu =
  (key: string, options: { html?: boolean } = {}): Refusal =>
  async (ctx, user) => {
    await ctx.reply(ctx.t(key), {
      ...(options.html ? { parse_mode: 'HTML' as const } : {}),
      reply_markup: menuKeyboard(ctx.t, user?.roles ?? null),
    });
  };

/** "Access denied. Contact an administrator." with the person's menu keyboard. */
export const deniedWithMenu: Refusal = replyWithMenu('access-denied');

/** "Access denied. Contact an administrator." as an alert on the pressed button. */
export const alertDenied: Refusal = async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('access-denied'), show_alert: true }).catch(() => undefined);
};

/** The domain's refusal text: an alert for a button, a reply for a message. */
export const refuse =
  (code: DomainErrorCode): Refusal =>
  (ctx) =>
    reportFailure(ctx, new DomainError(code));

/** A button pressed by someone unregistered: the alert, then (in a chat) `offerKey` with the access-request keyboard. */
export const refuseUnregisteredPress =
  (offerKey: string): Refusal =>
  async (ctx) => {
    await reportFailure(ctx, new DomainError('role.unregistered'));
    if (ctx.chat) {
      await ctx.reply(ctx.t(offerKey), { parse_mode: 'HTML', reply_markup: menuKeyboard(ctx.t, null) });
    }
  };

/** Any registered user; someone unregistered is told "Access denied" with the Start Access Request button. */
export const registeredUsers: RoleGate = { unregistered: deniedWithMenu };

// ---------------------------------------------------------------------------------------------
// Conversations

/** Every session key that holds a conversation in progress (./conversation ends them on a new entry). */
const CONVERSATION_KEYS = ['accessForm', 'qcFail', 'staffTickets'] as const satisfies readonly (keyof SessionData)[];

export type ConversationKey = (typeof CONVERSATION_KEYS)[number];

/** Session data exists only in private chats (see createBot). */
export const hasSession = (ctx: BotContext) => ctx.chat?.type === 'private' && !!ctx.from;

/** Ends the conversation `which` (whatever the person was in the middle of, when unset); a no-op outside a private chat. */
export function endConversation(ctx: BotContext, which?: ConversationKey): void {
  if (!hasSession(ctx)) return;
  for (const key of which ? [which] : CONVERSATION_KEYS)
    if (ctx.session[key] !== undefined) ctx.session[key] = undefined;
}
