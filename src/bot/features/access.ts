// Identity & access (workshop-domain.md §9 "Access-request FSM", front-door.md). /start greets:
// "all set" with the role menu, "already under review", or — for everyone else, who is most often
// a client of the support desk — how to get help (just write), with a line for staff. The
// three-step form with its progress card opens only from /request_access or the "Start Access
// Request" button (given with "Access denied" when someone unregistered touches a staff feature);
// /cancel drops the draft. Moderators approve (role picker) or reject on the request card (`ar:`),
// through AccessRequestService.
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import {
  type Actor,
  canModerateAccess,
  DomainError,
  requirePhone,
  validateFirstName,
  validateLastName,
} from '../../domain';
import { AccessRequestPendingError } from '../../services/access-requests';
import { loadAccessRequestCard } from '../../reads/access-requests';
import { createClientCardSource } from '../../reads/client-cards';
import { NotFoundError, ServiceUnavailableError } from '../../services/errors';
import type { BotContext, IdentityUser, SessionData } from '../context';
import { editOrIgnore, errorForLog, failureText, reportFailure } from '../errors';
import { SUPPORTED_LOCALES } from '../../i18n';
import {
  accessFormCard,
  accessRequestCardText,
  accessRequestKeyboard,
  shareContactKeyboard,
} from '../../ui/render/access';
import { accessButton, type AccessButton } from '../../ui/callbacks/access';
import { menuKeyboard, REQUEST_ACCESS_COMMAND } from '../../ui/render/menu';
import { menuButtonOf } from './common';
import { setRoleCommandMenu } from '../command-menu';
import { answer, endConversation, passGate, refuse, type RoleGate } from '../kit';

type AccessForm = NonNullable<SessionData['accessForm']>;

const LIST_LIMIT = 10;

const service = (ctx: BotContext) => ctx.deps.services.accessRequests;

/**
 * Front door for unregistered people who touch a staff feature: "Access denied. Contact an
 * administrator." with the Start Access Request button (an alert plus a chat message for buttons).
 */
export async function replyAccessDenied(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) {
    await answer(ctx, ctx.t('access-denied'), true);
    if (ctx.chat?.type === 'private') {
      await ctx.reply(ctx.t('access-open-request'), { reply_markup: menuKeyboard(ctx.t, null) });
    }
    return;
  }
  await ctx.reply(ctx.t('access-denied'), { reply_markup: menuKeyboard(ctx.t, null) });
}

/** Who decides access requests; someone unregistered gets the front door above. */
const moderators: RoleGate = {
  allows: canModerateAccess,
  unregistered: replyAccessDenied,
  forbidden: refuse('role.forbidden'),
};

// ---------------------------------------------------------------------------------------------
// The requester's form

async function deleteQuietly(ctx: BotContext, messageId: number | undefined): Promise<void> {
  if (messageId === undefined || !ctx.chat) return;
  await ctx.api.deleteMessage(ctx.chat.id, messageId).catch(() => undefined);
}

/** Drops the draft and its card. */
async function clearForm(ctx: BotContext): Promise<void> {
  const form = ctx.session.accessForm;
  endConversation(ctx, 'accessForm');
  await deleteQuietly(ctx, form?.cardMessageId);
}

/** Reposts the progress card (the old one is deleted), with the reason the last input was refused. */
async function postCard(ctx: BotContext, form: AccessForm, problem?: string): Promise<void> {
  await deleteQuietly(ctx, form.cardMessageId);
  const sent = await ctx.reply(accessFormCard(ctx.t, form, problem), {
    parse_mode: 'HTML',
    reply_markup: form.step === 'phone' ? shareContactKeyboard(ctx.t) : { remove_keyboard: true },
  });
  ctx.session.accessForm = { ...form, cardMessageId: sent.message_id };
}

/** Registered: "all set" with the role menu. Returns false for someone unregistered. */
async function allSet(ctx: BotContext): Promise<boolean> {
  const user = ctx.identity.user;
  if (!user) return false;
  await clearForm(ctx);
  await ctx.reply(ctx.t('access-all-set'), { reply_markup: menuKeyboard(ctx.t, user.roles) });
  await setRoleCommandMenu(ctx);
  return true;
}

/** Who the greeting is for: a client of the desk, one the whitelist does not admit, or no desk at all. */
async function greetingKey(ctx: BotContext): Promise<string> {
  const { config } = ctx.deps;
  if (config.telegram.mainGroupId === undefined) return 'access-start-no-desk';
  if (config.clientAccess !== 'whitelist') return 'access-start-client';
  try {
    const card = await createClientCardSource(ctx.deps).lookup({
      telegramId: ctx.identity.telegramId,
      username: ctx.from?.username ?? null,
    });
    return card.known ? 'access-start-client' : 'access-start-not-allowed';
  } catch (err) {
    // The card source is down: greet as a client; their first message is checked again anyway.
    ctx.log.warn({ err: errorForLog(err, ctx.deps.config) }, 'client card lookup failed on /start');
    return 'access-start-client';
  }
}

