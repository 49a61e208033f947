// Access-request activities: the decision (approve / reject / expire) in one transaction on the
// locked request row, idempotent on retry; and the Telegram side — the moderators' cards and the
// requester's answer — each one Bot API call, so a retry never repeats someone else's message.
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import type { Api } from 'grammy';
import {
  type AccessRequestStatus,
  canModerateAccess,
  DomainError,
  isPermissionError,
  type RoleSlug,
} from '../src/domain';
import { AccessRequest, TelegramProfile, User, UserRole } from '../src/db/entities';
import { sql } from '../src/db/sql';
import { pickLocale, type Translator } from '../src/i18n';
import { menuKeyboard } from '../src/ui/render/menu';
import { accessDecisionText, accessRequestCardText, accessRequestKeyboard } from '../src/ui/render/access';
import { loadAccessRequestCard } from '../src/reads/access-requests';
import type { Logger } from '../src/logger';
import type { RedisClient } from '../src/redis';
import { forgetUserIdentities } from '../src/redis/identity-cache';
import { callTelegram, isMessageNotModified } from '../src/telegram/delivery';
import { toDomainFailure } from '../src/contracts/failures';
import { accessRequestClosedFailure } from '../src/contracts/messages';

export type AccessDecision = Exclude<AccessRequestStatus, 'pending'>;

export interface DecideAccessRequestParams {
  requestId: number;
  decision: AccessDecision;
  /** Granted on approval. */
  roles: RoleSlug[];
  /** The moderator; null for expiry. */
  actorId: number | null;
  /** Workflow time of the decision (epoch ms). */
  at: number;
}

export interface AccessDecisionResult {
  status: AccessRequestStatus;
  rolesGranted: RoleSlug[];
  resolvedById: number | null;
}

/** Someone who may approve or reject, reachable in Telegram. */
export interface AccessModerator {
  chatId: number;
  locale: string;
}

/** One moderator's copy of the request card. */
export interface AccessCardRef extends AccessModerator {
  messageId: number;
}

export interface AccessActivityDeps {
  orm: { em: EntityManager };
  redis: RedisClient;
  config: { defaultLocale: string };
  logger: Logger;
  telegram: Api | null;
  i18n: Translator;
}

