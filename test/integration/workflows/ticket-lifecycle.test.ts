import type { WorkflowHandle } from '@temporalio/client';
import { DomainError, type Actor } from '../../../src/domain';
import {
  InventoryItem,
  TicketTransition,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
} from '../../../src/db/entities';
import { ticketViewQuery, ticketWorkflowId, workSessionWorkflowId } from '../../../src/contracts/messages';
import { technicianDashboard, ticketCard, xpSummary } from '../../../src/reads/ticket-queries';
import { recordHistory } from '../../support/histories';
import { actorWith, newTicket, startWorkshop, type Workshop } from '../../support/workshop';

jest.setTimeout(120_000);

let workshop: Workshop;
let master: Actor;
let qc: Actor;

beforeAll(async () => {
  workshop = await startWorkshop();
  master = await actorWith(workshop, ['master']);
  qc = await actorWith(workshop, ['qc_inspector']);
});
afterAll(() => workshop?.stop());

const em = () => workshop.db.orm.em.fork();
const transitions = async (ticketId: number) =>
  (await em().find(TicketTransition, { ticket: ticketId }, { orderBy: { id: 'asc' } })).map((t) => t.action);
const itemStatus = async (ticketId: number) => {
  const view = await workshop.service['snapshot'](ticketId);
  return (await em().findOneOrFail(InventoryItem, view.ticket.inventoryItemId)).status;
};
const xpRows = async (ticketId: number) =>
  (await em().find(XpTransaction, { payload: { ticket_id: ticketId } }, { orderBy: { id: 'asc' } })).map((x) => ({
    user: x.user.id,
    type: x.entryType,
    amount: x.amount,
    reference: x.reference,
  }));

async function assignedTicket(technician: Actor, minutes = [45]) {
  const created = await newTicket(workshop, master, minutes);
  await workshop.service.approveReview(master, created.ticket.id);
  await workshop.service.assign(master, created.ticket.id, technician.id);
  return created.ticket.id;
}

/** History length once the assignment notifications (sent after the update returned) are done. */
async function settledHistoryLength(handle: WorkflowHandle): Promise<number> {
  let previous = -1;
  for (;;) {
    const length = (await handle.fetchHistory()).events?.length ?? 0;
    if (length === previous) return length;
    previous = length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function expectDomainError(promise: Promise<unknown>, text: string) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).message).toBe(text);
}

