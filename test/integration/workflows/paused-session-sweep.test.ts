// The Schedule `paused-session-sweep` on a real dev server: every 5 minutes, overlap SKIP; a fire
// resumes a session paused two hours ago whose workflow never existed (its timer with it), at
// the moment its 30-minute budget ran out.
import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { Actor } from '../../../src/domain';
import { User, WorkSession, WorkSessionTransition } from '../../../src/db/entities';
import { pausedSessionSweepScheduleOptions } from '../../../src/schedules';
import { PAUSED_SESSION_SWEEP_WORKFLOW_ID, workSessionWorkflowId } from '../../../src/contracts/messages';
import { createTicket, createWorkSession } from '../../support/factories';
import { actorWith, startWorkshop, type Workshop } from '../../support/workshop';

jest.setTimeout(120_000);

let workshop: Workshop;
let tech: Actor;

beforeAll(async () => {
  workshop = await startWorkshop();
  tech = await actorWith(workshop, ['technician']);
});
afterAll(() => workshop?.stop());

const em = () => workshop.db.orm.em.fork();
const HOUR = 3_600_000;

it('a fire resumes a paused session whose timer was lost, at the moment its budget ran out', async () => {
  // Paused two hours ago, and no workflow ever held its timer.
  const manager = em();
  const technician = manager.getReference(User, tech.id);
  const ticket = await createTicket(manager, { status: 'in_progress', technician });
  const startedAt = new Date(Date.now() - 3 * HOUR);
  const pausedAt = new Date(Date.now() - 2 * HOUR);
  const session = await createWorkSession(manager, { ticket, status: 'paused', startedAt, activeSeconds: 3600 });
  for (const [action, fromStatus, toStatus, eventAt] of [
    ['started', null, 'running', startedAt],
    ['paused', 'running', 'paused', pausedAt],
  ] as const) {
    manager.create(WorkSessionTransition, {
      session,
      ticket,
      fromStatus,
      toStatus,
      action,
      actor: technician,
      eventAt,
      metadata: {},
    });
  }
  await manager.flush();

  const options = pausedSessionSweepScheduleOptions(workshop.taskQueue);
  const schedule = await workshop.env.client.schedule.create(options);
  try {
    const described = await schedule.describe();
    expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 5 * 60_000 })]);
    expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'pausedSessionSweepWorkflow',
      workflowId: PAUSED_SESSION_SWEEP_WORKFLOW_ID,
      taskQueue: workshop.taskQueue,
    });

    await schedule.trigger();
    const deadline = Date.now() + 60_000;
    while ((await em().findOneOrFail(WorkSession, session.id)).status === 'paused') {
      if (Date.now() > deadline) throw new Error('the sweep did not resume the session within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await schedule.delete();
  }
  const resumed = await em().findOneOrFail(WorkSessionTransition, { session: session.id, action: 'resumed' });
  expect(resumed.metadata).toMatchObject({ auto_resumed: true, reason: 'daily_pause_limit_reached' });
  // The 30-minute budget ran out 30 minutes into the pause (a day boundary in between gives a fresh budget).
  expect(resumed.eventAt.getTime() - pausedAt.getTime()).toBeGreaterThanOrEqual(30 * 60_000);
  expect(resumed.eventAt.getTime()).toBeLessThan(Date.now() - 30 * 60_000);
  // Its workflow was started again from Postgres, running, and takes the technician's presses.
  const view = await workshop.env.client.workflow
    .getHandle(workSessionWorkflowId(session.id))
    .query<{ status: string }>('view');
  expect(view.status).toBe('running');
});
