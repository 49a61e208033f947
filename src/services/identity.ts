// Who is behind a Telegram update: the profile is upserted, the active linked user (with roles) resolved, and super
// admins listed in ADMIN_TELEGRAM_IDS are bootstrapped. The result is cached per Telegram id for
// IDENTITY_CACHE_SECONDS (src/redis/identity-cache.ts, which says who forgets it when), so a press costs one Redis
// read. While the entry is fresh and Telegram sends the same profile fields, the upsert is skipped: last_seen_at is
// then at most one TTL old, and a changed name or language is written on the update that brings it.
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RoleSlug } from '../domain';
import type { Orm } from '../db/orm';
import { sql, sqlOne } from '../db/sql';
import { errorMessage, type Logger } from '../logger';
import type { RedisClient } from '../redis';
import { fillIdentitySlot, forgetUserIdentities, readIdentitySlot, type IdentitySlot } from '../redis/identity-cache';

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

export interface IdentityDeps {
  orm: Orm;
  redis: RedisClient;
  config: { adminTelegramIds: readonly number[] };
}

/** A cache entry: the identity, and the digest of the profile fields Telegram sent when it was resolved. */
interface CachedIdentity extends ResolvedIdentity {
  profile: string;
}

function profileDigest(from: TelegramSender): string {
  const fields = [from.username ?? null, from.first_name, from.last_name ?? null, from.language_code ?? null];
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

function decodeEntry(entry: string | null): CachedIdentity | null {
  if (entry === null) return null;
  try {
    const cached = JSON.parse(entry) as CachedIdentity;
    return typeof cached.profile === 'string' ? cached : null;
  } catch {
    return null;
  }
}

/** The cache key's value; null when Redis cannot be asked (the update is then resolved from Postgres alone). */
async function readSlot(redis: RedisClient, telegramId: number, log: Logger): Promise<IdentitySlot | null> {
  try {
    return await readIdentitySlot(redis, telegramId);
  } catch (err) {
    log.warn({ reason: errorMessage(err) }, 'identity cache unavailable; resolving the sender from Postgres');
    return null;
  }
}

/** Resolves the sender from the cache, or from Postgres (then caching the result). */
export async function resolveIdentity(
  deps: IdentityDeps,
  from: TelegramSender,
  log: Logger,
): Promise<ResolvedIdentity> {
  const admin = deps.config.adminTelegramIds.includes(from.id);
  const profile = profileDigest(from);
  const slot = await readSlot(deps.redis, from.id, log);
  const cached = decodeEntry(slot?.entry ?? null);
  // A listed admin without super_admin yet (ADMIN_TELEGRAM_IDS just changed) goes through the bootstrap.
  const bootstrapDue = admin && !cached?.user?.roles.includes('super_admin');
  if (cached && cached.profile === profile && !bootstrapDue) {
    return { user: cached.user, languageCode: cached.languageCode };
  }

  const { identity, bootstrapped } = await resolveFromDatabase(deps.orm.em.fork(), from, admin);
  if (bootstrapped !== null) {
    // The bootstrap changed a user whom other Telegram ids may resolve to as well: forget them all (this one too,
    // filled by its next update).
    await forgetUserIdentities({ redis: deps.redis, logger: log }, deps.orm.em.fork(), [bootstrapped]);
  } else if (slot) {
    const entry: CachedIdentity = { ...identity, profile };
    await fillIdentitySlot(deps.redis, from.id, slot, JSON.stringify(entry)).catch((err: unknown) =>
      log.warn({ reason: errorMessage(err) }, 'identity cache not filled'),
    );
  }
  return identity;
}

/** Upserts the sender's profile (seen now, not blocked); yields its `user_id` and `language_code`. */
const UPSERT_PROFILE = `insert into telegram_profile (telegram_id, username, first_name, last_name, language_code, last_seen_at)
       values (?, ?, ?, ?, ?, now())
       on conflict (telegram_id) do update set
         username = excluded.username, first_name = excluded.first_name, last_name = excluded.last_name,
         language_code = coalesce(excluded.language_code, telegram_profile.language_code), last_seen_at = now(), is_blocked = false
       returning user_id, language_code`;

const profileParams = (from: TelegramSender) => [
  from.id,
  from.username ?? null,
  from.first_name,
  from.last_name ?? null,
  from.language_code ?? null,
];

interface LinkedProfileRow {
  user_id: number | null;
  language_code: string | null;
  /** The linked user while active, with its roles; null when there is none or it is inactive. */
  linked_user: { id: number; username: string; first_name: string; last_name: string; roles: RoleSlug[] } | null;
}

/** The identity as Postgres has it; `bootstrapped` is the user the admin bootstrap changed, if it changed one. */
async function resolveFromDatabase(
  em: EntityManager,
  from: TelegramSender,
  admin: boolean,
): Promise<{ identity: ResolvedIdentity; bootstrapped: number | null }> {
  // The common case, a linked profile of someone not listed as admin: the upsert and the user with
  // roles in one statement, so a press whose identity is not cached costs one round trip.
  const upserted = admin
    ? null
    : await sqlOne<LinkedProfileRow>(
        em,
        `with profile as (${UPSERT_PROFILE})
         select p.user_id, p.language_code,
                (select json_build_object('id', u.id, 'username', u.username, 'first_name', u.first_name,
                          'last_name', u.last_name,
                          'roles', coalesce((select json_agg(r.role order by r.role) from user_role r
                                              where r.user_id = u.id), '[]'::json))
                   from app_user u where u.id = p.user_id and u.is_active) as linked_user
           from profile p`,
        profileParams(from),
      );
  if (upserted && upserted.user_id !== null) {
    const user = upserted.linked_user;
    const resolved = user && {
      id: user.id,
      username: user.username,
      firstName: user.first_name,
      lastName: user.last_name,
      roles: user.roles,
    };
    return { identity: { user: resolved, languageCode: upserted.language_code }, bootstrapped: null };
  }
  // No link yet (recovered from an access request) or an admin (bootstrapped): in one transaction.
  return em.transactional(async (tx) => {
    const profile =
      upserted ??
      (await sqlOne<{ user_id: number | null; language_code: string | null }>(
        tx,
        UPSERT_PROFILE,
        profileParams(from),
      ))!;
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

    let bootstrapped: number | null = null;
    if (admin) {
      let changed = false;
      if (userId === null) {
        const [created] = await sql<{ id: number }>(
          tx,
          `insert into app_user (username, first_name, last_name, is_active) values (?, ?, ?, true)
           on conflict (username) do update set is_active = true returning id`,
          [`admin_${from.id}`, from.first_name, from.last_name ?? ''],
        );
        userId = created.id;
        await sql(tx, 'update telegram_profile set user_id = ? where telegram_id = ?', [userId, from.id]);
        changed = true;
      }
      const granted = await sql(
        tx,
        `insert into user_role (user_id, role) values (?, 'super_admin') on conflict do nothing returning id`,
        [userId],
      );
      const activated = await sql(
        tx,
        'update app_user set is_active = true where id = ? and not is_active returning id',
        [userId],
      );
      if (changed || granted.length > 0 || activated.length > 0) bootstrapped = userId;
    }

    const user = userId === null ? null : await activeUser(tx, userId);
    return { identity: { user, languageCode: profile.language_code }, bootstrapped };
  });
}
