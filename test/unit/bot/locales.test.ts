import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as FluentTypes from '@fluent/bundle' with { 'resolution-mode': 'import' };
import { domainErrorKey } from '../../../src/bot/errors';
import { createI18n, pickLocale, SUPPORTED_LOCALES } from '../../../src/i18n';
import { loadConfig } from '../../../src/config';
import { DOMAIN_ERROR_CODES } from '../../../src/domain';

// The parser @grammyjs/i18n runs: CommonJS at run time, but typed as an ES module only.
const { FluentBundle, FluentResource } = createRequire(__filename)('@fluent/bundle') as typeof FluentTypes;

const LOCALES_DIR = path.resolve(__dirname, '../../../locales');
const OTHER_LOCALES = SUPPORTED_LOCALES.filter((l) => l !== 'en');

/** Ids defined more than once in a locale (Fluent would keep only one of them), as `file: id`. */
const duplicates = new Map<string, string[]>();

function filesOf(locale: string): { file: string; source: string }[] {
  const dir = path.join(LOCALES_DIR, locale);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ftl'))
    .sort()
    .map((file) => ({ file, source: readFileSync(path.join(dir, file), 'utf8') }));
}

/** Message id → the placeholders its value uses, over every .ftl file of a locale. */
function messagesOf(locale: string): Map<string, string[]> {
  const messages = new Map<string, string[]>();
  const seen = new Map<string, string>();
  const repeated: string[] = [];
  for (const { file, source } of filesOf(locale)) {
    let current: string | null = null;
    for (const line of source.split('\n')) {
      const start = /^([a-zA-Z][\w-]*)\s*=(.*)$/.exec(line);
      if (start) {
        current = start[1];
        if (seen.has(current)) repeated.push(`${current} (${seen.get(current)}, ${file})`);
        seen.set(current, file);
        messages.set(current, []);
      } else if (line.trim() !== '' && !/^\s/.test(line)) {
        current = null;
      }
      if (current === null) continue;
      for (const match of line.matchAll(/\{\s*\$([\w-]+)\s*\}/g)) messages.get(current)!.push(match[1]);
    }
  }
  for (const [key, vars] of messages) messages.set(key, [...new Set(vars)].sort());
  duplicates.set(locale, repeated);
  return messages;
}

// What Fluent itself makes of the files: the runtime AST of @fluent/bundle (the parser the bot uses).
type Pattern = NonNullable<FluentTypes.FluentResource['body'][number]['value']>;
type Expression = Exclude<Extract<Pattern, unknown[]>[number], string>;

interface Shape {
  /** Every variable, in a placeable or as a selector. */
  vars: string[];
  /** Variables that select a variant (`{ $count -> … }`). */
  selectors: string[];
  /** Named variant keys (plural categories or other names), `*` marking the default. */
  variantKeys: string[];
  /** Messages and terms referenced (`{ other-message }`, `{ -term }`). */
  refs: string[];
}

function shapeOf(pattern: Pattern | null): Shape {
  const shape: Shape = { vars: [], selectors: [], variantKeys: [], refs: [] };
  const visitPattern = (p: Pattern | null) => {
    if (p === null || typeof p === 'string') return;
    for (const element of p) if (typeof element !== 'string') visit(element);
  };
  const visit = (e: Expression | { type: 'narg' }) => {
    switch (e.type) {
      case 'var':
        shape.vars.push(e.name);
        break;
      case 'mesg':
        shape.refs.push(e.attr ? `${e.name}.${e.attr}` : e.name);
        break;
      case 'term':
        shape.refs.push(`-${e.name}`);
        e.args.forEach(visit);
        break;
      case 'func':
        e.args.forEach(visit);
        break;
      case 'select':
        visit(e.selector);
        if (e.selector.type === 'var') shape.selectors.push(e.selector.name);
        e.variants.forEach((variant, i) => {
          if (variant.key.type === 'str') shape.variantKeys.push(`${i === e.star ? '*' : ''}${variant.key.value}`);
          visitPattern(variant.value);
        });
        break;
    }
  };
  visitPattern(pattern);
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  return {
    vars: sorted(shape.vars),
    selectors: sorted(shape.selectors),
    variantKeys: sorted(shape.variantKeys),
    refs: sorted(shape.refs),
  };
}

