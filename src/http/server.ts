import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { CoreDeps } from '../deps';
import { apiRoutes } from './api';
import { createServices, type Services } from '../services';
import { registerApiDocs } from './api/docs';
import { healthRoutes } from './health';
import { readinessChecks } from '../services/readiness';
import { webRoutes } from './web';
import { type UpdateIntake, webhookRoutes } from './webhook';

/**
 * fastify's per-request lines ("incoming request", "request completed") at debug instead of info:
 * at the default level the log shows what the system does, not every health check and poll.
 * Failed requests are still logged at error. (The URL is logged with the webhook secret masked,
 * by the logger's request serializer.)
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error || this.isLogDisabled(request)) return super.requestCompleted(error, request, reply);
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** The HTTP app: health, the REST API with its OpenAPI docs, the Telegram webhook (when the bot runs in webhook mode). */
export async function buildHttpServer(
  deps: CoreDeps,
  telegram: { webhookSecret?: string; intake: UpdateIntake } | null = null,
  services: Services = createServices(deps),
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new RequestLogController(),
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy, request.ip (rate limits, the request log) is the client's address from
    // X-Forwarded-For, believed only from the proxies TRUST_PROXY names.
    trustProxy: deps.config.trustProxy,
    // Report every schema violation of a request, not just the first (the API's field messages).
    ajv: { customOptions: { allErrors: true } },
  });
  await registerApiDocs(app); // first: the OpenAPI document sees every route registered after it
  await app.register(healthRoutes, { checks: readinessChecks(deps) });
  await app.register(apiRoutes, { prefix: '/api', deps, services });
  await app.register(webRoutes, { deps });
  if (telegram?.webhookSecret) {
    await app.register(webhookRoutes, { intake: telegram.intake, secret: telegram.webhookSecret, redis: deps.redis });
  }
  return app;
}
