// Manual progression changes through the webhook: an ops manager's /xp_adjust and /set_level reach
// the technician's own chat in the technician's language (Russian, English), with the comment;
// anyone else is refused.
import type { Message, User as TgUser } from 'grammy/types';
import { sql } from '../../src/db/sql';
import { startBotHarness, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const send = (tg: TgUser, command: string, args: string) =>
  h.telegram.emulator.userSendsCommand(tg, tg.id, command, { args });

/** The message the bot sent (or will send) to this chat containing the text. */
async function nextMessageTo(tg: TgUser, contains: string): Promise<string> {
  const matches = (c: { params: Record<string, unknown>; response: unknown }) =>
    String(c.params.chat_id) === String(tg.id) &&
    ((c.response as { result?: Message.TextMessage }).result?.text ?? '').includes(contains);
  // The reply is sent before the webhook answers; the notice arrives later, through Temporal.
  const call =
    h.telegram.emulator.calls('sendMessage').find(matches) ??
    (await h.telegram.emulator.waitForCall('sendMessage', matches, 30_000));
  return (call.response as { result: Message.TextMessage }).result.text;
}

it('a manual XP adjustment reaches a Russian-speaking technician in Russian', async () => {
  const ops = await h.person(['ops_manager']);
  const tech = await h.person(['technician'], { first_name: 'Дина', language_code: 'ru' });
  // Her Telegram language is known once she has used the bot.
  await h.telegram.emulator.userSendsCommand(tech.tg, tech.tg.id, 'help');
  await send(ops.tg, 'xp_adjust', `@${tech.user.username} 15 отличная работа с рамой`);

  expect(await nextMessageTo(ops.tg, tech.user.username)).toContain('XP +15 (total 15)');
  const notice = await nextMessageTo(tech.tg, 'Ваш XP изменён');
  expect(notice).toBe('⭐ Ваш XP изменён: +15\n💬 отличная работа с рамой');
  const rows = await sql(h.db.orm.em.fork(), `select amount, entry_type from xp_transaction where user_id = ?`, [
    tech.user.id,
  ]);
  expect(rows).toEqual([{ amount: 15, entry_type: 'manual_adjustment' }]);
});

it('a manual XP adjustment and a level change reach an English-speaking technician in English', async () => {
  const admin = await h.person(['super_admin']);
  const tech = await h.person(['technician'], { first_name: 'Ed', language_code: 'en' });
  await send(admin.tg, 'xp_adjust', `${tech.user.id} -3 <b>late</b> report`);
  expect(await nextMessageTo(tech.tg, 'Your XP was adjusted')).toBe(
    '⭐ Your XP was adjusted: -3\n💬 <b>late</b> report',
  );

  await send(admin.tg, 'set_level', `@${tech.user.username} 3 promoted after review`);
  expect(await nextMessageTo(tech.tg, 'Your level was changed')).toBe(
    '📈 Your level was changed: 1 → 3\n💬 promoted after review',
  );
});

it('refuses masters and technicians, and explains the format', async () => {
  const master = await h.person(['master']);
  const tech = await h.person(['technician']);
  await send(master.tg, 'xp_adjust', `${tech.user.id} 5 nice`);
  expect(await nextMessageTo(master.tg, 'Access denied')).toContain('Access denied');

  const ops = await h.person(['ops_manager']);
  await send(ops.tg, 'set_level', `${tech.user.id} 9`);
  expect(await nextMessageTo(ops.tg, 'Usage')).toContain('/set_level');
  await send(ops.tg, 'xp_adjust', `${tech.user.id} 0 nothing`);
  expect(await nextMessageTo(ops.tg, 'amount')).toContain('amount must not be 0.');
  const rows = await sql(h.db.orm.em.fork(), `select 1 from xp_transaction where user_id = ?`, [tech.user.id]);
  expect(rows).toEqual([]);
});
