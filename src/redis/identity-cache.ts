// The bot's identity cache, one key per Telegram id (identityCacheKey): what src/services/identity.ts resolved for
// it, kept IDENTITY_CACHE_SECONDS, so a press costs one Redis read instead of a transaction in Postgres. Redis is
// shared by every replica, so one forgetting reaches them all.
//
// A cached identity must not outlive a change to what it says (roles, is_active, names, a profile's link to a user,
// is_blocked): every such write calls forgetIdentities or forgetUserIdentities after its commit. An update may have
// read Postgres just before that commit and fill the cache just after the forgetting, so forgetting leaves a fresh
// tombstone instead of deleting the key, and a fill is a compare-and-set against what the update saw before it read
// Postgres: a forgetting in between changed that, and the stale fill is dropped.
import { randomBytes } from 'node:crypto';
import { sql, type SqlContext } from '../db/sql';
import { errorMessage, type Logger } from '../logger';
import type { RedisClient } from './index';
import { identityCacheKey } from './keys';

export const IDENTITY_CACHE_SECONDS = 60;
/** Far longer than a fill takes (one short transaction), so no fill that saw the key before it outlives it. */
const TOMBSTONE_SECONDS = 10 * 60;
const TOMBSTONE_PREFIX = 'forgotten:';

/** Sets the entry only while the key holds what the filler saw ('' for nothing). */
const FILL_SCRIPT = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`;

/** What the key held when it was read. */
export interface IdentitySlot {
  /** The cached identity (JSON); null when none is cached or it was forgotten. */
  entry: string | null;
  /** The raw value, which a fill compares against. */
  seen: string;
}

export interface IdentityCacheDeps {
  redis: RedisClient;
  logger: Logger;
}

/** Throws at once when Redis is not connected: ioredis would queue the read until it reconnects. */
export async function readIdentitySlot(redis: RedisClient, telegramId: number): Promise<IdentitySlot> {
  // The in-process stand-in (`npm run dev` without REDIS_URL) has no status: always there.
  const status = (redis as { status?: string }).status;
  if (status !== undefined && status !== 'ready') throw new Error(`redis is not connected (${status})`);
  const seen = (await redis.get(identityCacheKey(telegramId))) ?? '';
  return { entry: seen === '' || seen.startsWith(TOMBSTONE_PREFIX) ? null : seen, seen };
}

/** Caches `entry` unless the key changed since `slot` was read; whether it did. */
export async function fillIdentitySlot(
  redis: RedisClient,
  telegramId: number,
  slot: IdentitySlot,
  entry: string,
): Promise<boolean> {
  const stored = await redis.eval(
    FILL_SCRIPT,
    1,
    identityCacheKey(telegramId),
    slot.seen,
    entry,
    IDENTITY_CACHE_SECONDS,
  );
  return stored === 1;
}

/**
 * After a commit that changed who these Telegram ids are: their cached identities are gone and fills in flight are
 * dropped. A failure is logged, not thrown (the change is committed): the identities then expire within the TTL.
 */
export async function forgetIdentities(deps: IdentityCacheDeps, telegramIds: readonly number[]): Promise<void> {
  const ids = [...new Set(telegramIds)];
  if (ids.length === 0) return;
  try {
    const batch = deps.redis.multi();
    for (const id of ids) {
      batch.set(identityCacheKey(id), `${TOMBSTONE_PREFIX}${randomBytes(8).toString('hex')}`, 'EX', TOMBSTONE_SECONDS);
    }
    const replies = await batch.exec();
    if (!replies) throw new Error('identity invalidation was not executed');
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
  } catch (err) {
    deps.logger.error(
      { telegram_ids: ids, reason: errorMessage(err) },
      `identity cache not invalidated; these identities may stay cached for up to ${IDENTITY_CACHE_SECONDS} s`,
    );
  }
}

/**
 * The same for every Telegram id that resolves to these users: their linked profiles, and the requesters a missing
 * link is recovered from (access_request.user_id, see resolveIdentity).
 */
export async function forgetUserIdentities(
  deps: IdentityCacheDeps,
  em: SqlContext,
  userIds: readonly number[],
): Promise<void> {
  if (userIds.length === 0) return;
  const list = userIds.map(() => '?').join(', ');
  let rows: { telegram_id: string | number }[];
  try {
    rows = await sql(
      em,
      `select telegram_id from telegram_profile where user_id in (${list})
       union select telegram_id from access_request where user_id in (${list})`,
      [...userIds, ...userIds],
    );
  } catch (err) {
    deps.logger.error(
      { user_ids: userIds, reason: errorMessage(err) },
      `identity cache not invalidated; these users' identities may stay cached for up to ${IDENTITY_CACHE_SECONDS} s`,
    );
    return;
  }
  await forgetIdentities(
    deps,
    rows.map((row) => Number(row.telegram_id)),
  );
}
