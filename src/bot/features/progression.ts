// Staff commands for manual progression changes (issue 15), super admin and ops manager only:
//   /xp_adjust <user id|@username> <amount> <comment>
//   /set_level <user id|@username> <1-5> <comment>
// Both go through ProgressionService (one transaction, then the person's notice through Temporal).
// A redelivered command message adjusts once: the chat and message id are the adjustment's key.
import { Composer } from 'grammy';
import { canAdjustProgression } from '../../domain';
import { findUserByRef } from '../../reads/names';
import type { BotContext, IdentityUser } from '../context';
import { deniedWithMenu, type RoleGate, withUser } from '../kit';
import { escapeHtml } from '../../ui/render/html';

const COMMAND = /^\s*(@?[A-Za-z0-9_]{1,64}|\d{1,10})\s+([+-]?\d{1,7})\s+([\s\S]+)$/;

interface ParsedCommand {
  user: string;
  value: number;
  comment: string;
}

export function parseProgressionCommand(argument: string): ParsedCommand | null {
  const match = COMMAND.exec(argument);
  if (!match) return null;
  return { user: match[1] ?? '', value: Number(match[2]), comment: (match[3] ?? '').trim() };
}

async function resolveUser(ctx: BotContext, ref: string): Promise<{ id: number; username: string } | null> {
  return findUserByRef(ctx.deps.orm.em.fork(), ref);
}

/** Super admins and ops managers; anyone else is told "Access denied". */
const managers: RoleGate = { allows: canAdjustProgression, unregistered: deniedWithMenu };

/** The command's argument and the user it names; null when the usage (`usageKey`) or "not found" was replied. */
async function commandTarget(
  ctx: BotContext & { match: string },
  usageKey: string,
): Promise<{ parsed: ParsedCommand; target: { id: number; username: string } } | null> {
  const parsed = parseProgressionCommand(ctx.match);
  if (!parsed) {
    await ctx.reply(ctx.t(usageKey), { parse_mode: 'HTML' });
    return null;
  }
  const target = await resolveUser(ctx, parsed.user);
  if (!target) {
    await ctx.reply(ctx.t('progression-user-not-found', { user: escapeHtml(parsed.user) }), { parse_mode: 'HTML' });
    return null;
  }
  return { parsed, target };
}

async function adjustXp(ctx: BotContext & { match: string }, actor: IdentityUser): Promise<void> {
  const command = await commandTarget(ctx, 'progression-xp-adjust-usage');
  if (!command) return;
  const { parsed, target } = command;
  const key = `tg:${ctx.chat?.id ?? 0}:${ctx.msg?.message_id ?? 0}`;
  const view = await ctx.deps.services.progression.adjustXp(
    actor,
    target.id,
    { amount: parsed.value, comment: parsed.comment },
    key,
  );
  await ctx.reply(
    ctx.t('progression-xp-adjusted', {
      user: escapeHtml(`@${target.username}`),
      amount: view.amount > 0 ? `+${view.amount}` : String(view.amount),
      total: view.totalXp,
    }),
    { parse_mode: 'HTML' },
  );
}

async function setLevel(ctx: BotContext & { match: string }, actor: IdentityUser): Promise<void> {
  const command = await commandTarget(ctx, 'progression-set-level-usage');
  if (!command) return;
  const { parsed, target } = command;
  const view = await ctx.deps.services.progression.setLevel(actor, target.id, {
    level: parsed.value,
    comment: parsed.comment,
  });
  await ctx.reply(
    ctx.t('progression-level-set', { user: escapeHtml(`@${target.username}`), from: view.fromLevel, to: view.toLevel }),
    { parse_mode: 'HTML' },
  );
}

export function progressionFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');
  privateChat.command('xp_adjust', withUser(managers, adjustXp));
  privateChat.command('set_level', withUser(managers, setLevel));
  return composer;
}
