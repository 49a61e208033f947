// URLs of the app as people reach it (PUBLIC_URL). Telegram opens only https Mini Apps (and the
// domain must be set with @BotFather, see README), so without an https PUBLIC_URL there is none.
import type { Config } from './index';

/** The Mini App's URL (at one ticket when given), or null when the app has no public https URL. */
export function miniAppUrl(config: { web?: Pick<Config['web'], 'publicUrl'> }, ticketId?: number): string | null {
  const base = config.web?.publicUrl;
  if (!base?.startsWith('https://')) return null;
  return `${base}/miniapp/${ticketId === undefined ? '' : `?ticket=${ticketId}`}`;
}

/**
 * The Mini App's URL for a ticket's buttons in a chat: web_app buttons are refused by Telegram
 * outside private chats, so only there (a private chat's id is the user's, positive; groups' are
 * negative).
 */
export function ticketAppUrl(
  config: { web?: Pick<Config['web'], 'publicUrl'> },
  chatId: number,
  ticketId: number,
): string | undefined {
  return chatId > 0 ? (miniAppUrl(config, ticketId) ?? undefined) : undefined;
}
