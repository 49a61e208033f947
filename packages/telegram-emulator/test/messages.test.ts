import { type Bot, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { type FakeBotApi, TEST_BOT_TOKEN } from '../src/testing';
import { apiError, startBot } from './harness';

/** A 1024x768 PNG header: enough for the emulator to read the dimensions. */
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.from([0, 0, 4, 0, 0, 0, 3, 0, 8, 6, 0, 0, 0]),
  Buffer.alloc(64, 7),
]);

describe('telegram emulator: messages through a real grammY bot', () => {
  let api: FakeBotApi;
  let bot: Bot;

  beforeEach(async () => {
    ({ api, bot } = await startBot());
  });
  afterEach(() => api.close());

  it('answers getMe with the identity derived from the token', () => {
    expect(bot.botInfo).toMatchObject({
      id: 123456,
      is_bot: true,
      username: 'workshop_desk_bot',
      can_join_groups: true,
      can_read_all_group_messages: true,
      supports_inline_queries: false,
    });
    expect(api.emulator.calls('getMe')).toHaveLength(1);
  });

  it('stores sent messages with per-chat increasing ids and records the call', async () => {
    const first = await bot.api.sendMessage(api.client.id, 'Your ticket #12 is open');
    const second = await bot.api.sendMessage(api.client.id, 'A technician will call you');
    const inGroup = await bot.api.sendMessage(api.staffGroup.id, 'New ticket #12');

    expect([first.message_id, second.message_id, inGroup.message_id]).toEqual([1, 2, 1]);
    expect(first.from).toMatchObject({ id: 123456, is_bot: true });
    expect(first.chat).toEqual({
      id: api.client.id,
      type: 'private',
      first_name: 'Ivan',
      last_name: 'Petrov',
      username: 'ivan_client',
    });
    expect(api.emulator.messages(api.client.id).map((m) => m.text)).toEqual([
      'Your ticket #12 is open',
      'A technician will call you',
    ]);

    const call = api.emulator.lastCall('sendMessage')!;
    expect(call.method).toBe('sendMessage');
    expect(call.params).toEqual({ chat_id: api.staffGroup.id, text: 'New ticket #12' });
    expect(call.response).toEqual({ ok: true, result: inGroup });
    expect(call.seq).toBeGreaterThan(api.emulator.calls('sendMessage')[0]!.seq);
  });

  it('parses HTML into plain text and entities, and rejects broken markup like Telegram', async () => {
    const m = await bot.api.sendMessage(
      api.client.id,
      '<b>Bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code> <tg-spoiler>sp</tg-spoiler> <a href="https://example.org/t?a=1&amp;b=2">link</a>\n<pre><code class="language-ts">x &lt; 1</code></pre>',
      { parse_mode: 'HTML' },
    );
    expect(m.text).toBe('Bold it u s c sp link\nx < 1');
    expect(m.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'italic', offset: 5, length: 2 },
      { type: 'underline', offset: 8, length: 1 },
      { type: 'strikethrough', offset: 10, length: 1 },
      { type: 'code', offset: 12, length: 1 },
      { type: 'spoiler', offset: 14, length: 2 },
      { type: 'text_link', offset: 17, length: 4, url: 'https://example.org/t?a=1&b=2' },
      { type: 'pre', offset: 22, length: 5, language: 'ts' },
    ]);

    const err = await apiError(bot.api.sendMessage(api.client.id, '<b>open', { parse_mode: 'HTML' }));
    expect(err.error_code).toBe(400);
    expect(err.description).toBe(
      'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    );
    const unsupported = await apiError(
      bot.api.sendMessage(api.client.id, 'a <blink>b</blink>', { parse_mode: 'HTML' }),
    );
    expect(unsupported.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "blink" at byte offset 2',
    );
  });

  it('keeps explicit entities and enforces the MarkdownV2 escaping rule', async () => {
    const m = await bot.api.sendMessage(api.client.id, 'Price: 100', {
      entities: [{ type: 'bold', offset: 7, length: 3 }],
    });
    expect(m.entities).toEqual([{ type: 'bold', offset: 7, length: 3 }]);

    const err = await apiError(bot.api.sendMessage(api.client.id, 'Done. *Thanks*', { parse_mode: 'MarkdownV2' }));
    expect(err.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    const ok = await bot.api.sendMessage(api.client.id, 'Done\\. *Thanks*', { parse_mode: 'MarkdownV2' });
    expect(ok.text).toBe('Done. Thanks');
    expect(ok.entities).toEqual([{ type: 'bold', offset: 6, length: 6 }]);
  });

  it('validates text length, chat existence and callback_data size in bytes', async () => {
    await expect(bot.api.sendMessage(api.client.id, 'x'.repeat(4096))).resolves.toMatchObject({
      text: 'x'.repeat(4096),
    });
    expect((await apiError(bot.api.sendMessage(api.client.id, 'x'.repeat(4097)))).description).toBe(
      'Bad Request: message is too long',
    );
    expect((await apiError(bot.api.sendMessage(api.client.id, '   '))).description).toBe(
      'Bad Request: message text is empty',
    );
    expect((await apiError(bot.api.sendMessage(-100999, 'hi'))).description).toBe('Bad Request: chat not found');

    const keyboard = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: data }]] } });
    // 32 Cyrillic letters = 64 UTF-8 bytes: the limit is in bytes, not characters.
    await expect(bot.api.sendMessage(api.client.id, 'ok', keyboard('я'.repeat(32)))).resolves.toBeDefined();
    const tooLong = await apiError(bot.api.sendMessage(api.client.id, 'no', keyboard('я'.repeat(32) + 'a')));
    expect(tooLong).toMatchObject({ error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect((await apiError(bot.api.sendMessage(api.client.id, 'no', keyboard('')))).description).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    // A rejected message is not stored.
    expect(api.emulator.messages(api.client.id).map((m) => m.text)).toEqual(['x'.repeat(4096), 'ok']);
  });

  it('takes web_app buttons only in private chats and only with an https URL, as Telegram does', async () => {
    const app = (url: string) => ({ reply_markup: { inline_keyboard: [[{ text: 'App', web_app: { url } }]] } });
    await expect(
      bot.api.sendMessage(api.client.id, 'ok', app('https://desk.example.com/miniapp/')),
    ).resolves.toBeDefined();
    expect(
      (await apiError(bot.api.sendMessage(api.client.id, 'no', app('http://localhost/miniapp/')))).description,
    ).toBe(
      "Bad Request: inline keyboard button Web App URL 'http://localhost/miniapp/' is invalid: Only HTTPS links are allowed",
    );
    const inGroup = await apiError(
      bot.api.sendMessage(api.staffGroup.id, 'no', app('https://desk.example.com/miniapp/')),
    );
    expect(inGroup.description).toBe('Bad Request: BUTTON_TYPE_INVALID');
  });

  it('refuses to write to users who never started the bot', async () => {
    const stranger = api.state.addUser({ first_name: 'Stranger' });
    const err = await apiError(bot.api.sendMessage(stranger.id, 'hello'));
    expect(err).toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
  });

  it('edits text and markup, and answers "message is not modified" for an identical edit', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Accept', callback_data: 't:ac:12' }]] };
    const m = await bot.api.sendMessage(api.client.id, 'Quote: 100', { reply_markup: keyboard });

    const edited = (await bot.api.editMessageText(api.client.id, m.message_id, 'Quote: 120', {
      reply_markup: keyboard,
    })) as Message;
    expect(edited).toMatchObject({ text: 'Quote: 120', reply_markup: keyboard });
    expect(edited.edit_date).toEqual(expect.any(Number));

    const same = await apiError(
      bot.api.editMessageText(api.client.id, m.message_id, 'Quote: 120', { reply_markup: keyboard }),
    );
    expect(same.error_code).toBe(400);
    expect(same.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );

    // Telegram drops the keyboard when an edit omits reply_markup: that is a modification.
    const withoutKeyboard = (await bot.api.editMessageText(api.client.id, m.message_id, 'Quote: 120')) as Message;
    expect(withoutKeyboard.reply_markup).toBeUndefined();
    expect(api.state.getMessage(api.client.id, m.message_id)?.reply_markup).toBeUndefined();

    const markupOnly = await bot.api.editMessageReplyMarkup(api.client.id, m.message_id, { reply_markup: keyboard });
    expect(markupOnly).toMatchObject({ reply_markup: keyboard });
    const sameMarkup = await apiError(
      bot.api.editMessageReplyMarkup(api.client.id, m.message_id, { reply_markup: keyboard }),
    );
    expect(sameMarkup.description).toMatch(/^Bad Request: message is not modified/);

    expect((await apiError(bot.api.editMessageText(api.client.id, 999, 'x'))).description).toBe(
      'Bad Request: message to edit not found',
    );
  });

  it('only lets the bot edit its own messages, and edits captions of media only', async () => {
    const { message: fromUser } = await api.emulator.userSendsText(api.client, api.client.id, 'my phone is broken', {
      deliver: false,
    });
    expect((await apiError(bot.api.editMessageText(api.client.id, fromUser!.message_id, 'x'))).description).toBe(
      "Bad Request: message can't be edited",
    );
    const text = await bot.api.sendMessage(api.client.id, 'text');
    expect(
      (await apiError(bot.api.editMessageCaption(api.client.id, text.message_id, { caption: 'c' }))).description,
    ).toBe('Bad Request: there is no caption in the message to edit');
    const photo = await bot.api.sendPhoto(api.client.id, new InputFile(PNG, 'receipt.png'), { caption: 'Receipt' });
    expect((await apiError(bot.api.editMessageText(api.client.id, photo.message_id, 'x'))).description).toBe(
      'Bad Request: there is no text in the message to edit',
    );
    const captioned = await bot.api.editMessageCaption(api.client.id, photo.message_id, {
      caption: '<b>Paid</b>',
      parse_mode: 'HTML',
    });
    expect(captioned).toMatchObject({ caption: 'Paid', caption_entities: [{ type: 'bold', offset: 0, length: 4 }] });
    const same = await apiError(
      bot.api.editMessageCaption(api.client.id, photo.message_id, { caption: '<b>Paid</b>', parse_mode: 'HTML' }),
    );
    expect(same.description).toMatch(/message is not modified/);
  });

  it('uploads a photo as multipart, serves it back through getFile and the file URL', async () => {
    const sent = await bot.api.sendPhoto(api.staffGroup.id, new InputFile(PNG, 'broken-screen.png'), {
      caption: 'Device photo',
      reply_markup: { inline_keyboard: [[{ text: 'Take', callback_data: 'take:1' }]] },
    });
    expect(sent.photo).toHaveLength(2);
    expect(sent.photo!.at(-1)).toMatchObject({ width: 1024, height: 768, file_size: PNG.length });
    expect(sent.photo![0]).toMatchObject({ width: 320, height: 240 });
    expect(sent.reply_markup?.inline_keyboard[0]![0]).toMatchObject({ callback_data: 'take:1' });

    const call = api.emulator.lastCall('sendPhoto')!;
    expect(call.params.photo).toEqual({
      upload: true,
      filename: 'broken-screen.png',
      size: PNG.length,
      contentType: 'application/octet-stream',
    });
    expect(call.params.caption).toBe('Device photo');
    expect(call.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Take', callback_data: 'take:1' }]] });

    const file = await bot.api.getFile(sent.photo!.at(-1)!.file_id);
    expect(file.file_path).toMatch(/^photos\/file_\d+\.png$/);
    const res = await fetch(`${api.url}/file/bot${TEST_BOT_TOKEN}/${file.file_path}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    // Re-sending by file_id reuses the file; an unknown file_id is refused.
    const again = await bot.api.sendPhoto(api.client.id, sent.photo!.at(-1)!.file_id);
    expect(again.photo!.at(-1)!.file_id).toBe(sent.photo!.at(-1)!.file_id);
    expect((await apiError(bot.api.sendPhoto(api.client.id, 'AgACnope'))).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    );
    expect((await apiError(bot.api.getFile('nope'))).description).toBe('Bad Request: invalid file_id');
  });

  it('sends documents, voice, video and stickers with their media objects', async () => {
    const doc = await bot.api.sendDocument(api.client.id, new InputFile(Buffer.from('%PDF-1.4'), 'invoice.pdf'), {
      caption: 'Invoice',
    });
    expect(doc.document).toMatchObject({ file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 8 });
    const voice = await bot.api.sendVoice(api.client.id, new InputFile(Buffer.from('OggS'), 'v.ogg'), { duration: 4 });
    expect(voice.voice).toMatchObject({ duration: 4, mime_type: 'audio/ogg' });
    const video = await bot.api.sendVideo(api.client.id, 'https://cdn.example.org/clip.mp4', {
      width: 640,
      height: 360,
      duration: 9,
    });
    expect(video.video).toMatchObject({ width: 640, height: 360, duration: 9, file_name: 'clip.mp4' });
    const sticker = await bot.api.sendSticker(api.client.id, new InputFile(Buffer.from('RIFF'), 's.webp'), {
      emoji: '🔧',
    });
    expect(sticker.sticker).toMatchObject({ type: 'regular', emoji: '🔧', is_animated: false });
  });

  it('sends an album: one message per item sharing a media_group_id', async () => {
    const album: Message[] = await bot.api.sendMediaGroup(api.client.id, [
      { type: 'photo', media: new InputFile(PNG, 'a.png'), caption: 'Before' },
      { type: 'photo', media: new InputFile(PNG, 'b.png') },
      { type: 'video', media: 'https://cdn.example.org/after.mp4' },
    ]);
    expect(album.map((m) => m.message_id)).toEqual([1, 2, 3]);
    expect(new Set(album.map((m) => m.media_group_id)).size).toBe(1);
    expect(album[0]!.media_group_id).toEqual(expect.any(String));
    expect(album[0]!.caption).toBe('Before');

    expect(
      (await apiError(bot.api.sendMediaGroup(api.client.id, [{ type: 'photo', media: new InputFile(PNG) }])))
        .description,
    ).toBe('Bad Request: media group must contain at least 2 items');
    const mixed = bot.api.sendMediaGroup(api.client.id, [
      { type: 'photo', media: new InputFile(PNG) },
      { type: 'document', media: new InputFile(Buffer.from('x'), 'x.txt') },
    ] as never);
    expect((await apiError(mixed)).description).toBe(
      "Bad Request: Can't use the media of the specified type in the album",
    );
  });

  it('checks reply_parameters unless allow_sending_without_reply is set', async () => {
    const m = await bot.api.sendMessage(api.client.id, 'question');
    const reply = await bot.api.sendMessage(api.client.id, 'answer', {
      reply_parameters: { message_id: m.message_id },
    });
    expect(reply.reply_to_message).toMatchObject({ message_id: m.message_id, text: 'question' });

    const missing = await apiError(bot.api.sendMessage(api.client.id, 'x', { reply_parameters: { message_id: 99 } }));
    expect(missing.description).toBe('Bad Request: message to be replied not found');
    const tolerated = await bot.api.sendMessage(api.client.id, 'x', {
      reply_parameters: { message_id: 99, allow_sending_without_reply: true },
    });
    expect(tolerated.reply_to_message).toBeUndefined();
  });

  it('deletes messages and answers Telegram errors for unknown ones', async () => {
    const a = await bot.api.sendMessage(api.client.id, 'a');
    const b = await bot.api.sendMessage(api.client.id, 'b');
    const c = await bot.api.sendMessage(api.client.id, 'c');
    await expect(bot.api.deleteMessage(api.client.id, a.message_id)).resolves.toBe(true);
    expect((await apiError(bot.api.deleteMessage(api.client.id, a.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
    await expect(bot.api.deleteMessages(api.client.id, [b.message_id, 77])).resolves.toBe(true);
    expect(api.emulator.messages(api.client.id).map((m) => m.message_id)).toEqual([c.message_id]);
  });

  it('records chat actions and keeps commands per scope and language', async () => {
    await bot.api.sendChatAction(api.client.id, 'typing');
    expect(api.state.currentChatAction(api.client.id)).toBe('typing');
    expect(
      (await apiError(bot.api.raw.sendChatAction({ chat_id: api.client.id, action: 'dancing' as 'typing' })))
        .description,
    ).toBe('Bad Request: wrong parameter action in request');

    await bot.api.setMyCommands([{ command: 'new', description: 'New ticket' }]);
    await bot.api.setMyCommands([{ command: 'queue', description: 'Queue' }], {
      scope: { type: 'chat', chat_id: api.staffGroup.id },
    });
    await expect(bot.api.getMyCommands()).resolves.toEqual([{ command: 'new', description: 'New ticket' }]);
    await expect(bot.api.getMyCommands({ scope: { type: 'chat', chat_id: api.staffGroup.id } })).resolves.toEqual([
      { command: 'queue', description: 'Queue' },
    ]);
    expect((await apiError(bot.api.setMyCommands([{ command: 'Bad-Name', description: 'x' }]))).description).toBe(
      'Bad Request: BOT_COMMAND_INVALID',
    );
    await bot.api.deleteMyCommands();
    await expect(bot.api.getMyCommands()).resolves.toEqual([]);
  });

  it('answers getChat with full info for known chats', async () => {
    const chat = await bot.api.getChat(api.staffGroup.id);
    expect(chat).toMatchObject({
      id: api.staffGroup.id,
      type: 'supergroup',
      title: 'Workshop staff',
      is_forum: true,
      accent_color_id: 0,
    });
    expect((await apiError(bot.api.getChat(-100123))).description).toBe('Bad Request: chat not found');
  });

  it('answers 404 for unknown methods, 401 for a wrong token, and accepts any method-name case', async () => {
    const post = (token: string, method: string, body: unknown = {}) =>
      fetch(`${api.url}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const unknown = await post(TEST_BOT_TOKEN, 'sendTeleport');
    expect(unknown.status).toBe(404);
    await expect(unknown.json()).resolves.toEqual({
      ok: false,
      error_code: 404,
      description: 'Not Found: method not found',
    });

    const wrongToken = await post('999:nope', 'getMe');
    expect(wrongToken.status).toBe(401);
    await expect(wrongToken.json()).resolves.toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });

    const lower = await post(TEST_BOT_TOKEN, 'sendmessage', { chat_id: api.client.id, text: 'hi' });
    await expect(lower.json()).resolves.toMatchObject({ ok: true, result: { text: 'hi' } });
    expect(api.emulator.lastCall('sendMessage')?.method).toBe('sendMessage');

    const form = await fetch(`${api.url}/bot${TEST_BOT_TOKEN}/sendMessage?chat_id=${api.client.id}&text=from%20query`);
    await expect(form.json()).resolves.toMatchObject({ ok: true, result: { text: 'from query' } });
  });
});
