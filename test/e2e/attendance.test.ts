// Attendance end to end: Update JSON through the webhook, the real bot, AttendanceService and
// Postgres; assertions on the Bot API calls the fake records. The rules make the punctuality
// certain whatever the time of the run: every local minute is ≤ 23:59, so each check-in is early.
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { AttendanceRecord, XpTransaction } from '../../src/db/entities';
import { startBotHarness, type BotHarness } from '../support/bot';
import { activateRules } from '../support/rules';

jest.setTimeout(120_000);

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ notifications: 'record' });
  await activateRules(h.db.orm, (r) => ({
    ...r,
    attendance: { ...r.attendance, on_time_cutoff: '23:59', grace_cutoff: '23:59', on_time_xp: 2 },
  }));
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const emulator = () => h.telegram.emulator;
const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');
const lastText = () => textOf(emulator().lastCall('sendMessage'));
type Keyboard = { keyboard?: { text: string }[][] };
const keyboardOf = (call: RecordedCall | undefined) =>
  ((call?.params.reply_markup as Keyboard | undefined)?.keyboard ?? []).map((row) => row.map((b) => b.text));

describe('attendance in Telegram', () => {
  it('a technician checks in from the menu and gets the XP; a second check-in is refused', async () => {
    const { user, tg } = await h.person(['technician']);

    await emulator().userSendsCommand(tg, tg.id, 'help');
    expect(keyboardOf(emulator().lastCall('sendMessage'))[0]).toEqual(['🕘 Check in', '🏁 Check out']);

    // Check-out before any check-in is refused with its own reason.
    await emulator().userSendsText(tg, tg.id, '🏁 Check out');
    expect(lastText()).toBe('Cannot check out: there is no check-in today.');

    await emulator().userSendsText(tg, tg.id, '🕘 Check in');
    expect(lastText()).toMatch(/^✅ Checked in at \d{2}:\d{2} — early\. XP: \+2$/);

    const em = h.db.orm.em.fork();
    const xp = await em.find(XpTransaction, { user: user.id });
    expect(xp.map((x) => [x.amount, x.entryType])).toEqual([[2, 'attendance_punctuality']]);
    expect(xp[0].reference).toMatch(new RegExp(`^attendance_checkin:${user.id}:\\d{4}-\\d{2}-\\d{2}$`));

    await emulator().userSendsText(tg, tg.id, '🕘 Check in');
    expect(lastText()).toBe('Already checked in today.');
    expect(await h.db.orm.em.fork().count(XpTransaction, { user: user.id })).toBe(1);

    await emulator().userSendsCommand(tg, tg.id, 'checkout');
    expect(lastText()).toMatch(/^👋 Checked out at \d{2}:\d{2}\.$/);
    await emulator().userSendsText(tg, tg.id, '🏁 Check out');
    expect(lastText()).toBe('Already checked out today.');
  });

  it('answers in the technician’s language (Russian labels, Russian reply)', async () => {
    const { tg } = await h.person(['technician'], { language_code: 'ru' });
    await emulator().userSendsText(tg, tg.id, '🕘 Отметить приход');
    expect(lastText()).toMatch(/^✅ Приход отмечен в \d{2}:\d{2} — рано\. XP: \+2$/);
    await emulator().userSendsText(tg, tg.id, '🕘 Отметить приход');
    expect(lastText()).toBe('Приход сегодня уже отмечен.');
  });

  it('a staff member records a technician’s check-in and check-out, and lists the day', async () => {
    const { user: tech, tg: techTg } = await h.person(['technician'], { first_name: 'Timur', username: 'timur_fix' });
    const { user: master, tg } = await h.person(['master'], { first_name: 'Mira' });

    // The bot learns the technician's Telegram @username from their first message.
    await emulator().userSendsCommand(techTg, techTg.id, 'help');
    // Without a check-in there is nothing to check out.
    await emulator().userSendsCommand(tg, tg.id, 'checkout', { args: `${tech.id}` });
    expect(lastText()).toBe('Cannot check out: there is no check-in today.');

    await emulator().userSendsCommand(tg, tg.id, 'checkin', { args: '@timur_fix' });
    expect(lastText()).toMatch(/^✅ Timur .*checked in at \d{2}:\d{2} — early\. XP: \+2$/);
    await emulator().userSendsCommand(tg, tg.id, 'checkin', { args: `${tech.id}` });
    expect(lastText()).toBe('Already checked in today.');

    await emulator().userSendsCommand(tg, tg.id, 'checkout', { args: `#${tech.id}` });
    expect(lastText()).toMatch(/^✅ Timur .*checked out at \d{2}:\d{2}\.$/);

    const record = await h.db.orm.em.fork().findOneOrFail(AttendanceRecord, { user: tech.id });
    expect(record.recordedBy.id).toBe(master.id);
    expect(record.checkedOutBy?.id).toBe(master.id);
    expect(record.checkOutAt).toBeInstanceOf(Date);

    await emulator().userSendsCommand(tg, tg.id, 'attendance');
    const list = emulator().lastCall('sendMessage');
    expect(list?.params.parse_mode).toBe('HTML');
    expect(textOf(list)).toMatch(/^🕘 <b>Attendance \d{4}-\d{2}-\d{2}<\/b>\n/);
    expect(textOf(list)).toMatch(/Timur .*: \d{2}:\d{2} → \d{2}:\d{2} · early · XP \+2/);

    // Refusals: an unknown user, a bad date, a technician recording for someone else, a non-technician.
    await emulator().userSendsCommand(tg, tg.id, 'checkin', { args: '@nobody_here_at_all' });
    expect(lastText()).toBe('No user @nobody_here_at_all.');
    const { user: qc } = await h.person(['qc_inspector']);
    await emulator().userSendsCommand(tg, tg.id, 'checkin', { args: `${qc.id}` });
    expect(lastText()).toBe('Attendance can be recorded only for an active technician.');
    await emulator().userSendsCommand(tg, tg.id, 'checkin', { args: `${master.id}` });
    expect(lastText()).toBe('⛔ This action is available only for technicians.');
    await emulator().userSendsCommand(tg, tg.id, 'checkin');
    expect(lastText()).toBe('Usage: /checkin <user id or @username>');
    await emulator().userSendsCommand(tg, tg.id, 'attendance', { args: '2026-02-30' });
    expect(lastText()).toBe('Usage: /attendance [YYYY-MM-DD]');
    await emulator().userSendsCommand(techTg, techTg.id, 'checkin', { args: `${master.id}` });
    expect(lastText()).toBe('You do not have permission to perform this action.');
    await emulator().userSendsCommand(techTg, techTg.id, 'attendance');
    expect(lastText()).toContain('Access denied');

    // /help lists the staff commands.
    await emulator().userSendsCommand(tg, tg.id, 'help');
    expect(lastText()).toContain('/attendance — ');
    expect(lastText()).toContain('/checkin — ');
  });
});
