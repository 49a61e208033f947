// The support desk end to end: Update JSON through the webhook, the real bot, SupportService,
// Temporal workflows and activities delivering through the fake Bot API, Postgres and Redis.
import type { Message } from 'grammy/types';
import { MessageLink, SupportTicket, TechThread } from '../../src/db/entities';
import { supportViewQuery, supportWorkflowId } from '../../src/contracts/support';
import { recordHistory } from '../support/histories';
import {
  actions,
  botMessagesTo,
  buttonsOf,
  em,
  events,
  eventually,
  MAIN_GROUP,
  openTicket,
  press,
  startDesk,
  TECH_GROUP_A,
  TECH_GROUP_B,
  textOf,
  topicMessages,
  topicOf,
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

describe('support desk: a conversation', () => {
  let ticketId: number;
  let mainThread: number;

  it('opens a topic for the first message with the client card, the message and the technician picker', async () => {
    const { ticket, topic, card } = await openTicket(desk, desk.client, 'My laptop does not start');
    ticketId = ticket.id;
    mainThread = topic.message_thread_id;
    expect(ticket.status).toBe('new');
    expect(ticket.workflowId).toBe(supportWorkflowId(ticket.id));
    expect(topic.name).toBe(`🟢 [New] #${ticket.id} | Ivan Petrov (@ivan_client)`);
    expect(textOf(card)).toContain(`Support ticket #${ticket.id}`);
    expect(textOf(card)).toContain('@ivan_client');
    // Technicians with a group are buttons; the one without is explained.
    expect(buttonsOf(card)).toEqual([
      `sp:a:${ticket.id}:${desk.boris.user.id}`,
      `sp:a:${ticket.id}:${desk.olga.user.id}`,
      `sp:c:${ticket.id}`,
    ]);
    expect(textOf(card)).toContain('Not in TECH_GROUPS_MAPPING');
    expect(textOf(card)).toContain('nogroup_tech');
    const copies = await eventually(
      () => topicMessages(desk, MAIN_GROUP, mainThread).filter((m) => m.text === 'My laptop does not start'),
      (list) => list.length === 1,
    );
    expect(copies[0]!.from?.is_bot).toBe(true);
    // The client is told (in their language) that the desk has the message.
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => textOf(m).includes('Спасибо')));
    // The log's delivery row is written by its own lane, independently of the client's notice.
    const logged = ['ticket_opened', 'main_topic_created', 'card_posted', 'message_delivered'];
    expect(
      await eventually(
        () => actions(desk, ticketId),
        (list) => logged.every((action) => list.includes(action)),
      ),
    ).toEqual(expect.arrayContaining(logged));
  });
});

