// Closing a support ticket and the satisfaction survey, end to end through the webhook.
import type { Message } from 'grammy/types';
import { Feedback, SupportTicket, TechThread } from '../../src/db/entities';
import { csatByTechnician } from '../../src/reads/support-stats';
import { feedbackViewQuery, feedbackWorkflowId, supportWorkflowId } from '../../src/contracts/support';
import { recordHistory } from '../support/histories';
import {
  actions,
  botMessagesTo,
  buttonsOf,
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

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;
const state = () => desk.h.telegram.state;

/** The survey message in the client's chat (the bot message with score buttons or a survey title). */
const surveyOf = (clientId: number, ticketId: number) =>
  botMessagesTo(desk, clientId).find((m) => textOf(m).includes(`#${ticketId}?`));

async function answer(clientId: number, ticketId: number, question: number, score: number) {
  const survey = await eventually(
    () => surveyOf(clientId, ticketId),
    (m) => buttonsOf(m).includes(`sp:f:${ticketId}:${question}:${score}`),
  );
  return press(desk, state().requireUser(clientId), survey!, `sp:f:${ticketId}:${question}:${score}`);
}

async function assignedTicket(client = desk.client, text = 'Help, please') {
  const opened = await openTicket(desk, client, text);
  await press(desk, desk.staff.tg, opened.card, `sp:a:${opened.ticket.id}:${desk.olga.user.id}`);
  const tech = await waitForTopic(desk, TECH_GROUP_A, opened.ticket.id);
  await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'Fixed it remotely', { threadId: tech.message_thread_id });
  await eventually(() => botMessagesTo(desk, client.id).some((m) => m.text === 'Fixed it remotely'));
  return { ...opened, tech };
}

