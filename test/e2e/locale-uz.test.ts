import type { Message, ReplyKeyboardMarkup, User as TgUser } from 'grammy/types';
import { startBotHarness, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

// The whole app driven through the webhook like Telegram drives it: once with the default locale
// (en), where only language_code picks Uzbek, and once with DEFAULT_LOCALE=uz.

type CommandList = { command: string; description: string }[];
const helpDescription = (commands: CommandList) => commands.find((c) => c.command === 'help')?.description;

/** The last message the bot sent to this person, as they see it (HTML parsed), and its reply keyboard. */
function lastReply(h: BotHarness, tg: TgUser): { text: string; keyboard: string[] } {
  const call = h.telegram.emulator
    .calls('sendMessage')
    .filter((c) => String(c.params.chat_id) === String(tg.id))
    .at(-1)!;
  const markup = call.params.reply_markup as ReplyKeyboardMarkup | string | undefined;
  const parsed = typeof markup === 'string' ? (JSON.parse(markup) as ReplyKeyboardMarkup) : markup;
  return {
    text: (call.response as { result: Message.TextMessage }).result.text,
    keyboard: parsed?.keyboard?.flat().map((b) => (typeof b === 'string' ? b : b.text)) ?? [],
  };
}

describe('Uzbek for a Telegram user whose language_code is uz (default locale en)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ notifications: 'record' });
  });
  afterAll(() => h?.stopAll());
  beforeEach(() => h.telegram.emulator.clearCalls());

  it('answers /help in Uzbek, with the Uzbek menu', async () => {
    const aziz = h.stranger({ first_name: 'Aziz', language_code: 'uz' });
    await h.telegram.emulator.userSendsCommand(aziz, aziz.id, 'help');
    const reply = lastReply(h, aziz);
    expect(reply.text).toContain('ℹ️ Sizga mavjud buyruqlar:');
    expect(reply.text).toContain('/start — salomlashuv: qanday yordam olish yoki menyungiz');
    expect(reply.text).toContain('/request_access — ustaxona xodimlari uchun: botga kirish huquqini so‘rash');
    // Someone unregistered is most often a client: no access-request keyboard.
    expect(reply.keyboard).not.toContain('📝 Kirish so‘rovini boshlash');
  });

  it('shows a technician their dashboard in Uzbek', async () => {
    const { tg } = await h.person(['technician'], { first_name: 'Dilshod', language_code: 'uz' });
    await h.telegram.emulator.userSendsCommand(tg, tg.id, 'active');
    expect(lastReply(h, tg).text).toContain('🎟 Faol arizalar');
  });

  it('keeps English for everyone else and understands a typed Uzbek menu label from anyone', async () => {
    const hans = h.stranger({ first_name: 'Hans', language_code: 'de' });
    await h.telegram.emulator.userSendsText(hans, hans.id, '❓ Yordam');
    expect(lastReply(h, hans).text).toContain('ℹ️ Commands available to you:');
  });

  it('registers the Uzbek command menu for language_code uz', async () => {
    const api = h.runtime.bot.api;
    expect(helpDescription(await api.getMyCommands())).toBe('this list');
    expect(helpDescription(await api.getMyCommands({ language_code: 'uz' }))).toBe('shu ro‘yxat');
    expect(helpDescription(await api.getMyCommands({ language_code: 'ru' }))).toBe('этот список');
  });
});

describe('DEFAULT_LOCALE=uz', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { DEFAULT_LOCALE: 'uz' }, notifications: 'record' });
  });
  afterAll(() => h?.stopAll());
  beforeEach(() => h.telegram.emulator.clearCalls());

  it('answers in Uzbek a language it does not ship, and in their own language en and ru speakers', async () => {
    const hans = h.stranger({ first_name: 'Hans', language_code: 'de' });
    const emma = h.stranger({ first_name: 'Emma', language_code: 'en' });
    const oleg = h.stranger({ first_name: 'Oleg', language_code: 'ru' });
    for (const tg of [hans, emma, oleg]) await h.telegram.emulator.userSendsCommand(tg, tg.id, 'help');
    expect(lastReply(h, hans).text).toContain('ℹ️ Sizga mavjud buyruqlar:');
    expect(lastReply(h, emma).text).toContain('ℹ️ Commands available to you:');
    expect(lastReply(h, oleg).text).toContain('ℹ️ Доступные вам команды:');
  });

  it('registers the Uzbek command menu as the default, en and ru for those languages', async () => {
    const api = h.runtime.bot.api;
    expect(helpDescription(await api.getMyCommands())).toBe('shu ro‘yxat');
    expect(helpDescription(await api.getMyCommands({ language_code: 'en' }))).toBe('this list');
    expect(helpDescription(await api.getMyCommands({ language_code: 'ru' }))).toBe('этот список');
  });
});
