// Users and roles as the REST API manages them, plus the XP read side (per user and leaderboard).
// Who may manage users, grant which role, see whose XP, and the reserved `system` user are domain
// rules (src/domain/roles.ts); this service applies them.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import {
  type Actor,
  canChangeUser,
  canGrantRoles,
  canManageUsers,
  canSeeXpOf,
  DomainError,
  DOMAIN_ERROR_TEXTS,
  isReservedUsername,
  isSystemUser,
  levelProgress,
  type LevelProgress,
  normalizePhone,
  requireCapability,
  resolveLevelThresholds,
  type RoleSlug,
  SYSTEM_USERNAME,
  type XpEntryType,
} from '../domain';
import { TelegramProfile, User, UserRole } from '../db/entities';
import type { Orm } from '../db/orm';
import { sql } from '../db/sql';
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';
import { forgetUserIdentities } from '../redis/identity-cache';
import { NotFoundError } from './errors';
import { ConflictError, InvalidInputError } from './input-errors';
import { activeRules } from '../reads/rules-store';
import { xpHistory, xpSummary } from '../reads/ticket-queries';

export interface UserView {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  level: number;
  isActive: boolean;
  roles: RoleSlug[];
  telegramId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserFilter {
  role?: RoleSlug;
  isActive?: boolean;
  /** Matches username, first or last name (case-insensitive substring). */
  q?: string;
  limit: number;
  offset: number;
}

export interface CreateUserRequest {
  username: string;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  roles: RoleSlug[];
  isActive?: boolean;
}

export interface UpdateUserRequest {
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  roles?: RoleSlug[];
  isActive?: boolean;
}

export interface XpView {
  userId: number;
  total: number;
  progress: LevelProgress;
}

export interface XpHistoryRow {
  id: number;
  amount: number;
  entryType: XpEntryType;
  description: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface LeaderboardRow {
  rank: number;
  userId: number;
  username: string;
  firstName: string;
  lastName: string;
  total: number;
  level: number;
}

const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,64}$/;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The username and phone unique constraints, told apart by name. */
function conflictFrom(err: unknown): ConflictError | null {
  if (!(err instanceof UniqueConstraintViolationException)) return null;
  const text = err.message;
  if (text.includes('app_user_phone_unique')) {
    return new ConflictError('phone_taken', DOMAIN_ERROR_TEXTS['access.phone_in_use']);
  }
  return new ConflictError('username_taken', 'A user with this username already exists.');
}

export class UserService {
  constructor(private readonly deps: { orm: Orm; redis: RedisClient; logger: Logger }) {}

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  private async view(em: EntityManager, user: User): Promise<UserView> {
    const profile = await em.findOne(TelegramProfile, { user: user.id }, { orderBy: { id: 'desc' } });
    return toView(user, profile?.telegramId ?? null);
  }

