// POST /webhook/<secret>: Telegram's updates. The secret is checked in the path and the header
// (401 otherwise), update_id is deduplicated in Redis (24 h), then grammY handles the update.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { BotContext } from '../bot/context';
import { errorForLog } from '../bot/errors';
import type { RedisClient } from '../redis';

const DEDUPE_TTL_SECONDS = 24 * 60 * 60;

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface WebhookOptions {
  bot: Bot<BotContext>;
  secret: string;
  redis: RedisClient;
}

export const webhookRoutes: FastifyPluginAsync<WebhookOptions> = async (app, { bot, secret, redis }) => {
  app.post<{ Params: { secret: string }; Body: Update }>(
    '/webhook/:secret',
    {
      schema: {
        params: { type: 'object', properties: { secret: { type: 'string' } }, required: ['secret'] },
        body: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'integer', minimum: 0 } } },
      },
    },
    async (request, reply) => {
      if (
        !sameSecret(request.params.secret, secret) ||
        !sameSecret(request.headers['x-telegram-bot-api-secret-token'], secret)
      ) {
        return reply.code(401).send({ ok: false, error: 'unauthorized' });
      }
      const update = request.body;
      const key = `upd:${update.update_id}`;
      const claimed = await redis.set(key, '1', 'EX', DEDUPE_TTL_SECONDS, 'NX');
      if (claimed !== 'OK') return reply.send({ ok: true, duplicate: true });
      try {
        await bot.handleUpdate(update);
      } catch (err) {
        // Only infrastructure outages get here (the bot's error boundary answers everything else):
        // release the update so Telegram's redelivery is processed.
        await redis.del(key).catch(() => undefined);
        // The error itself, never grammY's BotError around it: that holds the context, and with it
        // the bot token and the whole config.
        request.log.warn(
          {
            err: errorForLog(err, { telegram: { botToken: bot.token, webhookSecret: secret } }),
            update_id: update.update_id,
          },
          'update not processed; asking Telegram to redeliver',
        );
        return reply.code(503).send({ ok: false, error: 'temporarily unavailable' });
      }
      return reply.send({ ok: true });
    },
  );
};
