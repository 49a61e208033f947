import { loadImage } from '@napi-rs/canvas';
import type { Message, User as TgUser } from 'grammy/types';
import { localDayWindow, type Actor, type RoleSlug, type TicketStatus } from '../../src/domain';
import { type Ticket, TicketTransition, User, XpTransaction } from '../../src/db/entities';
import { startBotHarness, type BotHarness } from '../support/bot';
import { createTicket, uniqueSuffix } from '../support/factories';
import { newTicket } from '../support/workshop';
import { teamSnapshot } from '../../src/reads/analytics';

jest.setTimeout(120_000);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DENIED = 'Access denied. Contact an administrator.';

let h: BotHarness;
beforeAll(async () => {
  // Notifications are only recorded here: sent, they would race the replies these tests read.
  h = await startBotHarness({ notifications: 'record' });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const actorOf = (user: User, roles: RoleSlug[]): Actor => ({ id: user.id, roles });

async function send(tg: TgUser, command: string, args?: string) {
  await h.telegram.emulator.userSendsCommand(tg, tg.id, command, args ? { args } : {});
}

/** Texts the bot sent to this chat since the last clear, as the user sees them (HTML parsed). */
function replies(tg: TgUser): string[] {
  return h.telegram.emulator
    .calls('sendMessage')
    .filter((c) => String(c.params.chat_id) === String(tg.id))
    .map((c) => (c.response as { result: Message.TextMessage }).result.text);
}

/** The next photo sent to this chat. */
async function eventuallyPhoto(tg: TgUser) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const call = h.telegram.emulator.calls('sendPhoto').find((c) => String(c.params.chat_id) === String(tg.id));
    if (call) return call;
    if (Date.now() > deadline) throw new Error('no photo');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function staff(roles: RoleSlug[] = ['ops_manager'], profile: Partial<TgUser> = {}) {
  return (await h.person(roles, profile)).tg;
}

async function technician(firstName: string) {
  const { user, tg } = await h.person(['technician'], { first_name: firstName });
  return { user, tg, actor: actorOf(user, ['technician']) };
}

describe('staff commands', () => {
  let ann: Awaited<ReturnType<typeof technician>>;
  let bob: Awaited<ReturnType<typeof technician>>;

  // First in the file: the numbers below are the whole (fresh) database.
  it('/stats sends a chart PNG and the same numbers as text', async () => {
    const em = h.db.orm.em.fork();
    const master = await h.person(['master']);
    ann = await technician('Ann');
    bob = await technician('Bob');
    const make = (status: TicketStatus) =>
      createTicket(em, {
        status,
        master: master.user,
        technician: status === 'under_review' || status === 'new' ? null : ann.user,
      });
    for (const status of ['under_review', 'new', 'assigned', 'in_progress', 'waiting_qc'] as const) await make(status);
    const rework = await make('rework');
    const passedYesterday = await make('done');
    const passedEarlier = await make('done');

    // Rules time zone is the default (UTC); the per-day series counts QC passes by local day.
    const today = localDayWindow(Date.now(), 'UTC').start;
    const qc = (ticket: Ticket, action: 'qc_pass' | 'qc_fail', at: number) =>
      em.create(TicketTransition, {
        ticket,
        fromStatus: 'waiting_qc',
        toStatus: action === 'qc_pass' ? 'done' : 'rework',
        action,
        createdAt: new Date(at),
      });
    qc(passedYesterday, 'qc_pass', today - DAY_MS + 10 * HOUR_MS);
    qc(passedEarlier, 'qc_fail', today - 4 * DAY_MS + 9 * HOUR_MS);
    qc(passedEarlier, 'qc_pass', today - 3 * DAY_MS + 15 * HOUR_MS);
    qc(rework, 'qc_fail', today - DAY_MS + 11 * HOUR_MS);
    const xp = (user: User, amount: number) =>
      em.create(XpTransaction, {
        user: em.getReference(User, user.id),
        amount,
        entryType: 'manual_adjustment',
        reference: `e2e:${uniqueSuffix()}`,
      });
    xp(ann.user, 100);
    xp(ann.user, 20);
    xp(bob.user, 250);
    await em.flush();

    const manager = await staff(['ops_manager']);
    await send(manager, 'stats');

    const photo = h.telegram.emulator.lastCall('sendPhoto')!;
    expect(photo.params).toMatchObject({
      chat_id: String(manager.id),
      caption: '📈 Workshop statistics',
      photo: { upload: true, filename: 'stats.png' },
    });
    const sizes = (photo.response as { result: Message.PhotoMessage }).result.photo;
    const stored = h.telegram.state.files.get(sizes.at(-1)!.file_id)!;
    expect(stored.data!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(stored.data!.length).toBe((photo.params.photo as { size: number }).size);
    const image = await loadImage(stored.data!);
    expect(image.width).toBeGreaterThan(0);
    expect(image.height).toBeGreaterThan(0);
    expect({ width: stored.width, height: stored.height }).toEqual({ width: image.width, height: image.height });

    // The numbers follow the photo, in order.
    const text = replies(manager).join('\n');
    const photoSeq = photo.seq;
    expect(h.telegram.emulator.calls('sendMessage').every((c) => c.seq > photoSeq)).toBe(true);
    expect(text).toContain('Tickets by status (total 8):');
    for (const line of [
      'Under review: 1',
      'New: 1',
      'Assigned: 1',
      'In progress: 1',
      'Waiting QC: 1',
      'Rework: 1',
      'Done: 2',
    ]) {
      expect(text).toContain(line);
    }
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(text).toContain('Done in the last 14 days: 2');
    expect(text).toContain(`• ${day(today - DAY_MS)}: 1`);
    expect(text).toContain(`• ${day(today - 3 * DAY_MS)}: 1`);
    expect(text.match(/^• \d{4}-\d{2}-\d{2}: \d+$/gm)).toHaveLength(2);
    // Decided: passedYesterday (pass first), passedEarlier and rework (fail first).
    expect(text).toContain('QC first-pass rate: 33.3% (1 of 3 tickets passed QC the first time)');
    const board = text.split('\n').filter((l) => / XP$/.test(l));
    expect(board[0]).toMatch(/^🥇 1\. Bob User \S+ — level 2 · 250 XP$/);
    expect(board[1]).toMatch(/^🥈 2\. Ann User \S+ — level 1 · 120 XP$/);
  });

  it('/stats offers the team view to an ops manager: a chart of tickets done and XP per technician', async () => {
    const manager = await staff(['ops_manager']);
    await send(manager, 'stats');
    const last = h.telegram.emulator.lastCall('sendMessage')!;
    expect(last.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: '👥 Team (7 days)', callback_data: 'stt:7' }]],
    });
    h.telegram.emulator.clearCalls();
    const message = (last.response as { result: Message.TextMessage }).result;
    const { callbackQueryId } = await h.telegram.emulator.userPressesButton(manager, message, 'stt:7');
    await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId, 15_000);
    const photo = await eventuallyPhoto(manager);
    expect(photo.params).toMatchObject({
      caption: '👥 Team over the last 7 days: tickets done and XP earned',
      photo: { upload: true, filename: 'team.png' },
    });
    const sizes = (photo.response as { result: Message.PhotoMessage }).result.photo;
    const stored = h.telegram.state.files.get(sizes.at(-1)!.file_id)!;
    expect(stored.data!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const image = await loadImage(stored.data!);
    expect({ width: image.width, height: image.height }).toEqual({ width: 1200, height: 900 });
    // The numbers drawn are the database's: the XP written in the first test, today.
    const team = await teamSnapshot(h.db.orm.em.fork(), { days: 7 });
    expect(team.rows.find((r) => r.technicianId === ann.user.id)).toMatchObject({ xp: 120 });
    expect(team.rows.find((r) => r.technicianId === bob.user.id)).toMatchObject({ xp: 250 });

    // A master gets the numbers without the button, and a forged press is refused.
    const master = await staff(['master']);
    h.telegram.emulator.clearCalls();
    await send(master, 'stats');
    expect(h.telegram.emulator.lastCall('sendMessage')!.params.reply_markup).toBeUndefined();
    const masterMessage = (h.telegram.emulator.lastCall('sendMessage')!.response as { result: Message.TextMessage })
      .result;
    const forged = await h.telegram.emulator.userPressesButton(master, masterMessage, 'stt:7', { force: true });
    const answer = await h.telegram.emulator.waitForCallbackAnswer(forged.callbackQueryId, 15_000);
    expect(answer).toMatchObject({ text: DENIED, show_alert: true });
  });

  it('/stats and the "📈 Stats" label answer in the user’s language', async () => {
    const manager = await staff(['master'], { language_code: 'ru' });
    await h.telegram.emulator.userSendsText(manager, manager.id, '📈 Stats');
    expect(h.telegram.emulator.lastCall('sendPhoto')?.params).toMatchObject({
      chat_id: String(manager.id),
      caption: '📈 Статистика мастерской',
    });
    const text = replies(manager).join('\n');
    expect(text).toContain('Заявки по статусам (всего 8)');
    expect(text).toContain('QC с первого раза: 33.3% (1 из 3');
  });

  it('/leaderboard ranks technicians by total XP with their level', async () => {
    const boss = await staff(['super_admin']);
    await send(boss, 'leaderboard');
    const lines = replies(boss).join('\n').split('\n');
    expect(lines[0]).toBe('🏆 XP leaderboard');
    const rows = lines.filter((l) => / XP$/.test(l));
    expect(rows[0]).toMatch(/^🥇 1\. Bob User \S+ — level 2 · 250 XP$/);
    expect(rows[1]).toMatch(/^🥈 2\. Ann User \S+ — level 1 · 120 XP$/);
    // Everyone else has no XP yet and shares the next rank.
    expect(rows.slice(2).every((r) => /^▫️ 3\. .* — level 1 · 0 XP$/.test(r))).toBe(true);
  });

  it('/techs shows working, paused and idle technicians in that order, with ticket and today’s time', async () => {
    const master = await h.person(['master']);
    const masterActor = actorOf(master.user, ['master']);
    const walt = await technician('Walt');
    const pam = await technician('Pam');
    await technician('Ida');
    const assigned = async (tech: Actor) => {
      const created = await newTicket(h, masterActor, [30]);
      await h.service.approveReview(masterActor, created.ticket.id);
      await h.service.assign(masterActor, created.ticket.id, tech.id);
      return created;
    };
    const waltTicket = await assigned(walt.actor);
    await h.service.start(walt.actor, waltTicket.ticket.id);
    const pamTicket = await assigned(pam.actor);
    await h.service.start(pam.actor, pamTicket.ticket.id);
    await h.service.pause(pam.actor, pamTicket.ticket.id);

    const manager = await staff(['ops_manager']);
    await send(manager, 'techs');
    const lines = replies(manager).join('\n').split('\n');
    expect(lines[0]).toMatch(/^👷 Technicians right now: \d+$/);
    const line = (name: string) => lines.findIndex((l) => l.includes(`${name} User`));
    expect(lines[line('Walt')]).toMatch(
      new RegExp(`^🟢 Walt User \\S+ — working · 🎫 #${waltTicket.ticket.id} · ${waltTicket.serial} · ⏱ today 0 min$`),
    );
    expect(lines[line('Pam')]).toMatch(
      new RegExp(`^⏸ Pam User \\S+ — paused · 🎫 #${pamTicket.ticket.id} · ${pamTicket.serial} · ⏱ today 0 min$`),
    );
    expect(lines[line('Ida')]).toMatch(/^⚪ Ida User \S+ — idle · ⏱ today 0 min$/);
    expect(line('Walt')).toBeLessThan(line('Pam'));
    expect(line('Pam')).toBeLessThan(line('Ida'));
    expect(line('Ann')).toBeGreaterThan(line('Pam'));
    expect(lines.at(-1)).toBe('🕒 "Today" is the local day in UTC.');
  });

  it('/find by id, by serial typed in lowercase with spaces, not found, and without an argument', async () => {
    const master = await h.person(['master']);
    const masterActor = actorOf(master.user, ['master']);
    const tom = await technician('Tom');
    const created = await newTicket(h, masterActor, [45]);
    await h.service.approveReview(masterActor, created.ticket.id);
    await h.service.assign(masterActor, created.ticket.id, tom.user.id);
    await h.service.start(tom.actor, created.ticket.id);
    const manager = await staff(['master']);

    await send(manager, 'find', String(created.ticket.id));
    const byId = replies(manager).at(-1)!;
    expect(byId).toContain(`🔎 Ticket #${created.ticket.id}`);
    expect(byId).toContain(`Serial number: ${created.serial}`);
    expect(byId).toContain('Status: 🟢 In progress');
    expect(byId).toContain(`Technician: Tom User`);
    expect(byId).toContain(`Master: Tess User`);
    expect(byId).toContain('45 min planned · 🟡 Yellow · 3 XP');
    expect(byId).toContain('Work session: Running · 0 min');

    const typed = `${created.serial.slice(0, 4).toLowerCase()} ${created.serial.slice(4).toLowerCase()}`;
    await send(manager, 'find', typed);
    expect(replies(manager).at(-1)).toContain(`🔎 Ticket #${created.ticket.id}`);

    await send(manager, 'find', 'RM-NOPE-0000');
    expect(replies(manager).at(-1)).toBe('⚠️ No ticket found for RM-NOPE-0000.');
    await send(manager, 'find', '99999999');
    expect(replies(manager).at(-1)).toBe('⚠️ No ticket found for 99999999.');
    await send(manager, 'find');
    expect(replies(manager).at(-1)).toBe('🔎 Usage: /find <id|serial>, for example /find 42 or /find RM-AB12.');
    expect(h.telegram.emulator.calls('sendMessage').every((c) => c.params.parse_mode === 'HTML')).toBe(true);
  });

  it('refuses a technician, with their own keyboard, and changes nothing', async () => {
    const { tg } = await technician('Tina');
    for (const [command, args] of [['stats'], ['techs'], ['find', '1'], ['leaderboard']] as const) {
      h.telegram.emulator.clearCalls();
      await send(tg, command, args);
      const sent = h.telegram.emulator.lastCall('sendMessage')!;
      expect(sent.params.text).toBe(DENIED);
      const keyboard = JSON.stringify(sent.params.reply_markup);
      expect(keyboard).toContain('🎟 Active Tickets');
      expect(keyboard).not.toContain('Start Access Request');
    }
    expect(h.telegram.emulator.calls('sendPhoto')).toHaveLength(0);
  });

  it('refuses an unregistered person with the Start access request button', async () => {
    const stranger = h.stranger();
    for (const command of ['stats', 'techs', 'find', 'leaderboard']) {
      h.telegram.emulator.clearCalls();
      await send(stranger, command);
      const sent = h.telegram.emulator.lastCall('sendMessage')!;
      expect(sent.params.text).toBe(DENIED);
      expect(sent.params.reply_markup).toMatchObject({ keyboard: [[{ text: '📝 Start Access Request' }]] });
    }
    h.telegram.emulator.clearCalls();
    await h.telegram.emulator.userSendsText(stranger, stranger.id, '📈 Stats');
    expect(h.telegram.emulator.lastCall('sendMessage')?.params.text).toBe(DENIED);
    expect(h.telegram.emulator.calls('sendPhoto')).toHaveLength(0);
  });

  it('/help lists /leaderboard for staff only', async () => {
    const manager = await staff(['master']);
    await send(manager, 'help');
    expect(replies(manager).at(-1)).toContain('/leaderboard — technicians ranked by XP');
    const { tg } = await technician('Hal');
    await send(tg, 'help');
    expect(replies(tg).at(-1)).not.toContain('/leaderboard');
  });
});
