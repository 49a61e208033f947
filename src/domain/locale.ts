// Which language a person is spoken to in: their Telegram language when the bot ships it, else the default.

/**
 * Locales the bot ships complete (locales/<code>/*.ftl, same keys as en); anything else falls back to
 * the configured default. The one list: the command menus, typed menu labels and the sandbox follow it.
 */
export const SUPPORTED_LOCALES = ['en', 'ru', 'uz'] as const;

export function pickLocale(languageCode: string | null | undefined, fallback: string): string {
  const base = languageCode?.toLowerCase().split('-')[0];
  return base && (SUPPORTED_LOCALES as readonly string[]).includes(base) ? base : fallback;
}
