import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { allEntities } from './entities';
import { migrationsList } from '../../migrations';

export type Orm = MikroORM;

export interface OrmOptions {
  clientUrl: string;
  /** Connections in the pool; PGlite serves one session, so embedded mode passes 1. */
  poolSize: number;
  debug?: boolean;
}

export function ormConfig(options: OrmOptions): Options {
  return {
    clientUrl: options.clientUrl,
    entities: allEntities,
    extensions: [Migrator],
    pool: { min: 0, max: options.poolSize },
    forceUtcTimezone: true,
    // Entities are explicit EntitySchema definitions; nothing to reflect from decorators.
    discovery: { warnWhenNoEntities: false },
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // startCore logs what was applied through pino.
      silent: true,
    },
    debug: options.debug ?? false,
    allowGlobalContext: false,
  };
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(options));
}
