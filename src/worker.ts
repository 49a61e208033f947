import { NativeConnection } from '@temporalio/worker';
import { closeCore, onShutdownSignal, startCore } from './bootstrap';
import { loadConfigOrExit } from './config';
import { createI18n } from './bot/i18n';
import { ticketNotifierFor } from './services/telegram-notifier';
import { createTelegramApi } from './telegram/api';
import { createLogger } from './logger';
import { createTemporalWorker, loadWorkflowBundle } from './temporal/worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit('worker');
  const logger = createLogger(config.logLevel, 'ticketflow-worker');
  const deps = await startCore(config, logger);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createTemporalWorker(
    {
      ...deps,
      ticketNotifier: ticketNotifierFor(deps),
      telegram: createTelegramApi(config.telegram),
      i18n: createI18n(config.defaultLocale),
    },
    { connection, bundle: await loadWorkflowBundle(logger) },
  );
  onShutdownSignal(logger, async () => {
    // Resolves run() below once in-flight activities finish (or the grace time ends).
    worker.shutdown();
  });
  await worker.run();
  await connection.close();
  await closeCore(deps);
  logger.info('worker stopped');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
