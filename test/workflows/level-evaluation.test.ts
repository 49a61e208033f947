// The weekly level evaluation under time skipping. The time-skipping test server has no Schedules,
// so the test does what the schedule does at each fire (Monday 00:05 in the rules zone): it starts
// the catch-up workflow once the server's clock reaches that instant. The activities are stand-ins
// that remember which weeks were evaluated, in which order; the schedule itself is tested against
// the dev server (test/integration/temporal/schedules.test.ts).
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { weekStartOf } from '../../src/domain/progression';
import type {
  CatchUpResult,
  LevelBatchResult,
  LevelEvaluationCounts,
  ProgressionNotice,
} from '../../src/contracts/progression';
import { emptyCounts } from '../../src/contracts/progression';
import { startTimeSkippingServer, uniqueTaskQueue, workflowBundle } from '../support/temporal';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const TZ = 'Asia/Tashkent'; // UTC+5: Monday 00:05 local is Sunday 19:05 UTC

let env: TestWorkflowEnvironment;
const taskQueue = uniqueTaskQueue('level-evaluation');
const completed: string[] = [];
const batches: { weekStart: string; afterUserId: number }[] = [];
const notices: ProgressionNotice[] = [];
const summaries: string[] = [];

// Users 1..3.
const fakeActivities: Partial<Activities> = {
  async progressionTimeZone() {
    return TZ;
  },
  async lastCompletedEvaluationWeek() {
    return completed.length ? [...completed].sort().at(-1)! : null;
  },
  async completeEvaluationWeek(params: { weekStart: string; counts: LevelEvaluationCounts }) {
    completed.push(params.weekStart);
  },
  async evaluateLevelBatch(params: {
    weekStart: string;
    afterUserId: number;
    batchSize: number;
  }): Promise<LevelBatchResult> {
    batches.push({ weekStart: params.weekStart, afterUserId: params.afterUserId });
    const userIds = [1, 2, 3].filter((id) => id > params.afterUserId).slice(0, params.batchSize);
    return { userIds, counts: { ...emptyCounts(), maintained: userIds.length }, lastUserId: userIds.at(-1) ?? null };
  },
  async sendProgressionNotice(notice: ProgressionNotice) {
    notices.push(notice);
    return true;
  },
  async sendWeeklySummary(params: { weekStart: string }) {
    summaries.push(params.weekStart);
    return 1;
  },
};

let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: fakeActivities,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** The next Monday 00:05 in TZ strictly after `now` (epoch ms). */
function nextMondayFire(now: number): number {
  for (let at = Math.floor(now / 60_000) * 60_000 + 60_000; ; at += 60_000) {
    const local = new Date(at + 5 * 3_600_000);
    if (local.getUTCDay() === 1 && local.getUTCHours() === 0 && local.getUTCMinutes() === 5) return at;
  }
}

/** Skips the server's clock to the instant and runs what the schedule starts there. */
async function fireAt(at: number): Promise<CatchUpResult> {
  const now = await env.currentTimeMs();
  // (A negative sleep would skip years ahead.)
  if (at > now) await env.sleep(at - now);
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(at);
  const handle = await env.client.workflow.start('levelEvaluationCatchUpWorkflow', {
    workflowId: `level-evaluation-catch-up-${at}`,
    taskQueue,
    args: [],
  });
  // Waits on the wall clock: result() would let the server skip time while it waits (years ahead
  // once nothing is scheduled), and the next fire must see the clock where this one left it.
  const deadline = Date.now() + 30_000;
  while ((await handle.describe()).status.name === 'RUNNING' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The result from the history (result() too would unlock time skipping).
  const history = await handle.fetchHistory();
  const payload = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  if (!payload) throw new Error('the catch-up run did not complete');
  return defaultPayloadConverter.fromPayload<CatchUpResult>(payload);
}

it('at Monday 00:05 evaluates the week that just ended, once', async () => {
  const fire = nextMondayFire(await env.currentTimeMs());
  const endedWeek = weekStartOf(fire - 7 * DAY, TZ);
  // Everything before that week is already done.
  completed.push(weekStartOf(fire - 14 * DAY, TZ));

  const result = await fireAt(fire);
  expect(result.weeks).toEqual([endedWeek]);
  expect(result.results).toEqual([
    { weekStart: endedWeek, users: 3, counts: { ...emptyCounts(), maintained: 3 }, undelivered: 0 },
  ]);
  // Three users fit one batch (50 by default).
  expect(batches).toEqual([{ weekStart: endedWeek, afterUserId: 0 }]);
  expect(notices.map((n) => n.userId)).toEqual([1, 2, 3]);
  expect(summaries).toEqual([endedWeek]);

  // Another start in the same week (a second fire, a manual trigger of the schedule) finds nothing to do.
  const again = await fireAt(fire + 60_000);
  expect(again.weeks).toEqual([]);
  expect(summaries).toEqual([endedWeek]);
});

it('after a skipped Monday, evaluates both missed weeks in order', async () => {
  batches.length = 0;
  // Two Mondays later: the one in between was missed (worker or server down).
  const first = nextMondayFire(await env.currentTimeMs());
  const second = nextMondayFire(first);
  // Every week before the one that ended at the missed fire is done.
  const lastDone = weekStartOf(first - 14 * DAY, TZ);
  completed.push(lastDone);
  const result = await fireAt(second);
  const missed = [weekStartOf(first - 7 * DAY, TZ), weekStartOf(second - 7 * DAY, TZ)];
  expect(missed[0] > lastDone).toBe(true);
  expect(result.weeks).toEqual(missed);
  expect(result.results.map((r) => r.weekStart)).toEqual(missed);
  expect([...new Set(batches.map((b) => b.weekStart))]).toEqual(missed);
  expect(completed.slice(-2)).toEqual(missed);
});
