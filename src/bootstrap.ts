import type { Config } from './config';
import type { CoreDeps } from './deps';
import { migrate } from './db/migrate';
import { createOrm } from './db/orm';
import type { Logger } from './logger';
import { createRedis } from './redis';
import type { ClientInterceptors } from '@temporalio/client';
import { connectTemporalClient } from './temporal/client';
import { installTemporalRuntime } from './temporal/runtime';

/**
 * Connects everything a process needs and applies pending migrations (idempotent, serialized
 * between processes). `embeddedDatabase` means PGlite: one connection, nothing to serialize;
 * `temporalInterceptors` go to the Temporal client (tracing's, when on).
 */
export async function startCore(
  config: Config,
  logger: Logger,
  options: { embeddedDatabase?: boolean; temporalInterceptors?: ClientInterceptors } = {},
): Promise<CoreDeps> {
  if (!config.database.url) throw new Error('DATABASE_URL is required');
  installTemporalRuntime(logger);
  const orm = await createOrm({
    clientUrl: config.database.url,
    poolSize: options.embeddedDatabase ? 1 : config.database.poolSize,
  });
  const applied = await migrate(orm, { serialize: !options.embeddedDatabase });
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  const redis = createRedis(config.redis, logger);
  const temporal = await connectTemporalClient(config.temporal, options.temporalInterceptors);
  return { config, logger, orm, redis, temporal };
}

export async function closeCore(deps: CoreDeps): Promise<void> {
  await deps.temporal.connection.close();
  deps.redis.disconnect();
  await deps.orm.close(true);
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function onShutdownSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
