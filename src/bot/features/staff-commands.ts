// Staff quick commands (front-door.md): /techs, /find <id|serial>, /stats (chart + numbers) and
// /leaderboard, plus the "📈 Stats" menu label. Read-only: everything comes straight from Postgres
// (reads/stats), never from workflows. Staff = super_admin, ops_manager, master; anyone else
// gets "Access denied". (/access_requests and "🔐 Access Requests" belong to features/access.ts.)
import { Composer, InputFile } from 'grammy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isStaff } from '../../domain';
import { canSeeAnalytics } from '../../domain/analytics';
import { teamSnapshot } from '../../reads/analytics';
import {
  findTicket,
  parseFindQuery,
  techniciansNow,
  workshopStats,
  workshopTimeZone,
  xpLeaderboard,
} from '../../reads/stats';
import { renderStatsChart, renderTeamChart } from '../../stats/chart';
import type { BotContext, IdentityUser } from '../context';
import { menuKeyboard } from '../../ui/render/menu';
import { alertDenied, deniedWithMenu, passGate, type RoleGate, withUser } from '../kit';
import {
  renderFindNotFound,
  renderFindUsage,
  renderFoundTicket,
  renderLeaderboard,
  renderStatsText,
  renderTechnicians,
  statsChartData,
} from '../../ui/render/staff-commands';
import { teamChartData, teamStatsKeyboard } from '../../ui/render/team-stats';
import { teamStatsButton } from '../../ui/callbacks/team-stats';
import { menuButtonOf } from './common';

const em = (ctx: BotContext) => ctx.deps.orm.em.fork() as EntityManager;

/** Registered staff only; anyone else is told "Access denied" (unregistered: with the access-request button). */
const staff: RoleGate = { allows: isStaff, unregistered: deniedWithMenu };
/** The team chart's buttons: those who may see analytics; anyone else gets the alert. */
const analysts: RoleGate = { allows: canSeeAnalytics, unregistered: alertDenied };

async function replyAll(ctx: BotContext, texts: readonly string[]): Promise<void> {
  for (const text of texts) await ctx.reply(text, { parse_mode: 'HTML' });
}

async function showTechnicians(ctx: BotContext): Promise<void> {
  await replyAll(ctx, renderTechnicians(ctx.t, await techniciansNow(em(ctx))));
}

async function showFind(ctx: BotContext, argument: string): Promise<void> {
  const query = parseFindQuery(argument);
  if (!query) {
    await ctx.reply(renderFindUsage(ctx.t), { parse_mode: 'HTML' });
    return;
  }
  const manager = em(ctx);
  const found = await findTicket(manager, query);
  const text = found
    ? renderFoundTicket(ctx.t, found, await workshopTimeZone(manager))
    : renderFindNotFound(ctx.t, argument.trim());
  await ctx.reply(text, { parse_mode: 'HTML' });
}

/** The chart as a photo, then the same numbers as text, both in the user's language. */
async function showStats(ctx: BotContext, user: IdentityUser): Promise<void> {
  const now = new Date();
  const stats = await workshopStats(em(ctx), now);
  const png = renderStatsChart(statsChartData(ctx.t, stats, now));
  await ctx.replyWithPhoto(new InputFile(png, 'stats.png'), {
    caption: ctx.t('staff-stats-caption'),
    reply_markup: menuKeyboard(ctx.t, user.roles),
  });
  const texts = renderStatsText(ctx.t, stats);
  await replyAll(ctx, texts.slice(0, -1));
  // The last message offers the team view to those who may see analytics.
  await ctx.reply(texts.at(-1)!, {
    parse_mode: 'HTML',
    ...(canSeeAnalytics(user.roles) ? { reply_markup: teamStatsKeyboard(ctx.t) } : {}),
  });
}

/** "👥 Team (N days)": per technician, tickets done and XP over the last N days, as a chart. */
async function showTeamStats(ctx: BotContext, days: number): Promise<void> {
  if (!(await passGate(ctx, analysts))) return;
  await ctx.answerCallbackQuery().catch(() => undefined);
  const manager = em(ctx);
  const team = await teamSnapshot(manager, { days });
  const png = renderTeamChart(teamChartData(ctx.t, team, await workshopTimeZone(manager)));
  await ctx.replyWithPhoto(new InputFile(png, 'team.png'), {
    caption: ctx.t('staff-team-caption', { days: String(team.days) }),
  });
}

async function showLeaderboard(ctx: BotContext): Promise<void> {
  await replyAll(ctx, renderLeaderboard(ctx.t, await xpLeaderboard(em(ctx))));
}

export function staffCommandsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command('techs', withUser(staff, showTechnicians));
  privateChat.command(
    'find',
    withUser(staff, (ctx) => showFind(ctx, ctx.match)),
  );
  privateChat.command('stats', withUser(staff, showStats));
  privateChat.command('leaderboard', withUser(staff, showLeaderboard));
  privateChat.callbackQuery(/^stt:/, async (ctx, next) => {
    const days = teamStatsButton.decode(ctx.callbackQuery.data);
    if (days === null) return next();
    await showTeamStats(ctx, days);
  });
  privateChat
    .on('message:text')
    .filter((ctx) => menuButtonOf(ctx.deps.i18n, ctx.message.text) === 'menu-stats', withUser(staff, showStats));
  return composer;
}