describe('close and survey', () => {
  let ticketId: number;
  let mainThread: number;
  let card: Message;

  it('closes from the button: 🟣 title, topics closed, bridge off, survey offered', async () => {
    const opened = await assignedTicket();
    ticketId = opened.ticket.id;
    mainThread = opened.topic.message_thread_id;
    card = opened.card;
    const answer = await press(desk, desk.staff.tg, card, `sp:c:${ticketId}`);
    expect(answer?.text).toBe('🟣 Ticket closed.');
    const closedTitle = `🟣 [Closed | @olga_tech] #${ticketId} | Ivan Petrov`;
    await waitForTopic(desk, MAIN_GROUP, ticketId, (t) => t.name === closedTitle && t.closed);
    await waitForTopic(desk, TECH_GROUP_A, ticketId, (t) => t.name === closedTitle && t.closed);
    const row = await em(desk).findOneOrFail(SupportTicket, ticketId);
    expect(row.status).toBe('closed');
    expect(row.closedAt).toBeInstanceOf(Date);
    expect(await em(desk).count(TechThread, { supportTicket: ticketId, closedAt: null })).toBe(0);
    // The picker is gone from the card.
    await eventually(() => buttonsOf(state().getMessage(MAIN_GROUP, card.message_id)).length === 0);
    const survey = await eventually(() => surveyOf(desk.client.id, ticketId));
    expect(buttonsOf(survey)).toEqual([1, 2, 3, 4, 5].map((s) => `sp:f:${ticketId}:1:${s}`));
    expect(botMessagesTo(desk, desk.client.id).some((m) => textOf(m).includes(`#${ticketId} закрыто`))).toBe(true);
    // A second close is refused.
    const again = await press(desk, desk.staff.tg, card, `sp:c:${ticketId}`).catch(() => null);
    expect(again?.show_alert ?? true).toBe(true);
  });

  it('keeps the bridge off after the close: a technician reply no longer reaches the client', async () => {
    const before = botMessagesTo(desk, desk.client.id).length;
    await emu().userReopensTopic(
      desk.olga.tg,
      TECH_GROUP_A,
      (await waitForTopic(desk, TECH_GROUP_A, ticketId)).message_thread_id,
    );
    const tech = (await waitForTopic(desk, TECH_GROUP_A, ticketId)).message_thread_id;
    await emu().userSendsText(desk.olga.tg, TECH_GROUP_A, 'One more thing', { threadId: tech });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(botMessagesTo(desk, desk.client.id).slice(before).map(textOf)).toEqual([]);
  });

  it('all scores 5: the survey completes and its summary goes to the main topic', async () => {
    expect((await answer(desk.client.id, ticketId, 1, 5))?.text).toBe('⭐ Спасибо!');
    await answer(desk.client.id, ticketId, 2, 5);
    await answer(desk.client.id, ticketId, 3, 5);
    const survey = await eventually(
      () => surveyOf(desk.client.id, ticketId),
      (m) => textOf(m).includes('Спасибо за ответы'),
    );
    expect(buttonsOf(survey)).toEqual([]);
    const feedback = await eventually(
      () => em(desk).findOne(Feedback, { supportTicket: ticketId }),
      (f) => f?.status === 'completed',
    );
    expect([feedback!.q1, feedback!.q2, feedback!.q3, feedback!.comment]).toEqual([5, 5, 5, null]);
    const summary = await eventually(() =>
      topicMessages(desk, MAIN_GROUP, mainThread).find((m) => textOf(m).startsWith('📊')),
    );
    expect(textOf(summary)).toBe(`📊 Survey of #${ticketId}: speed 5 · solution 5 · politeness 5`);
    // Posted into the closed topic, which stays closed.
    await eventually(() => state().topic(MAIN_GROUP, mainThread)?.closed === true);
    expect(await actions(desk, ticketId)).toEqual(
      expect.arrayContaining(['closed', 'survey_started', 'survey_answered', 'survey_completed']),
    );
    const handle = desk.h.env.client.workflow.getHandle(feedbackWorkflowId(ticketId));
    expect(await handle.result()).toMatchObject({ status: 'completed', scores: [5, 5, 5] });
    await recordHistory(handle, 'feedback-survey-all-fives');
    await recordHistory(desk.h.env.client.workflow.getHandle(supportWorkflowId(ticketId)), 'support-close');
  });

  it('never reuses a closed ticket: the client’s next message opens a new one', async () => {
    const { ticket } = await openTicket(desk, desk.client, 'Another question');
    expect(ticket.id).toBeGreaterThan(ticketId);
    expect(ticket.status).toBe('new');
  });

  it('a score below 5 asks for a comment; the client’s next text is that comment, not a new ticket', async () => {
    const previous = await em(desk).findOneOrFail(SupportTicket, {
      clientTelegramId: desk.client.id,
      status: { $ne: 'closed' },
    });
    // /close typed in the topic works like the button.
    await emu().userSendsCommand(desk.staff.tg, MAIN_GROUP, 'close', { threadId: previous.mainThreadId! });
    await waitForTopic(desk, MAIN_GROUP, previous.id, (t) => t.closed);
    await answer(desk.client.id, previous.id, 1, 5);
    await answer(desk.client.id, previous.id, 2, 3);
    await answer(desk.client.id, previous.id, 3, 4);
    const survey = await eventually(
      () => surveyOf(desk.client.id, previous.id),
      (m) => textOf(m).includes('Что нам улучшить'),
    );
    // The request is a new message (an edit makes no sound on the client's phone), replying to the survey.
    const ask = await emu().waitForCall(
      'sendMessage',
      (c) => c.params.chat_id === desk.client.id && String(c.params.text).includes('Что нам улучшить'),
      15_000,
    );
    expect(ask.params.text).toBe('✍️ Что нам улучшить? Напишите ответ сообщением.');
    expect(ask.params.reply_parameters).toMatchObject({ message_id: survey!.message_id });
    await emu().userSendsText(desk.client, desk.client.id, 'Answer faster, please');
    await eventually(() =>
      botMessagesTo(desk, desk.client.id).some((m) => textOf(m).includes('передали ваш комментарий')),
    );
    const feedback = await eventually(
      () => em(desk).findOne(Feedback, { supportTicket: previous.id }),
      (f) => f?.status === 'completed',
    );
    expect([feedback!.q1, feedback!.q2, feedback!.q3, feedback!.comment]).toEqual([5, 3, 4, 'Answer faster, please']);
    const summary = await eventually(() =>
      topicMessages(desk, MAIN_GROUP, previous.mainThreadId!).find((m) => textOf(m).startsWith('📊')),
    );
    expect(textOf(summary)).toBe(
      `📊 Survey of #${previous.id}: speed 5 · solution 3 · politeness 4\n💬 Answer faster, please`,
    );
    // No new ticket was opened by the comment.
    expect(await em(desk).count(SupportTicket, { clientTelegramId: desk.client.id, status: { $ne: 'closed' } })).toBe(
      0,
    );
    const view = await desk.h.env.client.workflow.getHandle(feedbackWorkflowId(previous.id)).query(feedbackViewQuery);
    expect(view).toMatchObject({ status: 'completed', comment: 'Answer faster, please', awaitingComment: false });
    await recordHistory(
      desk.h.env.client.workflow.getHandle(feedbackWorkflowId(previous.id)),
      'feedback-survey-comment',
    );
  });

  it('reports CSAT per technician', async () => {
    const stats = await csatByTechnician(em(desk));
    const olga = stats.find((s) => s.technicianId === desk.olga.user.id);
    // Only the first ticket was answered while Olga was assigned; the second had no technician.
    expect(olga).toMatchObject({ surveys: 1, averageScore: 5, satisfiedPercent: 100 });
  });
});
