import type { Actor } from '../../../src/domain';
import {
  ticketViewQuery,
  ticketWorkflowId,
  workSessionViewQuery,
  workSessionWorkflowId,
} from '../../../src/contracts/messages';
import { actorWith, newTicket, startWorkshop, type Workshop } from '../../support/workshop';

jest.setTimeout(120_000);

// The server suggests continue-as-new after this many history events (4096 in production).
const SUGGEST_AFTER_EVENTS = 40;

let workshop: Workshop;
let master: Actor;
let qc: Actor;

beforeAll(async () => {
  workshop = await startWorkshop({
    serverArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AFTER_EVENTS}`],
  });
  master = await actorWith(workshop, ['master']);
  qc = await actorWith(workshop, ['qc_inspector']);
});
afterAll(() => workshop?.stop());

describe('long runs continue as new', () => {
  it('a ticket and its session keep their state across continue-as-new', async () => {
    const tech = await actorWith(workshop, ['technician']);
    const { ticket } = await newTicket(workshop, master);
    await workshop.service.approveReview(master, ticket.id);
    await workshop.service.assign(master, ticket.id, tech.id);
    const started = await workshop.service.start(tech, ticket.id);
    const sessionId = started.session!.id;
    // Enough pause/resume round trips to pass the lowered threshold several times over.
    for (let i = 0; i < 12; i += 1) {
      await workshop.service.pause(tech, ticket.id);
      await workshop.service.resume(tech, ticket.id);
    }
    const session = workshop.env.client.workflow.getHandle(workSessionWorkflowId(sessionId));
    const sessionRuns = await session.describe();
    expect(sessionRuns.runId).not.toBe(sessionRuns.raw.workflowExecutionInfo?.firstRunId);
    expect(await session.query(workSessionViewQuery)).toMatchObject({ status: 'running', ticketId: ticket.id });

    await workshop.service.stop(tech, ticket.id);
    await workshop.service.sendToQc(tech, ticket.id);
    // QC sends it back twice: the ticket's own transitions pass the threshold too.
    for (let i = 0; i < 2; i += 1) {
      await workshop.service.qcFail(qc, ticket.id, 'again');
      await workshop.service.start(tech, ticket.id);
      await workshop.service.stop(tech, ticket.id);
      await workshop.service.sendToQc(tech, ticket.id);
    }
    const ticketHandle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticket.id));
    expect(await ticketHandle.query(ticketViewQuery)).toMatchObject({
      ticket: { status: 'waiting_qc' },
      session: { status: 'stopped' },
    });
    const ticketRuns = await ticketHandle.describe();
    expect(ticketRuns.runId).not.toBe(ticketRuns.raw.workflowExecutionInfo?.firstRunId);
    await workshop.service.qcPass(qc, ticket.id);
    expect(await ticketHandle.result()).toMatchObject({ ticket: { status: 'done', technicianId: tech.id } });
  });
});
