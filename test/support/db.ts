import { createOrm, type Orm } from '../../src/db/orm';
import { createDatabase, dropDatabase, uniqueName } from './pg';

export interface TestDatabase {
  name: string;
  url: string;
  orm: Orm;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template; call drop() in afterAll. */
export async function createTestDatabase(poolSize = 5): Promise<TestDatabase> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template) throw new Error('TEST_TEMPLATE_DATABASE is not set: run tests through jest (globalSetup)');
  const name = uniqueName('tf_test');
  const url = await createDatabase(name, template);
  const orm = await createOrm({ clientUrl: url, poolSize });
  return {
    name,
    url,
    orm,
    async drop() {
      await orm.close(true);
      await dropDatabase(name);
    },
  };
}
