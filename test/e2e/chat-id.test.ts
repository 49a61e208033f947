// /chat_id end to end: Update JSON through the webhook to the real bot, the fake Bot API answering
// getChatMember from its model of the chat. Staff get a group's id and a setup checklist (in their
// language), anyone else in a group the support desk's "only staff" refusal, and anyone in a
// private chat their own id.
import type { Message, User as TgUser } from 'grammy/types';
import { SupportTicket } from '../../src/db/entities';
import { TEST_BOT_TOKEN } from '@ticketflow/telegram-emulator/testing';
import { em, MAIN_GROUP, startDesk, TECH_GROUP_A, TECH_GROUP_B, type Desk } from '../unit/support/desk-harness';

jest.setTimeout(120_000);

/** Listed in ADMIN_TELEGRAM_IDS; no user in the database until their first update. */
const ADMIN_ID = 4_100_000_001;
const BOT_ID = Number(TEST_BOT_TOKEN.split(':')[0]);

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk({ env: { ADMIN_TELEGRAM_IDS: String(ADMIN_ID) } });
});
afterAll(() => desk?.stop());
beforeEach(() => emu().clearCalls());

const emu = () => desk.h.telegram.emulator;
const state = () => desk.h.telegram.state;

async function chatId(user: TgUser, chat: number, options: { threadId?: number; mentionBot?: boolean } = {}) {
  await emu().userSendsCommand(user, chat, 'chat_id', options);
}

/** The bot's messages to a chat since the last clear: the HTML it sent and the text Telegram shows. */
function sentTo(chat: number): { html: string; text: string; params: Record<string, unknown> }[] {
  return emu()
    .calls('sendMessage')
    .filter((c) => String(c.params.chat_id) === String(chat))
    .map((c) => ({
      html: String(c.params.text),
      text: (c.response as { result: Message.TextMessage }).result.text,
      params: c.params,
    }));
}

const onlyReply = (chat: number) => {
  const sent = sentTo(chat);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.params.parse_mode).toBe('HTML');
  return sent[0]!;
};

/** No digit grouping anywhere ("-1,002,000,000,001", "1 002", a narrow no-break space…). */
const expectUngrouped = (text: string) => expect(text).not.toMatch(/\d[,.\s\u00a0\u202f]\d{3}(?!\d)/);

describe('/chat_id in a group, staff', () => {
  it('in the configured staff forum, where the bot is an admin: the id to copy and every check ✅ (en)', async () => {
    await chatId(desk.staff.tg, MAIN_GROUP);
    const { html, text } = onlyReply(MAIN_GROUP);
    expect(html).toContain(`<code>${MAIN_GROUP}</code>`);
    expect(html).toContain(`<code>MAIN_GROUP_ID=${MAIN_GROUP}</code>`);
    expect(text.split('\n')).toEqual([
      '⚙️ Workshop staff',
      `🆔 Chat id: ${MAIN_GROUP}`,
      '',
      '✅ Topics are enabled.',
      '✅ The bot is an administrator and may manage topics.',
      '✅ This is the staff group (MAIN_GROUP_ID).',
      '',
      `👉 In the configuration: MAIN_GROUP_ID=${MAIN_GROUP}`,
      '🎉 Everything is set up here.',
    ]);
    expectUngrouped(text);
    // The bot asked Telegram about itself in this chat.
    expect(
      emu()
        .calls('getChatMember')
        .map((c) => c.params),
    ).toEqual([expect.objectContaining({ chat_id: MAIN_GROUP, user_id: BOT_ID })]);
  });

  it('in a topic of the staff forum (ru, /chat_id@bot): answered in that topic, never taken by the support desk', async () => {
    const { tg } = await desk.h.person(['ops_manager'], { first_name: 'Пётр', language_code: 'ru' });
    const { topic } = await emu().userCreatesTopic(tg, MAIN_GROUP, 'Настройка');
    emu().clearCalls();
    const tickets = await em(desk).count(SupportTicket);

    await chatId(tg, MAIN_GROUP, { threadId: topic.message_thread_id, mentionBot: true });
    const { text, params } = onlyReply(MAIN_GROUP);
    expect(params.message_thread_id).toBe(topic.message_thread_id);
    expect(text.split('\n')).toEqual([
      '⚙️ Workshop staff',
      `🆔 Id чата: ${MAIN_GROUP}`,
      '',
      '✅ Темы включены.',
      '✅ Бот — администратор и может управлять темами.',
      '✅ Это группа сотрудников (MAIN_GROUP_ID).',
      '',
      `👉 В конфигурации: MAIN_GROUP_ID=${MAIN_GROUP}`,
      '🎉 Здесь всё настроено.',
    ]);
    // Nothing was bridged anywhere, and no ticket was opened.
    expect(emu().calls('copyMessage')).toEqual([]);
    expect(
      emu()
        .calls('sendMessage')
        .filter((c) => String(c.params.chat_id) !== String(MAIN_GROUP)),
    ).toEqual([]);
    expect(await em(desk).count(SupportTicket)).toBe(tickets);
  });

  it('a super admin from ADMIN_TELEGRAM_IDS, in a technician group whose bot may not manage topics: ⚠️ and the mapping', async () => {
    const admin = desk.h.stranger({ id: ADMIN_ID, first_name: 'Ada', language_code: 'en' });
    state().setBotStatus(TECH_GROUP_B, 'administrator', { can_manage_topics: false });
    try {
      await chatId(admin, TECH_GROUP_B);
    } finally {
      state().setBotStatus(TECH_GROUP_B, 'administrator', { can_manage_topics: true });
    }
    const { html, text } = onlyReply(TECH_GROUP_B);
    expect(html).toContain(`<code>${TECH_GROUP_B}</code>`);
    expect(text.split('\n')).toEqual([
      '⚙️ Boris bench',
      `🆔 Chat id: ${TECH_GROUP_B}`,
      '',
      '✅ Topics are enabled.',
      '⚠️ The bot is an administrator but may not manage topics: allow “Manage topics” in its admin rights.',
      '✅ This is the group of @boris_tech (TECH_GROUPS_MAPPING).',
      '',
      `👉 In the configuration: TECH_GROUPS_MAPPING={"@boris_tech": ${TECH_GROUP_B}}`,
    ]);
    expectUngrouped(text);
  });

  it('a new basic group where the bot is only a member (ru): every ⚠️ and what to set', async () => {
    const { tg } = await desk.h.person(['master'], { first_name: 'Мария', language_code: 'ru' });
    const group = state().createGroup({ title: 'Новая <мастерская>', botStatus: 'member', members: [tg] });
    await chatId(tg, group.id, { mentionBot: true });
    const { html, text } = onlyReply(group.id);
    expect(html).toContain('<b>Новая &lt;мастерская&gt;</b>');
    expect(html).toContain(`<code>MAIN_GROUP_ID=${group.id}</code>`);
    expect(html).toContain(`<code>TECH_GROUPS_MAPPING={"&lt;username&gt;": ${group.id}}</code>`);
    expect(text.split('\n')).toEqual([
      '⚙️ Новая <мастерская>',
      `🆔 Id чата: ${group.id}`,
      '',
      '⚠️ Темы выключены: включите «Темы» в настройках группы. После этого Telegram даст группе новый id — отправьте /chat_id ещё раз.',
      '⚠️ Бот не администратор: назначьте его администратором с правом управлять темами.',
      '⚠️ Этого чата нет ни в MAIN_GROUP_ID, ни в TECH_GROUPS_MAPPING.',
      `ℹ️ Сейчас MAIN_GROUP_ID — другой чат: ${MAIN_GROUP}`,
      '',
      `👉 Укажите MAIN_GROUP_ID=${group.id} для группы сотрудников или добавьте TECH_GROUPS_MAPPING={"<username>": ${group.id}} для группы техника.`,
    ]);
    expectUngrouped(text);
  });

  it('a supergroup without topics, where getChatMember fails: still the id, and the check it could not make', async () => {
    const { tg } = await desk.h.person(['master'], { first_name: 'Mia' });
    const group = state().createSupergroup({ title: 'Front desk', members: [tg] });
    emu().failNext('getChatMember', 1, {
      kind: 'api_error',
      errorCode: 400,
      description: 'Bad Request: member list is inaccessible',
    });
    await chatId(tg, group.id);
    const { text } = onlyReply(group.id);
    expect(text.split('\n').slice(1, 5)).toEqual([
      `🆔 Chat id: ${group.id}`,
      '',
      '⚠️ Topics are off: turn on Topics in the group settings.',
      '⚠️ Could not check the bot’s rights here (Bad Request: member list is inaccessible).',
    ]);
    expect(text).not.toContain('🎉');
  });
});

