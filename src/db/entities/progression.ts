import { EntitySchema, type Opt } from '@mikro-orm/core';
import {
  LEVEL_CHANGE_REASONS,
  LEVEL_EVALUATION_STATUSES,
  type LevelChangeReason,
  type LevelEvaluationStatus,
} from '../../domain/progression';
import type { User } from './accounts';
import { createdAtProperty, idProperty, type JsonObject, jsonObjectProperty, withDefault, noCascade } from './common';

const levelCheck = (column: string) => `${column} >= 1 and ${column} <= 5`;

// ---------------------------------------------------------------- LevelEvaluation

/**
 * One user's weekly level evaluation (issue 15): unique per (user, week), so a re-run of a week
 * inserts nothing. Append-only. The latest row's `warning_active` is the user's warning.
 */
export interface LevelEvaluation {
  id: number;
  user: User;
  /** The week's Monday, 'YYYY-MM-DD', in the rules time zone. */
  weekStart: string;
  status: LevelEvaluationStatus;
  previousLevel: number;
  newLevel: number;
  weekXp: number;
  cumulativeXp: number;
  rulesVersion: number;
  /** The coupon issued with a level-up (one per user per week), else 0. */
  couponAmount: Opt<number>;
  /** A warning is active after this evaluation. */
  warningActive: Opt<boolean>;
  createdAt: Opt<Date>;
}

export const LevelEvaluation = new EntitySchema<LevelEvaluation>({
  name: 'LevelEvaluation',
  tableName: 'level_evaluation',
  properties: {
    id: { ...idProperty },
    user: { kind: 'm:1', entity: () => 'User', ...noCascade },
    weekStart: { type: 'date' },
    status: { enum: true, items: [...LEVEL_EVALUATION_STATUSES] },
    previousLevel: { type: 'integer' },
    newLevel: { type: 'integer' },
    weekXp: { type: 'integer' },
    cumulativeXp: { type: 'integer' },
    rulesVersion: { type: 'integer' },
    couponAmount: { type: 'integer', ...withDefault(0) },
    warningActive: { type: 'boolean', ...withDefault(false) },
    createdAt: { ...createdAtProperty },
  },
  uniques: [{ name: 'level_evaluation_user_id_week_start_unique', properties: ['user', 'weekStart'] }],
  indexes: [{ name: 'level_evaluation_week_start_index', properties: ['weekStart'] }],
  checks: [
    { name: 'level_evaluation_previous_level_check', expression: levelCheck('previous_level') },
    { name: 'level_evaluation_new_level_check', expression: levelCheck('new_level') },
    { name: 'level_evaluation_coupon_amount_check', expression: 'coupon_amount >= 0' },
  ],
});

// ---------------------------------------------------------------- LevelEvaluationWeek

/** A week whose evaluation run completed: the catch-up starts after the newest one. */
export interface LevelEvaluationWeek {
  weekStart: string;
  /** Counts by outcome, as the run reported them. */
  counts: Opt<JsonObject>;
  completedAt: Opt<Date>;
}

export const LevelEvaluationWeek = new EntitySchema<LevelEvaluationWeek>({
  name: 'LevelEvaluationWeek',
  tableName: 'level_evaluation_week',
  properties: {
    weekStart: { type: 'date', primary: true },
    counts: { ...jsonObjectProperty },
    completedAt: { ...createdAtProperty },
  },
});

// ---------------------------------------------------------------- LevelChange

/** Every change of a user's level: by a weekly evaluation or by hand (with a comment). Append-only. */
export interface LevelChange {
  id: number;
  user: User;
  fromLevel: number;
  toLevel: number;
  reason: LevelChangeReason;
  comment: Opt<string>;
  /** Who changed it by hand; null for the weekly evaluation. */
  actor?: User | null;
  /** The weekly evaluation that changed it. */
  evaluation?: LevelEvaluation | null;
  createdAt: Opt<Date>;
}

export const LevelChange = new EntitySchema<LevelChange>({
  name: 'LevelChange',
  tableName: 'level_change',
  properties: {
    id: { ...idProperty },
    user: { kind: 'm:1', entity: () => 'User', ...noCascade },
    fromLevel: { type: 'integer' },
    toLevel: { type: 'integer' },
    reason: { enum: true, items: [...LEVEL_CHANGE_REASONS] },
    comment: { type: 'text', ...withDefault('') },
    actor: { kind: 'm:1', entity: () => 'User', nullable: true, ...noCascade },
    evaluation: { kind: 'm:1', entity: () => 'LevelEvaluation', nullable: true, ...noCascade },
    createdAt: { ...createdAtProperty },
  },
  indexes: [{ name: 'level_change_user_id_id_index', properties: ['user', 'id'] }],
  uniques: [{ name: 'level_change_evaluation_id_unique', properties: ['evaluation'] }],
  checks: [
    { name: 'level_change_from_level_check', expression: levelCheck('from_level') },
    { name: 'level_change_to_level_check', expression: levelCheck('to_level') },
  ],
});
