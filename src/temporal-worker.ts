import path from 'node:path';
import { existsSync } from 'node:fs';
import { type NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from '../activities';
import { databaseErrorInterceptors } from './db/errors';
import type { ActivityDeps } from '../activities';
import { createI18n } from './i18n';
import type { CoreDeps } from './deps';
import { PinoTemporalLogger, type Logger } from './logger';
import { activityMetricsInterceptor, botApiMetrics } from './observability/metrics';
import { botApiTracing, temporalWorkerTracing, WORKFLOW_TRACING_MODULES } from './observability/tracing';
import { ticketNotifierFor } from './notify/telegram-notifier';
import { ProgressionService } from './services/progression';
import { SupportService } from './services/support';
import { createTelegramApi } from './telegram/api';

/**
 * The files in dist/ that `npm run build` (scripts/build-workflow-bundle.ts) writes the workflow
 * bundles to: the plain one, and the traced one with tracing's workflow interceptors. Two bundles,
 * not one with the interceptors always in: they export through a sink only a traced worker
 * registers, so an untraced worker runs exactly the workflow code it ran before tracing existed.
 * The interceptors add headers and spans, never commands: a worker may switch bundles and replay
 * (test/workflows/replay.test.ts replays the saved histories with both).
 */
export function prebuiltBundleFile(traced: boolean): string {
  return traced ? 'workflow-bundle-traced.js' : 'workflow-bundle.js';
}

/** The workflow bundle's build options (`traced`: with tracing's workflow interceptors). */
export function workflowBundleOptions(traced: boolean): Parameters<typeof bundleWorkflowCode>[0] {
  return {
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules: traced ? WORKFLOW_TRACING_MODULES : [],
  };
}

/**
 * The workflow bundle: the prebuilt one from `npm run build` when present (production image),
 * otherwise bundled once here from source; the traced one while tracing is on.
 */
export async function loadWorkflowBundle(
  logger: Logger,
  options: { traced?: boolean } = {},
): Promise<WorkflowBundleOption> {
  const traced = options.traced ?? false;
  const prebuilt = path.resolve(__dirname, '..', prebuiltBundleFile(traced));
  if (existsSync(prebuilt)) return { codePath: prebuilt };
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(traced),
    logger: new PinoTemporalLogger(logger.child({ component: 'workflow-bundler' }, { level: 'warn' })),
  });
  return { code };
}

/**
 * What the activities run with: the process's connections plus the outgoing Bot API (none
 * without a token), texts in every locale, and the ticket notifier (Telegram, or logging).
 */
export function activityDeps(deps: CoreDeps, overrides: Partial<ActivityDeps> = {}): ActivityDeps {
  const telegram = createTelegramApi(deps.config.telegram);
  // Bot API latency and 429s, recorded once metrics are on; a span per call once tracing is (no-ops otherwise).
  telegram?.config.use(botApiMetrics);
  telegram?.config.use(botApiTracing);
  return {
    ...deps,
    telegram,
    i18n: createI18n(deps.config.defaultLocale),
    ticketNotifier: overrides.ticketNotifier ?? ticketNotifierFor(deps),
    supportRouting: new SupportService(deps),
    levelEvaluations: new ProgressionService(deps),
    ...overrides,
  };
}

/**
 * The worker on `bundle`; while tracing is on (src/observability/tracing.ts) its activities are
 * traced and the workflows' spans are exported, so `bundle` must then be the traced one.
 */
export async function createTemporalWorker(
  deps: ActivityDeps,
  options: { connection: NativeConnection; bundle: WorkflowBundleOption; taskQueue?: string },
): Promise<Worker> {
  const tracing = temporalWorkerTracing();
  return Worker.create({
    connection: options.connection,
    namespace: deps.config.temporal.namespace,
    taskQueue: options.taskQueue ?? deps.config.temporal.taskQueue,
    workflowBundle: options.bundle,
    activities: createActivities(deps),
    // Data and integrity errors of the database fail an activity at once (no retries): see db-errors.
    // Each attempt's latency too, once metrics are on (src/observability/metrics.ts).
    // Tracing's activity interceptor goes first: the span then covers the others.
    interceptors: {
      activity: [...(tracing?.activity ?? []), databaseErrorInterceptors, activityMetricsInterceptor],
    },
    sinks: tracing?.sinks,
    // In-flight activities get this long to finish on SIGTERM before the worker gives up on them.
    shutdownGraceTime: '30s',
    // A workflow task queued for a worker that has died goes back to the shared queue after this
    // (default 10 s), so a crashed worker's conversations resume within seconds on another one.
    stickyQueueScheduleToStartTimeout: '3s',
  });
}
