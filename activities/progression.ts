// Weekly level evaluation and progression notices (issue 15). The evaluation runs in batches, one
// transaction per user (the injected LevelEvaluationStore: the app's ProgressionService); a notice is one Bot API message to the person's
// private chat in their language, paced per chat and sent once per notice (a Redis mark), so a
// retried activity or a re-run week does not repeat it.
import { ApplicationFailure } from '@temporalio/common';
import type { Api } from 'grammy';
import { canAdjustProgression, type RoleSlug } from '../src/domain';
import type { LevelEvaluationStatus } from '../src/domain/progression';
import { sql, sqlOne } from '../src/db/sql';
import { pickLocale, type Translator } from '../src/i18n';
import { escapeHtml } from '../src/ui/render/html';
import type { CoreDeps } from '../src/deps';
import { TelegramPacer, type TelegramPacingLimits } from '../src/telegram/pacing';
import { callTelegram, TELEGRAM_BLOCKED } from '../src/telegram/delivery';
import type { LevelBatchResult, LevelEvaluationCounts, ProgressionNotice } from '../src/contracts/progression';
import { progressionMarkKey } from '../src/redis/keys';

/** A sent notice is remembered this long against a repeat. */
const NOTICE_DEDUPE_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * The weekly evaluation's persistence: the app's ProgressionService, handed in (as the support routing is) so that
 * the evaluation's rules and writes stay in one place and activities build no service.
 */
export interface LevelEvaluationStore {
  /** Evaluates the next batch of users after `afterUserId` (one transaction per user, idempotent). */
  evaluateBatch(weekStart: string, afterUserId: number, batchSize: number): Promise<LevelBatchResult>;
  /** One user's evaluation of a week, if it was made. */
  evaluation(
    userId: number,
    weekStart: string,
  ): Promise<{
    weekStart: string;
    status: LevelEvaluationStatus;
    previousLevel: number;
    newLevel: number;
    weekXp: number;
    couponAmount: number;
  } | null>;
  timeZone(): Promise<string>;
  lastCompletedWeek(): Promise<string | null>;
  completeWeek(weekStart: string, counts: LevelEvaluationCounts): Promise<void>;
}

export interface ProgressionActivityDeps extends CoreDeps {
  telegram: Api | null;
  i18n: Translator;
  telegramPacing?: TelegramPacingLimits | false;
  levelEvaluations: LevelEvaluationStore;
}

