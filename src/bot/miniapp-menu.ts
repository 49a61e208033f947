// The Mini App from the bot: the menu button (type web_app) and the URL of a ticket's "Open in app"
// button, both only when the app has a public https URL.
import type { Api } from 'grammy';
import type { Config } from '../config';
import { miniAppUrl, ticketAppUrl } from '../config/public-urls';
import type { BotContext } from './context';

export async function setMiniAppMenuButton(api: Api, config: Config, text: string): Promise<void> {
  const url = miniAppUrl(config);
  if (!url) return;
  await api.setChatMenuButton({ menu_button: { type: 'web_app', text, web_app: { url } } });
}

/** The Mini App at a ticket, for a card drawn in this update's chat (none outside private chats). */
export function ticketAppUrlIn(ctx: BotContext, ticketId: number): string | undefined {
  return ctx.chat ? ticketAppUrl(ctx.deps.config, ctx.chat.id, ticketId) : undefined;
}
