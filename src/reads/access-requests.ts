// An access request as its moderation card shows it: the request row, the person's Telegram profile and
// who resolved it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { personName, type AccessRequestStatus, type RoleSlug } from '../domain';
import { AccessRequest, TelegramProfile } from '../db/entities';

export interface AccessRequestCardView {
  id: number;
  firstName: string;
  lastName: string;
  phone: string;
  telegramId: number;
  username: string | null;
  status: AccessRequestStatus;
  rolesGranted: readonly RoleSlug[];
  /** Who approved or rejected it. */
  resolvedByName: string | null;
  /** When a pending request expires (epoch ms), if known. */
  expiresAt: number | null;
}

/** The moderators' card of one request as the database has it. */
export async function loadAccessRequestCard(
  em: EntityManager,
  requestId: number,
  expiresAt: number | null,
): Promise<{ view: AccessRequestCardView; languageCode: string | null } | null> {
  const row = await em.findOne(AccessRequest, { id: requestId }, { populate: ['resolvedBy'] });
  if (!row) return null;
  const profile = await em.findOne(TelegramProfile, { telegramId: row.telegramId });
  return {
    view: {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      phone: row.phone,
      telegramId: row.telegramId,
      username: profile?.username ?? null,
      status: row.status,
      rolesGranted: row.rolesGranted,
      resolvedByName: row.resolvedBy ? personName(row.resolvedBy) : null,
      expiresAt,
    },
    languageCode: profile?.languageCode ?? null,
  };
}
