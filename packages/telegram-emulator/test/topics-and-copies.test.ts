import { type Bot, InputFile } from 'grammy';
import type { EmulatorEvent } from '../src';
import type { FakeBotApi } from '../src/testing';
import { apiError, startBot } from './harness';

// Both suites run against a fresh fake with its staff forum group.
let api: FakeBotApi;
let bot: Bot;
let group: number;

beforeEach(async () => {
  ({ api, bot } = await startBot());
  group = api.staffGroup.id;
});
afterEach(() => api.close());

describe('telegram emulator: forum topics', () => {
  it('creates a topic whose thread id is the id of its forum_topic_created service message', async () => {
    await bot.api.sendMessage(group, 'General chatter');
    const topic = await bot.api.createForumTopic(group, '🟩 #12 Ivan Petrov — iPhone 12', { icon_color: 0xffd67e });
    expect(topic).toEqual({ message_thread_id: 2, name: '🟩 #12 Ivan Petrov — iPhone 12', icon_color: 0xffd67e });

    const service = api.state.getMessage(group, topic.message_thread_id)!;
    expect(service).toMatchObject({
      message_thread_id: 2,
      is_topic_message: true,
      forum_topic_created: { name: topic.name, icon_color: 0xffd67e },
      from: { id: 123456 },
    });
    expect(api.state.topics(group)).toEqual([
      expect.objectContaining({
        message_thread_id: 2,
        name: topic.name,
        closed: false,
        deleted: false,
        created_by: 123456,
      }),
    ]);
  });

  it('validates topic name, icon colour and forum-ness', async () => {
    expect((await apiError(bot.api.createForumTopic(group, ''))).description).toBe('Bad Request: TOPIC_NAME_INVALID');
    expect((await apiError(bot.api.createForumTopic(group, 'x'.repeat(129)))).description).toBe(
      'Bad Request: TOPIC_NAME_INVALID',
    );
    await expect(bot.api.createForumTopic(group, 'x'.repeat(128))).resolves.toMatchObject({ name: 'x'.repeat(128) });
    expect(
      (await apiError(bot.api.createForumTopic(group, 'ok', { icon_color: 0x123456 as 0x6fb9f0 }))).description,
    ).toBe('Bad Request: ICON_COLOR_INVALID');
    const plain = api.state.createSupergroup({ title: 'Not a forum' });
    expect((await apiError(bot.api.createForumTopic(plain.id, 'ok'))).description).toBe(
      'Bad Request: the chat is not a forum',
    );
  });

  it('puts messages into the topic: thread id, is_topic_message and the topic-root reply Telegram adds', async () => {
    const topic = await bot.api.createForumTopic(group, 'Ticket #7');
    const m = await bot.api.sendMessage(group, 'Client says: screen cracked', {
      message_thread_id: topic.message_thread_id,
    });
    expect(m.message_thread_id).toBe(topic.message_thread_id);
    expect(m.is_topic_message).toBe(true);
    expect(m.reply_to_message).toMatchObject({
      message_id: topic.message_thread_id,
      forum_topic_created: { name: 'Ticket #7' },
    });

    const general = await bot.api.sendMessage(group, 'outside');
    expect(general.message_thread_id).toBeUndefined();
    expect(api.emulator.messages(group, topic.message_thread_id).map((x) => x.message_id)).toEqual([
      topic.message_thread_id,
      m.message_id,
    ]);
    expect(api.emulator.messages(group, 'general').map((x) => x.text)).toEqual(['outside']);
  });

  it('gives a General-topic reply the replied message id as thread id, which is not a topic', async () => {
    const root = await bot.api.sendMessage(group, 'General question');
    const { message: reply } = await api.emulator.userSendsText(api.technician, group, 'answer', {
      replyTo: root,
      deliver: false,
    });
    expect(reply).toMatchObject({ message_thread_id: root.message_id });
    expect(reply!.is_topic_message).toBeUndefined();
    // Trusting that thread id is the classic bug: Telegram answers "message thread not found".
    const err = await apiError(bot.api.sendMessage(group, 'x', { message_thread_id: reply!.message_thread_id! }));
    expect(err.description).toBe('Bad Request: message thread not found');
  });

  it('closes, reopens, edits and deletes topics with Telegram errors for no-ops and gone topics', async () => {
    const { message_thread_id: id } = await bot.api.createForumTopic(group, '🟩 #3 Anna');
    await bot.api.sendMessage(group, 'work log', { message_thread_id: id });

    await expect(bot.api.closeForumTopic(group, id)).resolves.toBe(true);
    expect(api.state.topic(group, id)?.closed).toBe(true);
    expect((await apiError(bot.api.closeForumTopic(group, id))).description).toBe('Bad Request: TOPIC_NOT_MODIFIED');
    expect((await apiError(bot.api.sendMessage(group, 'late', { message_thread_id: id }))).description).toBe(
      'Bad Request: TOPIC_CLOSED',
    );

    await bot.api.reopenForumTopic(group, id);
    expect((await apiError(bot.api.reopenForumTopic(group, id))).description).toBe('Bad Request: TOPIC_NOT_MODIFIED');
    await expect(bot.api.sendMessage(group, 'back', { message_thread_id: id })).resolves.toMatchObject({
      message_thread_id: id,
    });

    await bot.api.editForumTopic(group, id, { name: '🟥 #3 Anna' });
    expect(api.state.topic(group, id)?.name).toBe('🟥 #3 Anna');
    expect((await apiError(bot.api.editForumTopic(group, id, { name: '🟥 #3 Anna' }))).description).toBe(
      'Bad Request: TOPIC_NOT_MODIFIED',
    );
    expect((await apiError(bot.api.editForumTopic(group, id, { name: '' }))).description).toBe(
      'Bad Request: TOPIC_NOT_MODIFIED',
    );
    const kinds = api.emulator
      .messages(group, id)
      .map((m) => Object.keys(m).find((k) => k.startsWith('forum_topic_')) ?? 'text');
    expect(kinds).toEqual([
      'forum_topic_created',
      'text',
      'forum_topic_closed',
      'forum_topic_reopened',
      'text',
      'forum_topic_edited',
    ]);

    await bot.api.deleteForumTopic(group, id);
    expect(api.emulator.messages(group, id)).toEqual([]);
    expect(api.state.topic(group, id)?.deleted).toBe(true);
    expect((await apiError(bot.api.sendMessage(group, 'gone', { message_thread_id: id }))).description).toBe(
      'Bad Request: message thread not found',
    );
    expect((await apiError(bot.api.closeForumTopic(group, id))).description).toBe('Bad Request: TOPIC_ID_INVALID');
  });

  it('streams topic, message, edit, delete and callback-answer events', async () => {
    const events: EmulatorEvent[] = [];
    const off = api.emulator.onChange((e) => events.push(e));
    const topic = await bot.api.createForumTopic(group, 'T');
    const m = await bot.api.sendMessage(group, 'hi', {
      message_thread_id: topic.message_thread_id,
      reply_markup: { inline_keyboard: [[{ text: 'Take', callback_data: 'take' }]] },
    });
    await bot.api.editMessageText(group, m.message_id, 'hi!');
    const press = await api.emulator.userPressesButton(
      api.technician,
      { chatId: group, messageId: m.message_id },
      'take',
      { deliver: false, force: true },
    );
    await bot.api.answerCallbackQuery(press.callbackQueryId, { text: 'Taken' });
    await bot.api.deleteMessage(group, m.message_id);
    off();
    await bot.api.sendMessage(group, 'after unsubscribe');

    const summary = events
      .filter((e) => e.type !== 'update')
      .map((e) => ('action' in e && e.type === 'topic' ? `topic:${e.action}` : e.type));
    expect(summary).toEqual(['message', 'topic:created', 'message', 'edit', 'callback_answer', 'delete']);
    expect(events.find((e) => e.type === 'edit')).toMatchObject({
      chatId: group,
      threadId: topic.message_thread_id,
      message: { text: 'hi!' },
    });
    expect(events.find((e) => e.type === 'delete')).toEqual({
      type: 'delete',
      chatId: group,
      messageIds: [m.message_id],
    });
    expect(events.find((e) => e.type === 'callback_answer')).toMatchObject({
      chatId: group,
      messageId: m.message_id,
      answer: { text: 'Taken' },
    });
  });
});

