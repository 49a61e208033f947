// The weekly level evaluation's Temporal Schedule against a real dev server (the time-skipping
// server has no Schedules): created once, brought up to date on every later worker start, never
// duplicated; Monday 00:05 in the rules zone, overlap SKIP, a catch-up window for downtime.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { ensureLevelEvaluationSchedule, LEVEL_EVALUATION_CATCH_UP_WINDOW } from '../../../src/schedules';
import { LEVEL_EVALUATION_CATCH_UP_ID, LEVEL_EVALUATION_SCHEDULE_ID } from '../../../src/contracts/progression';
import { startDevServer } from '../../support/temporal';

jest.setTimeout(120_000);

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startDevServer();
});
afterAll(() => env?.teardown());

async function scheduleIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
  return ids;
}

it('is created once, then updated in place: Monday 00:05 in the rules zone, overlap SKIP, catch-up window', async () => {
  const first = await ensureLevelEvaluationSchedule(env.client, { taskQueue: 'q1', timeZone: 'Asia/Tashkent' });
  expect(first).toBe('created');
  const again = await ensureLevelEvaluationSchedule(env.client, { taskQueue: 'q1', timeZone: 'Asia/Tashkent' });
  expect(again).toBe('updated');

  const handle = env.client.schedule.getHandle(LEVEL_EVALUATION_SCHEDULE_ID);
  let described = await handle.describe();
  expect(described.spec.timezone).toBe('Asia/Tashkent');
  expect(described.spec.calendars).toEqual([
    expect.objectContaining({
      dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
      hour: [{ start: 0, end: 0, step: 1 }],
      minute: [{ start: 5, end: 5, step: 1 }],
    }),
  ]);
  expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
  expect(described.policies.catchupWindow).toBe(7 * 24 * 3_600_000);
  expect(LEVEL_EVALUATION_CATCH_UP_WINDOW).toBe('7 days');
  expect(described.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'levelEvaluationCatchUpWorkflow',
    workflowId: LEVEL_EVALUATION_CATCH_UP_ID,
    taskQueue: 'q1',
  });
  // The next fire is a Monday 00:05 in Tashkent (Sunday 19:05 UTC).
  const next = described.info.nextActionTimes[0]!;
  expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 19, 5]);

  // A later worker start with another rules zone and task queue updates the same schedule.
  await ensureLevelEvaluationSchedule(env.client, { taskQueue: 'q2', timeZone: 'Europe/Berlin' });
  described = await handle.describe();
  expect(described.spec.timezone).toBe('Europe/Berlin');
  expect(described.action).toMatchObject({ taskQueue: 'q2' });
  expect(await scheduleIds()).toEqual([LEVEL_EVALUATION_SCHEDULE_ID]);
});
