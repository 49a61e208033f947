// Technician controls (workshop-domain.md §9): dashboards by scope, the ticket card with its
// action buttons (`tt:`), list paging and opening (`ttq:`), /xp and /xp_history (`xph:`).
// Reads come straight from Postgres; every action goes through TicketService (a Temporal update
// keyed by the callback query id) after the server re-checks it against fresh state.
import { Composer } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  type DashboardScope,
  DomainError,
  hasTechnicianRole,
  isTechnicianAction,
  requireAvailableAction,
  resolveWorkSessionRules,
  type TechnicianAction,
  viewAfterAction,
} from '../../domain';
import { NotFoundError, ServiceUnavailableError } from '../../services/errors';
import { activeRules } from '../../reads/rules-store';
import { technicianDashboard, ticketCard, xpHistory, xpSummary } from '../../reads/ticket-queries';
import type { ActionOptions } from '../../services/tickets';
import {
  queueButton,
  type QueueButton,
  ticketButton,
  type TicketButton,
  XP_HISTORY_DEFAULT_LIMIT,
  xpHistoryButton,
} from '../../ui/callbacks/technician';
import {
  deniedWithMenu,
  onButton,
  passGate,
  refuse,
  refuseUnregisteredPress,
  registeredUsers,
  replyWithMenu,
  type RoleGate,
} from '../kit';
import type { BotContext, IdentityUser } from '../context';
import { editOrIgnore, reportFailure } from '../errors';
import { type PressOutcome, pressOutcome } from '../press-outcome';
import { menuKeyboard, type MenuButton } from '../../ui/render/menu';
import { forgetCard, rememberCard } from '../ticket-copies';
import { ticketAppUrlIn } from '../miniapp-menu';
import {
  actionToast,
  alreadyToast,
  clampXpOffset,
  dashboardRefreshedToast,
  headingForScope,
  listContextOf,
  renderDashboard,
  renderTicketCard,
  renderXpHistory,
  renderXpSummary,
  type XpEntryView,
} from '../../ui/render/technician';
import { menuButtonOf } from './common';

const XP_SUMMARY_RECENT = 5;

const em = (ctx: BotContext) => ctx.deps.orm.em.fork() as EntityManager;

/** Answers a callback query; a late or repeated answer is not worth failing the update for. */
async function answer(ctx: BotContext, text?: string, alert = false): Promise<void> {
  await ctx.answerCallbackQuery(text ? { text, show_alert: alert } : {}).catch(() => undefined);
}

/** Failures the user gets told about (alert with the reason); anything else is a bug for the boundary. */
const isReportable = (err: unknown) =>
  err instanceof DomainError || err instanceof NotFoundError || err instanceof ServiceUnavailableError;

// ---------------------------------------------------------------------------------------------
// Gates

/** Commands: registered technicians only. Anyone else is told so, with the right keyboard. */
const technicianCommands: RoleGate = {
  allows: hasTechnicianRole,
  unregistered: deniedWithMenu,
  forbidden: replyWithMenu('tech-command-technicians-only', { html: true }),
};
/** Buttons from someone unregistered: the alert, then a message with the access-request keyboard. */
const registeredButtons: RoleGate = { unregistered: refuseUnregisteredPress('tech-open-access-request') };
const technicianButtons: RoleGate = {
  ...registeredButtons,
  allows: hasTechnicianRole,
  forbidden: refuse('role.technicians_only'),
};

const technicianForCommand = (ctx: BotContext) => passGate(ctx, technicianCommands);
const registeredForCommand = (ctx: BotContext) => passGate(ctx, registeredUsers);
const registeredForCallback = (ctx: BotContext) => passGate(ctx, registeredButtons);
const technicianForCallback = (ctx: BotContext) => passGate(ctx, technicianButtons);

// ---------------------------------------------------------------------------------------------
// Dashboards and the ticket card

async function openDashboard(ctx: BotContext, scope: DashboardScope): Promise<void> {
  const user = await technicianForCommand(ctx);
  if (!user) return;
  const view = renderDashboard(ctx.t, await technicianDashboard(em(ctx), user.id, scope, 1));
  await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.reply_markup });
}

async function editWith(ctx: BotContext, view: { text: string; reply_markup?: InlineKeyboardMarkup }): Promise<void> {
  await editOrIgnore(() =>
    ctx.editMessageText(view.text, {
      parse_mode: 'HTML',
      ...(view.reply_markup ? { reply_markup: view.reply_markup } : {}),
    }),
  );
}

