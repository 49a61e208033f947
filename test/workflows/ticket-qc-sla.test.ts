import type { Actor } from '../../src/domain';
import { ticketViewQuery, ticketWorkflowId } from '../../src/contracts/messages';
import { recordHistory } from '../support/histories';
import { actorWith, newTicket, startWorkshop, type Workshop } from '../support/workshop';

jest.setTimeout(120_000);

let workshop: Workshop;
let master: Actor;
let qc: Actor;

beforeAll(async () => {
  workshop = await startWorkshop({ timeSkipping: true, qcSlaMinutes: 240 });
  master = await actorWith(workshop, ['master']);
  qc = await actorWith(workshop, ['qc_inspector']);
});
afterAll(() => workshop?.stop());

async function ticketWaitingQc(): Promise<number> {
  const tech = await actorWith(workshop, ['technician']);
  const { ticket } = await newTicket(workshop, master);
  await workshop.service.approveReview(master, ticket.id);
  await workshop.service.assign(master, ticket.id, tech.id);
  await workshop.service.start(tech, ticket.id);
  await workshop.service.stop(tech, ticket.id);
  await workshop.service.sendToQc(tech, ticket.id);
  return ticket.id;
}

describe('QC waiting SLA timer', () => {
  it('reminds QC inspectors after the SLA, then alerts admins after twice it', async () => {
    const ticketId = await ticketWaitingQc();
    await workshop.env.sleep('3 hours');
    expect(workshop.notifier.events(ticketId)).not.toContain('ticket_qc_sla_reminder');
    await workshop.env.sleep('90 minutes');
    expect(workshop.notifier.events(ticketId)).toContain('ticket_qc_sla_reminder');
    expect(workshop.notifier.events(ticketId)).not.toContain('ticket_qc_sla_breached');
    await workshop.env.sleep('4 hours');
    const breach = workshop.notifier.sent.find((n) => n.ticketId === ticketId && n.event === 'ticket_qc_sla_breached');
    expect(breach?.details.waitingMinutes).toBeGreaterThanOrEqual(480);

    // Nothing more once both went out; a decision ends the wait.
    await workshop.env.sleep('12 hours');
    expect(workshop.notifier.events(ticketId).filter((e) => e.startsWith('ticket_qc_sla'))).toHaveLength(2);
    await workshop.service.qcPass(qc, ticketId);
    const handle = workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId));
    expect(await handle.result()).toMatchObject({ ticket: { status: 'done' } });
    await recordHistory(handle, 'ticket-qc-sla-reminder-breach');
  });

  it('sends nothing when QC decides within the SLA', async () => {
    const ticketId = await ticketWaitingQc();
    await workshop.env.sleep('1 hour');
    await workshop.service.qcFail(qc, ticketId, null);
    await workshop.env.sleep('10 hours');
    expect(workshop.notifier.events(ticketId).filter((e) => e.startsWith('ticket_qc_sla'))).toEqual([]);
    const view = await workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId)).query(ticketViewQuery);
    expect(view.ticket.status).toBe('rework');
  });
});
