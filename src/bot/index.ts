// createBot(token, deps): the whole bot, with no side effects until it is started or fed updates.
import { Bot, session, type Api, type Middleware, type RawApi } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { BotContext, BotDeps, SessionData } from './context';
import { answerPressDuringOutage, handleBotError } from './errors';
import { pickLocale } from '../i18n';
import { resolveIdentity } from '../services/identity';
import { features } from './features';
import {
  conversationSessionKey,
  RATE_LIMIT_KEY_PREFIX,
  rateLimitCounterKey,
  rateLimitKey,
  rateLimitNoticeKey,
} from '../redis/keys';

const FSM_TTL_SECONDS = 24 * 60 * 60;
const RATE_LIMIT_WINDOW_MS = 60_000;
/** Prefix of the incoming rate limit's counters (the plugin's default, kept so live windows carry over). */
/**
 * A press not answered after this long gets "still processing": Telegram drops answers that come
 * later than a few seconds (undocumented), and the spinner would just stop with nothing said.
 */
export const SLOW_PRESS_ANSWER_MS = 5_000;

/** Outgoing calls on the webhook path: honour 429 retry_after and retry 5xx, but only briefly. */
export function installApiRetry(api: Api<RawApi>, options = { maxRetryAttempts: 3, maxDelaySeconds: 10 }): void {
  api.config.use(autoRetry(options));
}

export interface CreateBotOptions {
  apiRoot: string;
  /** Skips getMe at start (tests, sandbox); otherwise `bot.init()` fetches it. */
  botInfo?: UserFromGetMe;
  /** When an unanswered press gets "still processing" (default SLOW_PRESS_ANSWER_MS). */
  slowPressAnswerMs?: number;
}

/** The sender's language without the database (the identity's, once resolved). */
function senderLocale(ctx: BotContext, deps: BotDeps): string {
  return ctx.identity?.locale ?? pickLocale(ctx.from?.language_code, deps.config.defaultLocale);
}

/**
 * Answers a press that is still being handled after `afterMs` with "still processing"; the
 * handler's own answer, if it comes later, is then dropped (Telegram takes one answer per press).
 */
function answerSlowPresses(deps: BotDeps, afterMs: number): Middleware<BotContext> {
  return async (ctx, next) => {
    const query = ctx.callbackQuery;
    if (!query) return next();
    let answered = false;
    ctx.api.config.use(async (prev, method, payload, signal) => {
      const own =
        method === 'answerCallbackQuery' && (payload as { callback_query_id?: unknown }).callback_query_id === query.id;
      if (!own) return prev(method, payload, signal);
      if (answered) return { ok: true, result: true } as Awaited<ReturnType<typeof prev>>;
      answered = true;
      try {
        const result = await prev(method, payload, signal);
        if (!result.ok) answered = false;
        return result;
      } catch (err) {
        answered = false;
        throw err;
      }
    });
    const timer = setTimeout(() => {
      if (answered) return;
      const text = deps.i18n.t(senderLocale(ctx, deps), 'err-timeout');
      ctx.answerCallbackQuery({ text }).catch(() => undefined);
    }, afterMs);
    try {
      await next();
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Above the per-user limit an update is dropped, and the user is told why and for how long: a
 * press (which must be answered anyway) with a toast, a message with one reply per window.
 */
async function tellRateLimited(ctx: BotContext, deps: BotDeps): Promise<void> {
  const from = ctx.from;
  if (!from) return;
  const { redis } = deps;
  const counter = rateLimitCounterKey(from.id);
  let leftMs = await redis.pttl(counter);
  if (leftMs < 0) {
    // The plugin sets the expiry in a second command: a counter left without one would lock the user out.
    await redis.pexpire(counter, RATE_LIMIT_WINDOW_MS);
    leftMs = RATE_LIMIT_WINDOW_MS;
  }
  const text = deps.i18n.t(senderLocale(ctx, deps), 'rate-limited', {
    seconds: String(Math.max(1, Math.ceil(leftMs / 1000))),
  });
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text }).catch(() => undefined);
    return;
  }
  if (!ctx.chat) return;
  const first = await redis.set(rateLimitNoticeKey(from.id), '1', 'PX', Math.max(1, leftMs), 'NX');
  if (first === 'OK') await ctx.reply(text).catch(() => undefined);
}

const outageAnswerers = new WeakMap<Bot<BotContext>, (update: Update) => Promise<void>>();

/**
 * For the webhook, when the bot cannot run at all (Redis down): a press still gets the localized
 * "temporarily unavailable, will be retried" toast, if the Bot API can be reached.
 */
export function answerPressWhileDown(bot: Bot<BotContext>, update: Update): Promise<void> {
  return outageAnswerers.get(bot)?.(update) ?? Promise.resolve();
}

export function createBot(token: string, deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: options.apiRoot }, botInfo: options.botInfo });
  installApiRetry(bot.api);
  outageAnswerers.set(bot, (update) =>
    answerPressDuringOutage(
      update,
      (id, text) => bot.api.answerCallbackQuery(id, { text }),
      deps.i18n,
      deps.config.defaultLocale,
    ),
  );

  const guarded = bot.errorBoundary(handleBotError);
  guarded.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id, telegram_id: ctx.from?.id });
    await next();
  });
  guarded.use(answerSlowPresses(deps, options.slowPressAnswerMs ?? SLOW_PRESS_ANSWER_MS));
  guarded.use(
    limit<BotContext, never>({
      timeFrame: RATE_LIMIT_WINDOW_MS,
      limit: deps.config.rateLimitPerMinute,
      storageClient: deps.redis as never,
      keyPrefix: RATE_LIMIT_KEY_PREFIX,
      keyGenerator: (ctx) => (ctx.from ? rateLimitKey(ctx.from.id) : undefined),
      // Every update above the limit: a press must still be answered, and the user told why.
      alwaysReply: true,
      // The plugin returns this promise from its middleware, so grammY awaits it; its type says void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onLimitExceeded: (ctx) => tellRateLimited(ctx, deps),
    }),
  );
  guarded.use(async (ctx, next) => {
    const from = ctx.from;
    if (!from || from.is_bot) {
      ctx.identity = { telegramId: from?.id ?? 0, user: null, locale: deps.config.defaultLocale };
      return next();
    }
    const resolved = await resolveIdentity(deps, from, ctx.log);
    ctx.identity = {
      telegramId: from.id,
      user: resolved.user,
      locale: pickLocale(from.language_code ?? resolved.languageCode, deps.config.defaultLocale),
    };
    await next();
  });
  guarded.use(deps.i18n);
  guarded.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: new RedisAdapter<SessionData>({ instance: deps.redis, ttl: FSM_TTL_SECONDS }),
      // Conversation state belongs to a person in their private chat with the bot.
      getSessionKey: (ctx) =>
        ctx.chat?.type === 'private' && ctx.from ? conversationSessionKey(ctx.from.id) : undefined,
    }),
  );
  guarded.use(...features());
  return bot;
}
