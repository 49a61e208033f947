// Sign-in for the web console and the Mini App. Neither has a password: the console is entered
// through a one-time link the bot sends (/console), the Mini App with Telegram's signed initData.
// Both end in a short-lived per-user API token (the same bearer tokens /api already knows, named
// after the surface so People shows them and a revoke ends the session), so the front-end talks to
// the existing REST API with no second authentication path and no cookie to protect against CSRF.
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RoleSlug } from '../domain';
import { ApiToken, TelegramProfile, User } from '../db/entities';
import type { Orm } from '../db/orm';
import type { RedisClient } from '../redis';
import type { CoreDeps } from '../deps';
import { ApiTokenService } from './api-tokens';
import { webSignInKey } from '../redis/keys';

export type WebSurface = 'console' | 'miniapp';

/** The token names of web sessions, one per surface. */
export const SESSION_TOKEN_NAMES: Record<WebSurface, string> = {
  console: 'web console session',
  miniapp: 'mini app session',
};

export interface WebSessionUser {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  roles: RoleSlug[];
}

export interface WebSession {
  token: string;
  expiresAt: Date;
  user: WebSessionUser;
}

export interface WebSessionOptions {
  orm: Orm;
  redis: RedisClient;
  tokens: ApiTokenService;
  /** How long a session token lives (WEB_SESSION_TTL_MINUTES). */
  sessionTtlMinutes: number;
  /** How long an unused sign-in link lives (WEB_SIGN_IN_TTL_MINUTES). */
  signInTtlMinutes: number;
  now?: () => Date;
}

/** Redis key of a sign-in code: only its hash is stored, so a Redis dump holds no usable link. */
const signInKey = (code: string) => webSignInKey(createHash('sha256').update(code, 'utf8').digest('hex'));

/** A sign-in code is 32 random bytes, base64url: 43 characters. */
export const SIGN_IN_CODE_LENGTH = 43;

export class WebSessions {
  constructor(private readonly options: WebSessionOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** A fresh single-use sign-in code for the user, valid for WEB_SIGN_IN_TTL_MINUTES. */
  async createSignInCode(userId: number): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.options.redis.set(signInKey(code), String(userId), 'EX', this.options.signInTtlMinutes * 60);
    return code;
  }

  /**
   * Redeems a sign-in code (GETDEL: a second use, even a concurrent one, finds nothing) and opens a
   * console session for its user; null when the code is unknown, used, expired, or the user may no
   * longer sign in.
   */
  async redeemSignInCode(code: string): Promise<WebSession | null> {
    if (code.length !== SIGN_IN_CODE_LENGTH) return null;
    const userId = Number(await this.options.redis.getdel(signInKey(code)));
    if (!Number.isSafeInteger(userId) || userId <= 0) return null;
    const user = await this.activeUser(this.options.orm.em.fork() as EntityManager, { id: userId });
    return user ? this.open(user, 'console') : null;
  }

  /** A Mini App session for the active user linked to this Telegram account; null when there is none. */
  async openForTelegramUser(telegramId: number): Promise<WebSession | null> {
    const em = this.options.orm.em.fork() as EntityManager;
    const profile = await em.findOne(TelegramProfile, { telegramId }, { fields: ['user'] });
    const userId = profile?.user?.id;
    if (!userId) return null;
    const user = await this.activeUser(em, { id: userId });
    return user ? this.open(user, 'miniapp') : null;
  }

  /** The user behind a sign-in: active and holding at least one role. */
  private async activeUser(em: EntityManager, where: { id: number }): Promise<WebSessionUser | null> {
    const user = await em.findOne(User, { ...where, isActive: true }, { populate: ['roles'] });
    if (!user) return null;
    const roles = user.roles
      .getItems()
      .map((r) => r.role)
      .sort();
    if (roles.length === 0) return null;
    return { id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName, roles };
  }

  private async open(user: WebSessionUser, surface: WebSurface): Promise<WebSession> {
    const name = SESSION_TOKEN_NAMES[surface];
    const now = this.now();
    // Expired sessions of this surface are of no use to anyone: drop them rather than let every
    // sign-in add a row for good.
    await this.options.orm.em.fork().nativeDelete(ApiToken, { user: user.id, name, expiresAt: { $lte: now } });
    const expiresAt = new Date(now.getTime() + this.options.sessionTtlMinutes * 60_000);
    const issued = await this.options.tokens.issue({ id: user.id, roles: user.roles }, user.id, name, { expiresAt });
    return { token: issued.plaintext, expiresAt: issued.token.expiresAt ?? expiresAt, user };
  }
}

/** The web sessions of a process (the bot's /console and the HTTP sign-in share them). */
export function webSessionsOf(deps: Pick<CoreDeps, 'orm' | 'redis' | 'config'>): WebSessions {
  return new WebSessions({
    orm: deps.orm,
    redis: deps.redis,
    tokens: new ApiTokenService({
      orm: deps.orm,
      apiToken: deps.config.apiToken,
      tokenTtlDays: deps.config.apiTokenTtlDays,
    }),
    sessionTtlMinutes: deps.config.web.sessionTtlMinutes,
    signInTtlMinutes: deps.config.web.signInTtlMinutes,
  });
}
