// Access-request form (workshop-domain.md §9 "Access-request FSM"): field rules and submission refusals.
import { DomainError } from './errors';

export const ACCESS_REQUEST_NAME_MIN_LENGTH = 2;
export const PHONE_PATTERN = /^\+?[1-9][0-9]{7,14}$/;

function requireName(raw: string, code: 'access.first_name_too_short' | 'access.last_name_too_short'): string {
  const name = raw.trim();
  // Counted in code points, as the reference (Python len) does.
  if ([...name].length < ACCESS_REQUEST_NAME_MIN_LENGTH) throw new DomainError(code);
  return name;
}

/** Trimmed first name of at least 2 characters. */
export function validateFirstName(raw: string): string {
  return requireName(raw, 'access.first_name_too_short');
}

/** Trimmed last name of at least 2 characters. */
export function validateLastName(raw: string): string {
  return requireName(raw, 'access.last_name_too_short');
}

/**
 * International phone with a leading '+', or null. Spaces, dashes and parentheses are dropped
 * before matching, so "+998 (90) 123-45-67" is accepted.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s\-()]/g, '');
  if (!PHONE_PATTERN.test(compact)) return null;
  return compact.startsWith('+') ? compact : `+${compact}`;
}

export function requirePhone(raw: string): string {
  const phone = normalizePhone(raw);
  if (phone === null) throw new DomainError('access.phone_invalid');
  return phone;
}

export interface AccessRequestSubmissionFacts {
  /** The Telegram profile is already linked to an active user. */
  readonly linkedToActiveUser: boolean;
  /** A request of this Telegram id was already approved. */
  readonly alreadyApproved: boolean;
  /** The phone belongs to another account (not the inactive user this request may reuse). */
  readonly phoneUsedByAnotherAccount: boolean;
}

/** Submission refusals, in the reference order. */
export function checkAccessRequestSubmission(facts: AccessRequestSubmissionFacts): void {
  if (facts.linkedToActiveUser) throw new DomainError('access.already_linked');
  if (facts.alreadyApproved) throw new DomainError('access.already_approved');
  if (facts.phoneUsedByAnotherAccount) throw new DomainError('access.phone_in_use');
}
