// What people see in the support desk, end to end through the webhook: the technician's topic holds
// the whole conversation (staff replies before the assignment too, and again after the topic was
// deleted), a help call shows in the staff topic (never to the client), the card's controls follow
// the ticket's state, and a closed topic stays closed after the survey summary even when sending it
// fails after the reopen.
import {
  botMessagesTo,
  buttonsOf,
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

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;
const state = () => desk.h.telegram.state;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STAFF_LABEL = '🎧 Support · Mary (@mary_staff):';

/** Texts of a topic's bot messages (copies, notes), in order. */
const botTexts = (chatId: number, threadId: number) =>
  topicMessages(desk, chatId, threadId)
    .filter((m) => m.from?.is_bot)
    .map(textOf);

describe('support desk: what staff and technicians see', () => {
  let ticketId: number;
  let mainThread: number;
  let techThread: number;
  let cardId: number;

  const card = () => state().getMessage(MAIN_GROUP, cardId)!;

  it('gives the technician the whole conversation, staff replies before the assignment included, in order', async () => {
    const opened = await openTicket(desk, desk.client, 'Q1: the screen flickers');
    ticketId = opened.ticket.id;
    mainThread = opened.topic.message_thread_id;
    cardId = opened.card.message_id;
    await eventually(() => botTexts(MAIN_GROUP, mainThread).includes('Q1: the screen flickers'));
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'A1: since when?', { threadId: mainThread });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'A1: since when?'));
    await emu().userSendsText(desk.client, desk.client.id, 'Q2: since Monday');
    await eventually(() => botTexts(MAIN_GROUP, mainThread).includes('Q2: since Monday'));
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'A2: a technician will look', { threadId: mainThread });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'A2: a technician will look'));

    await press(desk, desk.staff.tg, card(), `sp:a:${ticketId}:${desk.olga.user.id}`);
    techThread = (await waitForTopic(desk, TECH_GROUP_A, ticketId)).message_thread_id;
    const texts = await eventually(
      () => botTexts(TECH_GROUP_A, techThread),
      (list) => list.includes('A2: a technician will look'),
    );
    expect(texts[0]).toContain(`Support ticket #${ticketId}`);
    expect(texts.slice(1)).toEqual([
      'Q1: the screen flickers',
      STAFF_LABEL,
      'A1: since when?',
      'Q2: since Monday',
      STAFF_LABEL,
      'A2: a technician will look',
    ]);
  });

  it('turns the picker into "assigned to" with reassign and close after the assignment', async () => {
    const text = await eventually(
      () => textOf(card()),
      (t) => t.includes('Assigned to @olga_tech'),
    );
    expect(text).not.toContain('Pick a technician:');
    expect(text).toContain('Reassign to another technician:');
    expect(buttonsOf(card())).toEqual([`sp:a:${ticketId}:${desk.boris.user.id}`, `sp:c:${ticketId}`]);
  });

  it('shows a help call to staff, marked, and never to the client', async () => {
    const before = botMessagesTo(desk, desk.client.id).length;
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, '@boris_tech помоги с BIOS', { threadId: techThread });
    const notice = await eventually(() => botTexts(MAIN_GROUP, mainThread).find((t) => t.startsWith('🆘')));
    expect(notice).toMatch(/^🆘 Olga .*\(@olga_tech\) asks for help: @boris_tech помоги с BIOS$/);
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'Checking the cable now', { threadId: techThread });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'Checking the cable now'));
    expect(botMessagesTo(desk, desk.client.id).slice(before).map(textOf)).toEqual(['Checking the cable now']);
  });

  it('shows the card closed, with no buttons, after the close', async () => {
    await press(desk, desk.staff.tg, card(), `sp:c:${ticketId}`);
    await waitForTopic(desk, MAIN_GROUP, ticketId, (t) => t.closed);
    const closedCard = await eventually(
      () => card(),
      (m) => textOf(m).includes('Closed: the bridge is off'),
    );
    expect(buttonsOf(closedCard)).toEqual([]);
    expect(textOf(closedCard)).not.toContain('Pick a technician:');
    expect(textOf(closedCard)).not.toContain('Reassign');
  });

  it('keeps the closed topic closed when the survey summary fails after the reopen', async () => {
    // The summary meets the closed topic (TOPIC_CLOSED), the topic is reopened, and the next send fails.
    let summaries = 0;
    const stop = emu().failWhile((call) =>
      call.method === 'sendMessage' &&
      Number(call.params.chat_id) === MAIN_GROUP &&
      String(call.params.text ?? '').startsWith('📊') &&
      ++summaries === 2
        ? { kind: 'server_error', status: 502 }
        : undefined,
    );
    try {
      for (const question of [1, 2, 3]) {
        const survey = await eventually(
          () => botMessagesTo(desk, desk.client.id).find((m) => textOf(m).includes(`#${ticketId}?`)),
          (m) => buttonsOf(m).includes(`sp:f:${ticketId}:${question}:5`),
        );
        await press(desk, state().requireUser(desk.client.id), survey!, `sp:f:${ticketId}:${question}:5`);
      }
      await eventually(() => botTexts(MAIN_GROUP, mainThread).some((t) => t.startsWith('📊')));
      expect(summaries).toBeGreaterThanOrEqual(3);
      await eventually(() => state().topic(MAIN_GROUP, mainThread)?.closed === true);
      await sleep(1_500);
      expect(state().topic(MAIN_GROUP, mainThread)?.closed).toBe(true);
      expect(botTexts(MAIN_GROUP, mainThread).filter((t) => t.startsWith('📊'))).toHaveLength(1);
    } finally {
      stop();
    }
  });
});

