// QC in Telegram (workshop-domain.md §9 "QC UI", "Our decisions"): /qc, /qc_checks and the QC menu
// label open the queue of every ticket waiting for QC (`tqq:`); the panel's buttons (`tqc:`) pass,
// fail or refresh a ticket. A fail asks for an optional reason: the QC user's next text message, or
// Skip (`tqf:`); the pending fail lives in the grammY session. Decisions go through TicketService
// (a Temporal update keyed by the pressed button's callback query id), reads straight to Postgres.
import { Composer } from 'grammy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, canDecideQc, DomainError, requireQcDecisionAvailable, type TicketStatus } from '../../domain';
import { NotFoundError, ServiceUnavailableError } from '../../services/errors';
import { qcPanelOf, qcQueue, qcTicket, type QcTicketView } from '../../reads/qc-queries';
import type { ActionOptions, PressOutcome } from '../../services/tickets';
import type { PressedMessage, TicketView } from '../../contracts/messages';
import { type QcButton, qcButton, type QcQueueButton, qcQueueButton } from '../../ui/callbacks/qc';
import {
  answer,
  endConversation,
  isReportable,
  deniedWithMenu,
  hasSession,
  onButton,
  passGate,
  refuse,
  refuseUnregisteredPress,
  replyWithMenu,
  type RoleGate,
} from '../kit';
import type { BotContext, IdentityUser, SessionData } from '../context';
import { editOrIgnore, errorForLog, failureText, reportFailure } from '../errors';
import { editPressed, forgetCard, pressedMessage, rememberCard } from '../ticket-copies';
import { ticketAppUrlIn } from '../miniapp-menu';
import type { RenderedView } from '../../ui/render/technician';
import {
  QC_FAIL_REASON_MAX_LENGTH,
  qcAlreadyToast,
  qcToast,
  queuePageOf,
  renderQcFailPrompt,
  renderQcPanel,
  renderQcQueue,
} from '../../ui/render/qc';
import { type QcFailPromptButton, qcFailPromptButton } from '../../ui/callbacks/qc';
import { menuButtonOf } from './common';

/** A fail prompt left unanswered this long no longer captures the QC user's next message. */
export const QC_FAIL_PROMPT_TTL_MS = 30 * 60 * 1000;

type PendingFail = NonNullable<SessionData['qcFail']>;

const em = (ctx: BotContext) => ctx.deps.orm.em.fork() as EntityManager;

// ---------------------------------------------------------------------------------------------
// Gates

/** Commands and menu labels: registered QC inspectors (or super admins) only. */
const qcCommands: RoleGate = {
  allows: canDecideQc,
  unregistered: deniedWithMenu,
  forbidden: replyWithMenu('qc-command-qc-only', { html: true }),
};
/** Buttons: unregistered people get the alert plus the access-request keyboard; others the QC-only alert. */
const qcButtons: RoleGate = {
  allows: canDecideQc,
  unregistered: refuseUnregisteredPress('qc-open-access-request'),
  forbidden: refuse('role.qc_inspectors_only'),
};

const qcUserForCommand = (ctx: BotContext) => passGate(ctx, qcCommands);
const qcUserForCallback = (ctx: BotContext) => passGate(ctx, qcButtons);

// ---------------------------------------------------------------------------------------------
// Queue and panel

async function showQueue(ctx: BotContext): Promise<void> {
  const user = await qcUserForCommand(ctx);
  if (!user) return;
  const view = renderQcQueue(ctx.t, await qcQueue(em(ctx), 1));
  await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup });
}

async function editWith(ctx: BotContext, view: RenderedView): Promise<void> {
  await editOrIgnore(() => ctx.editMessageText(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup }));
}

/**
 * Re-renders a panel message elsewhere in the chat (after a fail decided from the prompt): from the
 * decision's view when it returned one, else read fresh.
 */
async function refreshPanelMessage(ctx: BotContext, pending: PendingFail, decided: QcTicketView | null): Promise<void> {
  if (!ctx.chat || pending.panelMessageId === undefined) return;
  const view = decided ?? (await qcTicket(em(ctx), pending.ticketId));
  if (!view) return;
  const panel = renderQcPanel(ctx.t, view, pending.queuePage ?? null, ticketAppUrlIn(ctx, view.id));
  const chatId = ctx.chat.id;
  const messageId = pending.panelMessageId;
  const edited = await editPressed(
    ctx,
    view.id,
    () =>
      editOrIgnore(() =>
        ctx.api.editMessageText(chatId, messageId, panel.text, {
          parse_mode: 'HTML',
          reply_markup: panel.reply_markup,
        }),
      ),
    messageId,
  ).then(
    () => true,
    (err: unknown) => {
      ctx.log.debug({ err: errorForLog(err, ctx.deps.config) }, 'QC panel could not be refreshed');
      return false;
    },
  );
  if (edited) await rememberPanel(ctx, view.id, view.status, pending.queuePage ?? null, panel, messageId);
}

