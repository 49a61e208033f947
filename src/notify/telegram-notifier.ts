// The Telegram implementation of the TicketNotifier port (workshop-domain.md §8) and the admin
// stream's delivery.
//
// - Recipients are resolved in the transaction of the transition that raised the notification
//   (`queue`; timer-raised ones such as the QC SLA when `notify` runs): only active users; the actor
//   is left out where §8 says so; the Telegram id comes from the user's TelegramProfile, else from
//   their latest AccessRequest. Each recipient gets the text in their own language (the profile's
//   language_code → en/ru, else the configured default), as HTML, with the buttons §8 lists; the text
//   is rendered when it is sent, from the ticket as it is then.
// - Per-chat order: each (notification, chat) is a row of the outbox (./outbox), and
//   each chat's lane (workflows/notification-chat.ts) sends that chat's rows in commit order, one at
//   a time. A 429 (after exactly its retry_after, see ../telegram/failures), a 5xx or a network
//   failure stops the lane until a retry gets that row through, so nothing newer overtakes it; other
//   chats are not held up. `notify` (the ticket workflow's activity) wakes the lanes of its chats and
//   waits for them for a while, so its retries and the admins' "not delivered" report keep meaning.
// - A recipient who blocked the bot (403) or a chat Telegram refuses (other 4xx) is logged and
//   skipped for good.
// - Once per (notification, recipient): the row's status, plus a Redis mark
//   `notif:<ticket>:<event>:<at>:<chat>` (2 days) shared with the admin stream's copy of a QC SLA
//   breach. A send that succeeded just before its worker died may go out twice; nothing is lost.
import type { Api } from 'grammy';
import { GrammyError } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  type TicketNotification,
  type TicketNotificationKind,
  undeliveredNotificationReport,
} from '../contracts/tickets';
import { createI18n, pickLocale, type Translate, type Translator } from '../i18n';
import { escapeHtml } from '../ui/render/html';
import { qcPanelKeyboard, renderQcPanel } from '../ui/render/qc';
import { renderReviewPanel } from '../ui/render/staff-tickets';
import { headingForScope, renderTicketCard, statusLabel } from '../ui/render/technician';
import type { Config } from '../config';
import { ticketAppUrl } from '../config/public-urls';
import type { CoreDeps } from '../deps';
import {
  canDecideQc,
  type DashboardScope,
  personName,
  type RoleSlug,
  rolesWith,
  type TicketStatus,
  viewAfterAction,
} from '../domain';
import type { Orm } from '../db/orm';
import { sql as rows } from '../db/sql';
import { ticketLogger, type Logger } from '../logger';
import type { RedisClient } from '../redis';
import { forgetIdentities } from '../redis/identity-cache';
import { createTelegramApi } from '../telegram/api';
import {
  classifyTelegramError,
  isBlockedByUser,
  isMessageNotModified,
  isTelegramRefusal,
  telegramActivityFailure,
} from '../telegram/delivery';
import {
  ADMIN_NOTIFICATION_TYPES,
  type AdminNotification,
  type AdminStreamConsumer,
  type AdminStreamConsumerOptions,
  isAdminNotificationType,
  publishAdminNotification,
  startAdminStreamConsumer,
} from './admin-stream';
import {
  chatsOf,
  isQueued,
  nextPending,
  pendingChatsOfTicket,
  pendingOf,
  type PendingDelivery,
  type QueuedDelivery,
  queueDeliveries,
  recordFailure,
  settle,
  wakeChatLanes,
} from './outbox';
import { loggingTicketNotifier, type TicketNotifier } from './notifier';
import { telegramUsernameSql } from '../reads/names';
import { TELEGRAM_PACING, TelegramPacer, type TelegramPacingLimits } from '../telegram/pacing';
import { qcTicket } from '../reads/qc-queries';
import { reviewPanel } from '../reads/staff-queries';
import {
  fingerprintOf,
  forgetTicketMessage,
  isTicketRefresh,
  queueTicketRefresh,
  recordTicketMessage,
  type StoredTicketMessage,
  ticketMessagesIn,
  type TicketRefreshDetails,
  updateFingerprint,
} from './ticket-messages';
import { ticketCard } from '../reads/ticket-queries';
import { adminMessageKey, deliveryMarkKey, notificationKey, streamCopyKey, undeliveredReportKey } from '../redis/keys';

/** How long a delivered notification is remembered (longer than any retry schedule). */
export const NOTIFICATION_DEDUPE_TTL_SECONDS = 2 * 24 * 60 * 60;
/** How long one attempt may hold a recipient's claim while it sends. */
const CLAIM_TTL_MS = 2 * 60 * 1000;

export const ADMIN_ROLES: readonly RoleSlug[] = ['super_admin', 'ops_manager'];
/** Who is told a ticket waits for QC: everyone who may decide it. */
export const QC_REVIEWER_ROLES: readonly RoleSlug[] = rolesWith(canDecideQc);