/**
 * /start, from any state: the role menu, "already under review", or how to get help — a client
 * just writes; staff are told the command of the access form. Any form in progress is dropped
 * (the next message is a question, not a first name), and no keyboard stays on the screen.
 */
async function welcome(ctx: BotContext): Promise<void> {
  if (await allSet(ctx)) return;
  if (await alreadyPending(ctx)) return;
  await clearForm(ctx);
  const text = [ctx.t(await greetingKey(ctx)), '', ctx.t('access-start-staff-hint')].join('\n');
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: { remove_keyboard: true } });
}

/** "Already under review" when a request is pending (its workflow ensured); false otherwise. */
async function alreadyPending(ctx: BotContext): Promise<boolean> {
  const pending = await service(ctx).pendingOf(ctx.identity.telegramId);
  if (pending) {
    await clearForm(ctx);
    await ctx.reply(ctx.t('access-already-pending'), { reply_markup: { remove_keyboard: true } });
    // Recovers a request whose workflow never started (Temporal was down at submission).
    await service(ctx)
      .ensureWorkflow(pending)
      .catch((err: unknown) =>
        ctx.log.warn(
          { err: errorForLog(err, ctx.deps.config), request_id: pending.id },
          'access request workflow not ensured',
        ),
      );
    return true;
  }
  return false;
}

/** /request_access and the Start Access Request button, from any state: the form from its first step. */
async function begin(ctx: BotContext): Promise<void> {
  if (await allSet(ctx)) return;
  if (await alreadyPending(ctx)) return;
  await deleteQuietly(ctx, ctx.session.accessForm?.cardMessageId);
  await postCard(ctx, { step: 'first_name' });
}

