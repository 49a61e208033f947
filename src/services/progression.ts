// Weekly level evaluation and manual progression changes (issue 15): the Postgres side. Each
// user's evaluation is one transaction on the locked user row, idempotent per (user, week) through
// the unique row; manual adjustments and level changes are one transaction each, and their notice
// leaves after the commit through a small workflow (retried, visible in the Web UI).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import {
  type Actor,
  canAdjustProgression,
  DomainError,
  isStaff,
  requireCapability,
  resolveWorkSessionRules,
  type ProgressionRules,
} from '../domain';
import {
  evaluateWeek,
  evaluationWeek,
  type LevelEvaluationStatus,
  manualAdjustmentReference,
  requireCompletedWeek,
  validateManualAdjustment,
  validateManualLevelChange,
} from '../domain/progression';
import { resolveLevelThresholds, DEFAULT_RULES } from '../domain/rules';
import { sql, sqlOne, sqlRun } from '../db/sql';
import type { CoreDeps } from '../deps';
import {
  emptyCounts,
  type LevelBatchResult,
  type LevelEvaluationInput,
  levelEvaluationWorkflowId,
  type ProgressionNotice,
  progressionNoticeWorkflowId,
} from '../contracts/progression';
import { activeRules } from '../reads/rules-store';
import { NotFoundError } from './errors';

/** The rules' time zone for weeks: the business day's zone (`work_session.timezone`). */
export function progressionTimeZone(config: unknown): string {
  return resolveWorkSessionRules(config).timezone;
}

export function progressionRules(config: unknown): ProgressionRules {
  const section = (config as { progression?: Partial<ProgressionRules> } | null)?.progression ?? {};
  const d = DEFAULT_RULES.progression;
  const int = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);
  return {
    level_thresholds: resolveLevelThresholds(config),
    weekly_target_xp: int(section.weekly_target_xp, d.weekly_target_xp),
    weekly_coupon_amount: int(section.weekly_coupon_amount, d.weekly_coupon_amount),
  };
}

export interface LevelEvaluationView {
  id: number;
  userId: number;
  weekStart: string;
  status: LevelEvaluationStatus;
  previousLevel: number;
  newLevel: number;
  weekXp: number;
  cumulativeXp: number;
  rulesVersion: number;
  couponAmount: number;
  warningActive: boolean;
  createdAt: Date;
}

export interface XpAdjustmentView {
  id: number;
  userId: number;
  amount: number;
  comment: string;
  reference: string;
  totalXp: number;
  createdAt: Date;
}

export interface LevelChangeView {
  id: number;
  userId: number;
  fromLevel: number;
  toLevel: number;
  comment: string;
  actorId: number;
  createdAt: Date;
}

export interface EvaluationRunView {
  workflowId: string;
  weekStart: string;
  /** False when the week's run already exists (a re-run changes nothing). */
  started: boolean;
}

type EvaluationRow = {
  id: number;
  user_id: number;
  week_start: string;
  status: LevelEvaluationStatus;
  previous_level: number;
  new_level: number;
  week_xp: number;
  cumulative_xp: number;
  rules_version: number;
  coupon_amount: number;
  warning_active: boolean;
  created_at: Date;
};

const toEvaluation = (r: EvaluationRow): LevelEvaluationView => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  weekStart: r.week_start,
  status: r.status,
  previousLevel: Number(r.previous_level),
  newLevel: Number(r.new_level),
  weekXp: Number(r.week_xp),
  cumulativeXp: Number(r.cumulative_xp),
  rulesVersion: Number(r.rules_version),
  couponAmount: Number(r.coupon_amount),
  warningActive: r.warning_active,
  createdAt: new Date(r.created_at),
});

const EVALUATION_COLUMNS = `id, user_id, week_start::text as week_start, status, previous_level, new_level, week_xp,
  cumulative_xp, rules_version, coupon_amount, warning_active, created_at`;

export class ProgressionService {
  constructor(private readonly deps: Pick<CoreDeps, 'orm' | 'temporal' | 'config' | 'logger'>) {}

  private em(): EntityManager {
    return this.deps.orm.em.fork();
  }

  // ------------------------------------------------------------------------------------------
  // Manual changes

