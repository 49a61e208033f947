// The bot's side of keeping copies of a ticket's messages current (TicketService.rememberCopy): a
// message that now shows a ticket's card or panel with its buttons is recorded, one that now shows
// something else (a list, a picker) is forgotten. A press names its message in the change
// (`pressedMessage`), so the change's refresh leaves that message to the press, which edits it from
// the update's view (`editPressed`). Bookkeeping never fails a press: an error here is logged and
// the press goes on.
import type { PressedMessage } from '../contracts/messages';
import type { DrawnCopy } from '../services/tickets';
import type { BotContext } from './context';
import { errorForLog } from './errors';

/** The pressed message, or an explicit one (a panel edited from elsewhere in the chat). */
function messageOf(ctx: BotContext, messageId?: number): { chatId: number; messageId: number } | null {
  const chatId = ctx.chat?.id ?? ctx.callbackQuery?.message?.chat.id;
  const id = messageId ?? ctx.callbackQuery?.message?.message_id;
  return chatId === undefined || id === undefined ? null : { chatId, messageId: id };
}

async function quietly(ctx: BotContext, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    ctx.log.warn({ err: errorForLog(err, ctx.deps.config) }, what);
  }
}

/** What the bot drew: the ticket, how to draw it again, and what it shows. */
export type DrawnCard = Pick<DrawnCopy, 'ticketId' | 'status' | 'kind' | 'context' | 'view'>;

/** The message now shows this ticket card: its copy is kept current from now on. */
export async function rememberCard(ctx: BotContext, card: DrawnCard, messageId?: number): Promise<void> {
  const target = messageOf(ctx, messageId);
  const user = ctx.identity.user;
  if (!target || !user) return;
  await quietly(ctx, 'ticket card copy not recorded', () =>
    ctx.deps.services.tickets.rememberCopy({ ...card, ...target, userId: user.id, locale: ctx.identity.locale }),
  );
}

/** The pressed message shows something else now: no ticket copy to keep current there. */
export async function forgetCard(ctx: BotContext): Promise<void> {
  const target = messageOf(ctx);
  if (!target) return;
  await quietly(ctx, 'ticket card copy not forgotten', () =>
    ctx.deps.services.tickets.forgetCopy(target.chatId, target.messageId),
  );
}

/** The message a press edits itself from its update's view: the pressed one, or an explicit one in the chat. */
export function pressedMessage(ctx: BotContext, messageId?: number): PressedMessage | undefined {
  return messageOf(ctx, messageId) ?? undefined;
}

/**
 * A press's edit of the message it named in its change (see pressedMessage). That change queued no
 * refresh of the message, so when the edit fails (anything but "message is not modified", which
 * editOrIgnore lets pass, and after the bot's brief retries of 5xx and short flood waits) the card
 * would stay stale: the chat's copies, this one included, are handed to the chat's lane, and the
 * failure goes on to the error boundary as before. A refresh, not Telegram's redelivery: the error
 * boundary answers a Bot API failure (handleBotError) and the webhook acknowledges the update, so
 * Telegram never delivers it again; answering 5xx instead would loop on an edit Telegram keeps
 * refusing (a deleted or too old message). The lane waits out flood control, retries, and forgets a
 * copy Telegram will not edit any more.
 */
export async function editPressed(
  ctx: BotContext,
  ticketId: number,
  edit: () => Promise<void>,
  messageId?: number,
): Promise<void> {
  try {
    await edit();
  } catch (err) {
    const target = messageOf(ctx, messageId);
    if (target) {
      await quietly(ctx, 'stale pressed card not handed to its chat lane', () =>
        ctx.deps.services.tickets.refreshCopiesIn(ticketId, target.chatId),
      );
    }
    throw err;
  }
}