describe('ticket lifecycle on the dev server and real Postgres', () => {
  it('master → technician → QC pass: transitions in order, item in_service → ready, XP and notifications', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    expect(await itemStatus(ticketId)).toBe('ready');

    const started = await workshop.service.start(tech, ticketId);
    expect(started.ticket.status).toBe('in_progress');
    expect(started.session).toMatchObject({ technicianId: tech.id, status: 'running' });
    expect(await itemStatus(ticketId)).toBe('in_service');
    const ticketHandle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId));
    const ticketEvents = await settledHistoryLength(ticketHandle);

    expect((await ticketCard(em(), ticketId, tech.id))?.actions).toEqual(['pause', 'stop']);
    expect((await ticketCard(em(), ticketId, qc.id))?.actions).toEqual([]);
    expect((await workshop.service.pause(tech, ticketId)).status).toBe('paused');
    expect((await ticketCard(em(), ticketId, tech.id))?.actions).toEqual(['resume', 'stop']);
    expect((await workshop.service.resume(tech, ticketId)).status).toBe('running');
    const stopped = await workshop.service.stop(tech, ticketId);
    expect(stopped.status).toBe('stopped');
    expect((await ticketCard(em(), ticketId, tech.id))?.actions).toEqual(['to_waiting_qc']);
    // The session's presses are its own workflow's: the ticket's history does not grow with them.
    expect(await settledHistoryLength(ticketHandle)).toBe(ticketEvents);
    const active = await technicianDashboard(em(), tech.id, 'active', 1);
    expect(active.rows).toEqual([
      {
        id: ticketId,
        serial: started.serial,
        status: 'in_progress',
        sessionStatus: 'stopped',
        potentialXp: 3,
        acquiredXp: 0,
      },
    ]);

    const waiting = await workshop.service.sendToQc(tech, ticketId, { metadata: { source: 'test' } });
    expect(waiting.ticket.status).toBe('waiting_qc');
    const done = await workshop.service.qcPass(qc, ticketId);
    expect(done.ticket.status).toBe('done');
    expect(done.ticket.finishedAt).not.toBeNull();

    expect(await transitions(ticketId)).toEqual(['created', 'assigned', 'started', 'to_waiting_qc', 'qc_pass']);
    expect(await itemStatus(ticketId)).toBe('ready');
    expect((await technicianDashboard(em(), tech.id, 'active', 1)).total).toBe(0);
    const past = await technicianDashboard(em(), tech.id, 'past', 7);
    expect(past).toMatchObject({ scope: 'past', page: 1, pageCount: 1, total: 1 });
    expect(past.rows[0]).toMatchObject({ id: ticketId, status: 'done', acquiredXp: 4, potentialXp: 3 });
    expect(await xpSummary(em(), tech.id)).toMatchObject({
      total: 4,
      progress: { level: 1, nextLevel: 2, xpToNextLevel: 196 },
    });
    const sessionActions = (
      await em().find(WorkSessionTransition, { ticket: ticketId }, { orderBy: { eventAt: 'asc', id: 'asc' } })
    ).map((t) => t.action);
    expect(sessionActions).toEqual(['started', 'paused', 'resumed', 'stopped']);

    // 45 planned minutes, worked well within them: base ceil(45/20) = 3, QC 1, first-pass bonus 1.
    expect(await xpRows(ticketId)).toEqual([
      { user: tech.id, type: 'ticket_base_xp', amount: 3, reference: `ticket_base_xp:${ticketId}` },
      {
        user: qc.id,
        type: 'ticket_qc_status_update',
        amount: 1,
        reference: expect.stringMatching(`^ticket_qc_status_update:${ticketId}:\\d+$`),
      },
      {
        user: tech.id,
        type: 'ticket_qc_first_pass_bonus',
        amount: 1,
        reference: `ticket_qc_first_pass_bonus:${ticketId}`,
      },
    ]);

    const handle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId));
    expect(await handle.result()).toMatchObject({ ticket: { status: 'done' } });
    expect(workshop.notifier.events(ticketId)).toEqual([
      'ticket_assigned_master',
      'ticket_assigned_technician',
      'ticket_started_master',
      'ticket_waiting_qc_reviewers',
      'ticket_qc_pass',
    ]);
    const passNotification = workshop.notifier.sent.find(
      (n) => n.ticketId === ticketId && n.event === 'ticket_qc_pass',
    );
    expect(passNotification?.details).toMatchObject({ ticket_base_xp: 3, ticket_qc_first_pass_bonus: 1 });

    const description = await handle.describe();
    expect(description.typedSearchAttributes.getAll()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: expect.objectContaining({ name: 'TicketStatus' }), value: 'done' }),
        expect.objectContaining({ key: expect.objectContaining({ name: 'TechnicianId' }), value: tech.id }),
      ]),
    );
    expect(await description.staticSummary()).toBe(`Ticket #${ticketId} · ${started.serial}`);
    await recordHistory(handle, 'ticket-full-lifecycle');
    await recordHistory(
      workshop.env.client.workflow.getHandle(workSessionWorkflowId(started.session!.id)),
      'work-session-pause-manual-resume',
    );
  });

  it('QC fail → rework → a new session → QC pass, without the first-pass bonus', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech, [21]);
    await workshop.service.start(tech, ticketId);
    await workshop.service.stop(tech, ticketId);
    await workshop.service.sendToQc(tech, ticketId);
    const failed = await workshop.service.qcFail(qc, ticketId, 'Brake cable still loose');
    expect(failed.ticket).toMatchObject({ status: 'rework', technicianId: tech.id, finishedAt: null });
    expect(await itemStatus(ticketId)).toBe('in_service');

    const restarted = await workshop.service.start(tech, ticketId);
    expect(restarted.session?.status).toBe('running');
    await workshop.service.stop(tech, ticketId);
    await workshop.service.sendToQc(tech, ticketId);
    await workshop.service.qcPass(qc, ticketId);

    expect(await transitions(ticketId)).toEqual([
      'created',
      'assigned',
      'started',
      'to_waiting_qc',
      'qc_fail',
      'started',
      'to_waiting_qc',
      'qc_pass',
    ]);
    expect(await em().count(WorkSession, { ticket: ticketId })).toBe(2);
    const failRow = await em().findOneOrFail(TicketTransition, { ticket: ticketId, action: 'qc_fail' });
    expect(failRow.note).toBe('Brake cable still loose');
    expect((await xpRows(ticketId)).map((x) => [x.type, x.amount])).toEqual([
      ['ticket_qc_status_update', 1],
      ['ticket_base_xp', 2],
      ['ticket_qc_status_update', 1],
    ]);
    const failNotice = workshop.notifier.sent.find(
      (n) => n.ticketId === ticketId && n.event === 'ticket_qc_fail_technician',
    );
    expect(failNotice?.details).toMatchObject({ reason: 'Brake cable still loose' });
    await recordHistory(
      workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId)),
      'ticket-qc-fail-rework-pass',
    );
  });

  it('rejects an invalid action with the exact text and writes nothing, not even history', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    const handle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId));
    const eventsBefore = await settledHistoryLength(handle);

    await expectDomainError(
      workshop.service.sendToQc(tech, ticketId),
      'Work session must be stopped before moving ticket to waiting QC.',
    );
    await expectDomainError(workshop.service.qcPass(qc, ticketId), 'QC PASS allowed only from WAITING_QC.');
    await expectDomainError(
      workshop.service.qcPass(tech, ticketId),
      '⛔ This action is available only for QC inspectors.',
    );
    const other = await actorWith(workshop, ['technician']);
    await expectDomainError(workshop.service.start(other, ticketId), 'Only assigned technician can start this ticket.');
    await expectDomainError(
      workshop.service.pause(tech, ticketId),
      'No active work session found for this ticket and technician.',
    );

    expect((await handle.fetchHistory()).events?.length).toBe(eventsBefore);
    expect(await transitions(ticketId)).toEqual(['created', 'assigned']);
    expect(await handle.query(ticketViewQuery)).toMatchObject({ ticket: { status: 'assigned' } });
  });

  it('applies a repeated callback (same update id) once', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    const first = await workshop.service.start(tech, ticketId, { updateId: 'callback-start-1' });
    const again = await workshop.service.start(tech, ticketId, { updateId: 'callback-start-1' });
    expect(again).toEqual(first);
    const pausedOnce = await workshop.service.pause(tech, ticketId, { updateId: 'callback-pause-1' });
    const pausedAgain = await workshop.service.pause(tech, ticketId, { updateId: 'callback-pause-1' });
    expect(pausedAgain.status).toBe(pausedOnce.status);
    expect(await transitions(ticketId)).toEqual(['created', 'assigned', 'started']);
    expect(await em().count(WorkSessionTransition, { ticket: ticketId, action: 'paused' })).toBe(1);
  });

  it('two clicks on start race: exactly one session opens', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    const results = await Promise.allSettled([
      workshop.service.start(tech, ticketId, { updateId: 'click-a' }),
      workshop.service.start(tech, ticketId, { updateId: 'click-b' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DomainError);
    expect(await em().count(WorkSession, { ticket: ticketId })).toBe(1);
  });

  it('one technician starting two tickets at once: one wins, the other gets the exact refusal', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const first = await assignedTicket(tech);
    const second = await assignedTicket(tech);
    const results = await Promise.allSettled([
      workshop.service.start(tech, first),
      workshop.service.start(tech, second),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DomainError);
    expect((rejected.reason as DomainError).message).toBe(
      'Technician already has an active work session. Stop current work session or move ticket to waiting QC before starting another ticket.',
    );
    expect(await em().count(WorkSession, { technician: tech.id, status: { $in: ['running', 'paused'] } })).toBe(1);
  });

  it('a technician already working is refused a second start by the validator: no history on that ticket', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const working = await assignedTicket(tech);
    const next = await assignedTicket(tech);
    await workshop.service.start(tech, working);
    const handle = workshop.env.client.workflow.getHandle(ticketWorkflowId(next));
    const eventsBefore = await settledHistoryLength(handle);

    await expectDomainError(
      workshop.service.start(tech, next),
      'Technician already has an active work session. Stop current work session or move ticket to waiting QC before starting another ticket.',
    );

    expect((await handle.fetchHistory()).events?.length).toBe(eventsBefore);
    expect(await transitions(next)).toEqual(['created', 'assigned']);
  });

  it('two technicians racing for one ticket: only the assignee starts it', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const intruder = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    const [mine, theirs] = await Promise.allSettled([
      workshop.service.start(tech, ticketId),
      workshop.service.start(intruder, ticketId),
    ]);
    expect(mine.status).toBe('fulfilled');
    expect(theirs.status).toBe('rejected');
    expect(((theirs as PromiseRejectedResult).reason as Error).message).toMatch(
      /Only assigned technician can start this ticket\.|Ticket can be started only from ASSIGNED or REWORK\./,
    );
  });

  it('restarts a ticket workflow that never started, from the database state', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    const handle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId));
    await handle.terminate('simulated loss of the workflow');
    const started = await workshop.service.start(tech, ticketId);
    expect(started.ticket.status).toBe('in_progress');
    expect(await transitions(ticketId)).toEqual(['created', 'assigned', 'started']);
  });

  it("refuses an action on a done ticket by the update's own guard, starting no run of its finished workflow", async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    await workshop.service.start(tech, ticketId);
    await workshop.service.stop(tech, ticketId);
    await workshop.service.sendToQc(tech, ticketId);
    await workshop.service.qcPass(qc, ticketId);
    const handle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId));
    await handle.result(); // done: the run has completed
    // The workflow id's latest run, read from the history service (no eventually consistent listing).
    const latestRun = async () => (await handle.describe()).runId;
    const finishedRun = await latestRun();

    await expectDomainError(workshop.service.qcPass(qc, ticketId), 'QC PASS allowed only from WAITING_QC.');
    await expectDomainError(
      workshop.service.start(tech, ticketId),
      'Ticket can be started only from ASSIGNED or REWORK.',
    );

    expect(await latestRun()).toBe(finishedRun);
    expect(await transitions(ticketId)).toEqual(['created', 'assigned', 'started', 'to_waiting_qc', 'qc_pass']);
  });

  it('pauses a session whose workflow is gone, starting it again from the database state', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const ticketId = await assignedTicket(tech);
    const started = await workshop.service.start(tech, ticketId);
    const sessionId = started.session!.id;
    // Its workflow is started after the start's commit, not awaited by it: lost once it ran.
    const session = workshop.env.client.workflow.getHandle(workSessionWorkflowId(sessionId));
    for (
      let tries = 0;
      !(await session.describe().then(
        () => true,
        () => false,
      ));
      tries++
    ) {
      if (tries > 100) throw new Error('the work-session workflow never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await session.terminate('simulated loss');
    const paused = await workshop.service.pause(tech, ticketId);
    expect(paused).toMatchObject({ sessionId, status: 'paused' });
    const resumed = await workshop.service.resume(tech, ticketId);
    expect(resumed).toMatchObject({ sessionId, status: 'running' });
  });
});