/** The message now shows the ticket's QC panel: its copy is kept current from now on. */
function rememberPanel(
  ctx: BotContext,
  ticketId: number,
  status: TicketStatus,
  backToPage: number | null,
  view: RenderedView,
  messageId?: number,
): Promise<void> {
  return rememberCard(ctx, { ticketId, status, kind: 'qc_panel', context: { backToPage }, view }, messageId);
}

async function onQueueButton(ctx: BotContext, button: QcQueueButton): Promise<void> {
  const user = await qcUserForCallback(ctx);
  if (!user) return;
  if (button.kind === 'refresh') {
    const view = renderQcQueue(ctx.t, await qcQueue(em(ctx), button.page));
    await answer(ctx, ctx.t('qc-toast-queue-refreshed'));
    await editWith(ctx, view);
    await forgetCard(ctx);
    return;
  }
  const ticket = await qcTicket(em(ctx), button.ticketId);
  if (!ticket) {
    await reportFailure(ctx, new NotFoundError('Ticket', button.ticketId));
    return;
  }
  await answer(ctx, ctx.t('qc-toast-opened'));
  const panel = renderQcPanel(ctx.t, ticket, button.page, ticketAppUrlIn(ctx, ticket.id));
  await editWith(ctx, panel);
  await rememberPanel(ctx, ticket.id, ticket.status, button.page, panel);
}

/**
 * Exactly one service call for the decision, idempotent per `updateId`. `panel`: the panel message
 * the decision then draws (the pressed one, or the one a fail's reason prompt was asked from).
 */
function decide(
  user: IdentityUser,
  ticketId: number,
  action: 'pass' | 'fail',
  updateId: string,
  panel: PressedMessage | undefined,
  reason?: string,
) {
  return async (ctx: BotContext) => {
    const actor: Actor = { id: user.id, roles: user.roles };
    const options: ActionOptions = {
      updateId,
      metadata: { source: 'telegram_bot', channel: 'qc_callback', telegram_action: action },
      pressed: panel,
    };
    if (action === 'pass') return ctx.deps.services.tickets.qcPass(actor, ticketId, options);
    return ctx.deps.services.tickets.qcFail(actor, ticketId, reason ?? null, options);
  };
}

/** A decision's panel as its update committed it, or its reportable refusal; anything else propagates. */
type Attempt = { ok: true; panel: QcTicketView | null } | { ok: false; refusal: unknown };

async function attempt(ctx: BotContext, run: (ctx: BotContext) => Promise<TicketView>): Promise<Attempt> {
  try {
    const { card } = await run(ctx);
    return { ok: true, panel: card ? qcPanelOf(card) : null };
  } catch (err) {
    if (!isReportable(err)) throw err;
    return { ok: false, refusal: err };
  }
}

/**
 * Draws the panel on the pressed message and records that copy. `afterDecision`: the press made (or
 * met) a decision that named this message as its own (see editPressed).
 */
async function drawPanel(
  ctx: BotContext,
  view: QcTicketView,
  backToPage: number | null,
  afterDecision: boolean,
): Promise<void> {
  const panel = renderQcPanel(ctx.t, view, backToPage, ticketAppUrlIn(ctx, view.id));
  const edit = () => editWith(ctx, panel);
  await (afterDecision ? editPressed(ctx, view.id, edit) : edit());
  await rememberPanel(ctx, view.id, view.status, backToPage, panel);
}

/** The toast of a decision, drawn from the view its update returned (read fresh for an outcome recorded before it had one). */
async function decided(
  ctx: BotContext,
  action: 'pass' | 'fail',
  ticketId: number,
  panel: QcTicketView | null,
  backToPage: number | null,
) {
  await answer(ctx, qcToast(ctx.t, action));
  const view = panel ?? (await qcTicket(em(ctx), ticketId));
  if (view) await drawPanel(ctx, view, backToPage, true);
}

/**
 * `tqc:<ticket>:<pass|fail|refresh>`: QC role → pass: one service call (the workflow's validator is
 * the guard) → toast → the panel drawn from the view the update returns. Fail needs waiting_qc
 * before it asks for the reason; refresh reads. A refusal reads the ticket fresh: gone, said so;
 * its own redelivered work or a decision already made that way, said so as a toast; a ticket no
 * longer waiting, "not available"; else the reason as an alert. The panel is redrawn either way,
 * so a stale panel (or notification) corrects itself.
 */
