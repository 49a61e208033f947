import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TelegramRuntime } from '../bot/runtime';
import type { CoreDeps } from '../deps';
import { apiRoutes } from './api';
import { registerApiDocs } from './api/docs';
import { healthRoutes } from './health';
import { webhookRoutes } from './webhook';

/** The HTTP app: health, the REST API with its OpenAPI docs, the Telegram webhook (when the bot runs in webhook mode). */
export async function buildHttpServer(
  deps: CoreDeps,
  telegram: TelegramRuntime | null = null,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // Report every schema violation of a request, not just the first (the API's field messages).
    ajv: { customOptions: { allErrors: true } },
  });
  await registerApiDocs(app); // first: the OpenAPI document sees every route registered after it
  await app.register(healthRoutes, { deps });
  await app.register(apiRoutes, { prefix: '/api', deps });
  if (telegram?.webhookSecret) {
    await app.register(webhookRoutes, { bot: telegram.bot, secret: telegram.webhookSecret, redis: deps.redis });
  }
  return app;
}