interface Parsed {
  /** Message id → the shape of its value and of each attribute. */
  entries: Map<string, { value: Shape; attributes: Record<string, Shape> }>;
  /** Raw patterns, to format them. */
  patterns: { id: string; pattern: Pattern }[];
  /** Lines Fluent could not parse (it skips them as junk and the message silently disappears). */
  junk: string[];
  bundle: FluentTypes.FluentBundle;
  /** Errors adding all of the locale's files to one bundle (e.g. an id defined twice). */
  bundleErrors: string[];
}

function parse(locale: string): Parsed {
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const parsed: Parsed = { entries: new Map(), patterns: [], junk: [], bundle, bundleErrors: [] };
  for (const { file, source } of filesOf(locale)) {
    const resource = new FluentResource(source);
    const parsedIds = new Set(resource.body.map((entry) => entry.id));
    source.split('\n').forEach((line, i) => {
      if (line.trim() === '' || /^\s/.test(line) || line.startsWith('#')) return;
      const id = /^(-?[a-zA-Z][\w-]*)\s*=/.exec(line)?.[1];
      if (!id || !parsedIds.has(id.replace(/^-/, ''))) parsed.junk.push(`${file}:${i + 1}: ${line}`);
    });
    for (const entry of resource.body) {
      parsed.entries.set(entry.id, {
        value: shapeOf(entry.value),
        attributes: Object.fromEntries(Object.entries(entry.attributes).map(([name, p]) => [name, shapeOf(p)])),
      });
      if (entry.value !== null) parsed.patterns.push({ id: entry.id, pattern: entry.value });
      for (const [name, p] of Object.entries(entry.attributes))
        parsed.patterns.push({ id: `${entry.id}.${name}`, pattern: p });
    }
    parsed.bundleErrors.push(...bundle.addResource(resource).map((e) => `${file}: ${e.message}`));
  }
  return parsed;
}

/** What a translation must carry over from en: emoji, HTML tags, /commands and line breaks. */
function layoutOf(text: string) {
  return {
    emoji:
      text.match(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|[\u{2190}-\u{21FF}\u{2264}\u{2265}]/gu)?.join('') ?? '',
    tags: text.match(/<\/?[a-z]+>/g) ?? [],
    commands: (text.match(/(?<![\w&])\/[a-z_]+/g) ?? []).sort(),
    lines: text.split('\n').length,
  };
}

/** Message id (and `id.attribute`) → its text as the bot sends it, every variable given as "x". */
function renderedOf(locale: string): Map<string, string> {
  const { bundle, patterns, entries } = parse(locale);
  return new Map(
    patterns.map(({ id, pattern }) => {
      const [messageId, attribute] = id.split('.');
      const entry = entries.get(messageId)!;
      const { vars } = attribute ? entry.attributes[attribute] : entry.value;
      return [id, bundle.formatPattern(pattern, Object.fromEntries(vars.map((v) => [v, 'x'])))];
    }),
  );
}

