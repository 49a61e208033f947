// A value the database refused inside a workflow (InvalidInputError from the service layer) or a
// clash with existing data (ConflictError) reaches a bot user as a clear alert in their language,
// not as "something went wrong".
import type { BotContext } from '../../../src/bot/context';
import { failureText } from '../../../src/bot/errors';
import { createI18n } from '../../../src/i18n';
import { ConflictError, InvalidInputError } from '../../../src/services/input-errors';

const i18n = createI18n('en');
const contextIn = (locale: string) => ({ t: (key: string) => i18n.t(locale, key) }) as unknown as BotContext;

it.each(['en', 'ru', 'uz'])('%s: out-of-range values and conflicts get their own alert', (locale) => {
  const ctx = contextIn(locale);
  const invalid = failureText(ctx, new InvalidInputError({}, 'A number is out of range.', 'database.22003'));
  const conflict = failureText(ctx, new ConflictError('database.23505', 'The change conflicts.'));
  const generic = failureText(ctx, new Error('boom'));
  expect(invalid).toBe(i18n.t(locale, 'err-invalid-value'));
  expect(conflict).toBe(i18n.t(locale, 'err-data-conflict'));
  expect(new Set([invalid, conflict, generic]).size).toBe(3);
  expect(invalid).not.toMatch(/^err-/);
});

it('says in English what happened and that nothing was changed', () => {
  const text = failureText(contextIn('en'), new InvalidInputError({}, 'x', 'database.22003'));
  expect(text).toMatch(/out of range/);
  expect(text).toMatch(/Nothing was changed/);
});