const noticeKey = (notice: ProgressionNotice): string => {
  switch (notice.kind) {
    case 'manual_xp_adjustment':
      return `xp:${notice.xpTransactionId}`;
    case 'manual_level_update':
      return `level:${notice.levelChangeId}`;
    case 'weekly_outcome':
      return `week:${notice.weekStart}:${notice.userId}`;
  }
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function createProgressionActivities(deps: ProgressionActivityDeps) {
  const service = deps.levelEvaluations;
  const pacer = deps.telegramPacing === false ? null : new TelegramPacer(deps.redis, deps.telegramPacing);
  const t = (locale: string, key: string, args?: Record<string, string | number>) => deps.i18n.t(locale, key, args);

  /** Sends once per key; true when Telegram took it (or it was sent before), false when the chat is unreachable. */
  async function sendOnce(key: string, chatId: number, text: string): Promise<boolean> {
    const api = deps.telegram;
    if (!api) return false;
    const mark = progressionMarkKey(key, chatId);
    if ((await deps.redis.exists(mark)) === 1) return true;
    const wait = pacer ? await pacer.reserve(chatId) : 0;
    if (wait > 0) {
      throw ApplicationFailure.create({
        type: 'TelegramPaced',
        message: `chat ${chatId}: send budget spent, next try in ${wait} ms`,
        nextRetryDelay: wait,
        category: 'BENIGN',
      });
    }
    try {
      await callTelegram(() => api.sendMessage(chatId, text, { parse_mode: 'HTML' }));
    } catch (err) {
      if (err instanceof ApplicationFailure && err.type === TELEGRAM_BLOCKED) return false;
      throw err;
    }
    await deps.redis.set(mark, '1', 'EX', NOTICE_DEDUPE_TTL_SECONDS);
    return true;
  }

  /** The person's private chat and language; null without an active user or a reachable profile. */
  async function recipient(userId: number): Promise<{ chatId: number; locale: string } | null> {
    const row = await sqlOne<{ telegram_id: string | number; language_code: string | null }>(
      deps.orm.em.fork(),
      `select p.telegram_id, p.language_code from telegram_profile p join app_user u on u.id = p.user_id
        where u.id = ? and u.is_active and not p.is_blocked order by p.id desc limit 1`,
      [userId],
    );
    if (!row) return null;
    return { chatId: Number(row.telegram_id), locale: pickLocale(row.language_code, deps.config.defaultLocale) };
  }

  async function noticeText(notice: ProgressionNotice, locale: string): Promise<string | null> {
    switch (notice.kind) {
      case 'manual_xp_adjustment':
        return t(locale, 'progression-manual-xp', {
          amount: signed(notice.amount),
          comment: escapeHtml(notice.comment),
        });
      case 'manual_level_update':
        return t(locale, 'progression-manual-level', {
          from: notice.fromLevel,
          to: notice.toLevel,
          comment: escapeHtml(notice.comment),
        });
      case 'weekly_outcome': {
        const evaluation = await service.evaluation(notice.userId, notice.weekStart);
        if (!evaluation) return null;
        const args = {
          week: evaluation.weekStart,
          week_xp: evaluation.weekXp,
          level: evaluation.newLevel,
          previous: evaluation.previousLevel,
          coupon: evaluation.couponAmount,
        };
        return t(locale, `progression-outcome-${evaluation.status.replace(/_/g, '-')}`, args);
      }
    }
  }

  return {
    /** Evaluates the next batch of users for the week (one transaction per user, idempotent). */
    async evaluateLevelBatch(params: {
      weekStart: string;
      afterUserId: number;
      batchSize: number;
    }): Promise<LevelBatchResult> {
      return service.evaluateBatch(params.weekStart, params.afterUserId, params.batchSize);
    },

    /** The rules' time zone, for the weeks. */
    async progressionTimeZone(): Promise<string> {
      return service.timeZone();
    },

    async lastCompletedEvaluationWeek(): Promise<string | null> {
      return service.lastCompletedWeek();
    },

    async completeEvaluationWeek(params: { weekStart: string; counts: LevelEvaluationCounts }): Promise<void> {
      await service.completeWeek(params.weekStart, params.counts);
    },

    /** Tells the person about their progression; false when they cannot be reached. */
    async sendProgressionNotice(notice: ProgressionNotice): Promise<boolean> {
      const to = await recipient(notice.userId);
      if (!to) return false;
      const text = await noticeText(notice, to.locale);
      if (text === null) return false;
      return sendOnce(noticeKey(notice), to.chatId, text);
    },

    /** The week's summary to every ops manager and super admin reachable in Telegram. */
    async sendWeeklySummary(params: {
      weekStart: string;
      users: number;
      counts: LevelEvaluationCounts;
    }): Promise<number> {
      const rows = await sql<{ telegram_id: string | number; language_code: string | null; roles: RoleSlug[] }>(
        deps.orm.em.fork(),
        `select p.telegram_id, p.language_code, array_agg(r.role::text order by r.role) as roles
           from telegram_profile p join app_user u on u.id = p.user_id and u.is_active
           join user_role r on r.user_id = u.id
          where not p.is_blocked group by p.telegram_id, p.language_code order by p.telegram_id`,
      );
      let sent = 0;
      for (const row of rows.filter((r) => canAdjustProgression(r.roles))) {
        const locale = pickLocale(row.language_code, deps.config.defaultLocale);
        const text = t(locale, 'progression-weekly-summary', {
          week: params.weekStart,
          users: params.users,
          level_up: params.counts.level_up,
          maintained: params.counts.maintained,
          warning: params.counts.warning,
          reset: params.counts.reset_to_l1,
        });
        if (await sendOnce(`summary:${params.weekStart}`, Number(row.telegram_id), text)) sent += 1;
      }
      return sent;
    },
  };
}