  /** Appends a `manual_adjustment` XP row (idempotent per key) and tells the person. */
  async adjustXp(
    actor: Actor,
    userId: number,
    input: { amount: number; comment: string },
    key: string = randomUUID(),
  ): Promise<XpAdjustmentView> {
    requireCapability(actor, canAdjustProgression, 'role.forbidden');
    const { amount, comment } = validateManualAdjustment(input);
    const reference = manualAdjustmentReference(key);
    const view = await this.em().transactional(async (tx) => {
      await this.requireUser(tx, userId);
      await sqlRun(
        tx,
        `insert into xp_transaction (user_id, amount, entry_type, reference, description, payload)
         values (?, ?, 'manual_adjustment', ?, 'Manual XP adjustment', ?::jsonb) on conflict (reference) do nothing`,
        [userId, amount, reference, JSON.stringify({ comment, actor_id: actor.id })],
      );
      const row = await sqlOne<{
        id: number;
        user_id: number;
        amount: number;
        payload: { comment?: string };
        created_at: Date;
      }>(tx, 'select id, user_id, amount, payload, created_at from xp_transaction where reference = ?', [reference]);
      if (!row) throw new Error(`xp_transaction ${reference} vanished`);
      const total = await sqlOne<{ total: string | number }>(
        tx,
        'select coalesce(sum(amount), 0) as total from xp_transaction where user_id = ?',
        [row.user_id],
      );
      return {
        id: Number(row.id),
        userId: Number(row.user_id),
        amount: Number(row.amount),
        comment: row.payload.comment ?? comment,
        reference,
        totalXp: Number(total?.total ?? 0),
        createdAt: new Date(row.created_at),
      };
    });
    await this.notify(`xp-${view.id}`, {
      kind: 'manual_xp_adjustment',
      userId: view.userId,
      xpTransactionId: view.id,
      amount: view.amount,
      comment: view.comment,
    });
    return view;
  }

  /** Sets the level by hand, records the change with its comment, and tells the person. */
  async setLevel(actor: Actor, userId: number, input: { level: number; comment: string }): Promise<LevelChangeView> {
    requireCapability(actor, canAdjustProgression, 'role.forbidden');
    const { level, comment } = validateManualLevelChange(input);
    const view = await this.em().transactional(async (tx) => {
      const user = await this.requireUser(tx, userId);
      await sqlRun(tx, 'update app_user set level = ?, updated_at = now() where id = ?', [level, userId]);
      const row = await sqlOne<{ id: number; created_at: Date }>(
        tx,
        `insert into level_change (user_id, from_level, to_level, reason, comment, actor_id)
         values (?, ?, ?, 'manual', ?, ?) returning id, created_at`,
        [userId, user.level, level, comment, actor.id],
      );
      return {
        id: Number(row?.id),
        userId,
        fromLevel: user.level,
        toLevel: level,
        comment,
        actorId: actor.id,
        createdAt: new Date(row?.created_at ?? Date.now()),
      };
    });
    await this.notify(`level-${view.id}`, {
      kind: 'manual_level_update',
      userId,
      levelChangeId: view.id,
      fromLevel: view.fromLevel,
      toLevel: view.toLevel,
      comment,
    });
    return view;
  }

  private async requireUser(tx: EntityManager, userId: number): Promise<{ id: number; level: number }> {
    const user = await sqlOne<{ id: number; level: number }>(
      tx,
      'select id, level from app_user where id = ? for update',
      [userId],
    );
    if (!user) throw new NotFoundError('User', userId);
    return { id: Number(user.id), level: Number(user.level) };
  }

