import { NotFoundError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_RULES, diffRules, rulesChecksum, type RulesConfig as RulesValues } from '../domain';
import { sqlOne, sqlRun } from '../db/sql';

export interface ActiveRules {
  version: number;
  config: RulesValues;
}

/**
 * The active row as a plain row, not an entity: many transactions read it on every press, and
 * none of them changes it (nothing for the unit of work to hold or compare at flush).
 */
async function activeRow(em: EntityManager): Promise<ActiveRules | undefined> {
  const row = await sqlOne<{ version: number; config: RulesValues | string }>(
    em,
    'select version, config from rules_config where is_active',
  );
  if (!row) return undefined;
  const config = (typeof row.config === 'string' ? JSON.parse(row.config) : row.config) as RulesValues;
  return { version: Number(row.version), config };
}

/**
 * The active rules version. The first read on an empty database bootstraps version 1 with the
 * reference defaults: one insert-if-absent statement, in the caller's transaction when there is
 * one (never on a second connection: with one connection that would wait forever). Concurrent
 * first reads all succeed: an insert that meets another's uncommitted version 1 waits for it, then
 * inserts nothing, and the read after it (a new statement) sees the winner's row.
 */
export async function activeRules(em: EntityManager): Promise<ActiveRules> {
  const active = await activeRow(em);
  if (active) return active;
  await sqlRun(
    em,
    `insert into rules_config (version, config, checksum, diff, action, is_active)
     values (1, ?, ?, ?, 'bootstrap', true) on conflict do nothing`,
    [JSON.stringify(DEFAULT_RULES), rulesChecksum(DEFAULT_RULES), JSON.stringify(diffRules({}, DEFAULT_RULES))],
  );
  const bootstrapped = await activeRow(em);
  if (!bootstrapped) throw NotFoundError.findOneFailed('RulesConfig', { isActive: true });
  return bootstrapped;
}
