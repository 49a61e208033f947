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
import { ticketNotifierFor } from './notify/telegram-notifier';
import { SupportService } from './services/support';
import { createTelegramApi } from './telegram/api';

const prebuiltBundlePath = path.resolve(__dirname, '../workflow-bundle.js');

/**
 * The workflow bundle: the prebuilt one from `npm run build` when present (production image),
 * otherwise bundled once here from source.
 */
export async function loadWorkflowBundle(logger: Logger): Promise<WorkflowBundleOption> {
  if (existsSync(prebuiltBundlePath)) return { codePath: prebuiltBundlePath };
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
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
  // Bot API latency and 429s, recorded once metrics are on (a no-op otherwise).
  telegram?.config.use(botApiMetrics);
  return {
    ...deps,
    telegram,
    i18n: createI18n(deps.config.defaultLocale),
    ticketNotifier: overrides.ticketNotifier ?? ticketNotifierFor(deps),
    supportRouting: new SupportService(deps),
    ...overrides,
  };
}

export async function createTemporalWorker(
  deps: ActivityDeps,
  options: { connection: NativeConnection; bundle: WorkflowBundleOption; taskQueue?: string },
): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: deps.config.temporal.namespace,
    taskQueue: options.taskQueue ?? deps.config.temporal.taskQueue,
    workflowBundle: options.bundle,
    activities: createActivities(deps),
    // Data and integrity errors of the database fail an activity at once (no retries): see db-errors.
    // Each attempt's latency too, once metrics are on (src/observability/metrics.ts).
    interceptors: { activity: [databaseErrorInterceptors, activityMetricsInterceptor] },
    // In-flight activities get this long to finish on SIGTERM before the worker gives up on them.
    shutdownGraceTime: '30s',
    // A workflow task queued for a worker that has died goes back to the shared queue after this
    // (default 10 s), so a crashed worker's conversations resume within seconds on another one.
    stickyQueueScheduleToStartTimeout: '3s',
  });
}
