import {
  checkAccessRequestSubmission,
  normalizePhone,
  requirePhone,
  validateFirstName,
  validateLastName,
} from '../../../src/domain';
import { domainErrorOf } from './fixtures';

describe('names', () => {
  it('trims and requires at least 2 characters', () => {
    expect(validateFirstName('  Ali ')).toBe('Ali');
    expect(validateLastName('Ng')).toBe('Ng');
    expect(domainErrorOf(() => validateFirstName(' A ')).message).toBe(
      'First name is too short. Please enter at least 2 letters.',
    );
    expect(domainErrorOf(() => validateLastName('   ')).message).toBe(
      'Last name is too short. Please enter at least 2 letters.',
    );
  });

  it('counts characters, not UTF-16 units', () => {
    expect(domainErrorOf(() => validateFirstName('😀')).code).toBe('access.first_name_too_short');
    expect(validateFirstName('Юл')).toBe('Юл');
  });
});

describe('phone', () => {
  it.each([
    ['+998901234567', '+998901234567'],
    ['998901234567', '+998901234567'],
    ['+998 (90) 123-45-67', '+998901234567'],
    ['+1 415 555 0100', '+14155550100'],
    ['12345678', '+12345678'],
  ])('normalizes %s to %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(['+0998901234567', '1234567', '+1234567890123456', '99890abc4567', '++998901234567', ''])(
    'refuses %p',
    (raw) => {
      expect(normalizePhone(raw)).toBeNull();
    },
  );

  it('refuses with the bot text', () => {
    expect(domainErrorOf(() => requirePhone('hello')).message).toBe(
      'Invalid phone number format. Please send it in international format, for example +998901234567.',
    );
  });
});

describe('submission', () => {
  const ok = { linkedToActiveUser: false, alreadyApproved: false, phoneUsedByAnotherAccount: false };

  it('refuses in the reference order', () => {
    expect(
      domainErrorOf(() =>
        checkAccessRequestSubmission({
          linkedToActiveUser: true,
          alreadyApproved: true,
          phoneUsedByAnotherAccount: true,
        }),
      ).message,
    ).toBe('You are already registered and linked.');
    expect(
      domainErrorOf(() =>
        checkAccessRequestSubmission({ ...ok, alreadyApproved: true, phoneUsedByAnotherAccount: true }),
      ).message,
    ).toBe('Your access request was already approved.');
    expect(domainErrorOf(() => checkAccessRequestSubmission({ ...ok, phoneUsedByAnotherAccount: true })).message).toBe(
      'Phone number is already used by another account.',
    );
    expect(() => checkAccessRequestSubmission(ok)).not.toThrow();
  });
});
