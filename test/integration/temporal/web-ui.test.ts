// What an operator sees in the Temporal Web UI, on a real dev server: one search finds every
// workflow of a ticket (`ItemSerial`) or of a client (`ClientTelegramId`), each workflow has a
// static summary and details describing it, and the current details show the state now, with the
// technician's name rather than their id.
import type { Client } from '@temporalio/client';
import type { Actor } from '../../../src/domain';
import { ticketWorkflowId, workSessionWorkflowId } from '../../../src/contracts/messages';
import { feedbackWorkflowId, supportWorkflowId } from '../../../src/contracts/support';
import { actorWith, newTicket } from '../../support/workshop';
import {
  eventually,
  openTicket,
  press,
  startDesk,
  TECH_GROUP_A,
  waitForTopic,
  type Desk,
} from '../../unit/support/desk-harness';

jest.setTimeout(120_000);

let desk: Desk;
let client: Client;
beforeAll(async () => {
  desk = await startDesk();
  client = desk.h.env.client;
});
afterAll(() => desk?.stop());

/** Workflow ids an operator's Web UI search returns (visibility is eventually consistent). */
async function search(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

const searchUntil = (query: string, expected: string[]) =>
  eventually(
    () => search(query),
    (ids) => JSON.stringify(ids) === JSON.stringify([...expected].sort()),
    15_000,
  ).catch(async (err: unknown) => {
    throw new Error(
      `${query} → ${JSON.stringify(await search(query))}, expected ${JSON.stringify(expected)}: ${String(err)}`,
    );
  });

/** The card the Web UI shows as the workflow's current details (from the running worker). */
async function currentDetails(workflowId: string): Promise<string> {
  const metadata = (await client.workflow.getHandle(workflowId).query('__temporal_workflow_metadata')) as {
    currentDetails?: string;
  };
  return metadata.currentDetails ?? '';
}

async function staticText(workflowId: string) {
  const description = await client.workflow.getHandle(workflowId).describe();
  return { summary: await description.staticSummary(), details: await description.staticDetails() };
}

describe('Temporal Web UI', () => {
  let master: Actor;
  let olga: Actor;
  beforeAll(async () => {
    master = await actorWith(desk.h, ['master']);
    olga = { id: desk.olga.user.id, roles: ['technician'] };
  });

  it('finds a ticket and its work sessions by ItemSerial, and names the technician on its card', async () => {
    const created = await newTicket(desk.h, master);
    const ticketId = created.ticket.id;
    const serial = created.serial;
    await desk.h.service.approveReview(master, ticketId);
    await desk.h.service.assign(master, ticketId, olga.id);
    const started = await desk.h.service.start(olga, ticketId);
    const sessionId = started.session!.id;

    await searchUntil(`ItemSerial = '${serial}'`, [ticketWorkflowId(ticketId), workSessionWorkflowId(sessionId)]);

    const ticketCard = await currentDetails(ticketWorkflowId(ticketId));
    expect(ticketCard).toContain('status: **in_progress**');
    expect(ticketCard).toContain(`technician: Olga Smirnova (#${olga.id})`);
    const sessionCard = await currentDetails(workSessionWorkflowId(sessionId));
    expect(sessionCard).toContain('status: **running**');
    expect(sessionCard).toContain('Olga Smirnova');
    expect(sessionCard).toContain(serial);

    // Summary and details describe the entity; the current details hold its state.
    expect(await staticText(ticketWorkflowId(ticketId))).toEqual({
      summary: `Ticket #${ticketId} · ${serial}`,
      details: expect.stringContaining(`ItemSerial = '${serial}'`),
    });
    expect(await staticText(workSessionWorkflowId(sessionId))).toEqual({
      summary: `Work session #${sessionId} · ticket #${ticketId} · ${serial}`,
      details: `**Work session #${sessionId}** of Olga Smirnova on ticket #${ticketId} (\`${serial}\`)`,
    });

    // A session paused by the service shows it at once on its own card, which the ticket's card names.
    await desk.h.service.pause(olga, ticketId);
    await eventually(
      () => currentDetails(workSessionWorkflowId(sessionId)),
      (card) => card.includes('status: **paused**'),
    );
    expect(await currentDetails(ticketWorkflowId(ticketId))).toContain(
      `work session: #${sessionId}, \`${workSessionWorkflowId(sessionId)}\``,
    );
  });

  it('finds a client’s support conversation and its survey by ClientTelegramId', async () => {
    const opened = await openTicket(desk, desk.client, 'My brakes squeal');
    const supportId = opened.ticket.id;
    await press(desk, desk.staff.tg, opened.card, `sp:a:${supportId}:${desk.olga.user.id}`);
    await waitForTopic(desk, TECH_GROUP_A, supportId);
    await eventually(
      () => currentDetails(supportWorkflowId(supportId)),
      (card) => card.includes('Olga'),
    );
    await press(desk, desk.staff.tg, opened.card, `sp:c:${supportId}`);

    await searchUntil(`ClientTelegramId = ${desk.client.id}`, [
      supportWorkflowId(supportId),
      feedbackWorkflowId(supportId),
    ]);

    const surveyCard = await eventually(
      () => currentDetails(feedbackWorkflowId(supportId)),
      (card) => card.includes('status: **pending**'),
    );
    expect(surveyCard).toContain(`support #${supportId}`);
    expect(surveyCard).toContain(`Telegram ${desk.client.id}`);
    expect((await staticText(supportWorkflowId(supportId))).details).toContain(`ClientTelegramId = ${desk.client.id}`);
  });
});
