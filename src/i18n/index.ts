import path from 'node:path';
import type { Context } from 'grammy';
import { I18n } from '@grammyjs/i18n';
import { SUPPORTED_LOCALES } from '../domain/locale';

// The locale rule (which languages the bot speaks, which one a person gets) is the domain's.
export { pickLocale, SUPPORTED_LOCALES } from '../domain/locale';

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

export function createI18n<C extends LocaleContext = LocaleContext>(defaultLocale: string): I18n<C> {
  return new I18n<C>({
    defaultLocale: (SUPPORTED_LOCALES as readonly string[]).includes(defaultLocale) ? defaultLocale : 'en',
    directory: localesDir,
    // Telegram shows Unicode isolation marks around placeables as stray characters.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.identity?.locale,
  });
}