describe('/chat_id in a group, anyone else', () => {
  it('a technician in their own group, and a stranger in a new group: the short refusal, no id, no lookup', async () => {
    await chatId(desk.olga.tg, TECH_GROUP_A);
    expect(sentTo(TECH_GROUP_A).map((m) => m.text)).toEqual(['⛔ Это доступно только сотрудникам.']);

    const stranger = desk.h.stranger({ first_name: 'Sam' });
    const group = state().createSupergroup({ title: 'Somewhere', isForum: true, members: [stranger] });
    await chatId(stranger, group.id);
    expect(sentTo(group.id).map((m) => m.text)).toEqual(['⛔ Only staff can do this.']);

    expect(emu().calls('getChatMember')).toEqual([]);
    expect(emu().calls('sendMessage')).toHaveLength(2);
  });
});

describe('/chat_id in a private chat', () => {
  it('tells anyone their own Telegram id, registered or not, in their language', async () => {
    const stranger = desk.h.stranger({ first_name: 'Newcomer' });
    await chatId(stranger, stranger.id);
    const { html, text } = onlyReply(stranger.id);
    expect(html).toContain(`<code>${stranger.id}</code>`);
    expect(text.split('\n')).toEqual([
      `🆔 Your Telegram id: ${stranger.id}`,
      'Add it to ADMIN_TELEGRAM_IDS to make yourself a super admin.',
      "💡 For a group's id, add the bot to the group and send /chat_id there.",
    ]);
    expectUngrouped(text);

    await chatId(desk.olga.tg, desk.olga.tg.id);
    expect(onlyReply(desk.olga.tg.id).text.split('\n')).toEqual([
      `🆔 Ваш Telegram id: ${desk.olga.tg.id}`,
      'Добавьте его в ADMIN_TELEGRAM_IDS, чтобы стать суперадминистратором.',
      '💡 Чтобы узнать id группы, добавьте бота в группу и отправьте там /chat_id.',
    ]);
    expect(emu().calls('getChatMember')).toEqual([]);
  });

  it('/help lists /chat_id for staff, not for a technician', async () => {
    await emu().userSendsCommand(desk.staff.tg, desk.staff.tg.id, 'help');
    expect(sentTo(desk.staff.tg.id).at(-1)?.text).toContain(
      "/chat_id — in a group: its id and a setup check for the staff group or a technician's group",
    );
    await emu().userSendsCommand(desk.olga.tg, desk.olga.tg.id, 'help');
    expect(sentTo(desk.olga.tg.id).at(-1)?.text).not.toContain('/chat_id');
  });
});
