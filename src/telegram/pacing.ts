// Outgoing pacing within Telegram's limits (Bot FAQ: about 1 message/s per chat with short bursts
// tolerated, 20 messages/min per group). One sliding window per destination chat in Redis under
// `rl:tg:<chat id>`, shared by every worker; the check and the reservation are one Lua script, so
// two workers never both take the last slot. A caller that is refused gets how long to wait and
// retries then (activities: a retryable failure with that nextRetryDelay), so nothing is dropped.
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis';
import { pacingKey } from '../redis/keys';

export interface PacingWindow {
  /** Messages a chat may take within the window. */
  limit: number;
  windowMs: number;
}

export interface TelegramPacingLimits {
  /** Private chats (positive ids). */
  private: PacingWindow;
  /** Groups, supergroups and channels (negative ids). */
  group: PacingWindow;
}

/** 1 msg/s on average to a private chat with bursts of 3; 20 msg/min to a group. */
export const TELEGRAM_PACING: TelegramPacingLimits = {
  private: { limit: 3, windowMs: 3_000 },
  group: { limit: 20, windowMs: 60_000 },
};

// KEYS[1] the chat's window (a sorted set of reservations scored by time, ms);
// ARGV: window ms, limit, count, a unique reservation id. Returns 0 when the `count` messages were
// reserved, else the milliseconds until they would fit. A batch larger than the limit (an album)
// counts as `limit` messages: it goes once the window is empty.
const RESERVE = `
local key = KEYS[1]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local count = math.min(tonumber(ARGV[3]), limit)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local used = redis.call('ZCARD', key)
if used + count <= limit then
  for i = 1, count do
    redis.call('ZADD', key, now, ARGV[4] .. ':' .. i)
  end
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, used + count - limit - 1, used + count - limit - 1, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export class TelegramPacer {
  constructor(
    private readonly redis: RedisClient,
    readonly limits: TelegramPacingLimits = TELEGRAM_PACING,
  ) {}

  windowFor(chatId: number): PacingWindow {
    return chatId < 0 ? this.limits.group : this.limits.private;
  }

  /**
   * Reserves `count` messages to the chat now: 0 when they may be sent, otherwise the wait in ms
   * before asking again (nothing is reserved then).
   */
  async reserve(chatId: number, count = 1): Promise<number> {
    if (count <= 0) return 0;
    const { limit, windowMs } = this.windowFor(chatId);
    const wait = await this.redis.eval(
      RESERVE,
      1,
      pacingKey(chatId),
      windowMs,
      Math.max(1, limit),
      count,
      randomUUID(),
    );
    return Number(wait);
  }
}
