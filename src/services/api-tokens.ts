// REST API bearer tokens. API_TOKEN is the system's own token: it acts as the `system` user, a
// super admin with no Telegram profile, so Telegram never sees it (no sign-in, no messages). It is
// an active user because the workflows re-check a moderator against the database (an inactive actor
// may not decide an access request). Per-user tokens are random, shown once, and only their sha256
// is stored; revoked tokens and tokens of inactive users fail.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, canManageTokensOf, DomainError, type RoleSlug, SYSTEM_USERNAME } from '../domain';
import { ApiToken, User, UserRole } from '../db/entities';
import type { Orm } from '../db/orm';
import { NotFoundError } from './errors';

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
    lastUsedAt: row.lastUsedAt ?? null,
    revokedAt: row.revokedAt ?? null,
  };
}

export interface ApiTokenServiceDeps {
  orm: Orm;
  /** The system token (config API_TOKEN); none means only per-user tokens work. */
  apiToken?: string;
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

  /** The principal of a bearer token, or null when it is unknown, revoked or its user inactive. */
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
    const now = new Date();
    await em.nativeUpdate(
      ApiToken,
      {
        id: row.id,
        $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      { lastUsedAt: now },
    );
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

  /** A new token for a user: a super admin may issue one for anyone, others only for themselves. */
  async issue(actor: Actor, userId: number, name: string): Promise<IssuedApiToken> {
    requireTokenRights(actor, userId);
    const em = this.em();
    const user = await em.findOne(User, { id: userId });
    if (!user) throw new NotFoundError('User', userId);
    const plaintext = generateToken();
    const row = em.create(ApiToken, { user, name: name.trim(), tokenHash: hashApiToken(plaintext) });
    await em.flush();
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
      row.revokedAt = new Date();
      await em.flush();
    }
    return toView(row);
  }
}

function requireTokenRights(actor: Actor, userId: number): void {
  if (!canManageTokensOf(actor, userId)) throw new DomainError('role.forbidden');
}
