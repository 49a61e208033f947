// Temporal Schedules, created or updated idempotently when a worker starts.
//
// `level-evaluation-weekly` fires every Monday 00:05 in the rules time zone and starts the catch-up
// workflow (workflows/level-evaluation.ts), which evaluates every week not yet done, oldest first.
// Overlap SKIP: no run starts while one is active. The catch-up window lets the server run a fire
// missed while it (or every worker) was down once it is back; the workflow itself finds the weeks.
//
// `paused-session-sweep` fires every PAUSED_SESSION_SWEEP_EVERY and starts the sweep
// (workflows/session-sweep.ts), which resumes paused sessions whose budget ran out but whose own
// timer did not fire. Overlap SKIP; missed fires are not caught up (the next one sweeps the same).
import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleOptions,
  ScheduleOverlapPolicy,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import type { CoreDeps } from './deps';
import type { Logger } from './logger';
import { progressionTimeZone } from './services/progression';
import { activeRules } from './reads/rules-store';
import { LEVEL_EVALUATION_CATCH_UP_ID, LEVEL_EVALUATION_SCHEDULE_ID } from './contracts/progression';
import { PAUSED_SESSION_SWEEP_SCHEDULE_ID, PAUSED_SESSION_SWEEP_WORKFLOW_ID } from './contracts/messages';

/** Missed fires up to this old still run after downtime. */
export const LEVEL_EVALUATION_CATCH_UP_WINDOW = '7 days';

export function levelEvaluationScheduleOptions(taskQueue: string, timeZone: string): ScheduleOptions {
  return {
    scheduleId: LEVEL_EVALUATION_SCHEDULE_ID,
    spec: {
      calendars: [{ dayOfWeek: 'MONDAY', hour: 0, minute: 5, comment: 'Monday 00:05, rules time zone' }],
      timezone: timeZone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'levelEvaluationCatchUpWorkflow',
      workflowId: LEVEL_EVALUATION_CATCH_UP_ID,
      taskQueue,
      args: [],
      staticSummary: 'Weekly level evaluation: every week not yet evaluated, oldest first',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: LEVEL_EVALUATION_CATCH_UP_WINDOW },
    state: { note: 'Created by the ticketflow worker at start-up' },
  };
}

/** Creates the weekly schedule, or brings an existing one to the current spec, action and policies. */
export async function ensureLevelEvaluationSchedule(
  client: Client,
  options: { taskQueue: string; timeZone: string; logger?: Logger },
): Promise<'created' | 'updated'> {
  const wanted = levelEvaluationScheduleOptions(options.taskQueue, options.timeZone);
  return ensureSchedule(client, wanted, options.logger, { timeZone: options.timeZone });
}

/** How often the paused-session sweep runs. */
export const PAUSED_SESSION_SWEEP_EVERY = '5 minutes';

export function pausedSessionSweepScheduleOptions(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: PAUSED_SESSION_SWEEP_SCHEDULE_ID,
    spec: { intervals: [{ every: PAUSED_SESSION_SWEEP_EVERY }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'pausedSessionSweepWorkflow',
      workflowId: PAUSED_SESSION_SWEEP_WORKFLOW_ID,
      taskQueue,
      args: [],
      staticSummary: 'Resumes paused sessions whose pause budget ran out but whose timer did not fire',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    state: { note: 'Created by the ticketflow worker at start-up' },
  };
}

/** Creates the schedule, or brings an existing one to the wanted spec, action and policies. */
async function ensureSchedule(
  client: Client,
  wanted: ScheduleOptions,
  logger?: Logger,
  context: Record<string, unknown> = {},
): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create(wanted);
    logger?.info({ schedule: wanted.scheduleId, ...context }, 'schedule created');
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(wanted.scheduleId).update((previous): ScheduleUpdateOptions => ({
    ...previous,
    spec: wanted.spec,
    action: wanted.action,
    policies: { ...previous.policies, ...wanted.policies },
  }));
  logger?.info({ schedule: wanted.scheduleId, ...context }, 'schedule updated');
  return 'updated';
}

/** Every schedule of the system, at worker start; the time zone comes from the active rules. */
export async function ensureSchedules(deps: CoreDeps): Promise<void> {
  const { config } = await activeRules(deps.orm.em.fork());
  await ensureLevelEvaluationSchedule(deps.temporal, {
    taskQueue: deps.config.temporal.taskQueue,
    timeZone: progressionTimeZone(config),
    logger: deps.logger,
  });
  await ensureSchedule(deps.temporal, pausedSessionSweepScheduleOptions(deps.config.temporal.taskQueue), deps.logger);
}
