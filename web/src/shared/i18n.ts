// The front-end's texts come from the bot's message source: locales/<lang>/web.ftl (Fluent).
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import en from '../../../locales/en/web.ftl?raw';
import ru from '../../../locales/ru/web.ftl?raw';
import uz from '../../../locales/uz/web.ftl?raw';

const SOURCES = { en, ru, uz } as const;
export type Locale = keyof typeof SOURCES;
export const LOCALES = Object.keys(SOURCES) as Locale[];

export function pickLocale(languageCode: string | undefined | null): Locale {
  const base = (languageCode ?? '').toLowerCase().split('-')[0];
  return base in SOURCES ? (base as Locale) : 'en';
}

export type Translate = (id: string, args?: Record<string, FluentVariable>) => string;

export function translator(locale: Locale): Translate {
  const bundle = new FluentBundle(locale, { useIsolating: false });
  bundle.addResource(new FluentResource(SOURCES[locale]));
  const fallback = new FluentBundle('en', { useIsolating: false });
  fallback.addResource(new FluentResource(SOURCES.en));
  return (id, args) => {
    const source = bundle.hasMessage(id) ? bundle : fallback;
    const message = source.getMessage(id);
    return message?.value ? source.formatPattern(message.value, args) : id;
  };
}
