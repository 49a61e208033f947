// CLIENT_ACCESS=whitelist: only clients the card source knows (here the database: a registered,
// active account) reach the desk; anyone else is told so and no ticket opens.
import { SupportTicket } from '../../src/db/entities';
import { botMessagesTo, em, eventually, openTicket, startDesk, textOf, type Desk } from '../unit/support/desk-harness';

jest.setTimeout(120_000);

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk({ env: { CLIENT_ACCESS: 'whitelist' } });
});
afterAll(() => desk?.stop());

describe('support desk with CLIENT_ACCESS=whitelist', () => {
  it('turns away a client the card source does not know', async () => {
    const stranger = desk.h.stranger({ first_name: 'Walt', username: 'walt_unknown' });
    await desk.h.telegram.emulator.userSendsText(stranger, stranger.id, 'Let me in');
    const reply = await eventually(() => botMessagesTo(desk, stranger.id)[0]);
    expect(textOf(reply)).toContain('registered clients only');
    expect(await em(desk).count(SupportTicket, { clientTelegramId: stranger.id })).toBe(0);
  });

  it('tells an unknown person on /start that only registered clients are answered', async () => {
    for (const [language, expected] of [
      ['en', "This support desk answers the workshop's registered clients only."],
      ['ru', 'Эта служба поддержки отвечает только зарегистрированным клиентам мастерской.'],
    ] as const) {
      const stranger = desk.h.stranger({ first_name: 'Walt', language_code: language });
      await desk.h.telegram.emulator.userSendsCommand(stranger, stranger.id, 'start');
      const greeting = desk.h.telegram.emulator.lastCall('sendMessage')!;
      expect(greeting.params.chat_id).toBe(stranger.id);
      expect(String(greeting.params.text)).toContain(expected);
      expect(String(greeting.params.text)).toContain('/request_access');
      expect(greeting.params.reply_markup).toEqual({ remove_keyboard: true });
    }
  });

  it('opens a ticket for a known client', async () => {
    const { tg } = await desk.h.person(['technician'], { first_name: 'Kim', username: 'kim_known' });
    const { ticket } = await openTicket(desk, tg, 'I am registered');
    expect(ticket.clientTelegramId).toBe(tg.id);
  });
});