async function onQcButton(ctx: BotContext, button: QcButton): Promise<void> {
  const user = await qcUserForCallback(ctx);
  if (!user) return;
  const backToPage = queuePageOf(ctx.callbackQuery?.message?.reply_markup);
  const updateId = ctx.callbackQuery!.id;
  let refusal: unknown = null;
  if (button.action === 'pass') {
    const result = await attempt(ctx, decide(user, button.ticketId, 'pass', updateId, pressedMessage(ctx)));
    if (result.ok) return decided(ctx, 'pass', button.ticketId, result.panel, backToPage);
    refusal = result.refusal;
  }
  const ticket = await qcTicket(em(ctx), button.ticketId);
  if (!ticket) {
    await reportFailure(ctx, new NotFoundError('Ticket', button.ticketId));
    return;
  }
  if (button.action === 'fail') {
    try {
      requireQcDecisionAvailable(ticket.status);
    } catch (err) {
      refusal = err;
    }
    if (!refusal && hasSession(ctx)) return askFailReason(ctx, button.ticketId, backToPage);
    if (!refusal) {
      const result = await attempt(ctx, decide(user, ticket.id, 'fail', updateId, pressedMessage(ctx)));
      if (result.ok) return decided(ctx, 'fail', ticket.id, result.panel, backToPage);
      refusal = result.refusal;
    }
  }
  // Redelivered after a crash, a decision finds itself made: that is its success. Made by someone
  // else (another inspector, a double tap), it is said so as a toast.
  let outcome: PressOutcome = 'applied';
  if (refusal instanceof DomainError && button.action !== 'refresh') {
    outcome = await ctx.deps.services.tickets.pressOutcome(ticket.id, updateId, `qc_${button.action}`);
    if (outcome !== 'refused') refusal = null;
  }
  if (refusal) {
    const unavailable = refusal instanceof DomainError && ticket.status !== 'waiting_qc';
    await reportFailure(ctx, unavailable ? new DomainError('qc.action_not_available') : refusal);
  } else if (outcome === 'already' && button.action !== 'refresh') {
    await answer(ctx, qcAlreadyToast(ctx.t, button.action));
  } else await answer(ctx, qcToast(ctx.t, button.action));
  // Read after the refusal (nothing changed since): the panel as it stands.
  await drawPanel(ctx, ticket, backToPage, button.action !== 'refresh');
}

// ---------------------------------------------------------------------------------------------
// The fail reason

async function askFailReason(ctx: BotContext, ticketId: number, backToPage: number | null): Promise<void> {
  const previous = ctx.session.qcFail;
  if (previous?.promptMessageId !== undefined && ctx.chat) await dropPromptButtons(ctx, previous.promptMessageId);
  const pending: PendingFail = {
    ticketId,
    updateId: ctx.callbackQuery!.id,
    askedAt: Date.now(),
    ...(ctx.callbackQuery?.message ? { panelMessageId: ctx.callbackQuery.message.message_id } : {}),
    ...(backToPage !== null ? { queuePage: backToPage } : {}),
  };
  await answer(ctx, ctx.t('qc-fail-toast-ask'));
  const prompt = renderQcFailPrompt(ctx.t, ticketId);
  const sent = await ctx.reply(prompt.text, { parse_mode: 'HTML', reply_markup: prompt.reply_markup });
  ctx.session.qcFail = { ...pending, promptMessageId: sent.message_id };
}

async function dropPromptButtons(ctx: BotContext, messageId: number, text?: string): Promise<void> {
  const chatId = ctx.chat!.id;
  const edit = text
    ? () => ctx.api.editMessageText(chatId, messageId, text, { parse_mode: 'HTML' })
    : () => ctx.api.editMessageReplyMarkup(chatId, messageId, { reply_markup: { inline_keyboard: [] } });
  await editOrIgnore(edit).catch((err: unknown) =>
    ctx.log.debug({ err: errorForLog(err, ctx.deps.config) }, 'QC fail prompt could not be edited'),
  );
}

const isExpired = (pending: PendingFail) => Date.now() - pending.askedAt > QC_FAIL_PROMPT_TTL_MS;

/** The pending fail for this ticket, if it is still live; an expired one is cleared. */
function livePending(ctx: BotContext, ticketId?: number): PendingFail | null {
  const pending = ctx.session.qcFail;
  if (!pending) return null;
  if (isExpired(pending)) {
    endConversation(ctx, 'qcFail');
    return null;
  }
  return ticketId === undefined || pending.ticketId === ticketId ? pending : null;
}

