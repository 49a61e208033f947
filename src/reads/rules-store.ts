import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_RULES, diffRules, rulesChecksum, type RulesConfig as RulesValues } from '../domain';
import { RulesConfig } from '../db/entities';
import { sqlRun } from '../db/sql';

export interface ActiveRules {
  version: number;
  config: RulesValues;
}

/**
 * The active rules version. The first read on an empty database bootstraps version 1 with the
 * reference defaults: one insert-if-absent statement, in the caller's transaction when there is
 * one (never on a second connection: with one connection that would wait forever). Concurrent
 * first reads all succeed: an insert that meets another's uncommitted version 1 waits for it, then
 * inserts nothing, and the read after it (a new statement) sees the winner's row.
 */
export async function activeRules(em: EntityManager): Promise<ActiveRules> {
  const active = await em.findOne(RulesConfig, { isActive: true });
  if (active) return { version: active.version, config: active.config as unknown as RulesValues };
  await sqlRun(
    em,
    `insert into rules_config (version, config, checksum, diff, action, is_active)
     values (1, ?, ?, ?, 'bootstrap', true) on conflict do nothing`,
    [JSON.stringify(DEFAULT_RULES), rulesChecksum(DEFAULT_RULES), JSON.stringify(diffRules({}, DEFAULT_RULES))],
  );
  const bootstrapped = await em.findOneOrFail(RulesConfig, { isActive: true }, { refresh: true });
  return { version: bootstrapped.version, config: bootstrapped.config as unknown as RulesValues };
}
