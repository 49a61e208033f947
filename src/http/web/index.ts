// The web surfaces of the app: sign-in for the console and the Mini App, and their built pages.
import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../../deps';
import { webSessionsOf } from '../../services/web-sessions';
import { webAuthRoutes } from './auth-routes';
import { webStaticRoutes } from './static';
import { statusRoutes } from './status';

export const webRoutes: FastifyPluginAsync<{ deps: CoreDeps; dist?: string }> = async (app, { deps, dist }) => {
  await app.register(webAuthRoutes, {
    sessions: webSessionsOf(deps),
    redis: deps.redis,
    // In the sandbox, the sandbox's own token (startSystem sets it before the server is built).
    botToken: deps.config.telegram.botToken,
    initDataMaxAgeSeconds: deps.config.web.initDataMaxAgeSeconds,
    temporalWorkflowsUrl: deps.config.web.temporalUiUrl
      ? `${deps.config.web.temporalUiUrl}/namespaces/${encodeURIComponent(deps.config.temporal.namespace)}/workflows`
      : undefined,
  });
  await app.register(webStaticRoutes, { dist });
  if (deps.config.web.statusPage) await app.register(statusRoutes, { orm: deps.orm });
};
