import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createTicketActivities } from '../../../activities/tickets';
import type {
  ApplyTicketActionParams,
  ApplyTicketActionResult,
  TicketActionRequest,
} from '../../../src/contracts/tickets';
import { findDomainError } from '../../../src/contracts/failures';
import { sql, sqlRun } from '../../../src/db/sql';
import type { Actor } from '../../../src/domain';
import { createLogger } from '../../../src/logger';
import { activeRules } from '../../../src/reads/rules-store';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTicket, createUser } from '../../support/factories';

// The ticket transaction on its own (no Temporal server): what it writes in its few statements,
// what a retried attempt returns, and how the database settles two starts the guards both let through.

let db: TestDatabase;
const started: { workflowId: string; args: unknown[]; staticSummary: string }[] = [];
const temporal = {
  workflow: {
    start: async (_type: string, options: (typeof started)[number]) => void started.push(options),
  },
} as unknown as Client;
let activities: ReturnType<typeof createTicketActivities>;
// The refused start of the race is expected: its activity failure is not logged.
const quiet = new DefaultLogger('ERROR');

beforeAll(async () => {
  db = await createTestDatabase();
  await activeRules(db.orm.em.fork());
  activities = createTicketActivities({ orm: db.orm, logger: createLogger('silent'), temporal });
});
afterAll(() => db?.drop());

const apply = (ticketId: number, opKey: string, request: TicketActionRequest): Promise<ApplyTicketActionResult> =>
  new MockActivityEnvironment({ taskQueue: 'tickets-test' }, { logger: quiet }).run(activities.applyTicketAction, {
    ticketId,
    opKey,
    at: Date.now(),
    request,
    startsSessionWorkflow: true,
  } satisfies ApplyTicketActionParams);