export interface TelegramNotifierDeps {
  orm: Orm;
  redis: RedisClient;
  /** With `temporal` (and the client below), chats are served by their lanes; else in `notify` itself. */
  /** `web.publicUrl`: the Mini App's "Open in app" buttons, when https. */
  config: Pick<Config, 'defaultLocale' | 'qcSlaMinutes'> & Partial<Pick<Config, 'temporal' | 'web'>>;
  logger: Logger;
  telegram: Api;
  i18n: Translator;
  /** Starts and wakes each chat's delivery lane (workflows/notification-chat.ts). */
  temporal?: Client;
  /** Per-chat pacing shared with the support bridge (`rl:tg:<chat>`); none when absent. */
  pacing?: TelegramPacingLimits;
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

// ---------------------------------------------------------------------------------------------
// Recipients

export interface Recipient {
  userId: number;
  chatId: number;
  locale: string;
}

/**
 * The active users among `userIds` that have a Telegram id: the most recently seen linked profile,
 * else the user's latest access request (with that Telegram account's language, if it has a profile).
 */
export async function recipientsFor(
  em: EntityManager,
  userIds: readonly number[],
  defaultLocale: string,
): Promise<Recipient[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const found = await rows<{ user_id: number; telegram_id: string | number | null; language_code: string | null }>(
    em,
    `select u.id as user_id,
            coalesce(p.telegram_id, ar.telegram_id) as telegram_id,
            coalesce(p.language_code, ap.language_code) as language_code
     from app_user u
     left join lateral (
       select telegram_id, language_code from telegram_profile
       where user_id = u.id order by last_seen_at desc, id desc limit 1
     ) p on true
     left join lateral (
       select telegram_id from access_request where user_id = u.id order by id desc limit 1
     ) ar on true
     left join telegram_profile ap on ap.telegram_id = ar.telegram_id
     where u.is_active and u.id in (${placeholders(ids)})
     order by u.id`,
    ids,
  );
  return found
    .filter((row) => row.telegram_id !== null)
    .map((row) => ({
      userId: Number(row.user_id),
      chatId: Number(row.telegram_id),
      locale: pickLocale(row.language_code, defaultLocale),
    }));
}

/** Active users holding any of the roles. */
export async function activeUserIdsWithRoles(em: EntityManager, roles: readonly RoleSlug[]): Promise<number[]> {
  const found = await rows<{ id: number }>(
    em,
    `select distinct u.id from app_user u join user_role r on r.user_id = u.id
     where u.is_active and r.role in (${placeholders(roles)}) order by u.id`,
    [...roles],
  );
  return found.map((row) => Number(row.id));
}

// ---------------------------------------------------------------------------------------------
// Sending once per recipient

export type DeliveryOutcome = 'sent' | 'already_sent' | 'skipped' | 'busy' | 'failed';

/**
 * Sends each (key, chat) at most once across retries and collects the failures worth retrying.
 * Keys are marked `sent`, or `blocked` / `rejected` for chats Telegram will not deliver to.
 */
export class OnceSender {
  private retryable: unknown = null;
  private busy = false;

  constructor(private readonly deps: { redis: RedisClient; orm: Orm; logger: Logger }) {}

