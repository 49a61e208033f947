// /console: a one-time sign-in link to the web console, for anyone with a role. The link carries
// the code in its fragment (#signin=…), so it never reaches a server log or a Referer header; the
// page exchanges it at POST /auth/console for a short-lived session token. A URL button is added
// when the public URL is https (Telegram refuses other button URLs).
import { Composer, InlineKeyboard } from 'grammy';
import type { Config } from '../../config';
import { webSessionsOf } from '../../services/web-sessions';
import type { BotContext } from '../context';
import { passGate, type RoleGate } from '../kit';
import { escapeHtml } from '../../ui/render/html';

/** Where people reach the app: PUBLIC_URL, or this machine in development and the sandbox. */
export function publicBaseUrl(config: Config): string {
  return config.web.publicUrl ?? `http://localhost:${config.http.port}`;
}

/** Anyone with a role; anyone else is told the console is not for them. */
const consoleUsers: RoleGate = {
  allows: (roles) => roles.length > 0,
  unregistered: async (ctx) => {
    await ctx.reply(ctx.t('console-refused'));
  },
};

export function consoleFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command('console', async (ctx) => {
    const user = await passGate(ctx, consoleUsers);
    if (!user) return;
    const { config } = ctx.deps;
    const code = await webSessionsOf(ctx.deps).createSignInCode(user.id);
    // The console opens in the language the bot speaks to them (they may switch it there).
    const url = `${publicBaseUrl(config)}/app/#signin=${code}&lang=${ctx.identity.locale}`;
    const text = ctx.t('console-link', { url: escapeHtml(url), minutes: config.web.signInTtlMinutes });
    const keyboard = url.startsWith('https://')
      ? { reply_markup: new InlineKeyboard().url(ctx.t('console-link-button'), url) }
      : {};
    await ctx.reply(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...keyboard });
  });
  return composer;
}