async function onQueueButton(ctx: BotContext, button: QueueButton): Promise<void> {
  const user = await technicianForCallback(ctx);
  if (!user) return;
  if (button.kind === 'refresh') {
    const view = renderDashboard(ctx.t, await technicianDashboard(em(ctx), user.id, button.scope, button.page));
    await answer(ctx, dashboardRefreshedToast(ctx.t, button.scope));
    await editWith(ctx, view);
    await forgetCard(ctx);
    return;
  }
  const card = await ticketCard(em(ctx), button.ticketId, user.id);
  if (!card || card.technicianId !== user.id) {
    await reportFailure(ctx, new DomainError('action.ticket_not_yours'));
    return;
  }
  const view = renderTicketCard(ctx.t, card, {
    heading: headingForScope(button.scope),
    scope: button.scope,
    page: button.page,
    now: Date.now(),
    appUrl: ticketAppUrlIn(ctx, card.id),
  });
  await answer(ctx, ctx.t('tech-toast-opened', { id: String(card.id) }));
  await editWith(ctx, view);
  await rememberCard(ctx, {
    ticketId: card.id,
    status: card.status,
    kind: 'technician_card',
    context: { scope: button.scope, page: button.page },
    view,
  });
}

/** Runs exactly one service call for the action, idempotent per callback query. */
async function runAction(ctx: BotContext, user: IdentityUser, ticketId: number, action: TechnicianAction) {
  const actor: Actor = { id: user.id, roles: user.roles };
  const options: ActionOptions = {
    updateId: ctx.callbackQuery!.id,
    metadata: { source: 'telegram_bot', channel: 'technician_callback', telegram_action: action },
  };
  const { tickets } = ctx.deps.services;
  switch (action) {
    case 'start':
      return tickets.start(actor, ticketId, options);
    case 'pause':
      return tickets.pause(actor, ticketId, options);
    case 'resume':
      return tickets.resume(actor, ticketId, options);
    case 'stop':
      return tickets.stop(actor, ticketId, options);
    case 'to_waiting_qc':
      return tickets.sendToQc(actor, ticketId, options);
  }
}

/**
 * `tt:<ticket>:<action>`: technician → owner → availability re-checked on fresh state → one
 * service call → toast (or the reason as an alert) → the card re-rendered from fresh state, so a
 * stale card corrects itself either way.
 */
async function onTicketButton(ctx: BotContext, button: TicketButton): Promise<void> {
  const user = await technicianForCallback(ctx);
  if (!user) return;
  const card = await ticketCard(em(ctx), button.ticketId, user.id);
  if (!card || card.technicianId !== user.id) {
    await reportFailure(ctx, new DomainError('action.ticket_not_yours'));
    return;
  }
  let failure: unknown = null;
  let outcome: PressOutcome = 'applied';
  if (button.action !== 'refresh') {
    try {
      await runAction(ctx, user, card.id, requireAvailableAction(button.action, card.actions));
    } catch (err) {
      if (!isReportable(err)) throw err;
      // Its own redelivered work is its success; a ticket already where the press wanted it (a
      // double tap, a stale copy) is said so; anything else is the refusal.
      outcome =
        err instanceof DomainError && isTechnicianAction(button.action)
          ? await pressOutcome(em(ctx), card.id, ctx.callbackQuery!.id, button.action)
          : 'refused';
      if (outcome === 'refused') failure = err;
    }
  }
  if (failure) await reportFailure(ctx, failure);
  else if (outcome === 'already' && isTechnicianAction(button.action)) {
    await answer(ctx, alreadyToast(ctx.t, button.action));
  } else await answer(ctx, actionToast(ctx.t, button.action));

  const fresh = await ticketCard(em(ctx), card.id, user.id);
  if (!fresh || fresh.technicianId !== user.id) return;
  const context = listContextOf(ctx.callbackQuery?.message?.reply_markup) ?? { scope: 'active', page: 1 };
  const target = viewAfterAction(context, fresh.status);
  const view = renderTicketCard(ctx.t, fresh, {
    heading: failure || outcome === 'already' ? headingForScope(target.scope) : 'updated',
    scope: target.scope,
    page: target.page,
    now: Date.now(),
    appUrl: ticketAppUrlIn(ctx, fresh.id),
  });
  await editWith(ctx, view);
  await rememberCard(ctx, {
    ticketId: fresh.id,
    status: fresh.status,
    kind: 'technician_card',
    context: { scope: target.scope, page: target.page },
    view,
  });
}

