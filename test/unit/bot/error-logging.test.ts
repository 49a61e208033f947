// What the bot and the webhook log of a failure: the underlying error, never grammY's context
// (which holds the bot token and, through ctx.deps, the whole config), with secrets masked even
// where they hide inside a message (a failed Bot API request's URL holds the token).
import { BotError, HttpError } from 'grammy';
import { errorForLog, secretsOf } from '../../../src/bot/errors';
import { createLogger } from '../../../src/logger';
import { LogCapture } from '../../support/log-capture';

const config = {
  telegram: { botToken: '123456:SECRET-bot-token-abcdef', webhookSecret: 'secret-webhook-0123456789' },
  apiToken: 'secret-api-token-0123456789abcdef',
  database: { url: 'postgres://app:db-Pa%24sword-42@db.internal:5432/ticketflow' },
  redis: { url: 'redis://:redis-pass-777@cache.internal:6379' },
};
const SECRETS = {
  botToken: config.telegram.botToken,
  webhookSecret: config.telegram.webhookSecret,
  apiToken: config.apiToken,
  databaseUrl: config.database.url,
  databasePassword: 'db-Pa$sword-42',
  databasePasswordRaw: 'db-Pa%24sword-42',
  redisPassword: 'redis-pass-777',
};

/** A BotError as grammY throws it from handleUpdate: the failure plus the whole context. */
function botErrorAround(error: unknown): BotError {
  const ctx = {
    update: { update_id: 7 },
    api: { token: config.telegram.botToken, raw: {} },
    deps: { config, logger: null },
  };
  return new BotError(error, ctx as never);
}

function logged(entry: object): string {
  const logs = new LogCapture();
  createLogger('debug', 'test', { destination: logs }).warn(entry, 'update not processed');
  return logs.text();
}

describe('errorForLog', () => {
  it('logs the error a BotError wraps, not its context', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const result = errorForLog(botErrorAround(refused));
    expect(result).toMatchObject({
      type: 'Error',
      message: 'connect ECONNREFUSED 10.0.0.5:5432',
      code: 'ECONNREFUSED',
    });
    expect(JSON.stringify(result)).not.toContain('deps');
    const line = logged({ err: result });
    expect(line).toContain('ECONNREFUSED');
    expect(JSON.parse(line)).toMatchObject({ err: { type: 'Error', code: 'ECONNREFUSED' } });
    expect(Object.entries(SECRETS).filter(([, v]) => line.includes(v))).toEqual([]);
  });

  it('masks the token in a failed Bot API request (the fetch error quotes the URL)', () => {
    const fetchError = new Error(
      `request to https://api.telegram.org/bot${config.telegram.botToken}/answerCallbackQuery failed, reason: socket hang up`,
    );
    const result = errorForLog(
      botErrorAround(new HttpError("Network request for 'answerCallbackQuery' failed!", fetchError)),
    );
    const line = logged({ err: result });
    expect(line).toContain('socket hang up');
    expect(line).toContain('[redacted]');
    expect(Object.entries(SECRETS).filter(([, v]) => line.includes(v))).toEqual([]);
  });

  it('masks the secrets of the config it is given in messages, stacks and causes', () => {
    const cause = new Error(`could not reach ${config.database.url}`);
    const err = new Error(`login failed for ${config.redis.url}`, { cause });
    const line = logged({ err: errorForLog(err, config) });
    expect(line).toContain('could not reach');
    expect(Object.entries(SECRETS).filter(([, v]) => line.includes(v))).toEqual([]);
  });

  it('describes thrown non-errors too', () => {
    expect({ ...errorForLog('plain text') }).toEqual({ type: 'string', name: 'string', message: 'plain text' });
  });
});

describe('secretsOf', () => {
  it('finds tokens, connection URLs and their passwords (decoded too), longest first', () => {
    const found = secretsOf(config);
    expect(found).toEqual(expect.arrayContaining(Object.values(SECRETS)));
    expect([...found].sort((a, b) => b.length - a.length)).toEqual(found);
  });

  it('reads wrapped secrets', () => {
    expect(secretsOf({ temporal: { apiKey: { reveal: () => 'temporal-api-key-xyz' } } })).toEqual([
      'temporal-api-key-xyz',
    ]);
  });
});
