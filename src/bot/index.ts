// createBot(token, deps): the whole bot, with no side effects until it is started or fed updates.
import { Bot, session, type Api, type RawApi } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { UserFromGetMe } from 'grammy/types';
import type { BotContext, BotDeps, SessionData } from './context';
import { handleBotError } from './errors';
import { pickLocale } from './i18n';
import { resolveIdentity } from '../services/identity';
import { features } from './features';

const FSM_TTL_SECONDS = 24 * 60 * 60;

/** Outgoing calls on the webhook path: honour 429 retry_after and retry 5xx, but only briefly. */
export function installApiRetry(api: Api<RawApi>, options = { maxRetryAttempts: 3, maxDelaySeconds: 10 }): void {
  api.config.use(autoRetry(options));
}

export interface CreateBotOptions {
  apiRoot: string;
  /** Skips getMe at start (tests, sandbox); otherwise `bot.init()` fetches it. */
  botInfo?: UserFromGetMe;
}

export function createBot(token: string, deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: options.apiRoot }, botInfo: options.botInfo });
  installApiRetry(bot.api);

  const guarded = bot.errorBoundary(handleBotError);
  guarded.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id, telegram_id: ctx.from?.id });
    await next();
  });
  guarded.use(
    limit<BotContext, never>({
      timeFrame: 60_000,
      limit: deps.config.rateLimitPerMinute,
      storageClient: deps.redis as never,
      keyGenerator: (ctx) => (ctx.from ? `rl:${ctx.from.id}` : undefined),
      // Dropped silently, except that a pressed button must still stop spinning.
      onLimitExceeded: (ctx) => {
        if (ctx.callbackQuery) void ctx.answerCallbackQuery({ text: '⏳' }).catch(() => undefined);
      },
    }),
  );
  guarded.use(async (ctx, next) => {
    const from = ctx.from;
    if (!from || from.is_bot) {
      ctx.identity = { telegramId: from?.id ?? 0, user: null, locale: deps.config.defaultLocale };
      return next();
    }
    const resolved = await resolveIdentity(deps.orm.em.fork(), from, deps.config.adminTelegramIds);
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
      getSessionKey: (ctx) => (ctx.chat?.type === 'private' && ctx.from ? `fsm:${ctx.from.id}` : undefined),
    }),
  );
  guarded.use(...features());
  return bot;
}
