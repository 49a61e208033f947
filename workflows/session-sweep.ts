// pausedSessionSweepWorkflow: started every few minutes by the Schedule `paused-session-sweep`
// (src/temporal/schedules.ts). The safety net under each work session's own auto-resume timer: a
// paused session whose daily pause budget ran out but which is still paused (its workflow lost,
// terminated or reset to before the pause) is resumed at the moment the budget ran out.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PERSISTENCE_OPTIONS } from './activity-options';
import type { PausedSessionSweepResult } from '../src/contracts/messages';

const sweeper = wf.proxyActivities<Activities>({ ...PERSISTENCE_OPTIONS, startToCloseTimeout: '5 minutes' });

export async function pausedSessionSweepWorkflow(): Promise<PausedSessionSweepResult> {
  // Workflow time: under a time-skipping test server it is the server's clock, not the wall's.
  const result = await sweeper.resumeOverduePausedSessions({ now: Date.now() });
  wf.setCurrentDetails(
    `**Paused-session sweep** — ${result.paused} paused, ${result.resumed.length} resumed` +
      (result.resumed.length ? `: ${result.resumed.map((id) => `#${id}`).join(', ')}` : ''),
  );
  return result;
}
