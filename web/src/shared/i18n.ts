// The front-end's texts come from the bot's message source: locales/<lang>/web.ftl (Fluent), and
// errors.ftl for the domain's refusals, which the API names by code (see errorText in api.ts).
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { label } from './format';
import en from '../../../locales/en/web.ftl?raw';
import enErrors from '../../../locales/en/errors.ftl?raw';
import ru from '../../../locales/ru/web.ftl?raw';
import ruErrors from '../../../locales/ru/errors.ftl?raw';
import uz from '../../../locales/uz/web.ftl?raw';
import uzErrors from '../../../locales/uz/errors.ftl?raw';

const SOURCES = { en: [en, enErrors], ru: [ru, ruErrors], uz: [uz, uzErrors] } as const;
export type Locale = keyof typeof SOURCES;
export const LOCALES = Object.keys(SOURCES) as Locale[];

export function pickLocale(languageCode: string | undefined | null): Locale {
  const base = (languageCode ?? '').toLowerCase().split('-')[0];
  return base in SOURCES ? (base as Locale) : 'en';
}

export type TranslateArgs = Record<string, FluentVariable>;

export interface Translate {
  /** The text of `id` (from the fallback when the language lacks it; the id itself when none has it). */
  (id: string, args?: TranslateArgs): string;
  /** The text of `id`, or undefined when no language has it or it cannot be formatted with `args`. */
  maybe(id: string, args?: TranslateArgs): string | undefined;
}

function bundleOf(locale: Locale): FluentBundle {
  const bundle = new FluentBundle(locale, { useIsolating: false });
  for (const source of SOURCES[locale]) bundle.addResource(new FluentResource(source));
  return bundle;
}

/** The texts of `locale`, then English's. */
export function translator(locale: Locale): Translate {
  const bundles = [bundleOf(locale), ...(locale === 'en' ? [] : [bundleOf('en')])];
  const maybe = (id: string, args?: TranslateArgs) => {
    for (const bundle of bundles) {
      const message = bundle.getMessage(id);
      if (!message?.value) continue;
      const errors: Error[] = [];
      const text = bundle.formatPattern(message.value, args, errors);
      // A missing argument or a reference to a file not loaded here: not a text to show.
      if (errors.length === 0) return text;
    }
    return undefined;
  };
  return Object.assign((id: string, args?: TranslateArgs) => maybe(id, args) ?? id, { maybe });
}

/** A slug (status, role, action…) in words: `console-label-<slug>` when the texts have it, else the slug spelled out. */
export function slugLabel(t: Translate, slug: string): string {
  return t.maybe(`console-label-${slug.replace(/_/g, '-')}`) ?? label(slug);
}
