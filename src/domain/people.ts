// How ticketflow names a person in every text, one rule for the bot, notifications and reads:
// "First Last", with the person's own Telegram @username (from their Telegram profile) when it is
// known. The account's username is internal (often generated, like `tg_2001`): it is never shown
// as an @mention, since Telegram would link it to whoever owns that handle.

export interface PersonNameParts {
  id?: number | null;
  firstName?: string | null;
  lastName?: string | null;
  /** The internal account name: shown bare, and only when there is nothing better. */
  username?: string | null;
  /** The Telegram username of the person's linked Telegram profile, with or without the @. */
  telegramUsername?: string | null;
}

/** `@handle` for a Telegram username, or null when there is none. */
export function telegramHandle(username: string | null | undefined): string | null {
  const bare = (username ?? '').trim().replace(/^@+/, '');
  return bare === '' ? null : `@${bare}`;
}

/**
 * "First Last (@telegram)", "First Last", "@telegram", else the account name, else "#id". The
 * Telegram handle is the only @ ever shown.
 */
export function personName(person: PersonNameParts): string {
  const full = [person.firstName, person.lastName]
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join(' ');
  const handle = telegramHandle(person.telegramUsername);
  if (full) return handle ? `${full} (${handle})` : full;
  if (handle) return handle;
  const account = (person.username ?? '').trim();
  if (account) return account;
  return person.id === undefined || person.id === null ? '—' : `#${person.id}`;
}
