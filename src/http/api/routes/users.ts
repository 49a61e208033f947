// /api/me, /api/users (users and roles), their API tokens, and XP (per user and the leaderboard).
import { canSeeUser, DomainError, isStaff } from '../../../domain';
import type { ApiTokenView, IssuedApiToken } from '../../../services/api-tokens';
import type { LeaderboardRow, UserView, XpHistoryRow, XpView } from '../../../services/users';
import { actorOf, principalOf, requireSomeRole } from '../auth';
import type { RouteModule } from '../context';
import {
  apiSchema,
  apiToken,
  dateTime,
  id,
  idParams,
  issuedApiToken,
  leaderboardRow,
  object,
  page,
  pageParams,
  pageQuery,
  principal,
  roleSlug,
  text,
  user,
  xpEntry,
  xpSummary,
} from '../schemas';

const roles = { type: 'array', items: roleSlug, uniqueItems: true, maxItems: 5 } as const;
const name = text({ maxLength: 100 });
const phone = {
  ...text({ maxLength: 32 }),
  nullable: true,
  description: 'International format, e.g. +998901234567',
} as const;

function userOut(u: UserView) {
  return {
    id: u.id,
    username: u.username,
    first_name: u.firstName,
    last_name: u.lastName,
    phone: u.phone,
    level: u.level,
    is_active: u.isActive,
    roles: u.roles,
    telegram_id: u.telegramId,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

function tokenOut(t: ApiTokenView) {
  return {
    id: t.id,
    user_id: t.userId,
    name: t.name,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    last_used_at: t.lastUsedAt,
    revoked_at: t.revokedAt,
  };
}

function issuedOut(issued: IssuedApiToken) {
  return { ...tokenOut(issued.token), token: issued.plaintext };
}

function xpOut(xp: XpView) {
  return {
    user_id: xp.userId,
    total: xp.total,
    level: xp.progress.level,
    level_threshold: xp.progress.levelThreshold,
    next_level: xp.progress.nextLevel,
    next_threshold: xp.progress.nextThreshold,
    xp_to_next_level: xp.progress.xpToNextLevel,
  };
}

function xpEntryOut(row: XpHistoryRow) {
  return {
    id: row.id,
    amount: row.amount,
    entry_type: row.entryType,
    description: row.description,
    payload: row.payload,
    created_at: row.createdAt,
  };
}

function leaderboardOut(row: LeaderboardRow) {
  return {
    rank: row.rank,
    user_id: row.userId,
    username: row.username,
    first_name: row.firstName,
    last_name: row.lastName,
    total: row.total,
    level: row.level,
  };
}

const expiresAt = {
  ...dateTime,
  description:
    'When the token stops working: at least 5 minutes ahead, at most the default lifetime (API_TOKEN_TTL_DAYS; ' +
    '10 years without one). Omitted: the default lifetime, or never without one.',
} as const;

/** The expiry a token request asks for. */
const expiryOf = (body: { expires_at?: string } | undefined) =>
  body?.expires_at ? { expiresAt: new Date(body.expires_at) } : {};

export const userRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/me',
    {
      schema: apiSchema({
        tags: ['users'],
        summary: 'The token’s principal and user',
        response: { 200: object({ principal, user }) },
      }),
    },
    async (request) => {
      const p = principalOf(request);
      return {
        principal: { kind: p.kind, user_id: p.userId, username: p.username, roles: p.roles, token_id: p.tokenId },
        user: userOut(await ctx.users.get(p.userId)),
      };
    },
  );

  app.get(
    '/users',
    {
      schema: apiSchema(
        {
          tags: ['users'],
          summary: 'List users (staff)',
          querystring: object(
            {
              role: roleSlug,
              is_active: { type: 'boolean' },
              q: text({ minLength: 1, maxLength: 100 }, { description: 'Username or name contains' }),
              ...pageQuery,
            },
            [],
          ),
          response: { 200: page(user) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      if (!isStaff(actorOf(request).roles)) throw new DomainError('role.forbidden');
      const q = request.query;
      const result = await ctx.users.list({
        role: q.role,
        isActive: q.is_active,
        q: q.q,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: result.total, limit: q.limit, offset: q.offset, items: result.items.map(userOut) };
    },
  );

  app.get(
    '/users/:id',
    {
      schema: apiSchema(
        {
          tags: ['users'],
          summary: 'A user (staff, or the user themselves)',
          params: idParams,
          response: { 200: user },
        },
        [400, 403, 404],
      ),
    },
    async (request) => {
      const actor = actorOf(request);
      if (!canSeeUser(actor, request.params.id)) throw new DomainError('role.forbidden');
      return userOut(await ctx.users.get(request.params.id));
    },
  );

  app.post(
    '/users',
    {
      schema: apiSchema(
        {
          tags: ['users'],
          summary: 'Create a user with roles (ops manager, super admin)',
          description: 'Only a super admin may grant super_admin. The username `system` is reserved.',
          body: object(
            {
              username: text({ minLength: 3, maxLength: 64 }),
              first_name: name,
              last_name: name,
              phone,
              roles,
              is_active: { type: 'boolean', default: true },
            },
            ['username', 'roles'],
          ),
          response: { 201: user },
        },
        [400, 403, 409],
      ),
    },
    async (request, reply) => {
      const b = request.body;
      const created = await ctx.users.create(actorOf(request), {
        username: b.username,
        firstName: b.first_name,
        lastName: b.last_name,
        phone: b.phone,
        roles: b.roles,
        isActive: b.is_active,
      });
      return reply.code(201).send(userOut(created));
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: apiSchema(
        {
          tags: ['users'],
          summary: 'Update a user’s roles, active flag or details (ops manager, super admin)',
          description: '`roles` replaces the whole set. Changing a super admin needs a super admin.',
          params: idParams,
          body: object({ first_name: name, last_name: name, phone, roles, is_active: { type: 'boolean' } }, []),
          response: { 200: user },
        },
        [400, 403, 404, 409],
      ),
    },
    async (request) => {
      const b = request.body;
      const updated = await ctx.users.update(actorOf(request), request.params.id, {
        firstName: b.first_name,
        lastName: b.last_name,
        phone: b.phone,
        roles: b.roles,
        isActive: b.is_active,
      });
      return userOut(updated);
    },
  );

  // ---------------------------------------------------------------- tokens

  app.get(
    '/users/:id/tokens',
    {
      schema: apiSchema(
        {
          tags: ['tokens'],
          summary: 'A user’s API tokens (super admin, or the user themselves)',
          params: idParams,
          response: { 200: object({ items: { type: 'array', items: apiToken } }) },
        },
        [400, 403, 404],
      ),
    },
    async (request) => ({
      items: (await ctx.tokens.list(actorOf(request), request.params.id)).map(tokenOut),
    }),
  );

  app.post(
    '/users/:id/tokens',
    {
      schema: apiSchema(
        {
          tags: ['tokens'],
          summary: 'Issue an API token for a user (super admin, or the user themselves)',
          description: 'The token acts with the user’s roles. It is returned once; only its hash is stored.',
          params: idParams,
          body: object({ name: text({ minLength: 1, maxLength: 100, notBlank: true }), expires_at: expiresAt }, [
            'name',
          ]),
          response: { 201: issuedApiToken },
        },
        [400, 403, 404],
      ),
    },
    async (request, reply) => {
      const { name, ...expiry } = request.body;
      const issued = await ctx.tokens.issue(actorOf(request), request.params.id, name, expiryOf(expiry));
      return reply.code(201).send(issuedOut(issued));
    },
  );

  app.post(
    '/users/:id/tokens/:tokenId/rotate',
    {
      schema: apiSchema(
        {
          tags: ['tokens'],
          summary: 'Rotate an API token: a new token with the same name, and the old one revoked, at once',
          description:
            'Super admin, or the user themselves. The new token is returned once. A revoked token cannot be ' +
            'rotated (409); an expired one can.',
          params: object({ id, tokenId: id }),
          body: object({ expires_at: expiresAt }, []),
          response: { 201: issuedApiToken },
        },
        [400, 403, 404, 409],
      ),
    },
    async (request, reply) => {
      const { id: userId, tokenId } = request.params;
      const issued = await ctx.tokens.rotate(actorOf(request), userId, tokenId, expiryOf(request.body));
      return reply.code(201).send(issuedOut(issued));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: apiSchema(
        {
          tags: ['tokens'],
          summary: 'Revoke an API token (super admin, or its owner)',
          params: idParams,
          response: { 200: apiToken },
        },
        [400, 403, 404],
      ),
    },
    async (request) => tokenOut(await ctx.tokens.revoke(actorOf(request), request.params.id)),
  );

  // ---------------------------------------------------------------- XP

  app.get(
    '/users/:id/xp',
    {
      schema: apiSchema(
        {
          tags: ['xp'],
          summary: 'A user’s XP total, level and progress to the next level (staff, or the user themselves)',
          params: idParams,
          response: { 200: xpSummary },
        },
        [400, 403, 404],
      ),
    },
    async (request) => xpOut(await ctx.users.xp(actorOf(request), request.params.id)),
  );

  app.get(
    '/users/:id/xp/history',
    {
      schema: apiSchema(
        {
          tags: ['xp'],
          summary: 'A user’s XP entries, newest first (staff, or the user themselves)',
          params: idParams,
          querystring: object({ ...pageQuery }, []),
          response: { 200: page(xpEntry) },
        },
        [400, 403, 404],
      ),
    },
    async (request) => {
      const { limit, offset } = request.query;
      const result = await ctx.users.xpHistory(actorOf(request), request.params.id, limit, offset);
      return { total: result.total, limit, offset, items: result.items.map(xpEntryOut) };
    },
  );

  app.get(
    '/xp/leaderboard',
    {
      schema: apiSchema(
        {
          tags: ['xp'],
          summary: 'Active users by XP, highest first',
          querystring: object(
            {
              limit: pageParams(10).limit,
              since: { ...dateTime, description: 'Count only XP earned since this moment (levels stay all-time)' },
            },
            [],
          ),
          response: { 200: object({ items: { type: 'array', items: leaderboardRow } }) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      const { limit, since } = request.query;
      const rows = await ctx.users.leaderboard({ limit, since: since ? new Date(since) : undefined });
      return { items: rows.map(leaderboardOut) };
    },
  );
};
