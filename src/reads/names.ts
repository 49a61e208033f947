// The data the domain's naming rule (src/domain/people.ts, personName) needs beyond the user row:
// the Telegram username of each person's linked Telegram profile.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

/**
 * SQL for the Telegram username of `app_user` alias `userAlias` (the most recently seen linked
 * profile's), to use in a select list: `…, ${telegramUsernameSql('u')} as telegram_username`.
 */
export const telegramUsernameSql = (userAlias: string) =>
  `(select tp.username from telegram_profile tp where tp.user_id = ${userAlias}.id and coalesce(tp.username, '') <> ''
    order by tp.last_seen_at desc, tp.id desc limit 1)`;

/** user id → Telegram username, for the users that have one. */
export async function telegramUsernames(em: EntityManager, userIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await sql<{ user_id: number | string; username: string }>(
    em,
    `select distinct on (user_id) user_id, username from telegram_profile
     where user_id in (${ids.map(() => '?').join(', ')}) and username is not null and username <> ''
     order by user_id, last_seen_at desc, id desc`,
    ids,
  );
  return new Map(rows.map((r) => [Number(r.user_id), r.username]));
}
