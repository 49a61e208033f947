// REST API bearer tokens. API_TOKEN is the system's own token: it acts as the `system` user, a
// super admin with no Telegram profile, so Telegram never sees it (no sign-in, no messages). It is
// an active user because the workflows re-check a moderator against the database (an inactive actor
// may not decide an access request). Per-user tokens are random, shown once, and only their sha256
// is stored; revoked tokens, expired tokens and tokens of inactive users fail.
//
// Lifecycle: a token expires at its expires_at (given at issue time, or the configured default
// lifetime, API_TOKEN_TTL_DAYS; none by default); rotation issues a new token with the same name and
// revokes the old one in one transaction; last_used_at is written at most once a minute per token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, canManageTokensOf, DomainError, type RoleSlug, SYSTEM_USERNAME } from '../domain';
import { ApiToken, User, UserRole } from '../db/entities';
import type { Orm } from '../db/orm';
import { NotFoundError } from './errors';
import { ConflictError, InvalidInputError } from './input-errors';

/** Who is behind a request's bearer token. */
export interface ApiPrincipal {
  kind: 'system' | 'user';
  userId: number;
  username: string;
  roles: RoleSlug[];
  /** The per-user token used; null for the system token. */
  tokenId: number | null;
}

export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface IssuedApiToken {
  token: ApiTokenView;
  /** The bearer token itself; it is not stored and cannot be shown again. */
  plaintext: string;
}

const TOKEN_PREFIX = 'tft_';
/** last_used_at is written at most this often per token (a write per request would be wasteful). */
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** The shortest lifetime an expires_at may ask for. */
export const MIN_TOKEN_LIFETIME_MS = 5 * 60_000;
/** The longest lifetime an expires_at may ask for when no default lifetime is configured. */
export const MAX_TOKEN_LIFETIME_DAYS = 3650;

/** A per-user token past its expires_at (API 401 with the moment it expired). */
export class ApiTokenExpiredError extends Error {
  override readonly name = 'ApiTokenExpiredError';
  constructor(readonly expiredAt: Date) {
    super(`The API token expired at ${expiredAt.toISOString()}; rotate it or issue a new one.`);
  }
}

/** When a new token expires: the requested moment (bounded) or the default lifetime. */
export interface TokenExpiry {
  /** Omitted: the configured default lifetime (API_TOKEN_TTL_DAYS; none when 0). */
  expiresAt?: Date;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function toView(row: ApiToken): ApiTokenView {
  return {
    id: row.id,
    userId: row.user.id,
    name: row.name,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt ?? null,
    lastUsedAt: row.lastUsedAt ?? null,
    revokedAt: row.revokedAt ?? null,
  };
}

export interface ApiTokenServiceDeps {
  orm: Orm;
  /** The system token (config API_TOKEN); none means only per-user tokens work. */
  apiToken?: string;
  /** Default lifetime of per-user tokens in days (config API_TOKEN_TTL_DAYS); 0 or none: never expire. */
  tokenTtlDays?: number;
  /** The clock (tests). */
  now?: () => Date;
}

export class ApiTokenService {
  private readonly systemTokenHash: string | null;
  private systemUser: Promise<{ id: number }> | null = null;

