// The bot's menu button opens the Mini App (type web_app) when the app has a public https URL:
// Telegram opens only https Mini Apps (and the domain must be set with @BotFather, see README).
import type { Api } from 'grammy';
import type { Config } from '../config';

/** The Mini App's URL, or null when the app has no public https URL. */
export function miniAppUrl(config: Config, ticketId?: number): string | null {
  const base = config.web.publicUrl;
  if (!base?.startsWith('https://')) return null;
  return `${base}/miniapp/${ticketId === undefined ? '' : `?ticket=${ticketId}`}`;
}

export async function setMiniAppMenuButton(api: Api, config: Config, text: string): Promise<void> {
  const url = miniAppUrl(config);
  if (!url) return;
  await api.setChatMenuButton({ menu_button: { type: 'web_app', text, web_app: { url } } });
}
