// Last in line: a button nobody recognised (forged, malformed or from an old version) gets the
// "unknown action" alert; the removed quick panel gets its notice. Every callback is answered.
import { Composer } from 'grammy';
import type { BotContext } from '../context';
import { isLegacyQuickPanel } from '../../ui/callbacks/technician';

export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query:data', async (ctx) => {
    const text = isLegacyQuickPanel(ctx.callbackQuery.data) ? ctx.t('legacy-quick-panel') : ctx.t('err-action-unknown');
    await ctx.answerCallbackQuery({ text, show_alert: true });
  });
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return composer;
}
