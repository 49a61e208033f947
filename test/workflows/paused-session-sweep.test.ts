// The paused-session sweep under time skipping: a paused session whose own auto-resume timer was
// lost with its workflow is resumed by the sweep at the moment its budget ran out, and the session
// answers presses again; a session still inside its budget, or already resumed, is left alone.
import { defaultPayloadConverter } from '@temporalio/common';
import { type Actor } from '../../src/domain';
import { WorkSession, WorkSessionTransition } from '../../src/db/entities';
import { workSessionWorkflowId, type PausedSessionSweepResult } from '../../src/contracts/messages';
import { actorWith, newTicket, startWorkshop, type Workshop } from '../support/workshop';

jest.setTimeout(120_000);

let workshop: Workshop;
let master: Actor;

beforeAll(async () => {
  workshop = await startWorkshop({ timeSkipping: true });
  master = await actorWith(workshop, ['master']);
});
afterAll(() => workshop?.stop());

const em = () => workshop.db.orm.em.fork();

async function pausedSession() {
  const tech = await actorWith(workshop, ['technician']);
  const { ticket } = await newTicket(workshop, master);
  await workshop.service.approveReview(master, ticket.id);
  await workshop.service.assign(master, ticket.id, tech.id);
  const started = await workshop.service.start(tech, ticket.id);
  const paused = await workshop.service.pause(tech, ticket.id);
  return { tech, ticketId: ticket.id, sessionId: started.session!.id, exhaustsAt: paused.pauseBudgetExhaustsAt! };
}

let sweeps = 0;
/**
 * One sweep run, as the Schedule starts it. Read from its history by polling: the time-skipping
 * client's result() lets the server's clock run while it waits, and the sessions' timers with it.
 */
async function sweep(): Promise<PausedSessionSweepResult> {
  const handle = await workshop.env.client.workflow.start('pausedSessionSweepWorkflow', {
    taskQueue: workshop.taskQueue,
    workflowId: `paused-session-sweep-test-${(sweeps += 1)}`,
  });
  for (;;) {
    const { events } = await handle.fetchHistory();
    const completed = events?.at(-1)?.workflowExecutionCompletedEventAttributes;
    if (completed) return defaultPayloadConverter.fromPayload(completed.result!.payloads![0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('paused-session sweep', () => {
  it('resumes a paused session whose timer was lost, at the moment its budget ran out', async () => {
    const { tech, ticketId, sessionId, exhaustsAt } = await pausedSession();
    // Still inside the budget: nothing to do.
    expect((await sweep()).resumed).not.toContain(sessionId);

    // The workflow, and its timer with it, is gone (terminated by an operator, a bad reset).
    await workshop.env.client.workflow.getHandle(workSessionWorkflowId(sessionId)).terminate('timer lost');
    await workshop.env.sleep('45 minutes');
    expect((await em().findOneOrFail(WorkSession, sessionId)).status).toBe('paused');

    const result = await sweep();
    expect(result.resumed).toEqual([sessionId]);
    const session = await em().findOneOrFail(WorkSession, sessionId);
    expect(session.status).toBe('running');
    const last = await em().findOneOrFail(
      WorkSessionTransition,
      { session: sessionId },
      { orderBy: { eventAt: 'desc', id: 'desc' } },
    );
    expect(last.action).toBe('resumed');
    expect(last.metadata).toMatchObject({ auto_resumed: true, reason: 'daily_pause_limit_reached' });
    // Resumed when the budget ran out, not when the sweep came: the overrun is not counted as pause.
    expect(Math.abs(last.eventAt.getTime() - exhaustsAt)).toBeLessThanOrEqual(1_000);

    // Once is enough: the next sweep finds it running.
    expect((await sweep()).resumed).toEqual([]);
    expect(await em().count(WorkSessionTransition, { session: sessionId, action: 'resumed' })).toBe(1);
    // The session's workflow (started again by the sweep) takes the technician's presses.
    expect((await workshop.service.stop(tech, ticketId)).status).toBe('stopped');
  });

  it('leaves a session whose own timer fired alone', async () => {
    const { sessionId } = await pausedSession();
    await workshop.env.sleep('45 minutes');
    expect((await em().findOneOrFail(WorkSession, sessionId)).status).toBe('running');
    expect((await sweep()).resumed).not.toContain(sessionId);
    expect(await em().count(WorkSessionTransition, { session: sessionId, action: 'resumed' })).toBe(1);
  });
});
