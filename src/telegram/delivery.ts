// Telegram failures inside activities, mapped onto Temporal's retry: 429 waits exactly
// `retry_after`, 5xx and network errors retry with backoff, 4xx (blocked, bad request) do not.
import { ApplicationFailure } from '@temporalio/common';
import { GrammyError, HttpError } from 'grammy';

export const TELEGRAM_BLOCKED = 'TelegramBlocked';
export const TELEGRAM_BAD_REQUEST = 'TelegramBadRequest';

export function isMessageNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && err.description.includes('message is not modified');
}

export function isThreadNotFound(err: unknown): boolean {
  return (
    err instanceof GrammyError &&
    err.error_code === 400 &&
    /message thread not found|TOPIC_DELETED/i.test(err.description)
  );
}

export function isTopicClosed(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && err.description.includes('TOPIC_CLOSED');
}

export function isBlockedByUser(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 403;
}

/** The failure an activity should throw for a Telegram error. */
export function telegramActivityFailure(err: unknown): Error {
  if (err instanceof GrammyError) {
    if (err.error_code === 429) {
      const seconds = err.parameters.retry_after ?? 1;
      return ApplicationFailure.create({
        type: 'TelegramTooManyRequests',
        message: err.description,
        nextRetryDelay: `${seconds}s`,
        category: 'BENIGN',
      });
    }
    if (err.error_code === 403) return ApplicationFailure.nonRetryable(err.description, TELEGRAM_BLOCKED);
    if (err.error_code >= 400 && err.error_code < 500)
      return ApplicationFailure.nonRetryable(err.description, TELEGRAM_BAD_REQUEST);
    return ApplicationFailure.retryable(err.description, 'TelegramServerError');
  }
  if (err instanceof HttpError) return ApplicationFailure.retryable(err.message, 'TelegramUnreachable');
  return err instanceof Error ? err : new Error(String(err));
}

/** Runs a Bot API call inside an activity, translating failures for Temporal's retry policy. */
export async function callTelegram<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw telegramActivityFailure(err);
  }
}