// ---------------------------------------------------------------------------------------------
// XP

async function workshopTimeZone(manager: EntityManager): Promise<string> {
  return resolveWorkSessionRules((await activeRules(manager)).config).timezone;
}

const entryView = (row: { amount: number; entryType: string; description: string; createdAt: Date }): XpEntryView => ({
  amount: row.amount,
  entryType: row.entryType,
  description: row.description ?? '',
  createdAt: row.createdAt,
});

async function showXpSummary(ctx: BotContext): Promise<void> {
  const user = await registeredForCommand(ctx);
  if (!user) return;
  const manager = em(ctx);
  const summary = await xpSummary(manager, user.id);
  const recent = await xpHistory(manager, user.id, XP_SUMMARY_RECENT, 0);
  const text = renderXpSummary(ctx.t, {
    total: summary.total,
    progress: summary.progress,
    updates: recent.total,
    recent: recent.rows.map(entryView),
    timeZone: await workshopTimeZone(manager),
  });
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: menuKeyboard(ctx.t, user.roles) });
}

async function xpHistoryView(ctx: BotContext, userId: number, limit: number, offset: number) {
  const manager = em(ctx);
  let page = await xpHistory(manager, userId, limit, offset);
  const safeOffset = clampXpOffset(page.total, limit, offset);
  if (safeOffset !== offset) page = await xpHistory(manager, userId, limit, safeOffset);
  return renderXpHistory(ctx.t, {
    total: page.total,
    limit,
    offset: safeOffset,
    rows: page.rows.map(entryView),
    timeZone: await workshopTimeZone(manager),
  });
}

async function showXpHistory(ctx: BotContext): Promise<void> {
  const user = await registeredForCommand(ctx);
  if (!user) return;
  const view = await xpHistoryView(ctx, user.id, XP_HISTORY_DEFAULT_LIMIT, 0);
  await ctx.reply(view.text, { parse_mode: 'HTML', ...(view.reply_markup ? { reply_markup: view.reply_markup } : {}) });
}

async function onXpHistoryButton(ctx: BotContext, data: string): Promise<void> {
  const button = xpHistoryButton.decode(data);
  if (!button) {
    await answer(ctx, ctx.t('tech-xp-page-invalid'), true);
    return;
  }
  const user = await registeredForCallback(ctx);
  if (!user) return;
  const view = await xpHistoryView(ctx, user.id, button.limit, button.offset);
  await answer(ctx);
  await editWith(ctx, view);
}

// ---------------------------------------------------------------------------------------------

const MENU_ENTRIES: Partial<Record<MenuButton, (ctx: BotContext) => Promise<void>>> = {
  'menu-active': (ctx) => openDashboard(ctx, 'active'),
  'menu-under-qc': (ctx) => openDashboard(ctx, 'under_qc'),
  'menu-past': (ctx) => openDashboard(ctx, 'past'),
  'menu-xp': showXpSummary,
  'menu-xp-history': showXpHistory,
};

function menuEntryOf(ctx: BotContext, text: string) {
  const button = menuButtonOf(ctx.deps.i18n, text);
  return button ? MENU_ENTRIES[button] : undefined;
}

export function technicianFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command(['queue', 'active', 'tech'], (ctx) => openDashboard(ctx, 'active'));
  privateChat.command('under_qc', (ctx) => openDashboard(ctx, 'under_qc'));
  privateChat.command('past', (ctx) => openDashboard(ctx, 'past'));
  privateChat.command('xp', showXpSummary);
  privateChat.command('xp_history', showXpHistory);
  privateChat.on('message:text').filter(
    (ctx) => menuEntryOf(ctx, ctx.message.text) !== undefined,
    (ctx) => menuEntryOf(ctx, ctx.message.text)!(ctx),
  );

  // Payloads that don't decode fall through to the fallback ("⚠️ Unknown action.").
  onButton(composer, ticketButton, onTicketButton);
  onButton(composer, queueButton, onQueueButton);
  composer.on('callback_query:data').filter(
    (ctx) => ctx.callbackQuery.data.startsWith('xph:'),
    (ctx) => onXpHistoryButton(ctx, ctx.callbackQuery.data),
  );
  return composer;
}
