import { type Bot, GrammyError, HttpError } from 'grammy';
import type { InjectedFailure } from '../src';
import type { FakeBotApi } from '../src/testing';
import { rejection, startBot } from './harness';

describe('telegram emulator: failure injection', () => {
  let api: FakeBotApi;
  let bot: Bot;

  beforeEach(async () => {
    ({ api, bot } = await startBot());
  });
  afterEach(() => api.close());

  const cases: Array<[InjectedFailure, number, string, number | undefined]> = [
    [{ kind: 'too_many_requests', retryAfter: 7 }, 429, 'Too Many Requests: retry after 7', 7],
    [
      { kind: 'not_modified' },
      400,
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      undefined,
    ],
    [{ kind: 'thread_not_found' }, 400, 'Bad Request: message thread not found', undefined],
    [{ kind: 'topic_closed' }, 400, 'Bad Request: TOPIC_CLOSED', undefined],
    [{ kind: 'blocked' }, 403, 'Forbidden: bot was blocked by the user', undefined],
    [{ kind: 'server_error' }, 500, 'Internal Server Error', undefined],
    [{ kind: 'server_error', status: 502 }, 502, 'Bad Gateway', undefined],
    [
      { kind: 'api_error', errorCode: 400, description: 'Bad Request: chat not found' },
      400,
      'Bad Request: chat not found',
      undefined,
    ],
  ];

  it.each(cases)('%j becomes a GrammyError %i "%s"', async (injected, code, description, retryAfter) => {
    api.emulator.failNext('sendMessage', 1, injected);
    const err = await rejection(bot.api.sendMessage(api.client.id, 'hello'));
    expect(err).toBeInstanceOf(GrammyError);
    const e = err as GrammyError;
    expect(e.error_code).toBe(code);
    expect(e.description).toBe(description);
    expect(e.parameters.retry_after).toBe(retryAfter);

    // Injected failures don't touch the model, and the next call goes through.
    expect(api.emulator.messages(api.client.id)).toEqual([]);
    const call = api.emulator.lastCall('sendMessage')!;
    expect(call).toMatchObject({
      status: code,
      injected: 'failure',
      response: { ok: false, error_code: code, description },
    });
    await expect(bot.api.sendMessage(api.client.id, 'hello')).resolves.toMatchObject({ text: 'hello' });
  });

  it('failNext counts n calls of one method, or of any method with "*"', async () => {
    api.emulator.failNext('sendMessage', 2, { kind: 'server_error' });
    await expect(bot.api.getChat(api.client.id)).resolves.toBeDefined();
    expect(await rejection(bot.api.sendMessage(api.client.id, '1'))).toBeInstanceOf(GrammyError);
    expect(await rejection(bot.api.sendMessage(api.client.id, '2'))).toBeInstanceOf(GrammyError);
    await expect(bot.api.sendMessage(api.client.id, '3')).resolves.toMatchObject({ text: '3', message_id: 1 });

    api.emulator.failNext('*', 1, { kind: 'blocked' });
    expect(await rejection(bot.api.getChat(api.client.id))).toMatchObject({ error_code: 403 });
    await expect(bot.api.getChat(api.client.id)).resolves.toBeDefined();
  });

  it('failWhile fails the calls the predicate picks until removed', async () => {
    const topic = await bot.api.createForumTopic(api.staffGroup.id, 'T');
    const stop = api.emulator.failWhile((call) =>
      call.method === 'sendMessage' && call.params.message_thread_id === topic.message_thread_id
        ? { kind: 'thread_not_found' }
        : undefined,
    );
    const err = await rejection(
      bot.api.sendMessage(api.staffGroup.id, 'x', { message_thread_id: topic.message_thread_id }),
    );
    expect(err).toMatchObject({ error_code: 400, description: 'Bad Request: message thread not found' });
    await expect(bot.api.sendMessage(api.staffGroup.id, 'general')).resolves.toBeDefined();

    const stopBool = api.emulator.failWhile((call) => call.method === 'getChat', { kind: 'server_error', status: 502 });
    expect(await rejection(bot.api.getChat(api.client.id))).toMatchObject({ error_code: 502 });
    stop();
    stopBool();
    await expect(
      bot.api.sendMessage(api.staffGroup.id, 'x', { message_thread_id: topic.message_thread_id }),
    ).resolves.toBeDefined();
    await expect(bot.api.getChat(api.client.id)).resolves.toBeDefined();
  });

  it('offline drops the connection: grammY throws HttpError, and recovers when back online', async () => {
    api.emulator.setOffline(true);
    const err = await rejection(bot.api.sendMessage(api.client.id, 'lost'));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).not.toBeInstanceOf(GrammyError);
    expect(api.emulator.lastCall('sendMessage')).toMatchObject({ status: null, response: null, injected: 'offline' });
    expect(api.emulator.messages(api.client.id)).toEqual([]);

    api.emulator.setOffline(false);
    await expect(bot.api.sendMessage(api.client.id, 'back')).resolves.toMatchObject({ text: 'back' });

    api.emulator.failNext('sendMessage', 1, { kind: 'offline' });
    expect(await rejection(bot.api.sendMessage(api.client.id, 'once'))).toBeInstanceOf(HttpError);
    await expect(bot.api.sendMessage(api.client.id, 'again')).resolves.toBeDefined();
  });

  it('answers 403 after the user blocks the bot, and the bot is told via my_chat_member', async () => {
    const { update } = await api.emulator.userBlocksBot(api.client, { deliver: false });
    expect(update.my_chat_member).toMatchObject({
      chat: { id: api.client.id },
      old_chat_member: { status: 'member' },
      new_chat_member: { status: 'kicked', user: { id: 123456 } },
    });
    expect(await rejection(bot.api.sendMessage(api.client.id, 'x'))).toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await api.emulator.userUnblocksBot(api.client, { deliver: false });
    await expect(bot.api.sendMessage(api.client.id, 'welcome back')).resolves.toBeDefined();
  });

  it('validates answerCallbackQuery: text up to 200 characters, each query answered once', async () => {
    const m = await bot.api.sendMessage(api.client.id, 'Rate us', {
      reply_markup: { inline_keyboard: [[{ text: '5', callback_data: 'r:5' }]] },
    });
    const press = await api.emulator.userPressesButton(api.client, m, 'r:5', { deliver: false });
    expect(
      await rejection(bot.api.answerCallbackQuery(press.callbackQueryId, { text: 'x'.repeat(201) })),
    ).toMatchObject({
      description: 'Bad Request: MESSAGE_TOO_LONG',
    });
    await expect(
      bot.api.answerCallbackQuery(press.callbackQueryId, { text: 'x'.repeat(200), show_alert: true }),
    ).resolves.toBe(true);
    expect(api.state.callbackAnswer(press.callbackQueryId)).toMatchObject({ text: 'x'.repeat(200), show_alert: true });
    expect(await rejection(bot.api.answerCallbackQuery(press.callbackQueryId))).toMatchObject({
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    expect(await rejection(bot.api.answerCallbackQuery('123'))).toMatchObject({ error_code: 400 });
  });
});

describe('telegram emulator: rate limiting', () => {
  let api: FakeBotApi;
  let bot: Bot;
  let now: number;

  beforeEach(async () => {
    now = Date.UTC(2026, 10, 21, 12, 0, 0);
    ({ api, bot } = await startBot({ clock: () => now }));
  });
  afterEach(() => api.close());

  it('is off by default', async () => {
    for (let i = 0; i < 25; i += 1) await bot.api.sendMessage(api.staffGroup.id, `m${i}`);
    expect(api.emulator.messages(api.staffGroup.id)).toHaveLength(25);
  });

  it('allows 20 messages a minute to a group, then answers 429 with the wait until a slot frees', async () => {
    api.emulator.setRateLimit(true);
    for (let i = 0; i < 20; i += 1) {
      await bot.api.sendMessage(api.staffGroup.id, `m${i}`);
      now += 1000;
    }
    const err = await rejection(bot.api.sendMessage(api.staffGroup.id, 'one too many'));
    expect(err).toBeInstanceOf(GrammyError);
    // The first message went out 20 s ago: its slot frees in 40 s.
    expect(err).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 40',
      parameters: { retry_after: 40 },
    });
    expect(api.emulator.lastCall('sendMessage')?.injected).toBe('rate_limit');

    // Other chats have their own budget; the group's frees up once the window moves.
    await expect(bot.api.sendMessage(api.client.id, 'private is separate')).resolves.toBeDefined();
    now += 40_000;
    await expect(bot.api.sendMessage(api.staffGroup.id, 'now fine')).resolves.toBeDefined();
  });

  it('counts every item of an album and refuses a burst to a private chat within one second', async () => {
    api.emulator.setRateLimit({ privateMessagesPerSecond: 1, groupMessagesPerMinute: 3 });
    await bot.api.sendMessage(api.client.id, 'first');
    expect(await rejection(bot.api.sendMessage(api.client.id, 'burst'))).toMatchObject({
      error_code: 429,
      parameters: { retry_after: 1 },
    });
    now += 1000;
    await expect(bot.api.sendMessage(api.client.id, 'later')).resolves.toBeDefined();

    await bot.api.sendMessage(api.staffGroup.id, 'one');
    const album = bot.api.sendMediaGroup(api.staffGroup.id, [
      { type: 'photo', media: 'https://cdn.example.org/1.jpg' },
      { type: 'photo', media: 'https://cdn.example.org/2.jpg' },
      { type: 'photo', media: 'https://cdn.example.org/3.jpg' },
    ]);
    expect(await rejection(album)).toMatchObject({ error_code: 429 });
    expect(api.emulator.messages(api.staffGroup.id)).toHaveLength(1);
  });
});
