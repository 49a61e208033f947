// POST /auth/console (a one-time sign-in code → a console session) and POST /auth/miniapp
// (Telegram initData → a Mini App session). Outside /api: these are how a front-end gets its API
// token. Every refusal is the same 401, so a caller learns nothing about why a code or an initData
// failed (the reason is logged); a per-address rate limit keeps guessing slow.
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyReply } from 'fastify';
import type { CoreDeps } from '../../deps';
import { acceptInitData, DEFAULT_FUTURE_SKEW_SECONDS } from './init-data';
import { SIGN_IN_CODE_LENGTH, type WebSession, type WebSessions } from '../../services/web-sessions';
import { WEB_AUTH_RATE_LIMIT_NAMESPACE } from '../../redis/keys';

export interface WebAuthOptions {
  sessions: WebSessions;
  redis: CoreDeps['redis'];
  /** The bot token that signs initData; without one, /auth/miniapp refuses everything. */
  botToken?: string;
  initDataMaxAgeSeconds: number;
  /** The Temporal Web UI's workflow list of the namespace, for the console's links. */
  temporalWorkflowsUrl?: string;
  /** Sign-in attempts per client address and minute. */
  perMinute?: number;
  now?: () => Date;
}

const sessionSchema = {
  type: 'object',
  required: ['token', 'expires_at', 'user', 'temporal_workflows_url'],
  properties: {
    token: { type: 'string' },
    temporal_workflows_url: { type: 'string', nullable: true },
    expires_at: { type: 'string', format: 'date-time' },
    user: {
      type: 'object',
      required: ['id', 'username', 'first_name', 'last_name', 'roles'],
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        first_name: { type: 'string' },
        last_name: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

const refusalSchema = {
  type: 'object',
  required: ['error', 'code', 'message'],
  properties: {
    error: { type: 'string' },
    code: {
      type: 'string',
      enum: ['sign_in_link_used', 'launch_not_vouched', 'no_access'],
      description: 'Why, for a page that words it in its own language',
    },
    message: { type: 'string' },
  },
} as const;

type Refusal = 'sign_in_link_used' | 'launch_not_vouched' | 'no_access';

function sessionOut(session: WebSession, temporalWorkflowsUrl: string | undefined) {
  const { user } = session;
  return {
    token: session.token,
    expires_at: session.expiresAt.toISOString(),
    temporal_workflows_url: temporalWorkflowsUrl ?? null,
    user: {
      id: user.id,
      username: user.username,
      first_name: user.firstName,
      last_name: user.lastName,
      roles: user.roles,
    },
  };
}

function refuse(reply: FastifyReply, code: Refusal, message: string) {
  return reply.code(401).send({ error: 'unauthorized', code, message });
}

// The request body types are derived from the body schemas (json-schema-to-ts), as in /api.
export const webAuthRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: WebAuthOptions }> = async (app, options) => {
  await app.register(rateLimit, {
    max: options.perMinute ?? 30,
    timeWindow: 60_000,
    redis: options.redis,
    nameSpace: WEB_AUTH_RATE_LIMIT_NAMESPACE,
    skipOnError: true,
  });

  app.post(
    '/auth/console',
    {
      schema: {
        tags: ['web'],
        summary: 'Exchange a one-time sign-in code (from the bot’s /console link) for a console session token',
        body: {
          type: 'object',
          required: ['code'],
          additionalProperties: false,
          properties: { code: { type: 'string', minLength: 1, maxLength: SIGN_IN_CODE_LENGTH } },
        } as const,
        response: { 200: sessionSchema, 401: refusalSchema },
      },
    },
    async (request, reply) => {
      const session = await options.sessions.redeemSignInCode(request.body.code);
      if (!session) {
        request.log.info('console sign-in refused: unknown, used or expired code');
        return refuse(
          reply,
          'sign_in_link_used',
          'This sign-in link is used or expired. Send /console to the bot for a new one.',
        );
      }
      return sessionOut(session, options.temporalWorkflowsUrl);
    },
  );

  app.post(
    '/auth/miniapp',
    {
      schema: {
        tags: ['web'],
        summary: 'Exchange Telegram Mini App initData for a Mini App session token (single use)',
        body: {
          type: 'object',
          required: ['init_data'],
          additionalProperties: false,
          properties: { init_data: { type: 'string', minLength: 1, maxLength: 4096 } },
        } as const,
        response: { 200: sessionSchema, 401: refusalSchema },
      },
    },
    async (request, reply) => {
      const refused = 'Telegram did not vouch for this launch. Close the app and open it again from the bot.';
      if (!options.botToken) return refuse(reply, 'launch_not_vouched', refused);
      const check = await acceptInitData(
        request.body.init_data,
        {
          botToken: options.botToken,
          maxAgeSeconds: options.initDataMaxAgeSeconds,
          futureSkewSeconds: DEFAULT_FUTURE_SKEW_SECONDS,
          now: options.now,
        },
        options.redis,
      );
      if (!check.ok) {
        request.log.info({ reason: check.reason }, 'mini app sign-in refused');
        return refuse(reply, 'launch_not_vouched', refused);
      }
      const session = await options.sessions.openForTelegramUser(check.telegramId);
      if (!session) {
        request.log.info('mini app sign-in refused: no active linked user');
        return refuse(reply, 'no_access', 'Your Telegram account has no access yet: ask the bot with /request_access.');
      }
      return sessionOut(session, options.temporalWorkflowsUrl);
    },
  );
};
