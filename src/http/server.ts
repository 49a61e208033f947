import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TelegramRuntime } from '../bot/runtime';
import type { CoreDeps } from '../deps';
import { healthRoutes } from './health';
import { webhookRoutes } from './webhook';

/** The HTTP app: health, the Telegram webhook (when the bot runs in webhook mode). */
export async function buildHttpServer(
  deps: CoreDeps,
  telegram: TelegramRuntime | null = null,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
  });
  await app.register(healthRoutes, { deps });
  if (telegram?.webhookSecret) {
    await app.register(webhookRoutes, { bot: telegram.bot, secret: telegram.webhookSecret, redis: deps.redis });
  }
  return app;
}