  constructor(private readonly deps: ApiTokenServiceDeps) {
    this.systemTokenHash = deps.apiToken ? hashApiToken(deps.apiToken) : null;
  }

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * The principal of a bearer token, or null when it is unknown, revoked or its user inactive;
   * ApiTokenExpiredError when it expired (the caller holds a real token, so it may know why).
   */
  async authenticate(token: string): Promise<ApiPrincipal | null> {
    if (token === '') return null;
    const hash = hashApiToken(token);
    if (this.systemTokenHash && sameHash(hash, this.systemTokenHash)) {
      const system = await this.ensureSystemUser();
      return { kind: 'system', userId: system.id, username: SYSTEM_USERNAME, roles: ['super_admin'], tokenId: null };
    }
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const em = this.em();
    const row = await em.findOne(ApiToken, { tokenHash: hash, revokedAt: null }, { populate: ['user', 'user.roles'] });
    if (!row || !row.user.isActive || !sameHash(row.tokenHash, hash)) return null;
    const now = this.now();
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw new ApiTokenExpiredError(row.expiresAt);
    // At most one write a minute per token: none at all while the row read above is recent enough,
    // and the condition keeps concurrent requests from writing it twice.
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
      await em.nativeUpdate(
        ApiToken,
        { id: row.id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: staleBefore } }] },
        { lastUsedAt: now },
      );
    }
    return {
      kind: 'user',
      userId: row.user.id,
      username: row.user.username,
      roles: row.user.roles
        .getItems()
        .map((r) => r.role)
        .sort(),
      tokenId: row.id,
    };
  }

  /**
   * The `system` user the system token acts as: a super admin without a Telegram profile (no
   * notifications, no sign-in). Created, or re-activated, on first use.
   */
  ensureSystemUser(): Promise<{ id: number }> {
    if (!this.systemUser) {
      this.systemUser = this.upsertSystemUser().catch((err: unknown) => {
        this.systemUser = null;
        throw err;
      });
    }
    return this.systemUser;
  }

  private async upsertSystemUser(): Promise<{ id: number }> {
    const em = this.em();
    await em.upsert(
      User,
      { username: SYSTEM_USERNAME, firstName: 'System', lastName: '', isActive: true },
      { onConflictFields: ['username'], onConflictAction: 'merge', onConflictMergeFields: ['isActive'] },
    );
    const user = await em.findOneOrFail(User, { username: SYSTEM_USERNAME });
    await em.upsert(
      UserRole,
      { user: user.id, role: 'super_admin' },
      { onConflictFields: ['user', 'role'], onConflictAction: 'ignore' },
    );
    return { id: user.id };
  }

  /**
   * When a token issued now expires: the requested moment, which must lie at least five minutes
   * ahead and within the default lifetime (ten years when there is none), or the default lifetime.
   */
  private expiryOf(expiry: TokenExpiry): Date | null {
    const now = this.now().getTime();
    const ttlDays = this.deps.tokenTtlDays ?? 0;
    if (!expiry.expiresAt) return ttlDays > 0 ? new Date(now + ttlDays * DAY_MS) : null;
    const at = expiry.expiresAt.getTime();
    const maxDays = ttlDays > 0 ? ttlDays : MAX_TOKEN_LIFETIME_DAYS;
    if (Number.isNaN(at) || at < now + MIN_TOKEN_LIFETIME_MS) {
      throw new InvalidInputError({ expires_at: 'Must be at least 5 minutes in the future.' });
    }
    if (at > now + maxDays * DAY_MS) {
      throw new InvalidInputError({ expires_at: `Must be at most ${maxDays} days in the future.` });
    }
    return new Date(at);
  }

  /** A new token for a user: a super admin may issue one for anyone, others only for themselves. */
  async issue(actor: Actor, userId: number, name: string, expiry: TokenExpiry = {}): Promise<IssuedApiToken> {
    requireTokenRights(actor, userId);
    const expiresAt = this.expiryOf(expiry);
    const em = this.em();
    const user = await em.findOne(User, { id: userId });
    if (!user) throw new NotFoundError('User', userId);
    const plaintext = generateToken();
    const row = em.create(ApiToken, { user, name: name.trim(), tokenHash: hashApiToken(plaintext), expiresAt });
    await em.flush();
    return { token: toView(row), plaintext };
  }

  /**
   * Replaces a token of the user: a new one with the same name (expiring as `expiry` says) is
   * issued and the old one revoked, atomically (the old row is locked; a second rotation of the
   * same token finds it revoked). A revoked token cannot be rotated; an expired one can.
   */
  async rotate(actor: Actor, userId: number, tokenId: number, expiry: TokenExpiry = {}): Promise<IssuedApiToken> {
    requireTokenRights(actor, userId);
    const expiresAt = this.expiryOf(expiry);
    const plaintext = generateToken();
    const row = await this.em().transactional(async (tx) => {
      const old = await tx.findOne(ApiToken, { id: tokenId, user: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!old) throw new NotFoundError('API token', tokenId);
      if (old.revokedAt) {
        throw new ConflictError('token_revoked', 'The API token is revoked and cannot be rotated; issue a new one.');
      }
      old.revokedAt = this.now();
      const created = tx.create(ApiToken, {
        user: old.user,
        name: old.name,
        tokenHash: hashApiToken(plaintext),
        expiresAt,
      });
      await tx.flush();
      return created;
    });
    return { token: toView(row), plaintext };
  }

  async list(actor: Actor, userId: number): Promise<ApiTokenView[]> {
    requireTokenRights(actor, userId);
    const em = this.em();
    if (!(await em.count(User, { id: userId }))) throw new NotFoundError('User', userId);
    const rows = await em.find(ApiToken, { user: userId }, { orderBy: { id: 'asc' } });
    return rows.map(toView);
  }

  /** Revokes a token (idempotent: revoking a revoked token keeps its first revocation time). */
  async revoke(actor: Actor, tokenId: number): Promise<ApiTokenView> {
    const em = this.em();
    const row = await em.findOne(ApiToken, { id: tokenId });
    if (!row) throw new NotFoundError('API token', tokenId);
    requireTokenRights(actor, row.user.id);
    if (!row.revokedAt) {
      row.revokedAt = this.now();
      await em.flush();
    }
    return toView(row);
  }
}

function requireTokenRights(actor: Actor, userId: number): void {
  if (!canManageTokensOf(actor, userId)) throw new DomainError('role.forbidden');
}
