// Brings the bot up for a process: webhook mode when WEBHOOK_URL is set, long polling otherwise
// (development with a real token). Without a BOT_TOKEN there is no bot.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { CoreDeps } from '../deps';
import { createServices, type Services } from '../services';
import type { BotContext } from './context';
import { createI18n } from '../i18n';
import { answerPressWhileDown, createBot } from './index';
import { errorForLog, type LoggedError, redeliveryRequested } from './errors';
import { commandMenu } from '../ui/render/menu';
import { SUPPORTED_LOCALES } from '../i18n';
import { setMiniAppMenuButton } from './miniapp-menu';

export interface TelegramRuntime {
  bot: Bot<BotContext>;
  /** The webhook's view of the bot (src/http/webhook.ts `UpdateIntake`). */
  intake: {
    handleUpdate(update: Update): Promise<void>;
    redeliveryRequested(update: Update): boolean;
    answerPressWhileDown(update: Update): Promise<void>;
    errorForLog(err: unknown): LoggedError;
  };
  /** Webhook secret to mount `/webhook/<secret>` with; absent in polling mode. */
  webhookSecret?: string;
  stop(): Promise<void>;
}

export interface TelegramOptions {
  /** When an unanswered press gets "still processing" (see createBot). */
  slowPressAnswerMs?: number;
  /** The process's services, shared with the REST API (built here when not given). */
  services?: Services;
}

export async function startTelegram(deps: CoreDeps, options: TelegramOptions = {}): Promise<TelegramRuntime | null> {
  const { telegram } = deps.config;
  if (!telegram.botToken) return null;
  const i18n = createI18n<BotContext>(deps.config.defaultLocale);
  const bot = createBot(
    telegram.botToken,
    { ...deps, services: options.services ?? createServices(deps), i18n },
    { apiRoot: telegram.apiRoot, slowPressAnswerMs: options.slowPressAnswerMs },
  );
  await bot.init();
  const intake: TelegramRuntime['intake'] = {
    handleUpdate: (update) => bot.handleUpdate(update),
    redeliveryRequested,
    answerPressWhileDown: (update) => answerPressWhileDown(bot, update),
    // Masks the bot token and the webhook secret (and every other secret of the config).
    errorForLog: (err) => errorForLog(err, deps.config),
  };

  // The command menu in each language: the commands everyone may run; a role holder's private chat
  // gets their roles' list when they open /start or /help (src/bot/command-menu.ts).
  for (const locale of SUPPORTED_LOCALES) {
    await bot.api.setMyCommands(
      commandMenu((key, args) => i18n.t(locale, key, args), []),
      locale === deps.config.defaultLocale ? {} : { language_code: locale },
    );
  }

  await setMiniAppMenuButton(bot.api, deps.config, i18n.t(deps.config.defaultLocale, 'miniapp-menu-button'));

  if (telegram.webhookUrl && telegram.webhookSecret) {
    await bot.api.setWebhook(`${telegram.webhookUrl.replace(/\/$/, '')}/webhook/${telegram.webhookSecret}`, {
      secret_token: telegram.webhookSecret,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    deps.logger.info({ url: telegram.webhookUrl }, 'telegram webhook registered');
    return { bot, intake, webhookSecret: telegram.webhookSecret, stop: async () => undefined };
  }

  await bot.api.deleteWebhook();
  const polling = bot.start({ onStart: () => deps.logger.info('telegram long polling started (development)') });
  return {
    bot,
    intake,
    stop: async () => {
      await bot.stop();
      await polling;
    },
  };
}
