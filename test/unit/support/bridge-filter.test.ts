import type { Message } from 'grammy/types';
import { bridgedContentOf, isCommand, isSpecialistCall, toBridgeMessage } from '../../../src/bot/features/support';
import { techGroupOf } from '../../../src/reads/support-technicians';
import { forwardKey } from '../../../src/redis/keys';

const base = {
  message_id: 10,
  date: 1,
  chat: { id: -100, type: 'supergroup', title: 'g', is_forum: true },
  from: { id: 5, is_bot: false, first_name: 'Olga', last_name: 'S', username: 'olga' },
} as unknown as Message;
const msg = (patch: Record<string, unknown>) => ({ ...base, ...patch }) as unknown as Message;

describe('what the bridge copies', () => {
  it('knows each copyable kind, the specific one first', () => {
    expect(bridgedContentOf(msg({ text: 'hi' }))).toBe('text');
    expect(bridgedContentOf(msg({ photo: [{}] }))).toBe('photo');
    expect(bridgedContentOf(msg({ animation: {}, document: {} }))).toBe('animation');
    expect(bridgedContentOf(msg({ venue: {}, location: {} }))).toBe('venue');
    expect(bridgedContentOf(msg({ location: {} }))).toBe('location');
    expect(bridgedContentOf(msg({ voice: {} }))).toBe('voice');
    expect(bridgedContentOf(msg({ sticker: {} }))).toBe('sticker');
    expect(bridgedContentOf(msg({ video_note: {} }))).toBe('video_note');
  });

  it('never takes service messages', () => {
    for (const service of [
      { pinned_message: {} },
      { forum_topic_created: { name: 'x', icon_color: 1 } },
      { forum_topic_edited: {} },
      { forum_topic_closed: {} },
      { new_chat_members: [] },
      { left_chat_member: {} },
    ]) {
      expect(bridgedContentOf(msg(service))).toBeNull();
    }
  });

  it('recognises commands and calls for a specialist', () => {
    expect(isCommand(msg({ text: '/close', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }))).toBe(true);
    expect(isCommand(msg({ text: 'try /close', entities: [{ type: 'bot_command', offset: 4, length: 6 }] }))).toBe(
      false,
    );
    const mention = (text: string, length: number) => msg({ text, entities: [{ type: 'mention', offset: 0, length }] });
    expect(isSpecialistCall(mention('@boris help', 6), 'desk_bot')).toBe(true);
    expect(isSpecialistCall(mention('@desk_bot help', 9), 'desk_bot')).toBe(false);
    expect(
      isSpecialistCall(msg({ text: 'ask @boris', entities: [{ type: 'mention', offset: 4, length: 6 }] }), 'b'),
    ).toBe(false);
    expect(
      isSpecialistCall(msg({ text: 'Boris help', entities: [{ type: 'text_mention', offset: 0, length: 5 }] }), 'b'),
    ).toBe(true);
    expect(isSpecialistCall(msg({ text: 'no mention' }), 'b')).toBe(false);
  });

  it('turns a topic message into a bridge message; the topic root is no reply', () => {
    const inTopic = msg({
      message_thread_id: 3,
      is_topic_message: true,
      text: 'hello',
      reply_to_message: { message_id: 3, forum_topic_created: { name: 't', icon_color: 1 } },
    });
    expect(toBridgeMessage(inTopic, 'text', false)).toEqual({
      chatId: -100,
      messageId: 10,
      threadId: 3,
      content: 'text',
      text: 'hello',
      entities: [],
      mediaGroupId: null,
      replyToMessageId: null,
      from: { telegramId: 5, name: 'Olga S', username: 'olga' },
      editDate: null,
    });
    const reply = msg({
      message_thread_id: 3,
      is_topic_message: true,
      caption: 'c',
      reply_to_message: { message_id: 7 },
    });
    expect(toBridgeMessage(reply, 'photo', false).replyToMessageId).toBe(7);
    expect(toBridgeMessage(msg({ text: 'x', edit_date: 99 }), 'text', true)).toMatchObject({
      editDate: 99,
      threadId: null,
    });
  });

  it('keys forwarded messages (and each edit) apart', () => {
    expect(forwardKey({ chatId: -1, messageId: 2, editDate: null })).toBe('fwd:-1:2');
    expect(forwardKey({ chatId: -1, messageId: 2, editDate: 77 })).toBe('fwd:-1:2:e77');
  });
});

describe('TECH_GROUPS_MAPPING', () => {
  const mapping = { olga_tech: -1, '@Boris': -2, '17': -3 };
  it('matches by account username, Telegram @username or user id, ignoring case and @', () => {
    expect(techGroupOf(mapping, { id: 1, username: 'olga_tech' })).toBe(-1);
    expect(techGroupOf(mapping, { id: 2, username: 'b_account', telegramUsername: 'boris' })).toBe(-2);
    expect(techGroupOf(mapping, { id: 17, username: 'x' })).toBe(-3);
    expect(techGroupOf(mapping, { id: 18, username: 'nobody', telegramUsername: null })).toBeNull();
  });
});
