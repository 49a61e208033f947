// One classification of Telegram failures for every sender (src/telegram/delivery.ts).
import { type ApplicationFailure } from '@temporalio/common';
import { GrammyError, HttpError } from 'grammy';
import { classifyTelegramError, isTelegramRefusal, telegramActivityFailure } from '../../../src/telegram/delivery';

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError('call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('classifyTelegramError', () => {
  it.each([
    [apiError(403, 'Forbidden: bot was blocked by the user'), 'blocked'],
    [apiError(400, 'Bad Request: message is not modified: specified new message content is the same'), 'not_modified'],
    [apiError(400, 'Bad Request: message thread not found'), 'topic_gone'],
    [apiError(400, 'Bad Request: TOPIC_DELETED'), 'topic_gone'],
    [apiError(400, 'Bad Request: TOPIC_CLOSED'), 'topic_closed'],
    [apiError(400, 'Bad Request: chat not found'), 'refused'],
    [apiError(404, 'Not Found'), 'refused'],
    [apiError(502, 'Bad Gateway'), 'retry'],
    [new HttpError('network down', new Error('ECONNRESET')), 'retry'],
  ])('%s → %s', (err, kind) => {
    expect(classifyTelegramError(err)?.kind).toBe(kind);
    expect(isTelegramRefusal(err)).toBe(kind !== 'retry');
  });

  it('waits exactly what a 429 asks', () => {
    const err = apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 });
    expect(classifyTelegramError(err)).toEqual({ kind: 'retry', retryAfterSeconds: 7 });
    const failure = telegramActivityFailure(err) as ApplicationFailure;
    expect(failure.type).toBe('TelegramTooManyRequests');
    expect(failure.nextRetryDelay).toBe('7s');
  });

  it('is null for an error that is not Telegram’s', () => {
    const err = new Error('boom');
    expect(classifyTelegramError(err)).toBeNull();
    expect(telegramActivityFailure(err)).toBe(err);
  });

  it('maps refusals onto non-retryable failures and the rest onto retries', () => {
    expect((telegramActivityFailure(apiError(403, 'Forbidden')) as ApplicationFailure).nonRetryable).toBe(true);
    expect((telegramActivityFailure(apiError(400, 'Bad Request: x')) as ApplicationFailure).type).toBe(
      'TelegramBadRequest',
    );
    expect((telegramActivityFailure(apiError(500, 'Internal')) as ApplicationFailure).nonRetryable).toBe(false);
  });
});
