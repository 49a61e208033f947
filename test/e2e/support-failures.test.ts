// The support bridge under stress: racing first messages, a 429 storm, a Bot API outage, a client
// who blocked the bot. Everything through the webhook, the real workers and the fake Bot API.
import type { Update } from 'grammy/types';
import { SupportTicket } from '../../src/db/entities';
import { WEBHOOK_SECRET } from '../support/bot';
import {
  actions,
  botMessagesTo,
  em,
  eventually,
  MAIN_GROUP,
  openTicket,
  startDesk,
  topicMessages,
  topicOf,
  waitForTicket,
  type Desk,
} from '../unit/support/desk-harness';

jest.setTimeout(120_000);

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(update: Update) {
  const res = await fetch(`${desk.h.url}/webhook/${WEBHOOK_SECRET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
  return res.status;
}

/** Bot copies in the ticket's main topic, by text. */
const mainTexts = (threadId: number) =>
  topicMessages(desk, MAIN_GROUP, threadId)
    .filter((m) => m.from?.is_bot && m.text !== undefined && !m.reply_markup)
    .map((m) => m.text!);

describe('support bridge under stress', () => {
  it('opens one ticket when two first messages race', async () => {
    const client = desk.h.stranger({ first_name: 'Rosa', username: 'rosa_racer' });
    const first = await emu().userSendsText(client, client.id, 'Hello?', { deliver: false });
    const second = await emu().userSendsText(client, client.id, 'Is anyone there?', { deliver: false });
    expect(await Promise.all([post(first.update), post(second.update)])).toEqual([200, 200]);
    const ticket = await waitForTicket(desk, client.id);
    await eventually(
      () => mainTexts(ticket.mainThreadId!),
      (texts) => texts.includes('Hello?') && texts.includes('Is anyone there?'),
    );
    expect(await em(desk).count(SupportTicket, { clientTelegramId: client.id })).toBe(1);
    expect(desk.h.telegram.state.topics(MAIN_GROUP).filter((t) => t.name.includes('rosa_racer'))).toHaveLength(1);
    expect(mainTexts(ticket.mainThreadId!).filter((t) => t === 'Hello?')).toHaveLength(1);
  });

  it('delivers every message once and in order through a 429 storm, waiting exactly retry_after', async () => {
    const client = desk.h.stranger({ first_name: 'Sam', username: 'sam_storm' });
    const { ticket } = await openTicket(desk, client, 'storm 0');
    let refusals = 6;
    const stop = emu().failWhile((call) =>
      call.method === 'copyMessage' && Number(call.params.chat_id) === MAIN_GROUP && refusals-- > 0
        ? { kind: 'too_many_requests', retryAfter: 1 }
        : undefined,
    );
    try {
      for (let i = 1; i <= 5; i += 1) await emu().userSendsText(client, client.id, `storm ${i}`);
      const expected = [0, 1, 2, 3, 4, 5].map((i) => `storm ${i}`);
      await eventually(
        () => mainTexts(ticket.mainThreadId!),
        (texts) => texts.length >= expected.length,
        30_000,
      );
      expect(mainTexts(ticket.mainThreadId!)).toEqual(expected);
    } finally {
      stop();
    }
    // Each refused call was tried again no sooner than its retry_after.
    const calls = emu()
      .calls('copyMessage')
      .filter((c) => Number(c.params.chat_id) === MAIN_GROUP);
    const refused = calls.filter((c) => c.status === 429);
    expect(refused).toHaveLength(6);
    for (const call of refused) {
      const retry = calls.find((c) => c.seq > call.seq && c.params.message_id === call.params.message_id);
      expect(retry).toBeDefined();
      expect(retry!.at - call.at).toBeGreaterThanOrEqual(950);
      expect(retry!.at - call.at).toBeLessThan(5_000);
    }
  });

  it('delivers everything once and in order when the Bot API comes back after an outage', async () => {
    const client = desk.h.stranger({ first_name: 'Otto', username: 'otto_outage' });
    const { ticket } = await openTicket(desk, client, 'outage 0');
    await eventually(() => mainTexts(ticket.mainThreadId!).includes('outage 0'));
    emu().setOffline(true);
    try {
      for (let i = 1; i <= 3; i += 1) await emu().userSendsText(client, client.id, `outage ${i}`);
      await sleep(4_000);
      expect(mainTexts(ticket.mainThreadId!)).toEqual(['outage 0']);
    } finally {
      emu().setOffline(false);
    }
    const expected = [0, 1, 2, 3].map((i) => `outage ${i}`);
    await eventually(
      () => mainTexts(ticket.mainThreadId!),
      (texts) => texts.length >= expected.length,
      40_000,
    );
    expect(mainTexts(ticket.mainThreadId!)).toEqual(expected);
    expect(
      emu()
        .calls()
        .some((c) => c.injected === 'offline'),
    ).toBe(true);
  });

  it('marks a client who blocked the bot, tells staff once and does not retry forever', async () => {
    const client = desk.h.stranger({ first_name: 'Bea', username: 'bea_blocks' });
    const { ticket, topic } = await openTicket(desk, client, 'I will block you');
    await emu().userBlocksBot(client);
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'Hello Bea', { threadId: topic.message_thread_id });
    await eventually(
      () => em(desk).findOneOrFail(SupportTicket, ticket.id),
      (t) => !!t.clientBlockedAt,
    );
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, topic.message_thread_id).some((m) => m.text?.includes('blocked the bot')),
    );
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'Hello again Bea', { threadId: topic.message_thread_id });
    await sleep(1_500);
    const refused = emu()
      .calls()
      .filter((c) => c.status === 403 && Number(c.params.chat_id) === client.id);
    expect(refused).toHaveLength(1);
    expect(
      topicMessages(desk, MAIN_GROUP, topic.message_thread_id).filter((m) => m.text?.includes('blocked the bot')),
    ).toHaveLength(1);
    expect(await actions(desk, ticket.id)).toContain('client_blocked');
    // Writing again means they are back: the bridge resumes.
    await emu().userUnblocksBot(client);
    await emu().userSendsText(client, client.id, 'Sorry, I am back');
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'Welcome back', { threadId: topic.message_thread_id });
    await eventually(() => botMessagesTo(desk, client.id).some((m) => m.text === 'Welcome back'));
    expect((await em(desk).findOneOrFail(SupportTicket, ticket.id)).clientBlockedAt).toBeNull();
    expect(topicOf(desk, MAIN_GROUP, ticket.id)).toBeDefined();
  });

  it('lets staff block a spamming client with /ban in the topic, and let them back with /unban', async () => {
    const client = desk.h.stranger({ first_name: 'Spike', username: 'spike_spam' });
    const { ticket, topic } = await openTicket(desk, client, 'buy cheap watches');
    await eventually(() => mainTexts(topic.message_thread_id).includes('buy cheap watches'));
    await emu().userSendsCommand(desk.staff.tg, MAIN_GROUP, 'ban', { threadId: topic.message_thread_id });
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, topic.message_thread_id).some((m) =>
        m.text?.startsWith('🚫 The client is blocked'),
      ),
    );
    await emu().userSendsText(client, client.id, 'buy more watches');
    await sleep(1_000);
    expect(mainTexts(topic.message_thread_id)).not.toContain('buy more watches');
    // Only staff may do it.
    await emu().userSendsCommand(desk.olga.tg, MAIN_GROUP, 'unban', { threadId: topic.message_thread_id });
    await emu().userSendsText(client, client.id, 'still spamming');
    await sleep(500);
    expect(mainTexts(topic.message_thread_id)).not.toContain('still spamming');
    await emu().userSendsCommand(desk.staff.tg, MAIN_GROUP, 'unban', { threadId: topic.message_thread_id });
    await emu().userSendsText(client, client.id, 'sorry, a real question');
    await eventually(() => mainTexts(topic.message_thread_id).includes('sorry, a real question'));
    expect(await actions(desk, ticket.id)).toEqual(expect.arrayContaining(['client_banned', 'client_unbanned']));
  });
});
