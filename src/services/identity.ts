// Who is behind a Telegram update: the profile is upserted on every update and the active linked
// user (with roles) resolved. Super admins listed in ADMIN_TELEGRAM_IDS are bootstrapped here.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RoleSlug } from '../domain';
import { sql } from '../db/sql';

export interface TelegramSender {
  id: number;
  username?: string;
  first_name: string;
  last_name?: string;
  language_code?: string;
}

export interface ResolvedUser {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  roles: RoleSlug[];
}

export interface ResolvedIdentity {
  user: ResolvedUser | null;
  languageCode: string | null;
}

async function activeUser(em: EntityManager, userId: number): Promise<ResolvedUser | null> {
  const [user] = await sql<{ id: number; username: string; first_name: string; last_name: string }>(
    em,
    'select id, username, first_name, last_name from app_user where id = ? and is_active',
    [userId],
  );
  if (!user) return null;
  const roles = await sql<{ role: RoleSlug }>(em, 'select role from user_role where user_id = ? order by role', [
    userId,
  ]);
  return {
    id: user.id,
    username: user.username,
    firstName: user.first_name,
    lastName: user.last_name,
    roles: roles.map((r) => r.role),
  };
}

export async function resolveIdentity(
  em: EntityManager,
  from: TelegramSender,
  adminTelegramIds: readonly number[],
): Promise<ResolvedIdentity> {
  return em.transactional(async (tx) => {
    const [profile] = await sql<{ user_id: number | null; language_code: string | null }>(
      tx,
      `insert into telegram_profile (telegram_id, username, first_name, last_name, language_code, last_seen_at)
       values (?, ?, ?, ?, ?, now())
       on conflict (telegram_id) do update set
         username = excluded.username, first_name = excluded.first_name, last_name = excluded.last_name,
         language_code = coalesce(excluded.language_code, telegram_profile.language_code), last_seen_at = now(), is_blocked = false
       returning user_id, language_code`,
      [from.id, from.username ?? null, from.first_name, from.last_name ?? null, from.language_code ?? null],
    );
    let userId = profile.user_id;

    // A missing link is recovered from the latest access request that has an active user.
    if (userId === null) {
      const [recovered] = await sql<{ user_id: number }>(
        tx,
        `select r.user_id from access_request r join app_user u on u.id = r.user_id
         where r.telegram_id = ? and u.is_active order by r.id desc limit 1`,
        [from.id],
      );
      if (recovered) {
        userId = recovered.user_id;
        await sql(tx, 'update telegram_profile set user_id = ? where telegram_id = ?', [userId, from.id]);
      }
    }

    if (adminTelegramIds.includes(from.id)) {
      if (userId === null) {
        const [created] = await sql<{ id: number }>(
          tx,
          `insert into app_user (username, first_name, last_name, is_active) values (?, ?, ?, true)
           on conflict (username) do update set is_active = true returning id`,
          [`admin_${from.id}`, from.first_name, from.last_name ?? ''],
        );
        userId = created.id;
        await sql(tx, 'update telegram_profile set user_id = ? where telegram_id = ?', [userId, from.id]);
      }
      await sql(tx, `insert into user_role (user_id, role) values (?, 'super_admin') on conflict do nothing`, [userId]);
      await sql(tx, 'update app_user set is_active = true where id = ?', [userId]);
    }

    return { user: userId === null ? null : await activeUser(tx, userId), languageCode: profile.language_code };
  });
}
