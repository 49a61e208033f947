import { Runtime } from '@temporalio/worker';
import { PinoTemporalLogger, type Logger } from '../logger';

let installed = false;

/**
 * Installs the Temporal runtime once per process, with its logs going to pino. Signal handling
 * stays with our own shutdown code (app, worker and dev each stop things in their own order).
 */
export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  Runtime.install({ logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })), shutdownSignals: [] });
  installed = true;
}
