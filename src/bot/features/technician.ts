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
  resolveWorkSessionRules,
  type TechnicianAction,
  viewAfterAction,
} from '../../domain';
import { activeRules } from '../../reads/rules-store';
import {
  cardView,
  technicianDashboard,
  ticketCard,
  type TicketCardView,
  xpHistory,
  xpSummary,
} from '../../reads/ticket-queries';
import type { ActionOptions, PressOutcome } from '../../services/tickets';
import {
  queueButton,
  type QueueButton,
  ticketButton,
  type TicketButton,
  XP_HISTORY_DEFAULT_LIMIT,
  xpHistoryButton,
} from '../../ui/callbacks/technician';
import {
  answer,
  isReportable,
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
import { menuKeyboard, type MenuButton } from '../../ui/render/menu';
import { editPressed, forgetCard, pressedMessage, rememberCard } from '../ticket-copies';
import { ticketAppUrlIn } from '../miniapp-menu';
import {
  actionToast,
  alreadyToast,
  type CardHeading,
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

/** The ticket's card, fresh from Postgres, if it is `userId`'s; otherwise that is reported and null returned. */
async function ownCard(ctx: BotContext, ticketId: number, userId: number): Promise<TicketCardView | null> {
  const card = await ticketCard(em(ctx), ticketId, userId);
  if (card && card.technicianId === userId) return card;
  await reportFailure(ctx, new DomainError('action.ticket_not_yours'));
  return null;
}

/**
 * Draws the card on the pressed message and records that copy. `afterAction`: the press made (or
 * met) a change that named this message as its own (see editPressed).
 */
async function drawCard(
  ctx: BotContext,
  card: TicketCardView,
  heading: CardHeading,
  list: { scope: DashboardScope; page: number },
  afterAction = false,
): Promise<void> {
  const view = renderTicketCard(ctx.t, card, {
    heading,
    scope: list.scope,
    page: list.page,
    now: Date.now(),
    appUrl: ticketAppUrlIn(ctx, card.id),
  });
  const edit = () => editWith(ctx, view);
  await (afterAction ? editPressed(ctx, card.id, edit) : edit());
  await rememberCard(ctx, {
    ticketId: card.id,
    status: card.status,
    kind: 'technician_card',
    context: { scope: list.scope, page: list.page },
    view,
  });
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
  const card = await ownCard(ctx, button.ticketId, user.id);
  if (!card) return;
  await answer(ctx, ctx.t('tech-toast-opened', { id: String(card.id) }));
  await drawCard(ctx, card, headingForScope(button.scope), button);
}

/** Runs exactly one service call for the action, idempotent per callback query; resolves with the update's view. */
async function runAction(ctx: BotContext, user: IdentityUser, ticketId: number, action: TechnicianAction) {
  const actor: Actor = { id: user.id, roles: user.roles };
  const options: ActionOptions = {
    updateId: ctx.callbackQuery!.id,
    metadata: { source: 'telegram_bot', channel: 'technician_callback', telegram_action: action },
    pressed: pressedMessage(ctx),
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
 * `tt:<ticket>:<action>`: technician → one service call (the workflow's validator is the guard) →
 * toast → the card drawn from the view the update returns. A refusal reads the card fresh: not
 * theirs, said so; the press's own redelivered work or the ticket already where it wanted, said so
 * as a toast; an action the card no longer offers, "not available"; else the reason as an alert.
 * The card is redrawn either way, so a stale card corrects itself.
 */
async function onTicketButton(ctx: BotContext, button: TicketButton): Promise<void> {
  const user = await technicianForCallback(ctx);
  if (!user) return;
  const list = listContextOf(ctx.callbackQuery?.message?.reply_markup) ?? { scope: 'active', page: 1 };
  if (button.action === 'refresh') {
    const card = await ownCard(ctx, button.ticketId, user.id);
    if (!card) return;
    await answer(ctx, actionToast(ctx.t, 'refresh'));
    await drawCard(ctx, card, 'updated', viewAfterAction(list, card.status));
    return;
  }
  const action = button.action;
  let refusal: unknown;
  try {
    const { card: committed } = await runAction(ctx, user, button.ticketId, action);
    const redraw = async () => {
      // An outcome recorded before updates returned the card has none: read it then.
      const card = committed ? cardView(committed, user.id) : await ticketCard(em(ctx), button.ticketId, user.id);
      if (card) await drawCard(ctx, card, 'updated', viewAfterAction(list, card.status), true);
    };
    // The toast and the edit are independent Bot API calls: the edit does not wait for the toast.
    await Promise.all([answer(ctx, actionToast(ctx.t, action)), redraw()]);
    return;
  } catch (err) {
    if (!isReportable(err)) throw err;
    refusal = err;
  }
  const card = await ownCard(ctx, button.ticketId, user.id);
  if (!card) return;
  const outcome: PressOutcome =
    refusal instanceof DomainError
      ? await ctx.deps.services.tickets.pressOutcome(card.id, ctx.callbackQuery!.id, action)
      : 'refused';
  if (outcome === 'refused') {
    await reportFailure(
      ctx,
      refusal instanceof DomainError && !card.actions.includes(action)
        ? new DomainError('action.not_available')
        : refusal,
    );
  } else await answer(ctx, outcome === 'already' ? alreadyToast(ctx.t, action) : actionToast(ctx.t, action));
  const heading = outcome === 'applied' ? 'updated' : headingForScope(viewAfterAction(list, card.status).scope);
  await drawCard(ctx, card, heading, viewAfterAction(list, card.status), true);
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
