// The bot's one notion of "a conversation in progress" (workshop-domain.md §9: any dashboard entry
// clears the FSM state): the access-request form, a QC fail waiting for its reason, the staff intake
// draft with the review page and the manual-metrics editor. All of it lives in the grammY session of
// the person's private chat; ending it is one function (endConversation, in ./kit), and one middleware
// ends it before any command or menu button reaches the features, so no flow can swallow the next
// message of another.
import type { I18n } from '@grammyjs/i18n';
import type { Middleware } from 'grammy';
import type { BotContext } from './context';
import { endConversation, hasSession } from './kit';
import { SUPPORTED_LOCALES } from '../i18n';
import { MENU_BUTTONS } from '../ui/render/menu';

/**
 * Commands that belong to a flow rather than leave it: /cancel ends it itself (and says what it
 * cancelled), /start and /request_access deal with the access form themselves (and tidy its card).
 */
const FLOW_COMMANDS: ReadonlySet<string> = new Set(['cancel', 'start', 'request_access']);

/** `/qc@bot args` → `qc`; null when the text is not a command. */
export function commandOf(text: string): string | null {
  const match = /^\/([A-Za-z0-9_]+)(?:@\w+)?(?:\s|$)/.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

/** Menu labels in any supported locale, "Start Access Request" included (it is /start typed as a label). */
function isMenuLabel(i18n: I18n<BotContext>, text: string): boolean {
  const typed = text.trim();
  return SUPPORTED_LOCALES.some((locale) => MENU_BUTTONS.some((key) => i18n.t(locale, key) === typed));
}

/**
 * Before the features: a command (other than the flow's own) or a menu button in a private chat
 * ends the conversation in progress, so the entry it opens starts clean.
 */
export function endConversationOnEntry(): Middleware<BotContext> {
  return async (ctx, next) => {
    const text = ctx.message?.text;
    if (text !== undefined && hasSession(ctx)) {
      const command = commandOf(text);
      if (command !== null ? !FLOW_COMMANDS.has(command) : isMenuLabel(ctx.deps.i18n, text)) endConversation(ctx);
    }
    await next();
  };
}
