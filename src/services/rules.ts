// Rules config versions (workshop-domain.md §7): read the active one (cached in Redis under
// `cache:rules:active`), update with validation into a new version with diff and checksum, roll
// back by re-activating an older version's config as a new version, list the versions.
//
// Everything that applies rules (activities, intake) reads the active version from Postgres through
// rules-store, so a new version takes effect at once; the cache only serves reads of the document.
// The cache holds a version number next to the document and a write only lands when its version is
// newer than the cached one (one Lua script), so a reader that loaded an older version, or writers
// finishing out of order, can never put an older version back; the TTL bounds everything else
// (e.g. a version activated outside this service).
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  canManageRules,
  DomainError,
  diffRules,
  parseRulesConfig,
  requireCapability,
  rulesChecksum,
  type RulesConfig as RulesValues,
} from '../domain';
import { RulesConfig, type RulesConfigAction, User } from '../db/entities';
import type { Orm } from '../db/orm';
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';
import { NotFoundError } from './errors';
import { InvalidInputError } from './input-errors';
import { activeRules } from '../reads/rules-store';
import { RULES_CACHE_KEY } from '../redis/keys';

const DEFAULT_CACHE_TTL_SECONDS = 10 * 60;

/** KEYS[1] = the cache hash; ARGV = version, document, TTL seconds. */
const CACHE_WRITE_SCRIPT = `
local cached = redis.call('HGET', KEYS[1], 'version')
if cached and tonumber(cached) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'doc', ARGV[2])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

export interface RulesVersionView {
  version: number;
  config: RulesValues;
  checksum: string;
  diff: Record<string, { before: unknown; after: unknown }>;
  action: RulesConfigAction;
  isActive: boolean;
  createdById: number | null;
  createdAt: Date;
}

interface CachedRules extends Omit<RulesVersionView, 'createdAt'> {
  createdAt: string;
}

function toView(row: RulesConfig): RulesVersionView {
  return {
    version: row.version,
    config: row.config as unknown as RulesValues,
    checksum: row.checksum,
    diff: row.diff as RulesVersionView['diff'],
    action: row.action,
    isActive: row.isActive,
    createdById: row.createdBy?.id ?? null,
    createdAt: row.createdAt,
  };
}

export interface RulesServiceDeps {
  orm: Orm;
  redis: RedisClient;
  logger: Logger;
  cacheTtlSeconds?: number;
}

export class RulesService {
  constructor(private readonly deps: RulesServiceDeps) {}

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  private get ttl(): number {
    return this.deps.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
  }

  /** The active version, from the cache when it holds it. */
  async active(): Promise<RulesVersionView> {
    const cached = await this.readCache();
    if (cached) return cached;
    const em = this.em();
    const { version } = await activeRules(em);
    const row = await em.findOneOrFail(RulesConfig, { version });
    const view = toView(row);
    await this.writeCache(view);
    return view;
  }

  async versions(limit: number, offset: number): Promise<{ total: number; items: RulesVersionView[] }> {
    const em = this.em();
    await activeRules(em); // bootstraps version 1 on an empty database
    const [rows, total] = await em.findAndCount(RulesConfig, {}, { orderBy: { version: 'desc' }, limit, offset });
    return { total, items: rows.map(toView) };
  }

  async version(version: number): Promise<RulesVersionView> {
    const em = this.em();
    await activeRules(em);
    const row = await em.findOne(RulesConfig, { version });
    if (!row) throw new NotFoundError('Rules version', version);
    return toView(row);
  }

  /**
   * A new active version from a full candidate config. Field problems (and a config equal to the
   * active one) are refused with one message per field, paths relative to the request (`config.…`).
   */
  async update(actor: Actor, candidate: unknown): Promise<RulesVersionView> {
    requireCapability(actor, canManageRules, 'role.forbidden');
    return this.activate(actor, 'update', (current) => {
      const parsed = parseRulesConfig(candidate, current);
      if (!parsed.ok) {
        const fields: Record<string, string> = {};
        for (const problem of parsed.problems) {
          const field = problem.field === 'config' ? 'config' : `config.${problem.field}`;
          fields[field] = fields[field] ? `${fields[field]} ${problem.message}` : problem.message;
        }
        throw new InvalidInputError(fields, 'The rules config is invalid.');
      }
      return parsed.config;
    });
  }

  /** Re-activates an earlier version's config as a new version (history stays append-only). */
  async rollback(actor: Actor, version: number): Promise<RulesVersionView> {
    requireCapability(actor, canManageRules, 'role.forbidden');
    return this.activate(actor, 'rollback', async (current, tx) => {
      const target = await tx.findOne(RulesConfig, { version });
      if (!target) throw new NotFoundError('Rules version', version);
      const config = target.config as unknown as RulesValues;
      if (rulesChecksum(config) === rulesChecksum(current)) throw new DomainError('rules.no_changes');
      return config;
    });
  }

  private async activate(
    actor: Actor,
    action: RulesConfigAction,
    next: (current: RulesValues, tx: EntityManager) => RulesValues | Promise<RulesValues>,
  ): Promise<RulesVersionView> {
    const em = this.em();
    await activeRules(em); // bootstrap outside the transaction, so the lock below finds a row
    const view = await em.transactional(async (tx) => {
      // One writer at a time: the active row is locked until this version is in.
      const current = await tx.findOneOrFail(RulesConfig, { isActive: true }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const currentConfig = current.config as unknown as RulesValues;
      const config = await next(currentConfig, tx);
      const [latest] = await tx.find(RulesConfig, {}, { orderBy: { version: 'desc' }, limit: 1 });
      current.isActive = false;
      await tx.flush(); // the one-active index must see the old row inactive before the new one
      const row = tx.create(RulesConfig, {
        version: latest.version + 1,
        config: config as unknown as Record<string, unknown>,
        checksum: rulesChecksum(config),
        diff: diffRules(currentConfig, config) as unknown as Record<string, unknown>,
        action,
        isActive: true,
        createdBy: tx.getReference(User, actor.id),
      });
      await tx.flush();
      return toView(row);
    });
    await this.writeCache(view);
    return view;
  }

  private async readCache(): Promise<RulesVersionView | null> {
    try {
      const raw = await this.deps.redis.hget(RULES_CACHE_KEY, 'doc');
      if (!raw) return null;
      const cached = JSON.parse(raw) as CachedRules;
      return { ...cached, createdAt: new Date(cached.createdAt) };
    } catch (err) {
      this.deps.logger.warn({ err }, 'rules cache read failed; reading Postgres');
      return null;
    }
  }

  /** Caches the version unless the cache already holds the same or a newer one. */
  private async writeCache(view: RulesVersionView): Promise<void> {
    const doc = JSON.stringify({ ...view, createdAt: view.createdAt.toISOString() } satisfies CachedRules);
    try {
      await this.deps.redis.eval(CACHE_WRITE_SCRIPT, 1, RULES_CACHE_KEY, view.version, doc, this.ttl);
    } catch (err) {
      this.deps.logger.warn({ err }, 'rules cache write failed');
    }
  }
}