/** `tqf:<ticket>:<skip|cancel>`: fail without a reason, or keep the ticket waiting. */
async function onFailPromptButton(ctx: BotContext, button: QcFailPromptButton): Promise<void> {
  const user = await qcUserForCallback(ctx);
  if (!user) return;
  const messageId = ctx.callbackQuery?.message?.message_id;
  const pending = hasSession(ctx) ? livePending(ctx, button.ticketId) : null;
  if (!pending || (pending.promptMessageId !== undefined && pending.promptMessageId !== messageId)) {
    await answer(ctx, ctx.t('qc-fail-expired'), true);
    if (messageId !== undefined) await dropPromptButtons(ctx, messageId);
    return;
  }
  if (button.action === 'cancel') {
    endConversation(ctx, 'qcFail');
    await answer(ctx, ctx.t('qc-fail-cancelled'));
    if (messageId !== undefined) await dropPromptButtons(ctx, messageId, ctx.t('qc-fail-cancelled'));
    return;
  }
  await completeFail(ctx, user, pending, null);
}

/** Applies the pending fail with its reason (or none), then tells the QC user and refreshes the panel. */
async function completeFail(
  ctx: BotContext,
  user: IdentityUser,
  pending: PendingFail,
  reason: string | null,
): Promise<void> {
  const panel = pending.panelMessageId === undefined ? undefined : pressedMessage(ctx, pending.panelMessageId);
  const result = await attempt(
    ctx,
    decide(user, pending.ticketId, 'fail', pending.updateId, panel, reason ?? undefined),
  );
  let failure = result.ok ? null : result.refusal;
  // A service that did not answer may not have applied it: the user can send the reason again.
  if (!(failure instanceof ServiceUnavailableError)) endConversation(ctx, 'qcFail');
  const outcome: PressOutcome | null =
    failure instanceof DomainError
      ? await ctx.deps.services.tickets.pressOutcome(pending.ticketId, pending.updateId, 'qc_fail')
      : null;
  if (outcome === 'applied' || outcome === 'already') failure = null;
  const text = failure
    ? failureText(ctx, failure)
    : outcome === 'already'
      ? qcAlreadyToast(ctx.t, 'fail')
      : qcToast(ctx.t, 'fail');
  if (ctx.callbackQuery) await answer(ctx, text, !!failure);
  if (failure instanceof ServiceUnavailableError) {
    // Maybe not applied: the prompt stays as it is, and the reason can be sent again.
    if (!ctx.callbackQuery) await ctx.reply(text);
    return;
  }
  // One confirmation: the prompt becomes it (a new message only when there is no prompt to edit).
  if (pending.promptMessageId !== undefined) await dropPromptButtons(ctx, pending.promptMessageId, text);
  else if (!ctx.callbackQuery) await ctx.reply(text);
  await refreshPanelMessage(ctx, pending, result.ok ? result.panel : null);
}

/** The QC user's next text after pressing Fail is the reason (commands and menu labels are not). */
async function onReasonText(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const text = ctx.message?.text ?? '';
  if (text.startsWith('/') || menuButtonOf(ctx.deps.i18n, text) !== null) return next();
  const pending = ctx.session.qcFail;
  if (!pending) return next();
  if (isExpired(pending)) {
    endConversation(ctx, 'qcFail');
    await ctx.reply(ctx.t('qc-fail-expired'));
    return;
  }
  const user = ctx.identity.user;
  if (!user || !canDecideQc(user.roles)) {
    endConversation(ctx, 'qcFail');
    return next();
  }
  const reason = text.trim();
  if (reason.length > QC_FAIL_REASON_MAX_LENGTH) {
    await ctx.reply(ctx.t('qc-fail-reason-too-long', { max: String(QC_FAIL_REASON_MAX_LENGTH) }));
    return;
  }
  await completeFail(ctx, user, pending, reason === '' ? null : reason);
}

// ---------------------------------------------------------------------------------------------

export function qcFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command(['qc', 'qc_checks'], showQueue);
  privateChat.command('cancel', async (ctx, next) => {
    const pending = ctx.session.qcFail;
    if (!pending) return next();
    endConversation(ctx, 'qcFail');
    if (pending.promptMessageId !== undefined) {
      await dropPromptButtons(ctx, pending.promptMessageId, ctx.t('qc-fail-cancelled'));
    }
    await ctx.reply(ctx.t('qc-fail-cancelled'));
  });
  privateChat
    .on('message:text')
    .filter((ctx) => menuButtonOf(ctx.deps.i18n, ctx.message.text) === 'menu-qc', showQueue);
  privateChat.on('message:text', onReasonText);

  // Payloads that don't decode fall through to the fallback ("⚠️ Unknown action.").
  onButton(composer, qcButton, onQcButton);
  onButton(composer, qcQueueButton, onQueueButton);
  onButton(composer, qcFailPromptButton, onFailPromptButton);
  return composer;
}