/** The starts of a session's workflow, once there are `count` (they run after the commit, not awaited). */
async function startsOf(sessionId: number | undefined, count: number) {
  const of = () => started.filter((s) => s.workflowId === `work-session-${sessionId}`);
  for (let waited = 0; of().length < count && waited < 5_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return of();
}

const rows = (query: string, params: unknown[] = []) => sql(db.orm.em.fork(), query, params);

async function assignedTicket() {
  const user = await createUser(db.orm, { roles: ['technician'], firstName: 'Ann', lastName: 'Lee' });
  const ticket = await createTicket(db.orm, { status: 'assigned', technician: user });
  const technician: Actor = { id: user.id, roles: ['technician'] };
  return { ticket, technician, user };
}

const stopSessions = (ticketId: number) =>
  sqlRun(
    db.orm.em.fork(),
    `update work_session set status = 'stopped', ended_at = now(), last_started_at = null where ticket_id = ?`,
    [ticketId],
  );

describe('applyTicketAction', () => {
  it('start → send to QC → QC pass: the rows, the results, the session workflow named from the transaction', async () => {
    const { ticket, technician } = await assignedTicket();
    const qc = await createUser(db.orm, { roles: ['qc_inspector'] });

    const start = await apply(ticket.id, 'op-start', { action: 'start', actor: technician });
    expect(start.ticket.status).toBe('in_progress');
    const session = start.startedSession;
    expect(session).toEqual({ id: expect.any(Number), technicianId: technician.id, status: 'running' });
    expect(start.latestSession).toEqual(session);
    expect(start.card).toMatchObject({
      status: 'in_progress',
      technicianName: 'Ann Lee',
      session: { id: session?.id },
    });
    expect(await startsOf(session?.id, 1)).toMatchObject([
      {
        args: [{ sessionId: session?.id, serial: ticket.inventoryItem.serialNumber, technicianName: 'Ann Lee' }],
      },
    ]);
    expect(await rows('select status from inventory_item where id = ?', [ticket.inventoryItem.id])).toEqual([
      { status: 'in_service' },
    ]);
    expect(
      await rows('select action, actor_id, metadata from work_session_transition where session_id = ?', [session?.id]),
    ).toEqual([{ action: 'started', actor_id: technician.id, metadata: { op_key: 'op-start' } }]);

    await stopSessions(ticket.id);
    const waiting = await apply(ticket.id, 'op-qc', {
      action: 'send_to_qc',
      actor: technician,
      metadata: { source: 'test' },
    });
    expect(waiting.ticket.status).toBe('waiting_qc');
    expect(waiting.latestSession).toEqual({ ...session, status: 'stopped' });

    const done = await apply(ticket.id, 'op-pass', {
      action: 'qc_pass',
      actor: { id: qc.id, roles: ['qc_inspector'] },
    });
    expect(done.ticket).toMatchObject({ status: 'done', finishedAt: expect.any(Number) });
    expect(done.notifications[0].details).toEqual({
      ticket_base_xp: 1,
      ticket_qc_status_update: 1,
      ticket_qc_first_pass_bonus: 1,
    });

    const transitions = await rows(
      'select id, action, metadata, note from ticket_transition where ticket_id = ? order by id',
      [ticket.id],
    );
    expect(transitions).toEqual([
      {
        id: expect.any(Number),
        action: 'started',
        note: '',
        metadata: { op_key: 'op-start', session_id: session?.id },
      },
      { id: expect.any(Number), action: 'to_waiting_qc', note: '', metadata: { op_key: 'op-qc', source: 'test' } },
      { id: expect.any(Number), action: 'qc_pass', note: '', metadata: { op_key: 'op-pass', rules_version: 1 } },
    ]);
    expect(
      await rows(`select reference from xp_transaction where payload ->> 'ticket_id' = ? order by id`, [
        String(ticket.id),
      ]),
    ).toEqual([
      { reference: `ticket_base_xp:${ticket.id}` },
      { reference: `ticket_qc_status_update:${ticket.id}:${transitions[2].id}` },
      { reference: `ticket_qc_first_pass_bonus:${ticket.id}` },
    ]);
    expect(
      await rows(
        `select t.waiting_qc_since is not null as waiting_since_kept, i.status as item_status
           from ticket t join inventory_item i on i.id = t.inventory_item_id where t.id = ?`,
        [ticket.id],
      ),
    ).toEqual([{ waiting_since_kept: true, item_status: 'ready' }]);
  });

  it('an attempt retried after its commit returns what the first did and writes nothing', async () => {
    const { ticket, technician } = await assignedTicket();
    const first = await apply(ticket.id, 'op-once', { action: 'start', actor: technician });
    const again = await apply(ticket.id, 'op-once', { action: 'start', actor: technician });
    expect(again).toEqual({ ...first, notifications: [] });
    expect(await rows('select count(*)::int as n from ticket_transition where ticket_id = ?', [ticket.id])).toEqual([
      { n: 1 },
    ]);
    // The retry starts the session's workflow again (a lost start), named as the first did.
    const [start, restart] = await startsOf(first.startedSession?.id, 2);
    expect(restart).toEqual(start);
  });

  it('one technician starting two tickets at once: the database lets one in, the other gets the refusal', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { ticket: a, technician, user } = await assignedTicket();
      const b = await createTicket(db.orm, { status: 'assigned', technician: user });
      const outcomes = await Promise.all(
        [a, b].map((t) =>
          apply(t.id, `op-race-${t.id}`, { action: 'start', actor: technician }).then(
            () => 'started',
            (err: unknown) => findDomainError(err)?.code ?? err,
          ),
        ),
      );
      expect(outcomes.sort()).toEqual(['started', 'ticket.technician_has_open_session']);
    }
  });

  it("wakes the ticket's chats only when the change queued something for them, or on a retry after the commit", async () => {
    let copiesElsewhere = 0;
    let recipients = 0;
    const woken: number[] = [];
    const withNotifier = createTicketActivities({
      orm: db.orm,
      logger: createLogger('silent'),
      temporal,
      ticketNotifier: {
        queue: async (_em, notifications) => notifications.map((n) => ({ ...n, queued: recipients > 0 })),
        queueRefresh: async () => copiesElsewhere,
        refresh: async (ticketId) => void woken.push(ticketId),
      },
    });
    const run = (ticketId: number, opKey: string, request: TicketActionRequest) =>
      new MockActivityEnvironment({ taskQueue: 'tickets-test' }, { logger: quiet }).run(
        withNotifier.applyTicketAction,
        { ticketId, opKey, at: Date.now(), request, startsSessionWorkflow: true, wakesLanes: true },
      );
    const { ticket, technician } = await assignedTicket();

    // The pressed card is the ticket's only copy: nothing was queued, no lane to wake.
    await run(ticket.id, 'op-alone', { action: 'start', actor: technician });
    expect(woken).toEqual([]);
    // The retry of a committed attempt cannot tell what the first queued: it wakes the chats.
    await run(ticket.id, 'op-alone', { action: 'start', actor: technician });
    expect(woken).toEqual([ticket.id]);

    await stopSessions(ticket.id);
    copiesElsewhere = 1;
    await run(ticket.id, 'op-copies', { action: 'send_to_qc', actor: technician });
    expect(woken).toEqual([ticket.id, ticket.id]);

    const other = await assignedTicket();
    recipients = 1;
    copiesElsewhere = 0;
    await run(other.ticket.id, 'op-notifies', { action: 'start', actor: other.technician });
    expect(woken).toEqual([ticket.id, ticket.id, other.ticket.id]);
  });
});