  async send(key: string, chatId: number, attempt: () => Promise<unknown>, log: Logger): Promise<DeliveryOutcome> {
    const { redis } = this.deps;
    const claimed = await redis.set(key, 'sending', 'PX', CLAIM_TTL_MS, 'NX');
    if (claimed !== 'OK') {
      if ((await redis.get(key)) === 'sending') {
        this.busy = true;
        return 'busy';
      }
      return 'already_sent';
    }
    try {
      await attempt();
    } catch (err) {
      if (isBlockedByUser(err)) {
        await redis.set(key, 'blocked', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
        await markBlocked(this.deps, chatId);
        log.warn({ chat_id: chatId, err: String(err) }, 'recipient blocked the bot: notification skipped');
        return 'skipped';
      }
      if (isTelegramRefusal(err)) {
        await redis.set(key, 'rejected', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
        log.warn({ chat_id: chatId, err: err.description }, 'Telegram refused the notification: skipped');
        return 'skipped';
      }
      await redis.del(key);
      this.keepRetryable(err);
      log.warn({ chat_id: chatId, err: String(err) }, 'notification not sent yet: will be retried');
      return 'failed';
    }
    await redis.set(key, 'sent', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
    return 'sent';
  }

  /** Someone still has to be retried (a Telegram failure, or a claim held by another attempt). */
  get incomplete(): boolean {
    return this.retryable !== null || this.busy;
  }

  /** For activities: the failure Temporal retries with; a 429 waits exactly its retry_after. */
  throwIfIncomplete(): void {
    if (this.retryable !== null) throw telegramActivityFailure(this.retryable);
    if (this.busy) {
      throw ApplicationFailure.retryable(
        'another attempt is still sending this notification',
        'NotificationInProgress',
      );
    }
  }

  /** Of several failures, the one to retry by: the longest 429, else the first. */
  private keepRetryable(err: unknown): void {
    const wait = (e: unknown) => classifyTelegramError(e)?.retryAfterSeconds ?? -1;
    if (this.retryable === null || wait(err) > wait(this.retryable)) this.retryable = err;
  }
}

const hasButtons = (markup: InlineKeyboardMarkup | undefined) =>
  (markup?.inline_keyboard ?? []).some((r) => r.length > 0);

/** Sends the primary message; if Telegram refuses it as a bad request (e.g. the card), the fallback. */
async function withFallback(primary: () => Promise<unknown>, fallback: (() => Promise<unknown>) | null) {
  try {
    await primary();
  } catch (err) {
    if (!fallback || !(err instanceof GrammyError) || err.error_code !== 400) throw err;
    await fallback();
  }
}

// ---------------------------------------------------------------------------------------------
// Ticket notifications

interface TicketFacts {
  id: number;
  status: TicketStatus;
  serial: string;
  masterId: number;
  technicianId: number | null;
  names: Map<number, string>;
}

interface Message {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
  /** Sent instead when Telegram refuses `text` (the technician card). */
  fallback?: string;
}

async function ticketFacts(em: EntityManager, notification: TicketNotification): Promise<TicketFacts | null> {
  const [ticket] = await rows<{
    id: number;
    status: TicketStatus;
    serial_number: string | null;
    master_id: number;
    technician_id: number | null;
  }>(
    em,
    `select t.id, t.status, i.serial_number, t.master_id, t.technician_id
     from ticket t join inventory_item i on i.id = t.inventory_item_id
     where t.id = ? and t.deleted_at is null`,
    [notification.ticketId],
  );
  if (!ticket) return null;
  const people = [ticket.technician_id, notification.actorId].filter((id): id is number => id !== null);
  const names = new Map<number, string>();
  if (people.length > 0) {
    const users = await rows<{
      id: number;
      username: string;
      first_name: string;
      last_name: string;
      telegram_username: string | null;
    }>(
      em,
      `select u.id, u.username, u.first_name, u.last_name, ${telegramUsernameSql('u')} as telegram_username
       from app_user u where u.id in (${placeholders(people)})`,
      people,
    );
    for (const u of users) {
      names.set(
        Number(u.id),
        personName({
          id: Number(u.id),
          firstName: u.first_name,
          lastName: u.last_name,
          username: u.username,
          telegramUsername: u.telegram_username,
        }),
      );
    }
  }
  return {
    id: Number(ticket.id),
    status: ticket.status,
    serial: ticket.serial_number ?? '',
    masterId: Number(ticket.master_id),
    technicianId: ticket.technician_id === null ? null : Number(ticket.technician_id),
    names,
  };
}

/** Who gets a notification (before the active/Telegram filter), per §8 and "Our decisions". */
async function recipientUserIds(
  em: EntityManager,
  notification: TicketNotification,
  facts: TicketFacts,
): Promise<number[]> {
  const except = (ids: (number | null)[]) =>
    ids.filter((id): id is number => id !== null && id !== notification.actorId);
  switch (notification.event) {
    case 'ticket_assigned_master':
    case 'ticket_started_master':
      return except([facts.masterId]);
    case 'ticket_assigned_technician':
    case 'ticket_qc_fail_technician':
      return facts.technicianId === null ? [] : [facts.technicianId];
    case 'ticket_qc_pass':
      return except([facts.technicianId]);
    case 'ticket_waiting_qc_reviewers':
      return except(await activeUserIdsWithRoles(em, QC_REVIEWER_ROLES));
    case 'ticket_qc_sla_reminder':
      // Only while it still waits: a decision made since makes the reminder moot.
      return facts.status === 'waiting_qc' ? await activeUserIdsWithRoles(em, QC_REVIEWER_ROLES) : [];
    case 'ticket_qc_sla_breached':
      return activeUserIdsWithRoles(em, ADMIN_ROLES);
  }
}

const detailNumber = (notification: TicketNotification, key: string): number => {
  const value = notification.details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};

function baseLines(t: Translate, facts: TicketFacts): { ticket: string; serial: string; technician: string } {
  return {
    ticket: t('notif-line-ticket', { id: String(facts.id) }),
    serial: t('notif-line-serial', { serial: escapeHtml(facts.serial || t('qc-serial-unknown')) }),
    technician: t('notif-line-technician', {
      name: escapeHtml(
        facts.technicianId === null
          ? t('qc-technician-unassigned')
          : (facts.names.get(facts.technicianId) ?? `#${facts.technicianId}`),
      ),
    }),
  };
}

/**
 * The notification's text and buttons in one recipient's language; `appUrl` is the Mini App at the
 * ticket for its "Open in app" button, where the recipient's chat allows one.
 */
async function compose(
  em: EntityManager,
  t: Translate,
  notification: TicketNotification,
  facts: TicketFacts,
  recipientId: number,
  now: number,
  appUrl: string | undefined,
): Promise<Message> {
  const actor = escapeHtml(
    notification.actorId === null
      ? t('notif-unknown-user')
      : (facts.names.get(notification.actorId) ?? `#${notification.actorId}`),
  );
  const lines = baseLines(t, facts);
  const status = t('notif-line-status', { status: escapeHtml(statusLabel(t, facts.status)) });
  const waiting = t('notif-line-waiting', { minutes: String(detailNumber(notification, 'waitingMinutes')) });

  /** The technician card under its own heading; the short text when the card cannot be built. */
  const technicianCard = async (heading: string, extra: string[]): Promise<Message> => {
    const fallback = [heading, lines.ticket, lines.serial, status, ...extra].join('\n');
    try {
      const card = await ticketCard(em, facts.id, recipientId);
      if (!card) return { text: fallback };
      const view = renderTicketCard(t, card, {
        heading: 'controls',
        scope: card.scope ?? 'active',
        page: 1,
        now,
        appUrl,
      });
      const [, ...rest] = view.text.split('\n');
      return { text: [heading, ...rest, ...extra].join('\n'), reply_markup: view.reply_markup, fallback };
    } catch {
      return { text: fallback };
    }
  };

  switch (notification.event) {
    case 'ticket_assigned_master':
      return {
        text: [
          t('notif-assigned-master-heading'),
          lines.ticket,
          lines.serial,
          lines.technician,
          t('notif-line-assigned-by', { name: actor }),
          status,
        ].join('\n'),
      };
    case 'ticket_assigned_technician':
      return technicianCard(t('notif-assigned-technician-heading'), [t('notif-line-assigned-by', { name: actor })]);
    case 'ticket_started_master':
      return {
        text: [
          t('notif-started-heading'),
          lines.ticket,
          lines.serial,
          lines.technician,
          t('notif-line-started-by', { name: actor }),
          status,
        ].join('\n'),
      };
    case 'ticket_waiting_qc_reviewers':
      return {
        text: [
          t('notif-waiting-qc-heading'),
          lines.ticket,
          lines.serial,
          lines.technician,
          t('notif-line-moved-by', { name: actor }),
          status,
          // Refreshed after the decision, the copy no longer asks for one.
          ...(facts.status === 'waiting_qc' ? [t('notif-waiting-qc-action')] : []),
        ].join('\n'),
        reply_markup: qcPanelKeyboard(t, facts.id, facts.status, null, appUrl),
      };
    case 'ticket_qc_pass': {
      const base = String(detailNumber(notification, 'ticket_base_xp'));
      const bonus = detailNumber(notification, 'ticket_qc_first_pass_bonus');
      return {
        text: [
          t('notif-qc-pass-heading'),
          lines.ticket,
          lines.serial,
          lines.technician,
          t('notif-line-qc-by', { name: actor }),
          status,
          bonus > 0 ? t('notif-qc-pass-xp-bonus', { base, bonus: String(bonus) }) : t('notif-qc-pass-xp', { base }),
        ].join('\n'),
      };
    }
    case 'ticket_qc_fail_technician': {
      const reason = notification.details.reason;
      const extra = [t('notif-line-qc-by', { name: actor })];
      if (typeof reason === 'string' && reason.trim() !== '') {
        extra.push(t('notif-line-reason', { reason: escapeHtml(reason.trim()) }));
      }
      return technicianCard(t('notif-qc-fail-heading'), extra);
    }
    case 'ticket_qc_sla_reminder':
      return {
        text: [t('notif-qc-sla-reminder-heading'), lines.ticket, lines.serial, lines.technician, status, waiting].join(
          '\n',
        ),
        reply_markup: qcPanelKeyboard(t, facts.id, facts.status, null, appUrl),
      };
    case 'ticket_qc_sla_breached':
      return {
        text: [t('notif-qc-sla-breached-heading'), lines.ticket, lines.serial, lines.technician, status, waiting].join(
          '\n',
        ),
      };
  }
}

/** How long one `notify` attempt waits for its chats' lanes before failing, to be retried. */
export const NOTIFY_WAIT_MS = 20_000;
/**
 * `notify` rechecks the outbox when a lane of this process settles one of its rows, else after
 * this (doubling up to the cap): a lane in another worker process settles it unseen.
 */
const NOTIFY_RECHECK_MS = { first: 250, max: 2_000 };
/**
 * A notification its chat's lane has not delivered for this long is reported to the admins, once
 * (the lane goes on retrying): about the retry budget the workflow's notify activity had when it
 * waited for the lanes itself.
 */
export const UNDELIVERED_REPORT_AFTER_MS = 20 * 60_000;
/** One lane activity sends for at most this long, then hands over to the next (start-to-close is 1 min). */
const LANE_BUDGET_MS = 30_000;
/** A pacing wait up to this is slept in the activity (which keeps heartbeating); a longer one is a retry. */
const MAX_INLINE_PACING_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Settled = { status: 'sent' | 'skipped' | 'dropped'; note: string | null };

/** The ticket notifier that sends through the Bot API (see the module comment). */
export function telegramTicketNotifier(deps: TelegramNotifierDeps): TicketNotifier {
  const pacer = deps.pacing ? new TelegramPacer(deps.redis, deps.pacing) : null;
  /** `notify` calls of this process waiting for a notification's rows, by notification key. */
  const settledWaiters = new Map<string, Set<() => void>>();
  const wakeWaiters = (key: string) => {
    for (const wake of settledWaiters.get(key) ?? []) wake();
  };
  const lanes =
    deps.temporal && deps.config.temporal
      ? { temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue }
      : null;
  const send = (chatId: number, message: { text: string; reply_markup?: InlineKeyboardMarkup }) =>
    deps.telegram.sendMessage(chatId, message.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
    });

  /** Who gets it (null: the ticket is gone). */
  async function recipientsOf(em: EntityManager, notification: TicketNotification): Promise<Recipient[] | null> {
    const facts = await ticketFacts(em, notification);
    if (!facts) return null;
    return recipientsFor(em, await recipientUserIds(em, notification, facts), deps.config.defaultLocale);
  }

  /** Takes one message from the chat's budget, sleeping out a short wait. */
  async function pace(chatId: number): Promise<void> {
    if (!pacer) return;
    for (;;) {
      const wait = await pacer.reserve(chatId, 1);
      if (wait === 0) return;
      if (wait > MAX_INLINE_PACING_WAIT_MS) {
        throw ApplicationFailure.create({
          type: 'TelegramPaced',
          message: `chat ${chatId}: send budget spent, next try in ${wait} ms`,
          nextRetryDelay: wait,
          category: 'BENIGN',
        });
      }
      await sleep(wait);
    }
  }

  /**
   * Sends one queued row. Returns its final state, or throws what the lane retries with. The Redis
   * mark `notif:<ticket>:<event>:<at>:<chat>` is shared with the admin stream's copy of a QC SLA
   * breach, so an admin told one way is not told again the other.
   */
  async function deliver(em: EntityManager, row: QueuedDelivery, log: Logger): Promise<Settled> {
    const { notification, chatId } = row;
    const key = deliveryMarkKey(row.notificationKey, chatId);
    const mark = await deps.redis.get(key);
    if (mark === 'sending') {
      throw ApplicationFailure.create({
        type: 'NotificationInProgress',
        message: 'the admin stream is sending this notification to the chat right now',
        nextRetryDelay: '1 second',
        category: 'BENIGN',
      });
    }
    if (mark === 'sent') return { status: 'sent', note: 'already sent' };
    if (mark === 'blocked' || mark === 'rejected') return { status: 'skipped', note: mark };
    const facts = await ticketFacts(em, notification);
    if (!facts) return { status: 'dropped', note: 'ticket not found' };
    if (isTicketRefresh(notification)) {
      const settled = await refreshCopies(em, facts, row, log);
      if (settled.status === 'sent') await deps.redis.set(key, 'sent', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
      return settled;
    }
    if (notification.event === 'ticket_qc_sla_reminder' && facts.status !== 'waiting_qc') {
      return { status: 'dropped', note: 'decided before the reminder went out' };
    }
    await pace(chatId);
    const t: Translate = (k, args) => deps.i18n.t(row.locale, k, args);
    const appUrl = ticketAppUrl(deps.config, chatId, facts.id);
    const message = await compose(em, t, notification, facts, row.userId, Date.now(), appUrl);
    const fallback = message.fallback;
    let sent: { message_id: number } | null = null;
    try {
      await withFallback(
        async () => {
          sent = await send(chatId, message);
        },
        fallback ? () => send(chatId, { text: fallback }) : null,
      );
    } catch (err) {
      if (isBlockedByUser(err)) {
        await deps.redis.set(key, 'blocked', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
        await markBlocked(deps, chatId);
        log.warn({ err: String(err) }, 'recipient blocked the bot: notification skipped');
        return { status: 'skipped', note: 'blocked the bot' };
      }
      if (isTelegramRefusal(err)) {
        await deps.redis.set(key, 'rejected', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
        log.warn({ err: err.description }, 'Telegram refused the notification: skipped');
        return { status: 'skipped', note: err.description };
      }
      throw err;
    }
    await deps.redis.set(key, 'sent', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
    const messageId = (sent as { message_id: number } | null)?.message_id;
    if (messageId !== undefined && hasButtons(message.reply_markup)) {
      // A copy with the ticket's buttons: edited to the new state after each transition. A change
      // committed while it was being sent leaves a refresh for this chat, which this lane takes next.
      await recordTicketMessage(em, {
        ticketId: facts.id,
        chatId,
        messageId,
        userId: row.userId,
        locale: row.locale,
        kind: 'notification',
        context: { ...notification },
        fingerprint: fingerprintOf(facts.status, message),
      });
    }
    return { status: 'sent', note: null };
  }

  /**
   * One recorded copy drawn again from the ticket as it is now; null when it cannot be.
   * `alsoCurrent`: fingerprints of the same state as the bot draws it right after a press.
   */
  async function redraw(
    em: EntityManager,
    copy: StoredTicketMessage,
    now: number,
  ): Promise<{
    status: TicketStatus;
    text: string;
    reply_markup?: InlineKeyboardMarkup;
    alsoCurrent?: string[];
  } | null> {
    const t: Translate = (k, args) => deps.i18n.t(copy.locale, k, args);
    // Drawn as the bot draws it in that chat, so a refresh neither adds nor drops the button.
    const appUrl = ticketAppUrl(deps.config, copy.chatId, copy.ticketId);
    switch (copy.kind) {
      case 'notification': {
        const notification = copy.context as unknown as TicketNotification;
        const facts = await ticketFacts(em, notification);
        if (!facts) return null;
        const message = await compose(em, t, notification, facts, copy.userId, now, appUrl);
        return { status: facts.status, text: message.text, reply_markup: message.reply_markup };
      }
      case 'technician_card': {
        const card = await ticketCard(em, copy.ticketId, copy.userId);
        if (!card) return null;
        const scope = (copy.context.scope as DashboardScope | undefined) ?? card.scope ?? 'active';
        const page = typeof copy.context.page === 'number' ? copy.context.page : 1;
        const target = viewAfterAction({ scope, page }, card.status);
        const view = renderTicketCard(t, card, { heading: headingForScope(target.scope), ...target, now, appUrl });
        // The pressed card, as the press drew it: the same card under the "updated" heading.
        const pressed = renderTicketCard(t, card, { heading: 'updated', ...target, now, appUrl });
        return { status: card.status, ...view, alsoCurrent: [fingerprintOf(card.status, pressed)] };
      }
      case 'qc_panel': {
        const view = await qcTicket(em, copy.ticketId);
        if (!view) return null;
        const backToPage = typeof copy.context.backToPage === 'number' ? copy.context.backToPage : null;
        return { status: view.status, ...renderQcPanel(t, view, backToPage, appUrl) };
      }
      case 'review_card': {
        const panel = await reviewPanel(em, copy.ticketId);
        if (!panel) return null;
        const page = typeof copy.context.page === 'number' ? copy.context.page : 1;
        return { status: panel.status, ...renderReviewPanel(t, panel, { page }) };
      }
    }
  }

  /**
   * A refresh row: edits each copy of the ticket in the chat to the ticket's current state (the
   * controls it allows that recipient, or none). A copy already showing it is left alone, and so
   * is the message of the press that made the change, which the press edits itself from its
   * update's view (see queueTicketRefresh); one Telegram will not edit any more (deleted, too old)
   * is forgotten.
   */
  async function refreshCopies(
    em: EntityManager,
    facts: TicketFacts,
    row: QueuedDelivery,
    log: Logger,
  ): Promise<Settled> {
    const { chatId } = row;
    const { pressedMessageId } = row.notification.details as TicketRefreshDetails;
    let edited = 0;
    for (const copy of await ticketMessagesIn(em, facts.id, chatId)) {
      if (copy.messageId === pressedMessageId) continue;
      const view = await redraw(em, copy, Date.now());
      if (!view) {
        await forgetTicketMessage(em, chatId, copy.messageId);
        continue;
      }
      const fingerprint = fingerprintOf(view.status, view);
      const current = [fingerprint, ...(view.alsoCurrent ?? [])];
      if (current.includes(copy.fingerprint)) continue;
      await pace(chatId);
      try {
        await deps.telegram.editMessageText(chatId, copy.messageId, view.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup: view.reply_markup ?? { inline_keyboard: [] },
        });
      } catch (err) {
        if (isBlockedByUser(err)) {
          await markBlocked(deps, chatId);
          return { status: 'skipped', note: 'blocked the bot' };
        }
        if (!isMessageNotModified(err)) {
          if (!isTelegramRefusal(err)) throw err;
          log.info({ message_id: copy.messageId, err: err.description }, 'ticket copy cannot be edited: forgotten');
          await forgetTicketMessage(em, chatId, copy.messageId);
          continue;
        }
      }
      await updateFingerprint(em, copy.id, fingerprint);
      edited += 1;
    }
    return { status: 'sent', note: edited === 0 ? 'copies up to date' : `${edited} copies edited` };
  }

  /** Tells the admins, once per notification, that its chat's lane still cannot deliver it. */
  async function reportUndelivered(row: QueuedDelivery, cause: string): Promise<void> {
    const { ticketId, event } = row.notification;
    await publishOnce(
      deps,
      undeliveredReportKey(row.notificationKey),
      undeliveredNotificationReport(ticketId, event, cause),
    );
  }

  /** The chat's lane: its pending rows in id order; the first failure stops it (see the port). */
  async function deliverChat(chatId: number): Promise<{ more: boolean }> {
    const em = deps.orm.em.fork() as EntityManager;
    const started = Date.now();
    for (;;) {
      const row = await nextPending(em, chatId);
      if (!row) return { more: false };
      if (Date.now() - started > LANE_BUDGET_MS) return { more: true };
      const { notification } = row;
      const log = ticketLogger(deps.logger, notification.ticketId).child({
        event: notification.event,
        chat_id: chatId,
        user_id: row.userId,
      });
      let settled: Settled;
      try {
        settled = await deliver(em, row, log);
      } catch (err) {
        const cause = err instanceof GrammyError ? err.description : String(err);
        await recordFailure(em, row.id, cause);
        log.warn({ err: String(err) }, 'notification not sent yet: the chat gets nothing newer before it');
        if (!isTicketRefresh(notification) && Date.now() - row.queuedAt >= UNDELIVERED_REPORT_AFTER_MS) {
          await reportUndelivered(row, cause).catch((reportErr: unknown) =>
            log.error({ err: String(reportErr) }, 'undelivered notification not reported to the admins'),
          );
        }
        throw telegramActivityFailure(err);
      }
      await settle(em, row.id, settled.status, settled.note);
      wakeWaiters(row.notificationKey);
    }
  }

  /**
   * Until no chat waits for the notification any more, or the wait is over: rechecked when a lane
   * of this process settles one of its rows, and now and then for lanes of other processes.
   */
  async function waitForLanes(em: EntityManager, key: string): Promise<PendingDelivery[]> {
    const deadline = Date.now() + NOTIFY_WAIT_MS;
    let recheckMs = NOTIFY_RECHECK_MS.first;
    for (;;) {
      let wake = () => {};
      const settledHere = new Promise<void>((resolve) => (wake = resolve));
      const waiters = settledWaiters.get(key) ?? new Set<() => void>();
      settledWaiters.set(key, waiters.add(wake));
      try {
        // Registered before the read: a row settled in between still wakes this wait.
        const pending = await pendingOf(em, key);
        const left = deadline - Date.now();
        if (pending.length === 0 || left <= 0) return pending;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          settledHere,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(recheckMs, left)))),
        ]);
        clearTimeout(timer);
        recheckMs = Math.min(recheckMs * 2, NOTIFY_RECHECK_MS.max);
      } finally {
        waiters.delete(wake);
        if (waiters.size === 0) settledWaiters.delete(key);
      }
    }
  }

