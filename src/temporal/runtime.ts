import { IllegalStateError } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { PinoTemporalLogger, type Logger } from '../logger';

/**
 * Installs the Temporal runtime once per process, with its logs going to pino. Signal handling
 * stays with our own shutdown code (app, worker and dev each stop things in their own order).
 * A runtime someone installed first (a test harness) is kept.
 */
export function installTemporalRuntime(logger: Logger, options: { metricsBindAddress?: string } = {}): void {
  try {
    Runtime.install({
      logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
      shutdownSignals: [],
      telemetryOptions: {
        // The SDK core's own lines (e.g. its gRPC retries while the server is away) go through pino
        // too, instead of as coloured text on stderr beside the JSON lines.
        logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
        // The SDK's own metrics (workflow task and activity latencies, pollers, sticky cache), served
        // by its core for Prometheus when metrics are on.
        ...(options.metricsBindAddress ? { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } } : {}),
      },
    });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err;
  }
}
