// The data the domain's naming rule (src/domain/people.ts, personName) needs beyond the user row:
// the Telegram username of each person's linked Telegram profile; and finding a user by id or @username.
import type { EntityManager } from '@mikro-orm/postgresql';
import { personName } from '../domain';
import { sql, sqlOne } from '../db/sql';

/**
 * SQL for the Telegram username of `app_user` alias `userAlias` (the most recently seen linked
 * profile's), to use in a select list: `…, ${telegramUsernameSql('u')} as telegram_username`.
 */
export const telegramUsernameSql = (userAlias: string) =>
  `(select tp.username from telegram_profile tp where tp.user_id = ${userAlias}.id and coalesce(tp.username, '') <> ''
    order by tp.last_seen_at desc, tp.id desc limit 1)`;

/** The columns of a ticket's technician (`app_user` joined as `u`, `u.id as technician_id`) that name them. */
export interface TechnicianNameColumns {
  technician_id: number | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  telegram_username: string | null;
}

/** The technician's display name from those columns; null when none is assigned. */
export function technicianNameOf(row: TechnicianNameColumns): string | null {
  if (row.technician_id === null) return null;
  return personName({
    id: Number(row.technician_id),
    firstName: row.first_name,
    lastName: row.last_name,
    username: row.username,
    telegramUsername: row.telegram_username,
  });
}

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

/** A user by id (digits) or by account or Telegram @username, case-insensitive; null when there is none. */
export async function findUserByRef(em: EntityManager, ref: string): Promise<{ id: number; username: string } | null> {
  const row = /^\d+$/.test(ref)
    ? await sqlOne<{ id: number; username: string }>(em, 'select id, username from app_user where id = ?', [
        Number(ref),
      ])
    : await sqlOne<{ id: number; username: string }>(
        em,
        `select u.id, u.username from app_user u left join telegram_profile p on p.user_id = u.id
          where lower(u.username) = lower(?) or lower(p.username) = lower(?) order by u.id limit 1`,
        [ref.replace(/^@/, ''), ref.replace(/^@/, '')],
      );
  return row ? { id: Number(row.id), username: row.username } : null;
}
