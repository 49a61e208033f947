import { NativeConnection } from '@temporalio/worker';
import { closeCore, onShutdownSignal, startCore } from './bootstrap';
import { loadConfigOrExit } from './config';
import { createLogger } from './logger';
import { enableMetrics, serveMetrics } from './observability/metrics';
import { enableTracing, temporalClientInterceptors } from './observability/tracing';
import { temporalConnectionOptions } from './temporal/client';
import { exitOnStartupError, prepareTemporalNamespace } from './temporal/namespace';
import { installTemporalRuntime } from './temporal/runtime';
import { ensureSchedules } from './schedules';
import { activityDeps, createTemporalWorker, loadWorkflowBundle } from './temporal-worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit('worker');
  const logger = createLogger(config.logLevel, 'ticketflow-worker');
  const { metrics } = config;
  if (metrics.enabled) {
    enableMetrics('worker');
    // Before startCore installs the runtime without them: the first install wins.
    installTemporalRuntime(logger, { metricsBindAddress: `${config.http.host}:${metrics.temporalSdkPort}` });
    await serveMetrics(config.http.host, metrics.workerPort);
    logger.info({ port: metrics.workerPort, temporalSdkPort: metrics.temporalSdkPort }, 'metrics served');
  }
  // Before startCore and the worker: the activities, the workflows' spans and the worker's own
  // Temporal client (schedules, the activities' signals) are traced from the start.
  const tracing = config.tracing.enabled
    ? enableTracing('ticketflow-worker', { otlpEndpoint: config.tracing.otlpEndpoint })
    : null;
  const deps = await startCore(config, logger, { temporalInterceptors: temporalClientInterceptors() });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  // Workflows upsert our search attributes on every transition: without them every task would fail.
  await prepareTemporalNamespace(connection, config.temporal, logger);
  const worker = await createTemporalWorker(activityDeps(deps), {
    connection,
    bundle: await loadWorkflowBundle(logger, { traced: tracing !== null }),
  });
  // The weekly level evaluation's schedule, created or brought up to date (idempotent).
  await ensureSchedules(deps);
  onShutdownSignal(logger, async () => {
    // Resolves run() below once in-flight activities finish (or the grace time ends).
    worker.shutdown();
  });
  await worker.run();
  await connection.close();
  await closeCore(deps);
  await tracing?.shutdown();
  logger.info('worker stopped');
}

main().catch(exitOnStartupError);
