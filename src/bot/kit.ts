// The features' small kit: a button handler that decodes its callback_data once.
import type { Composer } from 'grammy';
import type { BotContext } from './context';

export interface ButtonCodec<B> {
  decode(data: string): B | null;
}

/**
 * Handles the presses whose callback_data `codec` decodes, with the decoded button; anything else goes on to
 * the next handler (a payload nobody decodes ends at the fallback's "⚠️ Unknown action.").
 */
export function onButton<B>(
  composer: Composer<BotContext>,
  codec: ButtonCodec<B>,
  handler: (ctx: BotContext, button: B) => Promise<void>,
): void {
  composer.on('callback_query:data', async (ctx, next) => {
    const button = codec.decode(ctx.callbackQuery.data);
    if (button === null) return next();
    await handler(ctx, button);
  });
}
