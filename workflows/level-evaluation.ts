// The weekly level evaluation (issue 15).
//
// levelEvaluationWorkflow (`level-evaluation-<week>`): evaluates every active technician and every
// user with XP for one Monday–Sunday week, in batches through activities (one transaction per user,
// idempotent per user and week), then tells each person their outcome and staff the summary, and
// records the week as done. Its current details show the counts while it runs.
//
// levelEvaluationCatchUpWorkflow: what the Temporal Schedule `level-evaluation-weekly` starts every
// Monday 00:05 in the rules time zone (src/schedules.ts). It evaluates every week not yet
// done, oldest first, each as a child `level-evaluation-<week>`, so a run after downtime catches up.
//
// progressionNoticeWorkflow (`progression-notice-<key>`): one notice after a manual adjustment or
// level change committed, retried until Telegram takes it.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { weeksToCatchUp } from '../src/domain/progression';
import { NOTIFICATION_OPTIONS, PERSISTENCE_OPTIONS } from './activity-options';
import {
  type CatchUpResult,
  emptyCounts,
  type LevelEvaluationCounts,
  type LevelEvaluationInput,
  type LevelEvaluationResult,
  levelEvaluationWorkflowId,
  type ProgressionNotice,
} from '../src/contracts/progression';

const DEFAULT_BATCH_SIZE = 50;

const store = wf.proxyActivities<Activities>({ ...PERSISTENCE_OPTIONS, startToCloseTimeout: '5 minutes' });
const notices = wf.proxyActivities<Activities>(NOTIFICATION_OPTIONS);

function details(weekStart: string, phase: string, users: number, counts: LevelEvaluationCounts, undelivered = 0) {
  return [
    `**Weekly level evaluation, week of ${weekStart}** — ${phase}`,
    '',
    `| users | level up | maintained | warning | reset to 1 | already evaluated | undelivered |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    `| ${users} | ${counts.level_up} | ${counts.maintained} | ${counts.warning} | ${counts.reset_to_l1} | ${counts.already_evaluated} | ${undelivered} |`,
  ].join('\n');
}

export async function levelEvaluationWorkflow(input: LevelEvaluationInput): Promise<LevelEvaluationResult> {
  const { weekStart } = input;
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const counts = emptyCounts();
  let users = 0;
  let undelivered = 0;
  wf.setCurrentDetails(details(weekStart, 'evaluating', users, counts));

  let after = 0;
  for (;;) {
    const batch = await store.evaluateLevelBatch.executeWithOptions({ summary: `evaluate users after #${after}` }, [
      { weekStart, afterUserId: after, batchSize },
    ]);
    for (const [key, n] of Object.entries(batch.counts)) counts[key as keyof LevelEvaluationCounts] += n;
    users += batch.userIds.length;
    wf.setCurrentDetails(details(weekStart, 'evaluating', users, counts));
    // Every evaluated user hears their outcome; a notice already sent is not sent again.
    for (const userId of batch.userIds) {
      try {
        const delivered = await notices.sendProgressionNotice.executeWithOptions(
          { summary: `tell user ${userId} their outcome` },
          [{ kind: 'weekly_outcome', userId, weekStart }],
        );
        if (!delivered) undelivered += 1;
      } catch (err) {
        if (!(err instanceof wf.ActivityFailure)) throw err;
        undelivered += 1;
        wf.log.warn('level notice not delivered', { userId, weekStart });
      }
    }
    if (batch.lastUserId === null || batch.userIds.length < batchSize) break;
    after = batch.lastUserId;
  }

  try {
    await notices.sendWeeklySummary.executeWithOptions({ summary: 'weekly summary to staff' }, [
      { weekStart, users, counts },
    ]);
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure)) throw err;
    wf.log.warn('weekly summary not delivered', { weekStart });
  }
  await store.completeEvaluationWeek({ weekStart, counts });
  wf.setCurrentDetails(details(weekStart, 'done', users, counts, undelivered));
  return { weekStart, users, counts, undelivered };
}

export async function levelEvaluationCatchUpWorkflow(): Promise<CatchUpResult> {
  const timeZone = await store.progressionTimeZone();
  const lastCompleted = await store.lastCompletedEvaluationWeek();
  const weeks = weeksToCatchUp(lastCompleted, Date.now(), timeZone);
  wf.setCurrentDetails(`Weeks to evaluate: ${weeks.length ? weeks.join(', ') : 'none'}`);
  const results: LevelEvaluationResult[] = [];
  for (const weekStart of weeks) {
    try {
      results.push(
        await wf.executeChild(levelEvaluationWorkflow, {
          workflowId: levelEvaluationWorkflowId(weekStart),
          args: [{ weekStart }],
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          staticSummary: `Weekly level evaluation, week of ${weekStart}`,
        }),
      );
    } catch (err) {
      // Started by staff meanwhile (running or done): that run evaluates the week.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      wf.log.info('week already being evaluated', { weekStart });
    }
    wf.setCurrentDetails(`Weeks to evaluate: ${weeks.join(', ')}; done: ${results.map((r) => r.weekStart).join(', ')}`);
  }
  return { weeks, results };
}

export async function progressionNoticeWorkflow(notice: ProgressionNotice): Promise<boolean> {
  return notices.sendProgressionNotice.executeWithOptions({ summary: `${notice.kind} to user ${notice.userId}` }, [
    notice,
  ]);
}