describe('locales', () => {
  const en = messagesOf('en');
  const enParsed = parse('en');

  it('ships a directory for every supported locale, and no other', () => {
    const dirs = readdirSync(LOCALES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(dirs.sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(OTHER_LOCALES)('%s has the same files as en', (locale) => {
    expect(filesOf(locale).map((f) => f.file)).toEqual(filesOf('en').map((f) => f.file));
  });

  it.each([...SUPPORTED_LOCALES])('%s defines every key once across its files', (locale) => {
    messagesOf(locale);
    expect(duplicates.get(locale)).toEqual([]);
  });

  it.each([...SUPPORTED_LOCALES])('%s parses without junk or bundle errors', (locale) => {
    const { junk, bundleErrors } = parse(locale);
    expect({ junk, bundleErrors }).toEqual({ junk: [], bundleErrors: [] });
  });

  it.each([...SUPPORTED_LOCALES])('%s formats every message and attribute without errors', (locale) => {
    const { bundle, patterns, entries } = parse(locale);
    const failures: string[] = [];
    for (const { id, pattern } of patterns) {
      const [messageId, attribute] = id.split('.');
      const entry = entries.get(messageId)!;
      const shape = attribute ? entry.attributes[attribute] : entry.value;
      // Numbers, so plural selectors are exercised too; strings are formatted the same way.
      for (const sample of [1, 5]) {
        const errors: Error[] = [];
        const text = bundle.formatPattern(pattern, Object.fromEntries(shape.vars.map((v) => [v, sample])), errors);
        if (errors.length > 0 || text.trim() === '') failures.push(`${id}: ${errors.map((e) => e.message).join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(OTHER_LOCALES)('%s defines exactly the keys en defines', (locale) => {
    const other = messagesOf(locale);
    const missing = [...en.keys()].filter((k) => !other.has(k));
    const extra = [...other.keys()].filter((k) => !en.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(OTHER_LOCALES)('%s uses the same placeholders as en', (locale) => {
    const other = messagesOf(locale);
    const differing = [...en.entries()]
      .filter(([key, vars]) => JSON.stringify(other.get(key)) !== JSON.stringify(vars))
      .map(([key, vars]) => ({ key, en: vars, [locale]: other.get(key) }));
    expect(differing).toEqual([]);
  });

  it.each(OTHER_LOCALES)('%s has the same attributes, variables, selectors and references as en', (locale) => {
    const other = parse(locale).entries;
    const differing = [];
    for (const [id, entry] of enParsed.entries) {
      const theirs = other.get(id);
      const ours = {
        attributes: Object.keys(entry.attributes).sort(),
        value: { ...entry.value, variantKeys: undefined },
        attributeShapes: Object.fromEntries(
          Object.entries(entry.attributes).map(([k, s]) => [k, { ...s, variantKeys: undefined }]),
        ),
      };
      const translated = theirs && {
        attributes: Object.keys(theirs.attributes).sort(),
        value: { ...theirs.value, variantKeys: undefined },
        attributeShapes: Object.fromEntries(
          Object.entries(theirs.attributes).map(([k, s]) => [k, { ...s, variantKeys: undefined }]),
        ),
      };
      if (JSON.stringify(ours) !== JSON.stringify(translated)) differing.push({ id, en: ours, [locale]: translated });
    }
    expect(differing).toEqual([]);
  });

  it.each([...SUPPORTED_LOCALES])('%s selects only on plural categories its language has', (locale) => {
    const categories: string[] = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const cldr = ['zero', 'one', 'two', 'few', 'many', 'other'];
    const wrong = [...parse(locale).entries].flatMap(([id, entry]) =>
      [entry.value, ...Object.values(entry.attributes)]
        .flatMap((s) => s.variantKeys.map((k) => k.replace(/^\*/, '')))
        .filter((key) => cldr.includes(key) && !categories.includes(key))
        .map((key) => `${id}: [${key}]`),
    );
    expect(wrong).toEqual([]);
  });

  it.each(OTHER_LOCALES)('%s keeps en’s emoji, HTML tags, commands and line breaks', (locale) => {
    const enTexts = renderedOf('en');
    const other = renderedOf(locale);
    const differing = [...enTexts]
      .filter(([id]) => other.has(id))
      .map(([id, text]) => ({ id, en: layoutOf(text), [locale]: layoutOf(other.get(id)!) }))
      .filter((d) => JSON.stringify(d.en) !== JSON.stringify(d[locale]));
    expect(differing).toEqual([]);
  });

  it('writes Uzbek oʻ/gʻ with ‘ (U+2018) and the tutuq belgisi with ’ (U+2019), never anything else', () => {
    const problems: string[] = [];
    for (const { file, source } of filesOf('uz')) {
      source.split('\n').forEach((line, i) => {
        const at = `${file}:${i + 1}`;
        // ASCII apostrophe, backtick, ʻ (U+02BB), ʼ (U+02BC), ´ and the like: one convention only.
        if (/['`\u02BB\u02BC\u00B4\u2032]/.test(line)) problems.push(`${at}: another apostrophe in "${line}"`);
        for (const m of line.matchAll(/(.)\u2018/gu)) {
          if (!/[oOgG]/.test(m[1])) problems.push(`${at}: ‘ after "${m[1]}" (only oʻ, gʻ) in "${line}"`);
        }
        for (const m of line.matchAll(/(.?)\u2019(.?)/gu)) {
          if (!/\p{L}/u.test(m[1]) || !/\p{L}/u.test(m[2])) problems.push(`${at}: ’ not between letters in "${line}"`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('translates every domain error code in every locale', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const messages = messagesOf(locale);
      const missing = DOMAIN_ERROR_CODES.map(domainErrorKey).filter((key) => !messages.has(key));
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('keeps every alert a bot button can show within Telegram’s 200 characters', () => {
    const i18n = createI18n('en');
    const alertCodes = DOMAIN_ERROR_CODES.filter((c) => /^(role|action|qc|ticket|work_session)\./.test(c));
    for (const locale of SUPPORTED_LOCALES) {
      for (const code of alertCodes) {
        const text = i18n.t(locale, domainErrorKey(code));
        expect({ code, locale, ok: text.length <= 200 }).toEqual({ code, locale, ok: true });
      }
    }
  });

  it('parses every file (Fluent answers with the key when a message is broken)', () => {
    const i18n = createI18n('en');
    for (const locale of SUPPORTED_LOCALES) {
      for (const [key, vars] of messagesOf(locale)) {
        const args = Object.fromEntries(vars.map((name) => [name, 'x']));
        expect(i18n.t(locale, key, args)).not.toBe(key);
      }
    }
  });
});

describe('locale selection', () => {
  it('gives a Telegram user their language when it is shipped, whatever the default', () => {
    for (const fallback of SUPPORTED_LOCALES) {
      expect(pickLocale('uz', fallback)).toBe('uz');
      expect(pickLocale('UZ', fallback)).toBe('uz');
      expect(pickLocale('ru-RU', fallback)).toBe('ru');
      expect(pickLocale('en', fallback)).toBe('en');
    }
  });

  it('falls back to the configured default for an unknown or missing language', () => {
    expect(pickLocale('de', 'uz')).toBe('uz');
    expect(pickLocale(undefined, 'uz')).toBe('uz');
    expect(pickLocale(null, 'ru')).toBe('ru');
    expect(pickLocale('kk', 'en')).toBe('en');
  });

  it('accepts every shipped locale as DEFAULT_LOCALE, and nothing else', () => {
    for (const locale of SUPPORTED_LOCALES) {
      expect(loadConfig({ DEFAULT_LOCALE: locale }, 'test').defaultLocale).toBe(locale);
    }
    expect(() => loadConfig({ DEFAULT_LOCALE: 'de' }, 'test')).toThrow(/DEFAULT_LOCALE/);
  });

  it('translates into Uzbek, and with DEFAULT_LOCALE=uz falls back to Uzbek', () => {
    const i18n = createI18n(loadConfig({ DEFAULT_LOCALE: 'uz' }, 'test').defaultLocale);
    expect(i18n.t('uz', 'menu-help')).toBe('❓ Yordam');
    expect(i18n.t(pickLocale('de', 'uz'), 'help-title')).toBe('ℹ️ Sizga mavjud buyruqlar:');
    // A locale nobody ships resolves to the default bundle, not to en.
    expect(i18n.t('de', 'err-not-found')).toBe('⚠️ Ariza topilmadi.');
    expect(i18n.t('en', 'menu-help')).toBe('❓ Help');
    expect(i18n.t('uz', 'tech-toast-opened', { id: 7 })).toBe('🎫 Ariza #7 ochildi.');
  });
});
