// Telegram's command menu per person: the bot-wide list holds what everyone may run (set at start,
// src/bot/runtime.ts); Telegram has no per-role scope, so a role holder's private chat gets a list of
// its own (scope `chat`), in their language, whenever they open /start or /help.
import type { BotContext } from './context';
import { errorForLog } from './errors';
import { commandMenu } from '../ui/render/menu';

/** Sets the chat's command menu to the user's roles' commands; a failure is logged, never shown. */
export async function setRoleCommandMenu(ctx: BotContext): Promise<void> {
  const roles = ctx.identity.user?.roles;
  if (ctx.chat?.type !== 'private' || !roles?.length) return;
  try {
    await ctx.api.setMyCommands(commandMenu(ctx.t, roles), { scope: { type: 'chat', chat_id: ctx.chat.id } });
  } catch (err) {
    ctx.log.warn({ err: errorForLog(err, ctx.deps.config) }, 'command menu not set for the chat');
  }
}
