import { closeCore, onShutdownSignal, startCore } from './bootstrap';
import { loadConfigOrExit } from './config';
import { startTelegram } from './bot/runtime';
import { buildHttpServer } from './http/server';
import { createServices } from './services';
import { createLogger } from './logger';
import { botApiMetrics, enableMetrics, scrape } from './observability/metrics';
import { botApiTracing, enableTracing, temporalClientInterceptors } from './observability/tracing';
import { startAdminNotifications } from './notify/telegram-notifier';
import { exitOnStartupError, prepareTemporalNamespace } from './temporal/namespace';

async function main(): Promise<void> {
  const config = loadConfigOrExit('app');
  const logger = createLogger(config.logLevel, 'ticketflow-app');
  // Before startCore: the Temporal client gets tracing's interceptor.
  const tracing = config.tracing.enabled
    ? enableTracing('ticketflow-app', { otlpEndpoint: config.tracing.otlpEndpoint })
    : null;
  const deps = await startCore(config, logger, { temporalInterceptors: temporalClientInterceptors() });
  // Refuse to serve while ticket workflows could not record their search attributes.
  await prepareTemporalNamespace(deps.temporal.connection, config.temporal, logger);
  // One set of services for the bot and the REST API.
  const services = createServices(deps);
  const telegram = await startTelegram(deps, { services });
  const app = await buildHttpServer(deps, telegram, services);
  if (tracing) telegram?.bot.api.config.use(botApiTracing);
  if (config.metrics.enabled) {
    enableMetrics('app');
    telegram?.bot.api.config.use(botApiMetrics);
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      const { contentType, body } = await scrape();
      return reply.type(contentType).send(body);
    });
  }
  await app.listen({ host: config.http.host, port: config.http.port });
  const adminNotifications = await startAdminNotifications(deps);
  onShutdownSignal(logger, async () => {
    await adminNotifications?.stop();
    await app.close();
    await telegram?.stop();
    await closeCore(deps);
    await tracing?.shutdown();
  });
}

main().catch(exitOnStartupError);