describe('telegram emulator: copies and forwards', () => {
  it("copies a user's message into a topic keeping text and entities, returning only the new id", async () => {
    const topic = await bot.api.createForumTopic(group, 'Ticket #1');
    const { message: src } = await api.emulator.userSendsText(
      api.client,
      api.client.id,
      'Call me at https://wa.me/123 #urgent',
      { deliver: false },
    );
    const copy = await bot.api.copyMessage(group, api.client.id, src!.message_id, {
      message_thread_id: topic.message_thread_id,
    });
    expect(copy).toEqual({ message_id: topic.message_thread_id + 1 });

    const stored = api.state.getMessage(group, copy.message_id)!;
    expect(stored).toMatchObject({
      text: src!.text,
      entities: src!.entities,
      message_thread_id: topic.message_thread_id,
      from: { id: 123456 },
    });
    expect(stored.entities?.map((e) => e.type)).toEqual(['url', 'hashtag']);
    expect(stored.forward_origin).toBeUndefined();
    // The copy is the bot's own message, so it can be edited later (forwards can't).
    await expect(bot.api.editMessageText(group, copy.message_id, 'edited copy')).resolves.toMatchObject({
      text: 'edited copy',
    });
  });

  it('copies media with a replaced caption, and refuses service messages and unknown ids', async () => {
    const { message: photo } = await api.emulator.userSendsPhoto(api.client, api.client.id, {
      caption: 'old',
      bytes: Buffer.from('img'),
      deliver: false,
    });
    const copy = await bot.api.copyMessage(group, api.client.id, photo!.message_id, {
      caption: '<i>new</i>',
      parse_mode: 'HTML',
    });
    expect(api.state.getMessage(group, copy.message_id)).toMatchObject({
      photo: photo!.photo,
      caption: 'new',
      caption_entities: [{ type: 'italic', offset: 0, length: 3 }],
    });
    expect((await apiError(bot.api.copyMessage(group, api.client.id, 999))).description).toBe(
      'Bad Request: message to copy not found',
    );
    const topic = await bot.api.createForumTopic(group, 'T');
    expect((await apiError(bot.api.copyMessage(api.client.id, group, topic.message_thread_id))).description).toBe(
      "Bad Request: message can't be copied",
    );
  });

  it('keeps an album grouped with copyMessages and gives strictly increasing ids', async () => {
    const items = await api.emulator.userSendsAlbum(
      api.client,
      api.client.id,
      [
        { type: 'photo', caption: 'front', bytes: Buffer.from('1') },
        { type: 'photo', bytes: Buffer.from('2') },
        { type: 'video', bytes: Buffer.from('3') },
      ],
      { deliver: false },
    );
    const text = await api.emulator.userSendsText(api.client, api.client.id, 'and a note', { deliver: false });
    const srcIds = [...items.map((i) => i.message!.message_id), text.message!.message_id];
    const srcGroup = items[0]!.message!.media_group_id;
    expect(items.every((i) => i.message!.media_group_id === srcGroup)).toBe(true);

    await bot.api.sendMessage(group, 'earlier');
    const copied = await bot.api.copyMessages(group, api.client.id, srcIds);
    expect(copied.map((c) => c.message_id)).toEqual([2, 3, 4, 5]);

    const copies = copied.map((c) => api.state.getMessage(group, c.message_id)!);
    const newGroup = copies[0]!.media_group_id;
    expect(newGroup).toEqual(expect.any(String));
    expect(newGroup).not.toBe(srcGroup);
    expect(copies.slice(0, 3).every((m) => m.media_group_id === newGroup)).toBe(true);
    expect(copies[3]!.media_group_id).toBeUndefined();
    expect(copies[0]!.caption).toBe('front');

    // Copying the items one by one breaks the album, as in Telegram.
    const single = await bot.api.copyMessage(group, api.client.id, srcIds[0]!);
    expect(api.state.getMessage(group, single.message_id)!.media_group_id).toBeUndefined();

    expect((await apiError(bot.api.copyMessages(group, api.client.id, [srcIds[1]!, srcIds[0]!]))).error_code).toBe(400);
  });

  it('forwards with the origin and refuses to edit the forward', async () => {
    const { message: src } = await api.emulator.userSendsText(api.client, api.client.id, 'hello', { deliver: false });
    const fwd = await bot.api.forwardMessage(group, api.client.id, src!.message_id);
    expect(fwd.forward_origin).toEqual({
      type: 'user',
      sender_user: expect.objectContaining({ id: api.client.id }),
      date: src!.date,
    });
    expect(fwd.text).toBe('hello');
    expect((await apiError(bot.api.editMessageText(group, fwd.message_id, 'x'))).description).toBe(
      "Bad Request: message can't be edited",
    );
    expect((await apiError(bot.api.forwardMessage(group, api.client.id, 404))).description).toBe(
      'Bad Request: message to forward not found',
    );
  });

  it('copies a document sent by the bot as multipart to another chat with the same file', async () => {
    const doc = await bot.api.sendDocument(group, new InputFile(Buffer.from('estimate'), 'estimate.txt'));
    const copy = await bot.api.copyMessage(api.client.id, group, doc.message_id);
    expect(api.state.getMessage(api.client.id, copy.message_id)!.document).toEqual(doc.document);
  });
});