  /** Starts the notice's workflow once per key (a retried request does not notify twice). */
  private async notify(key: string, notice: ProgressionNotice): Promise<void> {
    try {
      await this.deps.temporal.workflow.start('progressionNoticeWorkflow', {
        workflowId: progressionNoticeWorkflowId(key),
        taskQueue: this.deps.config.temporal.taskQueue,
        args: [notice],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: `${notice.kind} for user ${notice.userId}`,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Weekly evaluation

  /** Starts the week's evaluation (staff); an existing run of that week is left as it is. */
  async startEvaluation(actor: Actor, weekStart: string, now: Date = new Date()): Promise<EvaluationRunView> {
    requireCapability(actor, canAdjustProgression, 'role.forbidden');
    const { config } = await activeRules(this.em());
    requireCompletedWeek(weekStart, now, progressionTimeZone(config));
    const workflowId = levelEvaluationWorkflowId(weekStart);
    const input: LevelEvaluationInput = { weekStart };
    try {
      await this.deps.temporal.workflow.start('levelEvaluationWorkflow', {
        workflowId,
        taskQueue: this.deps.config.temporal.taskQueue,
        args: [input],
        // A completed week is never evaluated again; a failed run may be retried.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        staticSummary: `Weekly level evaluation, week of ${weekStart} (started by user ${actor.id})`,
      });
      return { workflowId, weekStart, started: true };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, weekStart, started: false };
      throw err;
    }
  }

  async listEvaluations(
    actor: Actor,
    filter: { weekStart?: string; userId?: number; limit: number; offset: number },
  ): Promise<{ items: LevelEvaluationView[]; total: number }> {
    // Staff see everyone; anyone else only themselves.
    if (!isStaff(actor.roles)) {
      if (filter.userId !== undefined && filter.userId !== actor.id) throw new DomainError('role.forbidden');
      filter = { ...filter, userId: actor.id };
    }
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.weekStart !== undefined) {
      where.push('week_start = ?::date');
      params.push(filter.weekStart);
    }
    if (filter.userId !== undefined) {
      where.push('user_id = ?');
      params.push(filter.userId);
    }
    const clause = where.length ? `where ${where.join(' and ')}` : '';
    const em = this.em();
    const rows = await sql<EvaluationRow>(
      em,
      `select ${EVALUATION_COLUMNS} from level_evaluation ${clause} order by week_start desc, user_id limit ? offset ?`,
      [...params, filter.limit, filter.offset],
    );
    const total = await sqlOne<{ n: string | number }>(
      em,
      `select count(*) as n from level_evaluation ${clause}`,
      params,
    );
    return { items: rows.map(toEvaluation), total: Number(total?.n ?? 0) };
  }

  /** Every active technician and every user with XP before the week's end, after `afterUserId`. */
  async evaluateBatch(weekStart: string, afterUserId: number, batchSize: number): Promise<LevelBatchResult> {
    const { version, config } = await activeRules(this.em());
    const week = evaluationWeek(weekStart, progressionTimeZone(config));
    const rules = progressionRules(config);
    const end = new Date(week.window.end);
    const candidates = await sql<{ id: number }>(
      this.em(),
      `select u.id from app_user u
        where u.id > ? and (
          (u.is_active and exists (select 1 from user_role r where r.user_id = u.id and r.role = 'technician'))
          or exists (select 1 from xp_transaction x where x.user_id = u.id and x.created_at < ?))
        order by u.id limit ?`,
      [afterUserId, end, batchSize],
    );
    const counts = emptyCounts();
    const userIds: number[] = [];
    for (const { id } of candidates) {
      const userId = Number(id);
      const status = await this.evaluateUser(userId, week.weekStart, week.window, rules, version);
      counts[status] += 1;
      userIds.push(userId);
    }
    return { userIds, counts, lastUserId: userIds.at(-1) ?? null };
  }

  private async evaluateUser(
    userId: number,
    weekStart: string,
    window: { start: number; end: number },
    rules: ProgressionRules,
    rulesVersion: number,
  ): Promise<LevelEvaluationStatus | 'already_evaluated'> {
    return this.em().transactional(async (tx) => {
      const user = await this.requireUser(tx, userId);
      const existing = await sqlOne(tx, 'select 1 from level_evaluation where user_id = ? and week_start = ?::date', [
        userId,
        weekStart,
      ]);
      if (existing) return 'already_evaluated';
      const xp = await sqlOne<{ week_xp: string | number; cumulative_xp: string | number }>(
        tx,
        `select coalesce(sum(amount) filter (where created_at >= ?), 0) as week_xp, coalesce(sum(amount), 0) as cumulative_xp
           from xp_transaction where user_id = ? and created_at < ?`,
        [new Date(window.start), userId, new Date(window.end)],
      );
      const last = await sqlOne<{ warning_active: boolean }>(
        tx,
        `select warning_active from level_evaluation where user_id = ? and week_start < ?::date
          order by week_start desc limit 1`,
        [userId, weekStart],
      );
      const facts = {
        previousLevel: user.level,
        warningActive: last?.warning_active ?? false,
        weekXp: Number(xp?.week_xp ?? 0),
        cumulativeXp: Number(xp?.cumulative_xp ?? 0),
      };
      const outcome = evaluateWeek(facts, rules);
      const inserted = await sqlOne<{ id: number }>(
        tx,
        `insert into level_evaluation (user_id, week_start, status, previous_level, new_level, week_xp, cumulative_xp,
           rules_version, coupon_amount, warning_active)
         values (?, ?::date, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (user_id, week_start) do nothing returning id`,
        [
          userId,
          weekStart,
          outcome.status,
          outcome.previousLevel,
          outcome.newLevel,
          facts.weekXp,
          facts.cumulativeXp,
          rulesVersion,
          outcome.couponAmount,
          outcome.warningActive,
        ],
      );
      if (!inserted) return 'already_evaluated';
      if (outcome.newLevel !== user.level) {
        await sqlRun(tx, 'update app_user set level = ?, updated_at = now() where id = ?', [outcome.newLevel, userId]);
        await sqlRun(
          tx,
          `insert into level_change (user_id, from_level, to_level, reason, evaluation_id) values (?, ?, ?, 'weekly', ?)`,
          [userId, user.level, outcome.newLevel, inserted.id],
        );
      }
      return outcome.status;
    });
  }

  async evaluation(userId: number, weekStart: string): Promise<LevelEvaluationView | null> {
    const row = await sqlOne<EvaluationRow>(
      this.em(),
      `select ${EVALUATION_COLUMNS} from level_evaluation where user_id = ? and week_start = ?::date`,
      [userId, weekStart],
    );
    return row ? toEvaluation(row) : null;
  }

  /** The newest week whose run completed. */
  async lastCompletedWeek(): Promise<string | null> {
    const row = await sqlOne<{ week_start: string | null }>(
      this.em(),
      'select max(week_start)::text as week_start from level_evaluation_week',
    );
    return row?.week_start ?? null;
  }

  async completeWeek(weekStart: string, counts: Record<string, number>): Promise<void> {
    await sqlRun(
      this.em(),
      `insert into level_evaluation_week (week_start, counts) values (?::date, ?::jsonb) on conflict (week_start) do nothing`,
      [weekStart, JSON.stringify(counts)],
    );
  }

  async timeZone(): Promise<string> {
    return progressionTimeZone((await activeRules(this.em())).config);
  }
}