  return {
    async queue(em, notifications) {
      const queued: TicketNotification[] = [];
      for (const notification of notifications) {
        await queueDeliveries(em, notification, (await recipientsOf(em, notification)) ?? []);
        queued.push({ ...notification, queued: true });
      }
      return queued;
    },

    queueRefresh(em, ticketId, at, actorId, pressed) {
      return queueTicketRefresh(em, ticketId, at, actorId ?? null, pressed);
    },

    async refresh(ticketId) {
      const em = deps.orm.em.fork() as EntityManager;
      const waiting = await pendingChatsOfTicket(em, ticketId);
      if (lanes) {
        if (waiting.length > 0) await wakeChatLanes(lanes.temporal, lanes.taskQueue, waiting);
        return;
      }
      // No Temporal client (a script, a test): each chat's queue is delivered right here.
      for (const chatId of waiting) await deliverChat(chatId);
    },

    deliverChat,

    async notify(notification) {
      const log = ticketLogger(deps.logger, notification.ticketId).child({ event: notification.event });
      const em = deps.orm.em.fork() as EntityManager;
      const dedupe = notificationKey(notification);
      if (!notification.queued && !(await isQueued(em, dedupe))) {
        // Raised by a timer (the QC SLA), not a transition: its recipients are resolved now.
        const recipients = await recipientsOf(em, notification);
        if (!recipients) {
          log.warn('ticket not found: notification dropped');
          return;
        }
        await queueDeliveries(em, notification, recipients);
      }
      const chats = await chatsOf(em, dedupe);
      let failure: unknown = null;
      if (lanes) {
        const waiting = await pendingChatsOfTicket(em, notification.ticketId);
        if (waiting.length > 0) await wakeChatLanes(lanes.temporal, lanes.taskQueue, waiting);
      } else {
        // No Temporal client (a script, a test): each chat's queue is delivered right here.
        const waiting = await pendingChatsOfTicket(em, notification.ticketId);
        for (const chatId of [...new Set([...chats, ...waiting])]) {
          try {
            await deliverChat(chatId);
          } catch (err) {
            failure ??= err;
          }
        }
      }
      const pending = lanes ? await waitForLanes(em, dedupe) : await pendingOf(em, dedupe);
      if (notification.event === 'ticket_qc_sla_breached') {
        const facts = await ticketFacts(em, notification);
        if (facts) {
          const params = {
            id: String(facts.id),
            serial: facts.serial || '—',
            minutes: String(detailNumber(notification, 'waitingMinutes')),
            sla: String(deps.config.qcSlaMinutes),
          };
          await publishOnce(deps, streamCopyKey(dedupe), {
            type: 'qc_sla_breached',
            severity: 'warning',
            ticketId: facts.id,
            // Rendered per admin from the params; the text is for readers of the raw stream.
            params,
            text: deps.i18n.t('en', 'notif-admin-qc-sla-breached', params),
            // Admins who got the direct message are not sent the stream's copy.
            dedupeKey: dedupe,
          });
        }
      }
      if (pending.length === 0) return;
      log.info({ recipients: chats.length, pending: pending.length }, 'notification partly delivered; retrying');
      if (failure) throw failure;
      const errors = [...new Set(pending.map((p) => p.lastError).filter((e): e is string => !!e))];
      throw ApplicationFailure.create({
        type: 'NotificationQueued',
        message: `still queued for ${pending.length} of ${chats.length} chat(s); each chat's lane keeps retrying in order${
          errors.length ? ` (last error: ${errors.join('; ')})` : ''
        }`,
        category: 'BENIGN',
      });
    },
  };
}

async function markBlocked(deps: { orm: Orm; redis: RedisClient; logger: Logger }, chatId: number): Promise<void> {
  const em = deps.orm.em.fork() as EntityManager;
  await rows(em, 'update telegram_profile set is_blocked = true where telegram_id = ?', [chatId]).catch(
    () => undefined,
  );
  // The bot's cached identity skips the profile upsert that clears the mark: its next update must run it.
  await forgetIdentities(deps, [chatId]);
}

/** Writes an admin stream entry once per key, however often the activity is retried. */
async function publishOnce(
  deps: { redis: RedisClient },
  key: string,
  entry: Parameters<typeof publishAdminNotification>[1],
): Promise<void> {
  const claimed = await deps.redis.set(key, 'sending', 'PX', CLAIM_TTL_MS, 'NX');
  if (claimed !== 'OK') return;
  try {
    await publishAdminNotification(deps.redis, entry);
  } catch (err) {
    await deps.redis.del(key);
    throw err;
  }
  await deps.redis.set(key, 'sent', 'EX', NOTIFICATION_DEDUPE_TTL_SECONDS);
}

// ---------------------------------------------------------------------------------------------
// Admin stream delivery

/** Human names of ticket notifications, for the admins' "not delivered" report. */
const NOTIFICATION_NAMES: Record<TicketNotificationKind, string> = {
  ticket_assigned_master: 'notif-name-assigned-master',
  ticket_assigned_technician: 'notif-name-assigned-technician',
  ticket_started_master: 'notif-name-started-master',
  ticket_waiting_qc_reviewers: 'notif-name-waiting-qc',
  ticket_qc_pass: 'notif-name-qc-pass',
  ticket_qc_fail_technician: 'notif-name-qc-fail',
  ticket_qc_sla_reminder: 'notif-name-qc-sla-reminder',
  ticket_qc_sla_breached: 'notif-name-qc-sla-breached',
};

/**
 * One admin stream entry as an HTML message in one admin's language. Ticketflow's own entries
 * (a known type) get their localized title and, with their params, their localized text; other
 * systems' entries keep their text as written inside the localized frame.
 */
export function renderAdminNotification(t: Translate, entry: AdminNotification): string {
  const severity = entry.severity ?? 'info';
  if (isAdminNotificationType(entry.type)) {
    const key = `notif-admin-${entry.type.replace(/_/g, '-')}`;
    const lines = [t(`notif-admin-title-${severity}`, { title: t(`${key}-title`) })];
    const params = entry.params;
    const names = ADMIN_NOTIFICATION_TYPES[entry.type];
    if (params && names.every((name) => typeof params[name] === 'string')) {
      const args: Record<string, string> = {};
      for (const name of names) args[name] = escapeHtml(params[name]);
      if (entry.type === 'notification_failed' && params.event in NOTIFICATION_NAMES) {
        args.event = t(NOTIFICATION_NAMES[params.event as TicketNotificationKind]);
      }
      // The text names the ticket itself.
      lines.push(t(key, args));
      return lines.join('\n');
    }
    lines.push(escapeHtml(entry.text));
    if (entry.ticketId) lines.push(t('notif-line-ticket', { id: String(entry.ticketId) }));
    return lines.join('\n');
  }
  const lines = [t(`notif-admin-heading-${severity}`, { type: escapeHtml(entry.type) })];
  lines.push(escapeHtml(entry.text));
  if (entry.ticketId) lines.push(t('notif-line-ticket', { id: String(entry.ticketId) }));
  return lines.join('\n');
}

/**
 * Delivers admin stream entries to every active super_admin and ops_manager with Telegram, once
 * per (entry, chat). Throws when someone still has to be retried: the entry then stays pending.
 */
export function telegramAdminDelivery(
  deps: Omit<TelegramNotifierDeps, 'config'> & { config: Pick<Config, 'defaultLocale'> },
): (entry: AdminNotification, entryId: string) => Promise<void> {
  return async (entry, entryId) => {
    const log = deps.logger.child({ component: 'admin-stream', entry_id: entryId, type: entry.type });
    const em = deps.orm.em.fork() as EntityManager;
    const admins = await recipientsFor(em, await activeUserIdsWithRoles(em, ADMIN_ROLES), deps.config.defaultLocale);
    if (admins.length === 0) log.warn('no admin with Telegram to deliver an admin notification to');
    const sender = new OnceSender(deps);
    const dedupe = entry.dedupeKey ?? adminMessageKey(entryId);
    for (const admin of admins) {
      const text = renderAdminNotification((key, args) => deps.i18n.t(admin.locale, key, args), entry);
      await sender.send(
        deliveryMarkKey(dedupe, admin.chatId),
        admin.chatId,
        () =>
          deps.telegram.sendMessage(admin.chatId, text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
          }),
        log.child({ user_id: admin.userId }),
      );
    }
    sender.throwIfIncomplete();
  };
}