describe('support desk: a deleted technician topic', () => {
  it('recreates it with the whole conversation, the technician’s own messages included', async () => {
    const client = desk.h.stranger({ first_name: 'Dina', username: 'dina_deleted' });
    const { ticket, topic, card } = await openTicket(desk, client, 'C1: the fan is loud');
    await eventually(() => botTexts(MAIN_GROUP, topic.message_thread_id).includes('C1: the fan is loud'));
    await press(desk, desk.staff.tg, card, `sp:a:${ticket.id}:${desk.olga.user.id}`);
    const first = (await waitForTopic(desk, TECH_GROUP_A, ticket.id)).message_thread_id;
    await eventually(() => botTexts(TECH_GROUP_A, first).includes('C1: the fan is loud'));
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'T1: clean the vents', { threadId: first });
    await eventually(() => botMessagesTo(desk, client.id).some((m) => m.text === 'T1: clean the vents'));
    await emu().userSendsText(client, client.id, 'C2: done, still loud');
    await eventually(() => botTexts(TECH_GROUP_A, first).includes('C2: done, still loud'));

    state().deleteTopic(TECH_GROUP_A, first);
    await emu().userSendsText(client, client.id, 'C3: hello?');
    const again = await waitForTopic(desk, TECH_GROUP_A, ticket.id, (t) => t.message_thread_id !== first);
    const texts = await eventually(
      () => botTexts(TECH_GROUP_A, again.message_thread_id),
      (list) => list.includes('C3: hello?'),
    );
    expect(texts[0]).toContain(`Support ticket #${ticket.id}`);
    expect(texts.slice(1)).toEqual([
      'C1: the fan is loud',
      '🔧 Olga (@olga_tech):',
      'T1: clean the vents',
      'C2: done, still loud',
      'C3: hello?',
    ]);
    // Edits follow the new copies.
    const c2 = state()
      .messages(client.id)
      .find((m) => m.text === 'C2: done, still loud' && !m.from?.is_bot)!;
    await emu().userEditsMessage(client, c2, 'C2: done, still very loud');
    await eventually(() => botTexts(TECH_GROUP_A, again.message_thread_id).includes('C2: done, still very loud'));
  });
});
