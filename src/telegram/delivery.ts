// Telegram failures: one classification (classifyTelegramError) for every sender, and its mapping onto
// Temporal's retry inside activities: 429 waits exactly `retry_after`, 5xx and network errors retry with
// backoff, 4xx (blocked, bad request) do not.
import { ApplicationFailure } from '@temporalio/common';
import { GrammyError, HttpError } from 'grammy';

export const TELEGRAM_BLOCKED = 'TelegramBlocked';
export const TELEGRAM_BAD_REQUEST = 'TelegramBadRequest';

/**
 * What a failed Bot API call means for the sender. Retry: rate limited (after `retryAfterSeconds`), a
 * server error or the network. Everything else Telegram refused for good: the person blocked the bot, the
 * message already shows this (not modified), the forum topic is gone or closed, or another 4xx.
 */
export type TelegramErrorKind = 'blocked' | 'refused' | 'not_modified' | 'topic_gone' | 'topic_closed' | 'retry';

export interface TelegramErrorClass {
  kind: TelegramErrorKind;
  /** 429 only: how long Telegram asks to wait. */
  retryAfterSeconds?: number;
}

/** The one classification of Telegram failures every sender uses; null for an error that is not Telegram's. */
export function classifyTelegramError(err: unknown): TelegramErrorClass | null {
  if (err instanceof HttpError) return { kind: 'retry' };
  if (!(err instanceof GrammyError)) return null;
  if (err.error_code === 429) return { kind: 'retry', retryAfterSeconds: err.parameters.retry_after ?? 1 };
  if (err.error_code < 400 || err.error_code >= 500) return { kind: 'retry' };
  if (err.error_code === 403) return { kind: 'blocked' };
  if (err.error_code === 400) {
    if (err.description.includes('message is not modified')) return { kind: 'not_modified' };
    if (/message thread not found|TOPIC_DELETED/i.test(err.description)) return { kind: 'topic_gone' };
    if (err.description.includes('TOPIC_CLOSED')) return { kind: 'topic_closed' };
  }
  return { kind: 'refused' };
}

const isKind = (err: unknown, kind: TelegramErrorKind) => classifyTelegramError(err)?.kind === kind;

export const isMessageNotModified = (err: unknown): boolean => isKind(err, 'not_modified');
export const isThreadNotFound = (err: unknown): boolean => isKind(err, 'topic_gone');
export const isTopicClosed = (err: unknown): boolean => isKind(err, 'topic_closed');
export const isBlockedByUser = (err: unknown): boolean => isKind(err, 'blocked');

/** Telegram refused the call for good (any 4xx but 429): retrying would not help. */
export function isTelegramRefusal(err: unknown): err is GrammyError {
  const found = classifyTelegramError(err);
  return found !== null && found.kind !== 'retry';
}

/** The failure an activity should throw for a Telegram error. */
export function telegramActivityFailure(err: unknown): Error {
  const found = classifyTelegramError(err);
  if (found === null) return err instanceof Error ? err : new Error(String(err));
  if (err instanceof HttpError) return ApplicationFailure.retryable(err.message, 'TelegramUnreachable');
  const { description } = err as GrammyError;
  if (found.retryAfterSeconds !== undefined)
    return ApplicationFailure.create({
      type: 'TelegramTooManyRequests',
      message: description,
      nextRetryDelay: `${found.retryAfterSeconds}s`,
      category: 'BENIGN',
    });
  if (found.kind === 'retry') return ApplicationFailure.retryable(description, 'TelegramServerError');
  if (found.kind === 'blocked') return ApplicationFailure.nonRetryable(description, TELEGRAM_BLOCKED);
  return ApplicationFailure.nonRetryable(description, TELEGRAM_BAD_REQUEST);
}

/** Runs a Bot API call inside an activity, translating failures for Temporal's retry policy. */
export async function callTelegram<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw telegramActivityFailure(err);
  }
}
