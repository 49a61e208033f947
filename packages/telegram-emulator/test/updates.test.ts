import Fastify, { type FastifyInstance } from 'fastify';
import { type Bot, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { type FakeBotApi, startFakeBotApi } from '../src/testing';
import { startBot } from './harness';

const SECRET = 'hook_secret-42';

/** A tiny receiver that records what Telegram (the emulator) posts. */
async function startReceiver(
  handler?: (body: Update) => number,
): Promise<{ url: string; app: FastifyInstance; seen: Array<{ body: Update; secret: unknown }> }> {
  const seen: Array<{ body: Update; secret: unknown }> = [];
  const app = Fastify();
  app.post('/hook', async (request, reply) => {
    const body = request.body as Update;
    seen.push({ body, secret: request.headers['x-telegram-bot-api-secret-token'] });
    return reply.code(handler ? handler(body) : 200).send('');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, app, seen };
}

describe('telegram emulator: delivering user updates', () => {
  let api: FakeBotApi;
  let bot: Bot;

  beforeEach(async () => {
    ({ api, bot } = await startBot());
  });
  afterEach(() => api.close());

  it('POSTs update JSON to the webhook with the secret header and increasing update ids', async () => {
    const receiver = await startReceiver();
    try {
      await bot.api.setWebhook(receiver.url, { secret_token: SECRET, allowed_updates: ['message', 'callback_query'] });
      expect(api.emulator.lastCall('setWebhook')?.response).toEqual({
        ok: true,
        result: true,
        description: 'Webhook was set',
      });
      await expect(bot.api.getWebhookInfo()).resolves.toMatchObject({ url: receiver.url, pending_update_count: 0 });

      const first = await api.emulator.userSendsText(api.client, api.client.id, 'Hi, my phone is broken');
      const second = await api.emulator.userSendsCommand(api.client, api.client.id, 'new', { args: 'iPhone 12' });

      expect(first.delivery).toMatchObject({ status: 200, ok: true, url: receiver.url });
      expect(receiver.seen.map((s) => s.secret)).toEqual([SECRET, SECRET]);
      expect(receiver.seen[0]!.body).toEqual(first.update);
      expect(first.update.message).toMatchObject({
        message_id: 1,
        from: { id: api.client.id, is_bot: false, first_name: 'Ivan' },
        chat: { id: api.client.id, type: 'private' },
        text: 'Hi, my phone is broken',
      });
      expect(second.update.update_id).toBe(first.update.update_id + 1);
      expect(second.update.message).toMatchObject({
        text: '/new iPhone 12',
        entities: [{ type: 'bot_command', offset: 0, length: 4 }],
      });

      // allowed_updates filters what is delivered: edited_message was not asked for.
      const edit = await api.emulator.userEditsMessage(api.client, first.message!, 'Hi, my phone is really broken');
      expect(edit.update.edited_message).toMatchObject({
        text: 'Hi, my phone is really broken',
        edit_date: expect.any(Number),
      });
      expect(edit.delivery).toBeUndefined();
      expect(receiver.seen).toHaveLength(2);
    } finally {
      await receiver.app.close();
    }
  });

  it('drives a real grammY webhook handler end to end, including the 401 on a wrong secret', async () => {
    bot.command('start', (ctx) =>
      ctx.reply(`Hello, ${ctx.from?.first_name}!`, {
        reply_markup: { inline_keyboard: [[{ text: 'New ticket', callback_data: 'ticket:new' }]] },
      }),
    );
    bot.callbackQuery('ticket:new', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Describe the problem' });
      await ctx.editMessageText('Describe the problem in one message');
    });
    bot.on('message:photo', (ctx) => ctx.reply(`Got ${ctx.message.photo.length} sizes`));
    const app = Fastify();
    app.post('/tg', webhookCallback(bot, 'fastify', { secretToken: SECRET }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tg`;
    try {
      await bot.api.setWebhook(url, { secret_token: SECRET });
      const start = await api.emulator.userSendsCommand(api.client, api.client.id, 'start');
      expect(start.delivery?.status).toBe(200);
      const [greeting] = api.emulator.messages(api.client.id).filter((m) => m.from?.is_bot);
      expect(greeting).toMatchObject({
        text: 'Hello, Ivan!',
        reply_markup: { inline_keyboard: [[{ callback_data: 'ticket:new' }]] },
      });

      const press = await api.emulator.userPressesButton(api.client, greeting!, 'ticket:new');
      expect(press.update.callback_query).toMatchObject({
        from: { id: api.client.id },
        message: { message_id: greeting!.message_id, text: 'Hello, Ivan!' },
        chat_instance: expect.any(String),
        data: 'ticket:new',
      });
      expect(api.state.callbackAnswer(press.callbackQueryId)).toMatchObject({
        text: 'Describe the problem',
        show_alert: false,
      });
      expect(api.state.getMessage(api.client.id, greeting!.message_id)).toMatchObject({
        text: 'Describe the problem in one message',
      });
      expect(api.state.getMessage(api.client.id, greeting!.message_id)?.reply_markup).toBeUndefined();

      await api.emulator.userSendsPhoto(api.client, api.client.id, { width: 1280, height: 960 });
      expect(api.emulator.messages(api.client.id).at(-1)).toMatchObject({ text: 'Got 2 sizes' });

      await expect(() => api.emulator.userPressesButton(api.client, greeting!, 'ticket:new')).rejects.toThrow(
        /no button/,
      );

      // Same webhook, wrong secret: grammY refuses, the emulator reports it like Telegram would.
      await bot.api.setWebhook(url, { secret_token: 'other' });
      const refused = await api.emulator.userSendsText(api.client, api.client.id, 'hello?');
      expect(refused.delivery).toMatchObject({ status: 401, ok: false });
      await expect(bot.api.getWebhookInfo()).resolves.toMatchObject({
        last_error_message: expect.stringContaining('401'),
      });
    } finally {
      await app.close();
    }
  });

  it('delivers one chat in order but different chats in parallel', async () => {
    const order: string[] = [];
    let releaseSlow: () => void = () => {};
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    const app = Fastify();
    app.post('/hook', async (request) => {
      const u = request.body as Update;
      const text = u.message?.text ?? '';
      order.push(`start:${text}`);
      if (text === 'slow') await slowGate;
      order.push(`end:${text}`);
      return '';
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`);
      const slow = api.emulator.userSendsText(api.client, api.client.id, 'slow');
      while (!order.includes('start:slow')) await new Promise((r) => setTimeout(r, 5));
      const sameChat = api.emulator.userSendsText(api.client, api.client.id, 'after-slow');
      const otherChat = api.emulator.userSendsText(api.technician, api.staffGroup.id, 'group');
      await otherChat;
      expect(order).toEqual(['start:slow', 'start:group', 'end:group']);
      releaseSlow();
      await Promise.all([slow, sameChat]);
      expect(order).toEqual([
        'start:slow',
        'start:group',
        'end:group',
        'end:slow',
        'start:after-slow',
        'end:after-slow',
      ]);
    } finally {
      releaseSlow();
      await app.close();
    }
  });

  it('delivers albums as one update per item with a shared media_group_id, and topic messages with their thread', async () => {
    const receiver = await startReceiver();
    try {
      await bot.api.setWebhook(receiver.url);
      await api.emulator.userSendsAlbum(api.client, api.client.id, [
        { type: 'photo', caption: 'front' },
        { type: 'photo' },
      ]);
      const album = receiver.seen.map((s) => s.body.message!);
      expect(album).toHaveLength(2);
      expect(album[0]!.media_group_id).toEqual(album[1]!.media_group_id);
      expect(album[0]!.caption).toBe('front');

      const topic = await api.emulator.userCreatesTopic(api.technician, api.staffGroup.id, 'Parts order');
      expect(receiver.seen.at(-1)!.body.message).toMatchObject({
        forum_topic_created: { name: 'Parts order' },
        is_topic_message: true,
      });
      await api.emulator.userSendsText(api.technician, api.staffGroup.id, 'need a screen', {
        threadId: topic.topic.message_thread_id,
      });
      expect(receiver.seen.at(-1)!.body.message).toMatchObject({
        message_thread_id: topic.topic.message_thread_id,
        is_topic_message: true,
        chat: { id: api.staffGroup.id, type: 'supergroup', is_forum: true },
        reply_to_message: { message_id: topic.topic.message_thread_id },
      });

      const contact = await api.emulator.userSharesContact(api.client, api.client.id);
      expect(contact.update.message?.contact).toMatchObject({
        user_id: api.client.id,
        first_name: 'Ivan',
        phone_number: expect.stringMatching(/^\+\d+$/),
      });
      const joined = await api.emulator.userJoins(api.staffGroup.id, [api.state.addUser({ first_name: 'New tech' })]);
      expect(joined.update.message?.new_chat_members).toHaveLength(1);
    } finally {
      await receiver.app.close();
    }
  });

  it('keeps updates for getUpdates when no webhook is set, and a long-polling grammY bot receives them', async () => {
    const queued = await api.emulator.userSendsText(api.client, api.client.id, 'queued before the bot starts');
    expect(queued.delivery).toBeUndefined();
    await expect(bot.api.getWebhookInfo()).resolves.toMatchObject({ url: '', pending_update_count: 1 });

    const received: string[] = [];
    bot.on('message:text', (ctx) => {
      received.push(ctx.message.text);
    });
    const running = bot.start({ drop_pending_updates: false, timeout: 1 });
    await api.emulator.userSendsText(api.client, api.client.id, 'sent while polling');
    await api.emulator.waitForCall('getUpdates', (c) => Number(c.params.offset) === queued.update.update_id + 2, 5000);
    await bot.stop();
    await running;
    expect(received).toEqual(['queued before the bot starts', 'sent while polling']);

    await bot.api.setWebhook('https://example.org/hook');
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
  });

  it('does not deliver group chatter to a bot in privacy mode, except commands and replies to it', async () => {
    await api.close();
    api = await startFakeBotApi({ bot: { canReadAllGroupMessages: false } });
    bot = api.createBot();
    const group = api.state.createGroup({ title: 'Old group', botStatus: 'member', members: [api.technician] });
    const receiver = await startReceiver();
    try {
      await bot.api.setWebhook(receiver.url);
      const chatter = await api.emulator.userSendsText(api.technician, group.id, 'lunch?');
      const command = await api.emulator.userSendsCommand(api.technician, group.id, 'queue', { mentionBot: true });
      expect(chatter.delivery).toBeUndefined();
      expect(command.delivery?.status).toBe(200);
      expect(receiver.seen.map((s) => s.body.message?.text)).toEqual(['/queue@workshop_desk_bot']);
      expect(api.emulator.messages(group.id).map((m) => m.text)).toEqual(['lunch?', '/queue@workshop_desk_bot']);
    } finally {
      await receiver.app.close();
    }
  });
});
