import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CoreDeps } from '../deps';
import { healthRoutes } from './health';

/** The HTTP app: health now; webhook, REST API and sandbox register here as they arrive. */
export async function buildHttpServer(deps: CoreDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
  });
  await app.register(healthRoutes, { deps });
  return app;
}
