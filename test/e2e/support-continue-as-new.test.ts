// A long support conversation continues as new (the server's suggestion threshold lowered from
// 4096 history events to 40) and keeps working across runs: the carried state routes and bridges
// messages both ways, and the close still closes.
import { SupportTicket } from '../../src/db/entities';
import { supportViewQuery, supportWorkflowId } from '../../src/contracts/support';
import {
  botMessagesTo,
  em,
  eventually,
  MAIN_GROUP,
  openTicket,
  press,
  startDesk,
  TECH_GROUP_A,
  textOf,
  topicMessages,
  waitForTopic,
  type Desk,
} from '../unit/support/desk-harness';

jest.setTimeout(120_000);

const SUGGEST_AFTER_EVENTS = 40;

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk({
    serverArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AFTER_EVENTS}`],
  });
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;

describe('support desk: continue-as-new', () => {
  it('a conversation continues as new and keeps routing, bridging and closing', async () => {
    const { ticket, topic, card } = await openTicket(desk, desk.client, 'A long story begins');
    const ticketId = ticket.id;
    const mainThread = topic.message_thread_id;
    const handle = desk.h.env.client.workflow.getHandle(supportWorkflowId(ticketId));
    await press(desk, desk.staff.tg, card, `sp:a:${ticketId}:${desk.olga.user.id}`);
    const techThread = (await waitForTopic(desk, TECH_GROUP_A, ticketId)).message_thread_id;

    // Messages both ways, each waited for, until the history passed the threshold several times.
    for (let i = 1; i <= 8; i += 1) {
      await emu().userSendsText(desk.client, desk.client.id, `client ${i}`);
      await eventually(() => topicMessages(desk, TECH_GROUP_A, techThread).some((m) => m.text === `client ${i}`));
      await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, `tech ${i}`, { threadId: techThread });
      await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === `tech ${i}`));
    }
    const described = await handle.describe();
    const firstRunId = described.raw.workflowExecutionInfo?.firstRunId;
    expect(described.runId).not.toBe(firstRunId);
    expect(described.status.name).toBe('RUNNING');
    // The new run carries the conversation's state.
    expect(await handle.query(supportViewQuery)).toMatchObject({
      ticketId,
      status: 'work',
      mainThreadId: mainThread,
      technician: { id: desk.olga.user.id },
    });

    // The continued run still bridges every way, into the same topics.
    await emu().userSendsText(desk.client, desk.client.id, 'after the new run');
    await eventually(() => topicMessages(desk, TECH_GROUP_A, techThread).some((m) => m.text === 'after the new run'));
    await eventually(() => topicMessages(desk, MAIN_GROUP, mainThread).some((m) => m.text === 'after the new run'));
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'tech after the new run', { threadId: techThread });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'tech after the new run'));
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).some((m) => textOf(m).endsWith('tech after the new run')),
    );
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'staff after the new run', { threadId: mainThread });
    await eventually(() =>
      botMessagesTo(desk, desk.client.id).some((m) => textOf(m).includes('staff after the new run')),
    );
    // Everything the client wrote reached the main topic once, in order.
    const fromClient = topicMessages(desk, MAIN_GROUP, mainThread)
      .map((m) => m.text ?? '')
      .filter((t) => /^client \d$/.test(t));
    expect(fromClient).toEqual(Array.from({ length: 8 }, (_, i) => `client ${i + 1}`));

    // And the close works on the continued run.
    const answer = await press(desk, desk.staff.tg, card, `sp:c:${ticketId}`);
    expect(answer?.text).toBe('🟣 Ticket closed.');
    await waitForTopic(desk, MAIN_GROUP, ticketId, (t) => t.closed);
    await waitForTopic(desk, TECH_GROUP_A, ticketId, (t) => t.closed);
    expect(await handle.result()).toMatchObject({ ticketId, status: 'closed' });
    expect((await em(desk).findOneOrFail(SupportTicket, ticketId)).status).toBe('closed');
  });
});
