// Attendance in Telegram (issue 15): the technician's "🕘 Check in" / "🏁 Check out" menu buttons
// (and /checkin, /checkout), staff recording on a technician's behalf (/checkin <id|@username>,
// /checkout <id|@username>) and the day's list (/attendance [YYYY-MM-DD]). Everything goes through
// AttendanceService (one transaction, idempotent XP); refusals are the domain's, translated.
import { Composer } from 'grammy';
import {
  type Actor,
  canRecordAttendance,
  DomainError,
  hasTechnicianRole,
  isBusinessDate,
  localDateTime,
} from '../../domain';
import { type AttendanceActionResult, type AttendanceDay } from '../../services/attendance';
import type { BotContext, IdentityUser } from '../context';
import { reportFailure } from '../errors';
import { deniedWithMenu, isReportable, passGate, registeredUsers } from '../kit';
import { escapeHtml } from '../../ui/render/html';
import { menuKeyboard } from '../../ui/render/menu';
import { menuButtonOf } from './common';

type T = BotContext['t'];
type Direction = 'in' | 'out';

const service = (ctx: BotContext) => ctx.deps.services.attendance;

/** +2, 0, -1. */
export const signedXp = (xp: number) => (xp > 0 ? `+${xp}` : String(xp));

function hhmm(at: Date, timeZone: string): string {
  const local = localDateTime(at, timeZone);
  return `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
}

/** The reply to a check-in or check-out: time, label and XP for oneself; the name too on someone's behalf. */
export function renderAttendanceResult(t: T, direction: Direction, result: AttendanceActionResult): string {
  const { record } = result;
  const args = {
    time: result.localTime,
    label: t(`attendance-label-${record.punctuality}`),
    xp: signedXp(record.xpAmount),
    name: record.userName,
  };
  if (result.onBehalf) return t(direction === 'in' ? 'attendance-recorded-in' : 'attendance-recorded-out', args);
  return t(direction === 'in' ? 'attendance-checked-in' : 'attendance-checked-out', args);
}

/** The day's list as HTML messages (split below Telegram's 4096 characters). */
export function renderAttendanceDay(t: T, day: AttendanceDay): string[] {
  const title = t('attendance-day-title', { date: day.date });
  if (day.items.length === 0) return [`${title}\n${t('attendance-day-empty')}`];
  const lines = day.items.map((r) =>
    t('attendance-day-row', {
      name: escapeHtml(r.userName),
      in: hhmm(r.checkInAt, day.timeZone),
      out: r.checkOutAt ? hhmm(r.checkOutAt, day.timeZone) : '—',
      label: t(`attendance-label-${r.punctuality}`),
      xp: signedXp(r.xpAmount),
    }),
  );
  const messages: string[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + line.length + 1 > 3500) {
      messages.push(current);
      current = line;
    } else current = `${current}\n${line}`;
  }
  messages.push(current);
  return messages;
}

async function run(ctx: BotContext, user: IdentityUser, direction: Direction, targetId?: number): Promise<void> {
  const actor: Actor = { id: user.id, roles: user.roles };
  try {
    const attendance = service(ctx);
    const result =
      direction === 'in' ? await attendance.checkIn(actor, targetId) : await attendance.checkOut(actor, targetId);
    await ctx.reply(renderAttendanceResult(ctx.t, direction, result), {
      reply_markup: menuKeyboard(ctx.t, user.roles),
    });
  } catch (err) {
    if (!isReportable(err)) throw err;
    await reportFailure(ctx, err);
  }
}

/** The menu button: always for oneself. */
async function onMenu(ctx: BotContext, direction: Direction): Promise<void> {
  const user = await passGate(ctx, registeredUsers);
  if (user) await run(ctx, user, direction);
}

/** /checkin and /checkout: oneself without an argument; staff name a technician by id or @username. */
async function onCommand(ctx: BotContext, direction: Direction, argument: string): Promise<void> {
  const user = await passGate(ctx, registeredUsers);
  if (!user) return;
  const command = direction === 'in' ? 'checkin' : 'checkout';
  const who = argument.trim().split(/\s+/)[0] ?? '';
  if (who === '') {
    if (!hasTechnicianRole(user.roles) && canRecordAttendance(user.roles)) {
      await ctx.reply(ctx.t('attendance-usage', { command }));
      return;
    }
    await run(ctx, user, direction);
    return;
  }
  if (!canRecordAttendance(user.roles)) {
    await reportFailure(ctx, new DomainError('role.forbidden'));
    return;
  }
  const targetId = await service(ctx).findUser(who);
  if (targetId === null) {
    await ctx.reply(ctx.t('attendance-user-not-found', { who }));
    return;
  }
  await run(ctx, user, direction, targetId);
}

/** /attendance [YYYY-MM-DD]: the day's records, staff only. */
async function onDay(ctx: BotContext, argument: string): Promise<void> {
  const user = await passGate(ctx, { allows: canRecordAttendance, unregistered: deniedWithMenu });
  if (!user) return;
  const date = argument.trim();
  if (date !== '' && !isBusinessDate(date)) {
    await ctx.reply(ctx.t('attendance-day-usage'));
    return;
  }
  const day = await service(ctx).listDay({ id: user.id, roles: user.roles }, date === '' ? {} : { date });
  for (const text of renderAttendanceDay(ctx.t, day)) await ctx.reply(text, { parse_mode: 'HTML' });
}

export function attendanceFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command('checkin', (ctx) => onCommand(ctx, 'in', ctx.match));
  privateChat.command('checkout', (ctx) => onCommand(ctx, 'out', ctx.match));
  privateChat.command('attendance', (ctx) => onDay(ctx, ctx.match));
  privateChat.on('message:text').filter(
    (ctx) => {
      const button = menuButtonOf(ctx.deps.i18n, ctx.message.text);
      return button === 'menu-check-in' || button === 'menu-check-out';
    },
    (ctx) => onMenu(ctx, menuButtonOf(ctx.deps.i18n, ctx.message.text) === 'menu-check-in' ? 'in' : 'out'),
  );
  return composer;
}
