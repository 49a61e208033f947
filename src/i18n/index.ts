import path from 'node:path';
import type { Context } from 'grammy';
import { I18n } from '@grammyjs/i18n';

/**
 * Locales the bot ships complete (locales/<code>/*.ftl, same keys as en); anything else falls back to
 * the configured default. The one list: the command menus, typed menu labels and the sandbox follow it.
 */
export const SUPPORTED_LOCALES = ['en', 'ru', 'uz'] as const;

// `locales/` sits at the project root; the build copies it to dist/locales, the same relative place.
const localesDir = path.resolve(__dirname, '../../locales');

/** Texts of one locale, as renderers take them. */
export type Translate = (key: string, args?: Record<string, string | number>) => string;

/** Texts in any locale: what code writing to many people (activities, notifications) is handed. */
export interface Translator {
  t(locale: string, key: string, args?: Record<string, string | number>): string;
}

/** A bot context whose sender's locale has been resolved (the bot's context is one). */
export type LocaleContext = Context & { identity?: { locale: string } };

export function pickLocale(languageCode: string | null | undefined, fallback: string): string {
  const base = languageCode?.toLowerCase().split('-')[0];
  return base && (SUPPORTED_LOCALES as readonly string[]).includes(base) ? base : fallback;
}

export function createI18n<C extends LocaleContext = LocaleContext>(defaultLocale: string): I18n<C> {
  return new I18n<C>({
    defaultLocale: (SUPPORTED_LOCALES as readonly string[]).includes(defaultLocale) ? defaultLocale : 'en',
    directory: localesDir,
    // Telegram shows Unicode isolation marks around placeables as stray characters.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.identity?.locale,
  });
}
