// What crosses Temporal for the weekly level evaluation and the progression notices: workflow ids,
// inputs and results, shared by the workflows, their activities, the services and the schedule.
import type { LevelEvaluationStatus } from '../domain/progression';

export const LEVEL_EVALUATION_SCHEDULE_ID = 'level-evaluation-weekly';
export const levelEvaluationWorkflowId = (weekStart: string): string => `level-evaluation-${weekStart}`;
/** The scheduled catch-up run's id (the schedule appends its start time). */
export const LEVEL_EVALUATION_CATCH_UP_ID = 'level-evaluation-catch-up';
export const progressionNoticeWorkflowId = (key: string): string => `progression-notice-${key}`;

export interface LevelEvaluationInput {
  /** The week's Monday, 'YYYY-MM-DD'. */
  weekStart: string;
  /** Users per activity. */
  batchSize?: number;
}

export type LevelEvaluationCounts = Record<LevelEvaluationStatus | 'already_evaluated', number>;

export interface LevelEvaluationResult {
  weekStart: string;
  users: number;
  counts: LevelEvaluationCounts;
  /** Users whose notice could not be delivered. */
  undelivered: number;
}

export interface CatchUpResult {
  weeks: string[];
  results: LevelEvaluationResult[];
}

export interface LevelBatchResult {
  /** Users evaluated in this batch (this run or an earlier one), in id order. */
  userIds: number[];
  counts: LevelEvaluationCounts;
  /** The last user id looked at; null when no user was left. */
  lastUserId: number | null;
}

/** What a person is told about their progression. */
export type ProgressionNotice =
  | { kind: 'manual_xp_adjustment'; userId: number; xpTransactionId: number; amount: number; comment: string }
  | {
      kind: 'manual_level_update';
      userId: number;
      levelChangeId: number;
      fromLevel: number;
      toLevel: number;
      comment: string;
    }
  | { kind: 'weekly_outcome'; userId: number; weekStart: string };

export const emptyCounts = (): LevelEvaluationCounts => ({
  level_up: 0,
  maintained: 0,
  warning: 0,
  reset_to_l1: 0,
  already_evaluated: 0,
});
