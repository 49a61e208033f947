// Commands for everyone: /help and /my, plus the menu keyboard labels typed back in any locale.
import { personName } from '../../domain';
import { Composer } from 'grammy';
import type { I18n } from '@grammyjs/i18n';
import type { BotContext } from '../context';
import { SUPPORTED_LOCALES } from '../../i18n';
import { helpKeyboard, helpText, menuKeyboard, MENU_BUTTONS, type MenuButton } from '../../ui/render/menu';
import { escapeHtml } from '../../ui/render/html';
import { setRoleCommandMenu } from '../command-menu';
import { registeredUsers, withUser } from '../kit';

/** Which menu button a typed text is, in any supported locale. */
export function menuButtonOf(i18n: I18n<BotContext>, text: string): MenuButton | null {
  const typed = text.trim();
  for (const key of MENU_BUTTONS) {
    if (SUPPORTED_LOCALES.some((locale) => i18n.t(locale, key) === typed)) return key;
  }
  return null;
}

export function commonFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  const help = async (ctx: BotContext) => {
    await ctx.reply(helpText(ctx.t, ctx.identity.user?.roles ?? null), {
      reply_markup: helpKeyboard(ctx.t, ctx.identity.user?.roles ?? null),
    });
    await setRoleCommandMenu(ctx);
  };
  const profile = withUser(registeredUsers, async (ctx, user) => {
    await ctx.reply(
      ctx.t('profile-card', {
        name: escapeHtml(personName(user)),
        username: escapeHtml(user.username),
        roles: user.roles.map((r) => ctx.t(`role-${r.replace(/_/g, '-')}`)).join(', ') || '—',
      }),
      { parse_mode: 'HTML', reply_markup: menuKeyboard(ctx.t, user.roles) },
    );
  });

  privateChat.command('help', help);
  privateChat.command('my', profile);
  privateChat.on('message:text').filter(
    (ctx) => {
      const button = menuButtonOf(ctx.deps.i18n, ctx.message.text);
      return button === 'menu-help' || button === 'menu-profile';
    },
    async (ctx) => (menuButtonOf(ctx.deps.i18n, ctx.message.text) === 'menu-help' ? help(ctx) : profile(ctx)),
  );
  return composer;
}