// ---------------------------------------------------------------------------------------------
// Process wiring

/** The notifier a worker uses: Telegram when a bot token is configured, else the logging one. */
export function ticketNotifierFor(deps: CoreDeps): TicketNotifier {
  const telegram = createTelegramApi(deps.config.telegram);
  if (!telegram) return loggingTicketNotifier(deps.logger);
  return telegramTicketNotifier({
    ...deps,
    telegram,
    i18n: createI18n(deps.config.defaultLocale),
    pacing: TELEGRAM_PACING,
  });
}

/**
 * Starts delivering the admin notifications stream to the admins (the app process, or dev's one
 * process); null without a bot token (entries then wait in the stream, trimmed to its cap).
 */
export async function startAdminNotifications(
  deps: CoreDeps,
  options: Partial<Omit<AdminStreamConsumerOptions, 'redis' | 'logger' | 'deliver'>> = {},
): Promise<AdminStreamConsumer | null> {
  const telegram = createTelegramApi(deps.config.telegram);
  if (!telegram) {
    deps.logger.info('no bot token: admin notifications stay in their stream');
    return null;
  }
  return startAdminStreamConsumer({
    ...options,
    redis: deps.redis,
    logger: deps.logger,
    deliver: telegramAdminDelivery({ ...deps, telegram, i18n: createI18n(deps.config.defaultLocale) }),
  });
}
