import { DEFAULT_RULES, rulesChecksum, type RulesConfig } from '../../src/domain';
import type { Orm } from '../../src/db/orm';

/** Makes a new rules version active (the API for this arrives with the staff issue; tests need it now). */
export async function activateRules(orm: Orm, change: (rules: RulesConfig) => RulesConfig): Promise<number> {
  const config = change(structuredClone(DEFAULT_RULES));
  const connection = orm.em.getConnection();
  return connection.transactional(async (trx) => {
    const [{ next }] = await connection.execute<{ next: number }[]>(
      'select coalesce(max(version), 0) + 1 as next from rules_config',
      [],
      'all',
      trx,
    );
    await connection.execute('update rules_config set is_active = false where is_active', [], 'run', trx);
    await connection.execute(
      `insert into rules_config (version, config, checksum, action, is_active) values (?, ?, ?, 'update', true)`,
      [next, JSON.stringify(config), rulesChecksum(config)],
      'run',
      trx,
    );
    return next;
  });
}