  async list(filter: UserFilter): Promise<{ total: number; items: UserView[] }> {
    const em = this.em();
    const where: FilterQuery<User> = {};
    if (filter.isActive !== undefined) where.isActive = filter.isActive;
    if (filter.role) where.roles = { role: filter.role };
    if (filter.q?.trim()) {
      const like = `%${escapeLike(filter.q.trim())}%`;
      where.$or = [{ username: { $ilike: like } }, { firstName: { $ilike: like } }, { lastName: { $ilike: like } }];
    }
    const [rows, total] = await em.findAndCount(User, where, {
      populate: ['roles'],
      orderBy: { id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    const profiles = rows.length
      ? await em.find(TelegramProfile, { user: { $in: rows.map((u) => u.id) } }, { orderBy: { id: 'asc' } })
      : [];
    const telegramIds = new Map(profiles.map((p) => [p.user!.id, p.telegramId]));
    return {
      total,
      items: rows.map((user) => toView(user, telegramIds.get(user.id) ?? null)),
    };
  }

  async get(userId: number): Promise<UserView> {
    const em = this.em();
    const user = await em.findOne(User, { id: userId }, { populate: ['roles'] });
    if (!user) throw new NotFoundError('User', userId);
    return this.view(em, user);
  }

  async create(actor: Actor, request: CreateUserRequest): Promise<UserView> {
    requireCapability(actor, canManageUsers, 'role.forbidden');
    if (!canGrantRoles(actor.roles, request.roles)) throw new DomainError('role.forbidden');
    const username = request.username.trim();
    const fields: Record<string, string> = {};
    if (!USERNAME_PATTERN.test(username)) {
      fields.username = 'username must be 3-64 characters of letters, digits, _ . -';
    } else if (isReservedUsername(username)) {
      fields.username = `"${SYSTEM_USERNAME}" is reserved.`;
    }
    const phone = this.phoneOf(request.phone, fields);
    if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);

    const em = this.em();
    try {
      const user = em.create(User, {
        username,
        firstName: request.firstName?.trim() ?? '',
        lastName: request.lastName?.trim() ?? '',
        phone,
        isActive: request.isActive ?? true,
      });
      for (const role of new Set(request.roles)) user.roles.add(em.create(UserRole, { user, role }));
      await em.flush();
      return await this.view(em, user);
    } catch (err) {
      throw conflictFrom(err) ?? err;
    }
  }

  async update(actor: Actor, userId: number, request: UpdateUserRequest): Promise<UserView> {
    requireCapability(actor, canManageUsers, 'role.forbidden');
    const fields: Record<string, string> = {};
    const phone = request.phone === undefined ? undefined : this.phoneOf(request.phone, fields);
    if (Object.keys(fields).length > 0) throw new InvalidInputError(fields);

    const em = this.em();
    let view: UserView;
    try {
      view = await em.transactional(async (tx) => {
        const user = await tx.findOne(User, { id: userId }, { populate: ['roles'] });
        if (!user) throw new NotFoundError('User', userId);
        if (isSystemUser(user)) {
          throw new ConflictError('system_user', 'The system user cannot be changed.');
        }
        const held = user.roles.getItems().map((r) => r.role);
        if (!canChangeUser(actor.roles, held)) throw new DomainError('role.forbidden');
        if (request.roles) {
          if (!canGrantRoles(actor.roles, request.roles)) throw new DomainError('role.forbidden');
          const wanted = new Set(request.roles);
          for (const row of user.roles.getItems()) if (!wanted.has(row.role)) user.roles.remove(row);
          for (const role of wanted) if (!held.includes(role)) user.roles.add(tx.create(UserRole, { user, role }));
        }
        if (request.firstName !== undefined) user.firstName = request.firstName.trim();
        if (request.lastName !== undefined) user.lastName = request.lastName.trim();
        if (phone !== undefined) user.phone = phone;
        if (request.isActive !== undefined) user.isActive = request.isActive;
        await tx.flush();
        return this.view(tx, user);
      });
    } catch (err) {
      throw conflictFrom(err) ?? err;
    }
    // Roles, the active flag and names are what the bot's cached identity says: its next update reads them anew.
    await forgetUserIdentities(this.deps, em, [userId]);
    return view;
  }

  private phoneOf(raw: string | null | undefined, fields: Record<string, string>): string | null {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const phone = normalizePhone(raw);
    if (phone === null) fields.phone = DOMAIN_ERROR_TEXTS['access.phone_invalid'];
    return phone;
  }

  // ------------------------------------------------------------------------------------------
  // XP (reads): canSeeXpOf (a user sees their own; staff see everyone's).

  private async requireUser(em: EntityManager, actor: Actor, userId: number): Promise<void> {
    if (!canSeeXpOf(actor, userId)) throw new DomainError('role.forbidden');
    if (!(await em.count(User, { id: userId }))) throw new NotFoundError('User', userId);
  }

  async xp(actor: Actor, userId: number): Promise<XpView> {
    const em = this.em();
    await this.requireUser(em, actor, userId);
    const summary = await xpSummary(em, userId);
    return { userId, total: summary.total, progress: summary.progress };
  }

  async xpHistory(
    actor: Actor,
    userId: number,
    limit: number,
    offset: number,
  ): Promise<{ total: number; items: XpHistoryRow[] }> {
    const em = this.em();
    await this.requireUser(em, actor, userId);
    const page = await xpHistory(em, userId, limit, offset);
    return { total: page.total, items: page.rows };
  }

  /** Active users by XP total (optionally only XP earned since a moment), highest first. */
  async leaderboard(options: { limit: number; since?: Date }): Promise<LeaderboardRow[]> {
    const em = this.em();
    const params: unknown[] = [];
    let sinceClause = '';
    if (options.since) {
      sinceClause = 'and x.created_at >= ?';
      params.push(options.since);
    }
    params.push(options.limit);
    const rows = await sql<{ user_id: number; username: string; first_name: string; last_name: string; total: string }>(
      em,
      `select u.id as user_id, u.username, u.first_name, u.last_name, sum(x.amount) as total
         from xp_transaction x join app_user u on u.id = x.user_id
        where u.is_active ${sinceClause}
        group by u.id
        order by sum(x.amount) desc, u.id asc
        limit ?`,
      params,
    );
    // Levels come from all-time XP, whatever the window.
    const totals = options.since
      ? await this.allTimeTotals(
          em,
          rows.map((r) => r.user_id),
        )
      : new Map(rows.map((r) => [r.user_id, Number(r.total)]));
    const thresholds = resolveLevelThresholds((await activeRules(em)).config);
    return rows.map((row, index) => ({
      rank: index + 1,
      userId: row.user_id,
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      total: Number(row.total),
      level: levelProgress(totals.get(row.user_id) ?? 0, thresholds).level,
    }));
  }

  private async allTimeTotals(em: EntityManager, userIds: number[]): Promise<Map<number, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await sql<{ user_id: number; total: string }>(
      em,
      `select user_id, sum(amount) as total from xp_transaction where user_id in (${userIds.map(() => '?').join(', ')}) group by user_id`,
      userIds,
    );
    return new Map(rows.map((r) => [r.user_id, Number(r.total)]));
  }
}

function toView(user: User, telegramId: number | null): UserView {
  return {
    id: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    phone: user.phone ?? null,
    level: user.level,
    isActive: user.isActive,
    roles: user.roles
      .getItems()
      .map((r) => r.role)
      .sort(),
    telegramId,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