async function submit(ctx: BotContext, form: AccessForm, phone: string): Promise<void> {
  if (!form.firstName || !form.lastName) {
    await postCard(ctx, { step: 'first_name', cardMessageId: form.cardMessageId });
    return;
  }
  try {
    await service(ctx).submit({
      telegramId: ctx.identity.telegramId,
      firstName: form.firstName,
      lastName: form.lastName,
      phone,
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'access.phone_in_use') {
      await postCard(ctx, form, failureText(ctx, err));
      return;
    }
    if (err instanceof AccessRequestPendingError || err instanceof DomainError) {
      await clearForm(ctx);
      const text = err instanceof AccessRequestPendingError ? ctx.t('access-submit-pending') : failureText(ctx, err);
      await ctx.reply(text, { reply_markup: { remove_keyboard: true } });
      return;
    }
    throw err;
  }
  await clearForm(ctx);
  await ctx.reply(ctx.t('access-submitted'), { reply_markup: { remove_keyboard: true } });
}

/** One answer to the form: validated, deleted from the chat, and the card reposted. */
async function formInput(ctx: BotContext, form: AccessForm, message: Message): Promise<void> {
  await deleteQuietly(ctx, message.message_id);
  const text = message.text ?? '';
  try {
    if (form.step === 'first_name') {
      if (message.text === undefined) return postCard(ctx, form);
      return postCard(ctx, { ...form, firstName: validateFirstName(text), step: 'last_name' });
    }
    if (form.step === 'last_name') {
      if (message.text === undefined) return postCard(ctx, form);
      return postCard(ctx, { ...form, lastName: validateLastName(text), step: 'phone' });
    }
    if (message.contact) {
      // Only the user's own number: a forwarded or picked contact of someone else is refused.
      if (message.contact.user_id !== ctx.from?.id) return postCard(ctx, form, ctx.t('access-contact-not-own'));
      return submit(ctx, form, requirePhone(message.contact.phone_number));
    }
    return submit(ctx, form, requirePhone(text));
  } catch (err) {
    if (err instanceof DomainError) return postCard(ctx, form, failureText(ctx, err));
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Moderation

const actorOf = (user: IdentityUser): Actor => ({ id: user.id, roles: user.roles });

/** Shows the outcome on a card the workflow does not track (e.g. one from /access_requests). */
async function showOutcome(ctx: BotContext, requestId: number): Promise<void> {
  const card = await loadAccessRequestCard(ctx.deps.orm.em.fork(), requestId, null);
  if (!card || card.view.status === 'pending') return;
  await editOrIgnore(() => ctx.editMessageText(accessRequestCardText(ctx.t, card.view), { parse_mode: 'HTML' })).catch(
    (err: unknown) =>
      ctx.log.warn(
        { err: errorForLog(err, ctx.deps.config), request_id: requestId },
        'access request card not updated',
      ),
  );
}

async function decisionFailed(ctx: BotContext, requestId: number, err: unknown): Promise<void> {
  if (err instanceof DomainError && err.code === 'access_request.closed') {
    await answer(ctx, failureText(ctx, err), true);
    await showOutcome(ctx, requestId);
    return;
  }
  if (err instanceof NotFoundError) return answer(ctx, ctx.t('access-not-found'), true);
  if (err instanceof DomainError || err instanceof ServiceUnavailableError) return reportFailure(ctx, err);
  throw err;
}

async function onButton(ctx: BotContext, button: AccessButton): Promise<void> {
  const user = await passGate(ctx, moderators);
  if (!user) return;
  const { requestId } = button;
  const callbackId = ctx.callbackQuery!.id;
  try {
    if (button.action === 'pick' || button.action === 'back') {
      const status = await service(ctx).statusOf(requestId);
      if (status === null) throw new NotFoundError('AccessRequest', requestId);
      if (status !== 'pending') throw new DomainError('access_request.closed', { status });
      await editOrIgnore(() =>
        ctx.editMessageReplyMarkup({
          reply_markup: accessRequestKeyboard(ctx.t, requestId, button.action === 'pick' ? 'roles' : 'decide'),
        }),
      );
      return answer(ctx);
    }
    if (button.action === 'approve') {
      const view = await service(ctx).approve(actorOf(user), requestId, [button.role], { updateId: callbackId });
      const roles = view.rolesGranted.map((r) => ctx.t(`role-${r.replace(/_/g, '-')}`)).join(', ');
      return answer(ctx, ctx.t('access-toast-approved', { roles }));
    }
    await service(ctx).reject(actorOf(user), requestId, { updateId: callbackId });
    return answer(ctx, ctx.t('access-toast-rejected'));
  } catch (err) {
    return decisionFailed(ctx, requestId, err);
  }
}

/** /access_requests and the 🔐 Access Requests button: every pending request as a card with buttons. */
async function listPending(ctx: BotContext): Promise<void> {
  const user = await passGate(ctx, moderators);
  if (!user) return;
  const cards = await service(ctx).listPending(LIST_LIMIT);
  if (cards.length === 0) {
    await ctx.reply(ctx.t('access-list-empty'), { reply_markup: menuKeyboard(ctx.t, user.roles) });
    return;
  }
  await ctx.reply(ctx.t('access-list-title', { count: cards.length }), {
    reply_markup: menuKeyboard(ctx.t, user.roles),
  });
  for (const card of cards) {
    await ctx.reply(accessRequestCardText(ctx.t, card), {
      parse_mode: 'HTML',
      reply_markup: accessRequestKeyboard(ctx.t, card.id, 'decide'),
    });
  }
}

// ---------------------------------------------------------------------------------------------

export function accessFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command('start', welcome);
  privateChat.command(REQUEST_ACCESS_COMMAND, begin);
  privateChat.command('cancel', async (ctx, next) => {
    if (!ctx.session.accessForm) return next();
    await clearForm(ctx);
    await ctx.reply(ctx.t('access-cancelled'), { reply_markup: menuKeyboard(ctx.t, ctx.identity.user?.roles ?? null) });
  });
  privateChat.command('access_requests', listPending);
  privateChat.on('message:text', async (ctx, next) => {
    const typed = ctx.message.text.trim();
    if (SUPPORTED_LOCALES.some((locale) => ctx.deps.i18n.t(locale, 'menu-start-access') === typed)) return begin(ctx);
    if (menuButtonOf(ctx.deps.i18n, typed) === 'menu-access') return listPending(ctx);
    return next();
  });

  // Answers to the form; commands and registered users pass through.
  privateChat.on(['message:text', 'message:contact'], async (ctx, next) => {
    const form = ctx.session.accessForm;
    if (!form || ctx.message.text?.startsWith('/')) return next();
    if (ctx.identity.user) {
      endConversation(ctx, 'accessForm');
      return next();
    }
    await formInput(ctx, form, ctx.message);
  });

  composer.on('callback_query:data', async (ctx, next) => {
    const button = accessButton.decode(ctx.callbackQuery.data);
    // Malformed `ar:` payloads go on to the fallback's "Unknown action".
    if (!button) return next();
    await onButton(ctx, button);
  });
  return composer;
}
