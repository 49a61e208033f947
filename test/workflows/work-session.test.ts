import { temporal } from '@temporalio/proto';
import { DomainError, type Actor } from '../../src/domain';
import { WorkSessionTransition } from '../../src/db/entities';
import { workSessionViewQuery, workSessionWorkflowId } from '../../src/contracts/messages';
import { recordHistory } from '../support/histories';
import { activateRules } from '../support/rules';
import { actorWith, newTicket, startWorkshop, type Workshop } from '../support/workshop';

jest.setTimeout(120_000);

const { EventType } = temporal.api.enums.v1;

// One time-skipping server for the file: its clock is shared, so the tests run in order.
let workshop: Workshop;
let master: Actor;

beforeAll(async () => {
  workshop = await startWorkshop({ timeSkipping: true });
  master = await actorWith(workshop, ['master']);
});
afterAll(() => workshop?.stop());

const em = () => workshop.db.orm.em.fork();
const HOUR = 3_600_000;

async function runningSession(tech: Actor) {
  const created = await newTicket(workshop, master);
  const ticketId = created.ticket.id;
  await workshop.service.approveReview(master, ticketId);
  await workshop.service.assign(master, ticketId, tech.id);
  const started = await workshop.service.start(tech, ticketId);
  return { ticketId, sessionId: started.session!.id };
}

/** Moves the server clock forward to the next hh:mm UTC; returns that moment. */
async function moveClockTo(hour: number, minute = 0): Promise<number> {
  const now = await workshop.env.currentTimeMs();
  const dayStart = Math.floor(now / (24 * HOUR)) * 24 * HOUR;
  let target = dayStart + hour * HOUR + minute * 60_000;
  if (target <= now) target += 24 * HOUR;
  await workshop.env.sleep(target - now);
  return target;
}

const sessionHandle = (sessionId: number) => workshop.env.client.workflow.getHandle(workSessionWorkflowId(sessionId));
const sessionActions = async (sessionId: number) =>
  em().find(WorkSessionTransition, { session: sessionId }, { orderBy: { eventAt: 'asc', id: 'asc' } });

describe('work session pause budget under time skipping', () => {
  it('auto-resumes at the exact moment the daily budget runs out; a new day brings a new budget', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const { ticketId, sessionId } = await runningSession(tech);
    await moveClockTo(8);
    const paused = await workshop.service.pause(tech, ticketId);
    expect(paused.status).toBe('paused');
    const pausedRow = (await sessionActions(sessionId)).at(-1)!;
    expect(paused.pauseBudgetExhaustsAt).toBe(pausedRow.eventAt.getTime() + 30 * 60_000);

    await workshop.env.sleep('45 minutes');
    const view = await sessionHandle(sessionId).query(workSessionViewQuery);
    expect(view.status).toBe('running');
    const resumed = (await sessionActions(sessionId)).at(-1)!;
    expect(resumed.action).toBe('resumed');
    expect(resumed.metadata).toMatchObject({ auto_resumed: true, reason: 'daily_pause_limit_reached' });
    expect(resumed.actor?.id).toBe(tech.id);
    expect(Math.abs(resumed.eventAt.getTime() - paused.pauseBudgetExhaustsAt!)).toBeLessThanOrEqual(1_000);

    // The budget is spent for today: the next pause is refused with the exact text.
    await expect(workshop.service.pause(tech, ticketId)).rejects.toThrow(
      'Daily pause limit is fully reached for today.',
    );

    // Skip a whole day: the server does it in moments (a real one-day wait could never pass this).
    const workflowTimeBefore = await workshop.env.currentTimeMs();
    const wallBefore = Date.now();
    await workshop.env.sleep('1 day');
    expect(Date.now() - wallBefore).toBeLessThan(10_000);
    expect((await workshop.env.currentTimeMs()) - workflowTimeBefore).toBeGreaterThanOrEqual(24 * HOUR);
    // Midnight reset: the new day's budget allows pausing again.
    expect((await workshop.service.pause(tech, ticketId)).status).toBe('paused');
    await workshop.service.stop(tech, ticketId);
    await recordHistory(sessionHandle(sessionId), 'work-session-auto-resume');
  });

  it('a manual resume before the budget runs out cancels the timer', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const { ticketId, sessionId } = await runningSession(tech);
    await workshop.service.pause(tech, ticketId);
    await workshop.env.sleep('10 minutes');
    expect((await workshop.service.resume(tech, ticketId)).status).toBe('running');
    await workshop.env.sleep('2 hours');

    const actions = (await sessionActions(sessionId)).map((t) => [t.action, t.metadata.auto_resumed ?? false]);
    expect(actions).toEqual([
      ['started', false],
      ['paused', false],
      ['resumed', false],
    ]);
    const history = await sessionHandle(sessionId).fetchHistory();
    const types = history.events!.map((e) => e.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
    expect(types).not.toContain(EventType.EVENT_TYPE_TIMER_FIRED);
    const result = await workshop.service.stop(tech, ticketId);
    expect(result.status).toBe('stopped');
    expect(await sessionHandle(sessionId).result()).toMatchObject({ sessionId, activeSeconds: result.activeSeconds });
  });

  it('a pause crossing local midnight gets the new day’s budget', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const { ticketId, sessionId } = await runningSession(tech);
    // 23:50 UTC (the rules' default time zone).
    const nextMidnight = (await moveClockTo(23, 50)) + 10 * 60_000;

    const paused = await workshop.service.pause(tech, ticketId);
    const pausedAt = (await sessionActions(sessionId)).at(-1)!.eventAt.getTime();
    expect(pausedAt).toBeGreaterThanOrEqual(nextMidnight - 10 * 60_000 - 1_000);
    // 10 minutes of yesterday's budget, then a fresh 30 minutes from midnight.
    expect(paused.pauseBudgetExhaustsAt).toBe(nextMidnight + 30 * 60_000);

    await workshop.env.sleep('2 hours');
    const resumed = (await sessionActions(sessionId)).at(-1)!;
    expect(resumed.metadata).toMatchObject({ auto_resumed: true });
    expect(resumed.eventAt.getTime()).toBe(nextMidnight + 30 * 60_000);
    await workshop.service.stop(tech, ticketId);
  });

  it('a daily limit of 0 refuses every pause', async () => {
    await activateRules(workshop.db.orm, (rules) => ({
      ...rules,
      work_session: { ...rules.work_session, daily_pause_limit_minutes: 0 },
    }));
    const tech = await actorWith(workshop, ['technician']);
    const { ticketId, sessionId } = await runningSession(tech);
    const err = await workshop.service.pause(tech, ticketId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toBe('Daily pause limit is fully reached for today.');
    expect((await sessionActions(sessionId)).map((t) => t.action)).toEqual(['started']);
  });
});
