// A client of the support desk (CLIENT_ACCESS=open) meets the bot, end to end through the webhook:
// /start greets them and says how to get help — just write — instead of opening the staff access
// form; their first question opens a support ticket (it is not taken as a "First name"), and no
// access-request keyboard is ever put in front of them. Their id on the staff's card is copyable
// (never digit-grouped by Fluent).
import type { User as TgUser } from 'grammy/types';
import { AccessRequest } from '../../src/db/entities';
import { botMessagesTo, em, openTicket, startDesk, textOf, type Desk } from '../unit/support/desk-harness';

jest.setTimeout(120_000);

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;
const sentTo = (tg: TgUser) =>
  emu()
    .calls('sendMessage')
    .filter((c) => c.params.chat_id === tg.id);

const GREETING = {
  ru: [
    '👋 <b>Здравствуйте!</b> Это чат поддержки мастерской.',
    'Просто напишите здесь свой вопрос — текстом, фото, голосовым сообщением или файлом, — и наша команда ответит вам прямо в этом чате.',
    '',
    '🛠 Сотрудникам мастерской: отправьте /request_access, чтобы запросить доступ.',
  ].join('\n'),
  en: [
    "👋 <b>Hello!</b> This is the workshop's support chat.",
    'Just write your question here — as text, a photo, a voice message or a file — and our team will answer you right in this chat.',
    '',
    '🛠 Workshop staff: send /request_access to request access.',
  ].join('\n'),
};

describe('a client’s /start with CLIENT_ACCESS=open', () => {
  it.each(['ru', 'en'] as const)(
    'greets in %s, explains how to get help, and takes the first question as a support question',
    async (language) => {
      const client = desk.h.stranger({ first_name: 'Pavel', username: `pavel_${language}`, language_code: language });
      await emu().userSendsCommand(client, client.id, 'start');
      expect(sentTo(client).at(-1)?.params).toMatchObject({
        text: GREETING[language],
        parse_mode: 'HTML',
        reply_markup: { remove_keyboard: true },
      });

      const { ticket, card } = await openTicket(desk, client, 'My bike squeaks');
      expect(ticket.clientTelegramId).toBe(client.id);
      expect(await em(desk).count(AccessRequest, { telegramId: client.id })).toBe(0);
      expect(botMessagesTo(desk, client.id).map(textOf).join('\n')).not.toMatch(/🧾|Progress|Прогресс/);
      // Item 2: the client's id on the staff card is as Telegram gives it, so staff can copy it.
      expect(client.id).toBeGreaterThan(999_999_999);
      expect(textOf(card)).toContain(`id ${client.id}`);
      expect(textOf(card)).toContain(`#${ticket.id}`);

      // Nothing the bot sent this client carries the access-request keyboard.
      const markups = JSON.stringify(sentTo(client).map((c) => c.params.reply_markup ?? null));
      expect(markups).not.toMatch(/Start Access Request|Запросить доступ/);
    },
  );

  it('lists /request_access in /help for staff-to-be, with no keyboard for the client', async () => {
    const client = desk.h.stranger({ language_code: 'ru' });
    await emu().userSendsCommand(client, client.id, 'help');
    const help = sentTo(client).at(-1)!;
    expect(String(help.params.text)).toContain('/request_access — для сотрудников мастерской: запросить доступ к боту');
    expect(String(help.params.text)).toContain('/start — приветствие: как получить помощь или ваше меню');
    expect(help.params.reply_markup).toEqual({ remove_keyboard: true });
  });

  it('opens the access form only on /request_access', async () => {
    const staffToBe = desk.h.stranger({ language_code: 'en' });
    await emu().userSendsCommand(staffToBe, staffToBe.id, 'request_access');
    expect(String(sentTo(staffToBe).at(-1)?.params.text)).toContain('📈 Progress: 1/3');
  });
});