export function createAccessActivities(deps: AccessActivityDeps) {
  const t = (locale: string) => (key: string, args?: Record<string, string | number>) => deps.i18n.t(locale, key, args);
  const em = () => deps.orm.em.fork();

  /** The decision, and the requester's user when it is approved (by this call or by the retried one before it). */
  async function decide(
    params: DecideAccessRequestParams,
  ): Promise<{ result: AccessDecisionResult; approvedUserId: number | null }> {
    const { requestId, decision, roles, actorId, at } = params;
    return em().transactional(async (tx) => {
      const row = await tx.findOne(AccessRequest, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw ApplicationFailure.nonRetryable(`Access request ${requestId} was not found.`, 'NotFound');
      const result = () => ({
        result: {
          status: row.status,
          rolesGranted: [...row.rolesGranted],
          resolvedById: row.resolvedBy?.id ?? null,
        },
        approvedUserId: row.status === 'approved' ? (row.user?.id ?? null) : null,
      });
      if (row.status !== 'pending') {
        // A retry of this very decision after its commit: report what it did.
        if (row.status === decision && (row.resolvedBy?.id ?? null) === actorId) return result();
        throw accessRequestClosedFailure(row.status);
      }
      if (decision !== 'expired') {
        // The moderator's roles as the database has them now, not as the button press saw them.
        const actor =
          actorId === null ? null : await tx.findOne(User, { id: actorId, isActive: true }, { populate: ['roles'] });
        if (!actor || !canModerateAccess(actor.roles.getItems().map((r) => r.role))) {
          throw new DomainError('role.forbidden');
        }
        row.resolvedBy = actor;
      }
      row.status = decision;
      row.resolvedAt = new Date(at);
      if (decision === 'approved') {
        if (!row.user) throw ApplicationFailure.nonRetryable(`Access request ${requestId} has no user.`, 'NoUser');
        const user = await tx.findOneOrFail(User, { id: row.user.id }, { populate: ['roles'] });
        const held = new Set(user.roles.getItems().map((r) => r.role));
        for (const role of roles) if (!held.has(role)) user.roles.add(tx.create(UserRole, { user, role }));
        user.isActive = true;
        row.rolesGranted = [...roles];
        await tx.nativeUpdate(TelegramProfile, { telegramId: row.telegramId }, { user: user.id });
      }
      await tx.flush();
      return result();
    });
  }

  return {
    /** Approves, rejects or expires a pending request in one transaction (see the module comment). */
    async decideAccessRequest(params: DecideAccessRequestParams): Promise<AccessDecisionResult> {
      try {
        const { result, approvedUserId } = await decide(params);
        // Roles, the active flag and the profile's link changed: the bot's cached identity is read anew (on a
        // retry too, in case the attempt that committed did not get this far).
        if (approvedUserId !== null) await forgetUserIdentities(deps, em(), [approvedUserId]);
        return result;
      } catch (err) {
        if (err instanceof DomainError) {
          if (!isPermissionError(err)) deps.logger.warn({ err }, 'access decision refused');
          throw toDomainFailure(err);
        }
        throw err;
      }
    },

    /** Active users who may moderate access and have a Telegram profile that has not blocked the bot. */
    async listAccessModerators(): Promise<AccessModerator[]> {
      const rows = await sql<{ telegram_id: string | number; language_code: string | null; roles: RoleSlug[] }>(
        em(),
        `select p.telegram_id, p.language_code, array_agg(r.role::text order by r.role) as roles
           from telegram_profile p
           join app_user u on u.id = p.user_id and u.is_active
           join user_role r on r.user_id = u.id
           where not p.is_blocked
           group by p.telegram_id, p.language_code
           order by p.telegram_id`,
      );
      return rows
        .filter((row) => canModerateAccess(row.roles))
        .map((row) => ({
          chatId: Number(row.telegram_id),
          locale: pickLocale(row.language_code, deps.config.defaultLocale),
        }));
    },

    /** Sends one moderator the request card with Approve / Reject; null when there is nothing to send. */
    async sendAccessRequestCard(params: {
      requestId: number;
      moderator: AccessModerator;
      expiresAt: number;
    }): Promise<AccessCardRef | null> {
      const { requestId, moderator, expiresAt } = params;
      const api = deps.telegram;
      if (!api) return null;
      const card = await loadAccessRequestCard(em(), requestId, expiresAt);
      if (!card || card.view.status !== 'pending') return null;
      const tr = t(moderator.locale);
      const sent = await callTelegram(() =>
        api.sendMessage(moderator.chatId, accessRequestCardText(tr, card.view), {
          parse_mode: 'HTML',
          reply_markup: accessRequestKeyboard(tr, requestId, 'decide'),
        }),
      );
      return { ...moderator, messageId: sent.message_id };
    },

    /** Shows the outcome (and who decided) on one moderator's card, without buttons. */
    async refreshAccessRequestCard(params: { requestId: number; card: AccessCardRef }): Promise<void> {
      const { requestId, card } = params;
      const api = deps.telegram;
      if (!api) return;
      const current = await loadAccessRequestCard(em(), requestId, null);
      if (!current) return;
      const tr = t(card.locale);
      const pending = current.view.status === 'pending';
      await callTelegram(async () => {
        try {
          await api.editMessageText(card.chatId, card.messageId, accessRequestCardText(tr, current.view), {
            parse_mode: 'HTML',
            ...(pending ? { reply_markup: accessRequestKeyboard(tr, requestId, 'decide') } : {}),
          });
        } catch (err) {
          // The card already shows this (a double edit): done.
          if (!isMessageNotModified(err)) throw err;
        }
      });
    },

    /** Tells the requester the decision in their language; on approval with their role menu. */
    async tellAccessRequester(params: { requestId: number }): Promise<void> {
      const api = deps.telegram;
      if (!api) return;
      const card = await loadAccessRequestCard(em(), params.requestId, null);
      if (!card || card.view.status === 'pending') return;
      const tr = t(pickLocale(card.languageCode, deps.config.defaultLocale));
      const { status, rolesGranted } = card.view;
      await callTelegram(() =>
        api.sendMessage(card.view.telegramId, accessDecisionText(tr, status, rolesGranted), {
          parse_mode: 'HTML',
          reply_markup: status === 'approved' ? menuKeyboard(tr, rolesGranted) : menuKeyboard(tr, null),
        }),
      );
    },
  };
}
