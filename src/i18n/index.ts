import path from 'node:path';
import { I18n } from '@grammyjs/i18n';
import type { BotContext } from '../bot/context';

/**
 * Locales the bot ships complete (locales/<code>/*.ftl, same keys as en); anything else falls back to
 * the configured default. The one list: the command menus, typed menu labels and the sandbox follow it.
 */
export const SUPPORTED_LOCALES = ['en', 'ru', 'uz'] as const;

// `locales/` sits at the project root; the build copies it to dist/locales, the same relative place.
const localesDir = path.resolve(__dirname, '../../locales');

export function pickLocale(languageCode: string | null | undefined, fallback: string): string {
  const base = languageCode?.toLowerCase().split('-')[0];
  return base && (SUPPORTED_LOCALES as readonly string[]).includes(base) ? base : fallback;
}

export function createI18n(defaultLocale: string): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: (SUPPORTED_LOCALES as readonly string[]).includes(defaultLocale) ? defaultLocale : 'en',
    directory: localesDir,
    // Telegram shows Unicode isolation marks around placeables as stray characters.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.identity?.locale,
  });
}
