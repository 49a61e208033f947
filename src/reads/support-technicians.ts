// Technicians of the support desk: active users with the technician role, each with the forum group
// TECH_GROUPS_MAPPING gives them (keyed by account username, Telegram @username or user id).
// Cached in Redis `cache:` for 10 minutes; the staff picker and assignments read this list.
import { personName } from '../domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm';
import { sql } from '../db/sql';
import type { RedisClient } from '../redis';
import { SUPPORT_TECHNICIANS_CACHE_KEY } from '../redis/keys';

export const SUPPORT_TECHNICIANS_TTL_SECONDS = 10 * 60;

export interface SupportTechnicianOption {
  id: number;
  /** Telegram @username when the account has one, else the account username. */
  username: string;
  name: string;
  /** Their forum group from TECH_GROUPS_MAPPING; null when the mapping has none. */
  groupChatId: number | null;
}

export interface SupportTechniciansDeps {
  orm: Orm;
  redis: RedisClient;
  config: { telegram: { techGroups: Record<string, number> } };
}

/** The group TECH_GROUPS_MAPPING gives a technician: by user id, account username or Telegram username. */
export function techGroupOf(
  mapping: Record<string, number>,
  technician: { id: number; username: string; telegramUsername?: string | null },
): number | null {
  const normalized = new Map<string, number>();
  for (const [key, chatId] of Object.entries(mapping))
    normalized.set(key.trim().replace(/^@/, '').toLowerCase(), chatId);
  const keys = [String(technician.id), technician.username, technician.telegramUsername ?? ''];
  for (const key of keys) {
    const chatId = normalized.get(key.trim().replace(/^@/, '').toLowerCase());
    if (key && chatId !== undefined) return chatId;
  }
  return null;
}

interface TechnicianRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  tg_username: string | null;
}

/** Straight from Postgres, no cache. */
export async function loadSupportTechnicians(
  em: EntityManager,
  mapping: Record<string, number>,
): Promise<SupportTechnicianOption[]> {
  const rows = await sql<TechnicianRow>(
    em,
    `select u.id, u.username, u.first_name, u.last_name,
            (select p.username from telegram_profile p where p.user_id = u.id and p.username is not null
              order by p.last_seen_at desc limit 1) as tg_username
       from app_user u
      where u.is_active and exists (select 1 from user_role r where r.user_id = u.id and r.role = 'technician')
      order by u.first_name, u.last_name, u.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    username: row.tg_username ?? row.username,
    name: personName({ firstName: row.first_name, lastName: row.last_name, username: row.username }),
    groupChatId: techGroupOf(mapping, { id: row.id, username: row.username, telegramUsername: row.tg_username }),
  }));
}

/** The technicians, from the 10-minute cache when it has them. */
export async function supportTechnicians(deps: SupportTechniciansDeps): Promise<SupportTechnicianOption[]> {
  const cached = await deps.redis.get(SUPPORT_TECHNICIANS_CACHE_KEY).catch(() => null);
  if (cached) {
    try {
      return JSON.parse(cached) as SupportTechnicianOption[];
    } catch {
      // A broken entry is rebuilt below.
    }
  }
  const list = await loadSupportTechnicians(deps.orm.em.fork() as EntityManager, deps.config.telegram.techGroups);
  await deps.redis
    .set(SUPPORT_TECHNICIANS_CACHE_KEY, JSON.stringify(list), 'EX', SUPPORT_TECHNICIANS_TTL_SECONDS)
    .catch(() => undefined);
  return list;
}

export async function invalidateSupportTechnicians(redis: RedisClient): Promise<void> {
  await redis.del(SUPPORT_TECHNICIANS_CACHE_KEY);
}
