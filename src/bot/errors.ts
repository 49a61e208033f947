// How failures reach the user: domain refusals as an alert with the exact (translated) reason,
// everything unexpected as one friendly message — never a stack trace, never a 5xx loop.
import { GrammyError, type BotError } from 'grammy';
import { DomainError } from '../domain';
import { NotFoundError, ServiceUnavailableError } from '../services/errors';
import type { BotContext } from './context';

/** The Fluent key of a domain error code: `ticket.review_wrong_status` → `err-ticket-review_wrong_status`. */
export const domainErrorKey = (code: string) => `err-${code.replace(/\./g, '-')}`;

/** The user-facing text of a failure in the user's language. */
export function failureText(ctx: BotContext, err: unknown): string {
  if (err instanceof DomainError) {
    const key = domainErrorKey(err.code);
    const text = ctx.t(key, { ...err.params });
    // Fluent answers with the key itself when a translation is missing: keep the English text then.
    return text === key ? err.message : text;
  }
  if (err instanceof NotFoundError) return ctx.t('err-not-found');
  if (err instanceof ServiceUnavailableError)
    return ctx.t(err.reason === 'timeout' ? 'err-timeout' : 'err-unavailable');
  return ctx.t('err-generic');
}

/** Answers a callback query with an alert, or replies in the chat, with the failure's text. */
export async function reportFailure(ctx: BotContext, err: unknown): Promise<void> {
  const text = failureText(ctx, err);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => undefined);
  else if (ctx.chat) await ctx.reply(text).catch(() => undefined);
}

/** "message is not modified" means the card already shows this state: success. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && err.description.includes('message is not modified');
}

/** Edits the message a button belongs to; an identical edit is not an error. */
export async function editOrIgnore(edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

/**
 * Infrastructure that is down for a moment (database, Redis): the webhook answers 5xx so Telegram
 * delivers the update again later instead of losing it. Bugs never do (that would loop).
 */
export function isTransientInfrastructureError(err: unknown): boolean {
  for (let current: unknown = err; current instanceof Error; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001'].includes(code)
    ) {
      return true;
    }
    if (current.name === 'ConnectionException' || current.name === 'MaxRetriesPerRequestError') return true;
  }
  return false;
}

/** The one error boundary around every handler. */
export async function handleBotError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  if (isTransientInfrastructureError(error.error)) {
    (ctx.log ?? ctx.deps?.logger)?.warn(
      { err: error.error, update_id: ctx.update.update_id },
      'infrastructure unavailable; Telegram will redeliver',
    );
    throw error.error;
  }
  const expected = error.error instanceof DomainError || error.error instanceof NotFoundError;
  const log = ctx.log ?? ctx.deps?.logger;
  if (!expected) log?.error({ err: error.error, update_id: ctx.update.update_id }, 'bot handler failed');
  // i18n may not be in place yet if the failure happened before it (e.g. the database is down).
  if (typeof ctx.t !== 'function') {
    if (ctx.callbackQuery)
      await ctx
        .answerCallbackQuery({ text: 'Something went wrong. Please try again later.', show_alert: true })
        .catch(() => undefined);
    return;
  }
  await reportFailure(ctx, error.error);
}
