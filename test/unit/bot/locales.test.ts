import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { domainErrorKey } from '../../../src/bot/errors';
import { createI18n, SUPPORTED_LOCALES } from '../../../src/bot/i18n';
import { DOMAIN_ERROR_CODES } from '../../../src/domain';

const LOCALES_DIR = path.resolve(__dirname, '../../../locales');

/** Ids defined more than once in a locale (Fluent would keep only one of them), as `file: id`. */
const duplicates = new Map<string, string[]>();

/** Message id → the placeholders its value uses, over every .ftl file of a locale. */
function messagesOf(locale: string): Map<string, string[]> {
  const messages = new Map<string, string[]>();
  const seen = new Map<string, string>();
  const repeated: string[] = [];
  const dir = path.join(LOCALES_DIR, locale);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    let current: string | null = null;
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
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

describe('locales', () => {
  const en = messagesOf('en');

  it.each([...SUPPORTED_LOCALES])('%s defines every key once across its files', (locale) => {
    messagesOf(locale);
    expect(duplicates.get(locale)).toEqual([]);
  });

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('%s defines exactly the keys en defines', (locale) => {
    const other = messagesOf(locale);
    const missing = [...en.keys()].filter((k) => !other.has(k));
    const extra = [...other.keys()].filter((k) => !en.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(SUPPORTED_LOCALES.filter((l) => l !== 'en'))('%s uses the same placeholders as en', (locale) => {
    const other = messagesOf(locale);
    const differing = [...en.entries()]
      .filter(([key, vars]) => JSON.stringify(other.get(key)) !== JSON.stringify(vars))
      .map(([key, vars]) => ({ key, en: vars, [locale]: other.get(key) }));
    expect(differing).toEqual([]);
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
