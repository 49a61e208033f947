import type { Client } from '@temporalio/client';
import type { Config } from './config';
import type { Orm } from './db/orm';
import type { Logger } from './logger';
import type { RedisClient } from './redis';

/** What every process shares: built once at start-up, closed once at shutdown. */
export interface CoreDeps {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: RedisClient;
  temporal: Client;
}