describe('support desk: assignment and the bridge', () => {
  let ticketId: number;
  let mainThread: number;
  let techThread: number;
  let question: Message;
  let answer: Message;

  beforeAll(async () => {
    const ticket = await eventually(() =>
      em(desk).findOne(SupportTicket, { clientTelegramId: desk.client.id }, { orderBy: { id: 'desc' } }),
    );
    ticketId = ticket!.id;
    mainThread = ticket!.mainThreadId!;
  });

  const card = () => topicMessages(desk, MAIN_GROUP, mainThread).find((m) => buttonsOf(m).length > 0)!;

  it('lets only staff assign', async () => {
    const answer = await press(desk, desk.olga.tg, card(), `sp:a:${ticketId}:${desk.olga.user.id}`);
    expect(answer).toMatchObject({ show_alert: true });
    // Olga's Telegram speaks Russian: the refusal comes in her language.
    expect(answer?.text).toBe('⛔ Это доступно только сотрудникам.');
    expect(topicOf(desk, TECH_GROUP_A, ticketId)).toBeUndefined();
  });

  it('assigns a technician: a mirrored topic with the conversation so far, and the 🟡 title', async () => {
    const answer = await press(desk, desk.staff.tg, card(), `sp:a:${ticketId}:${desk.olga.user.id}`);
    expect(answer?.text).toBe('🔧 Assigned to @olga_tech.');
    const title = `🟡 [In work | @olga_tech] #${ticketId} | Ivan Petrov`;
    await waitForTopic(desk, MAIN_GROUP, ticketId, (t) => t.name === title);
    const tech = await waitForTopic(desk, TECH_GROUP_A, ticketId);
    techThread = tech.message_thread_id;
    expect(tech.name).toBe(title);
    const inTech = await eventually(
      () => topicMessages(desk, TECH_GROUP_A, techThread),
      (list) => list.some((m) => m.text === 'My laptop does not start'),
    );
    expect(textOf(inTech[0])).toContain(`Support ticket #${ticketId}`);
    expect(textOf(inTech[0])).toContain('Assigned to you by @mary_staff');
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).some(
        (m) => textOf(m) === '🔧 Assigned to @olga_tech by @mary_staff.',
      ),
    );
    const row = await em(desk).findOneOrFail(SupportTicket, ticketId);
    expect(row.status).toBe('work');
    expect(row.technician?.id).toBe(desk.olga.user.id);
    const threads = await em(desk).find(TechThread, { supportTicket: ticketId });
    expect(threads.map((t) => [t.techChatId, t.techThreadId, t.closedAt ?? null])).toEqual([
      [TECH_GROUP_A, techThread, null],
    ]);
    const view = await desk.h.env.client.workflow.getHandle(supportWorkflowId(ticketId)).query(supportViewQuery);
    expect(view).toMatchObject({ status: 'work', mainThreadId: mainThread, technician: { id: desk.olga.user.id } });
  });

  it('bridges text both ways, with the technician labelled in the main topic and replies kept', async () => {
    ({ message: question } = (await emu().userSendsText(desk.client, desk.client.id, 'It beeps three times')) as {
      message: Message;
    });
    const techCopy = await eventually(() =>
      topicMessages(desk, TECH_GROUP_A, techThread).find((m) => m.text === 'It beeps three times'),
    );
    await eventually(() => topicMessages(desk, MAIN_GROUP, mainThread).some((m) => m.text === 'It beeps three times'));

    ({ message: answer } = (await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'Hold the power button for 10 s', {
      threadId: techThread,
      replyTo: techCopy!,
    })) as { message: Message });
    const toClient = await eventually(() =>
      botMessagesTo(desk, desk.client.id).find((m) => m.text === 'Hold the power button for 10 s'),
    );
    // The client sees the answer as a reply to their own message, and no sign of who the technician is.
    expect(toClient!.reply_to_message?.message_id).toBe(question.message_id);
    const inMain = await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).find((m) => m.text?.endsWith('Hold the power button for 10 s')),
    );
    expect(inMain!.text).toBe('🔧 Olga (@olga_tech):\nHold the power button for 10 s');
    expect(inMain!.entities?.[0]).toMatchObject({ type: 'bold', offset: 0 });
    const row = await eventually(
      () => em(desk).findOneOrFail(SupportTicket, ticketId),
      (t) => !!t.firstResponseAt,
    );
    expect(row.firstResponseAt).toBeInstanceOf(Date);
  });

  it('keeps an album together in every copy', async () => {
    const items = await emu().userSendsAlbum(desk.client, desk.client.id, [
      { type: 'photo', caption: 'The screen' },
      { type: 'photo' },
      { type: 'photo' },
    ]);
    const ids = items.map((i) => i.message!.message_id);
    for (const [chat, thread] of [
      [MAIN_GROUP, mainThread],
      [TECH_GROUP_A, techThread],
    ] as const) {
      const photos = await eventually(
        () => topicMessages(desk, chat, thread).filter((m) => m.photo),
        (list) => list.length === 3,
      );
      expect(photos[0]!.caption).toBe('The screen');
      expect(photos[0]!.media_group_id).toBeDefined();
      expect(new Set(photos.map((p) => p.media_group_id)).size).toBe(1);
    }
    // One copyMessages call per destination, with the album's ids in order.
    const albumCalls = emu()
      .calls('copyMessages')
      .filter((c) => JSON.stringify(c.params.message_ids) === JSON.stringify(ids));
    expect(albumCalls.map((c) => [Number(c.params.chat_id), c.status]).sort()).toEqual(
      [
        [MAIN_GROUP, 200],
        [TECH_GROUP_A, 200],
      ].sort(),
    );
  });

  it('makes edits follow the copies, on both sides', async () => {
    await emu().userEditsMessage(desk.client, question, 'It beeps three times, then stops');
    await eventually(() =>
      topicMessages(desk, TECH_GROUP_A, techThread).some((m) => m.text === 'It beeps three times, then stops'),
    );
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).some((m) => m.text === 'It beeps three times, then stops'),
    );
    await emu().userEditsMessage(desk.olga.tg, answer, 'Hold the power button for 15 s');
    await eventually(() =>
      botMessagesTo(desk, desk.client.id).some((m) => m.text === 'Hold the power button for 15 s'),
    );
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).some(
        (m) => m.text === '🔧 Olga (@olga_tech):\nHold the power button for 15 s',
      ),
    );
    expect(botMessagesTo(desk, desk.client.id).some((m) => m.text === 'Hold the power button for 10 s')).toBe(false);
    expect(await actions(desk, ticketId)).toContain('message_edited');
  });

  it('sends a staff reply from the main topic to the client as the support team', async () => {
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'We will call you today', { threadId: mainThread });
    const toClient = await eventually(() =>
      botMessagesTo(desk, desk.client.id).find((m) => m.text === 'We will call you today'),
    );
    expect(toClient!.from?.is_bot).toBe(true);
    await eventually(() =>
      topicMessages(desk, TECH_GROUP_A, techThread).some(
        (m) => m.text === '🎧 Support · Mary (@mary_staff):\nWe will call you today',
      ),
    );
  });

  it('never bridges commands, service messages or a call for a specialist', async () => {
    const before = botMessagesTo(desk, desk.client.id).length;
    const mainBefore = topicMessages(desk, MAIN_GROUP, mainThread).length;
    await emu().userSendsCommand(desk.olga.tg, TECH_GROUP_A, 'status', { threadId: techThread });
    await emu().userSendsCommand(desk.staff.tg, MAIN_GROUP, 'note', { threadId: mainThread, args: 'internal' });
    const target = topicMessages(desk, TECH_GROUP_A, techThread).at(-1)!;
    await emu().userPinsMessage(desk.olga.tg, { chatId: TECH_GROUP_A, messageId: target.message_id });
    await emu().userJoins(TECH_GROUP_A, [desk.boris.tg]);
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, '@boris_tech help me with the BIOS', {
      threadId: techThread,
    });
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'Try the other charger', { threadId: techThread });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'Try the other charger'));
    expect(
      botMessagesTo(desk, desk.client.id)
        .slice(before)
        .map((m) => textOf(m)),
    ).toEqual(['Try the other charger']);
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).some((m) => m.text?.endsWith('Try the other charger')),
    );
    expect(
      topicMessages(desk, MAIN_GROUP, mainThread)
        .slice(mainBefore)
        .filter((m) => m.from?.is_bot)
        .map((m) => textOf(m)),
    ).toEqual([
      // The call for a specialist is shown to staff as a marked note, never bridged as a message.
      '🆘 Olga Smirnova (@olga_tech) asks for help: @boris_tech help me with the BIOS',
      '🔧 Olga (@olga_tech):\nTry the other charger',
    ]);
    const specialist = (await eventually(
      () => events(desk, ticketId),
      (list) => list.some((e) => e.action === 'specialist_called'),
    ))!.find((e) => e.action === 'specialist_called')!;
    expect(specialist.actor).toBe('TECH');
    expect(specialist.payload).toMatchObject({ text: '@boris_tech help me with the BIOS' });
  });

  it('reopens a topic someone closed by hand, then delivers', async () => {
    await emu().userClosesTopic(desk.staff.tg, MAIN_GROUP, mainThread);
    expect(state().topic(MAIN_GROUP, mainThread)?.closed).toBe(true);
    await emu().userSendsText(desk.client, desk.client.id, 'Are you there?');
    await eventually(() => topicMessages(desk, MAIN_GROUP, mainThread).some((m) => m.text === 'Are you there?'));
    expect(state().topic(MAIN_GROUP, mainThread)?.closed).toBe(false);
    expect(await actions(desk, ticketId)).toContain('topic_reopened');
  });

  it('recreates deleted topics, remaps the ticket and resends', async () => {
    state().deleteTopic(MAIN_GROUP, mainThread);
    state().deleteTopic(TECH_GROUP_A, techThread);
    await emu().userSendsText(desk.client, desk.client.id, 'Hello again');
    const main = await waitForTopic(desk, MAIN_GROUP, ticketId, (t) => t.message_thread_id !== mainThread);
    expect(main.name).toBe(`🟡 [In work | @olga_tech] #${ticketId} | Ivan Petrov`);
    const inMain = await eventually(
      () => topicMessages(desk, MAIN_GROUP, main.message_thread_id),
      (list) => list.some((m) => m.text === 'Hello again'),
    );
    // The card with the picker comes back first.
    expect(buttonsOf(inMain[0])).toContain(`sp:c:${ticketId}`);
    const tech = await waitForTopic(desk, TECH_GROUP_A, ticketId, (t) => t.message_thread_id !== techThread);
    await eventually(() =>
      topicMessages(desk, TECH_GROUP_A, tech.message_thread_id).some((m) => m.text === 'Hello again'),
    );
    const row = await em(desk).findOneOrFail(SupportTicket, ticketId);
    expect(row.mainThreadId).toBe(main.message_thread_id);
    const thread = await em(desk).findOneOrFail(TechThread, { supportTicket: ticketId, closedAt: null });
    expect(thread.techThreadId).toBe(tech.message_thread_id);
    expect(await actions(desk, ticketId)).toEqual(
      expect.arrayContaining(['main_topic_recreated', 'tech_topic_recreated']),
    );
    mainThread = main.message_thread_id;
    techThread = tech.message_thread_id;
    // Staff in the new topic reach the client.
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'Still here', { threadId: mainThread });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'Still here'));
  });

  it('moves the bridge on reassignment and closes the old technician topic', async () => {
    const answer = await press(desk, desk.staff.tg, card(), `sp:a:${ticketId}:${desk.boris.user.id}`);
    expect(answer?.text).toBe('🔧 Assigned to @boris_tech.');
    await waitForTopic(
      desk,
      MAIN_GROUP,
      ticketId,
      (t) => t.name === `🟡 [In work | @boris_tech] #${ticketId} | Ivan Petrov`,
    );
    const boris = await waitForTopic(desk, TECH_GROUP_B, ticketId);
    // Boris gets the client's messages so far, albums included.
    await eventually(
      () => topicMessages(desk, TECH_GROUP_B, boris.message_thread_id),
      (list) => list.some((m) => m.text === 'Hello again') && list.filter((m) => m.photo).length === 3,
    );
    await eventually(() => state().topic(TECH_GROUP_A, techThread)?.closed === true);
    expect(textOf(topicMessages(desk, TECH_GROUP_A, techThread).at(-2))).toContain('reassigned to @boris_tech');
    await emu().userSendsText(desk.client, desk.client.id, 'Any news?');
    await eventually(() =>
      topicMessages(desk, TECH_GROUP_B, boris.message_thread_id).some((m) => m.text === 'Any news?'),
    );
    expect(topicMessages(desk, TECH_GROUP_A, techThread).some((m) => m.text === 'Any news?')).toBe(false);
    const threads = await em(desk).find(TechThread, { supportTicket: ticketId }, { orderBy: { id: 'asc' } });
    expect(threads.map((t) => [t.techChatId, t.closedAt === null])).toEqual([
      [TECH_GROUP_A, false],
      [TECH_GROUP_B, true],
    ]);
    const links = await em(desk).count(MessageLink, { supportTicket: ticketId });
    expect(links).toBeGreaterThan(10);
    await recordHistory(desk.h.env.client.workflow.getHandle(supportWorkflowId(ticketId)), 'support-conversation');
  });
});
