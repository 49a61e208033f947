import { createOrm, type Orm } from '../../../src/db/orm';
import { migrate } from '../../../src/db/migrate';
import { migrationsList } from '../../../migrations';
import { createDatabase, dropDatabase, uniqueName } from '../../support/pg';

/** Every migration's name, in order. */
const ALL = migrationsList.map((m) => m.name);

/** A brand-new empty database (not the template) and an ORM on it. */
async function emptyDatabase(poolSize = 2): Promise<{ orm: Orm; name: string; url: string }> {
  const name = uniqueName('tf_test_empty');
  const url = await createDatabase(name);
  const orm = await createOrm({ clientUrl: url, poolSize });
  return { orm, name, url };
}

async function userTables(orm: Orm): Promise<string[]> {
  const rows = await orm.em
    .getConnection()
    .execute<{ table_name: string }[]>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  async function track(db: { orm: Orm; name: string }): Promise<Orm> {
    cleanup.push(async () => {
      await db.orm.close(true);
      await dropDatabase(db.name);
    });
    return db.orm;
  }

  it('apply to an empty database, then applying again is a no-op', async () => {
    const orm = await track(await emptyDatabase());
    expect(await userTables(orm)).toEqual([]);

    expect(await migrate(orm, { serialize: true })).toEqual(ALL);
    expect(await userTables(orm)).toEqual(
      expect.arrayContaining(['app_user', 'ticket', 'work_session', 'support_ticket', 'mikro_orm_migrations']),
    );
    expect(await migrate(orm, { serialize: true })).toEqual([]);
    expect(await migrate(orm, { serialize: false })).toEqual([]);
  });

  it('leave no difference between the database and the entity metadata', async () => {
    const orm = await track(await emptyDatabase());
    await migrate(orm, { serialize: true });
    // Columns, types, nullability, defaults, foreign keys, checks and index names all match.
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('two concurrent serialized runs on a fresh database both succeed, and apply it once', async () => {
    const first = await emptyDatabase();
    await track(first);
    const second = await createOrm({ clientUrl: first.url, poolSize: 2 });
    cleanup.push(() => second.close(true)); // runs before the database is dropped

    const results = await Promise.all([migrate(first.orm, { serialize: true }), migrate(second, { serialize: true })]);
    expect(results.flat()).toEqual(ALL);
    expect(results.map((r) => r.length).sort()).toEqual([0, ALL.length]);
    const executed = await first.orm.em
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations');
    expect(executed.map((r) => r.name)).toEqual(ALL);
  });

  it('serialized runs need one pooled connection only (DATABASE_POOL_SIZE=1), two at once included', async () => {
    const first = await emptyDatabase(1);
    await track(first);
    const second = await createOrm({ clientUrl: first.url, poolSize: 1 });
    cleanup.push(() => second.close(true));

    const results = await Promise.all([migrate(first.orm, { serialize: true }), migrate(second, { serialize: true })]);
    expect(results.flat()).toEqual(ALL);
    expect(await migrate(first.orm, { serialize: true })).toEqual([]);
  });

  it('down() removes everything up() created, and up() works again', async () => {
    const orm = await track(await emptyDatabase());
    await migrate(orm, { serialize: true });
    await orm.getMigrator().down({ to: 0 });
    expect(await userTables(orm)).toEqual(['mikro_orm_migrations']);
    const functions = await orm.em
      .getConnection()
      .execute<{ proname: string }[]>(`select proname from pg_proc where proname = 'reject_append_only_change'`);
    expect(functions).toEqual([]);
    expect(await migrate(orm, { serialize: true })).toEqual(ALL);
  });
});
