// The outgoing pacing limiter against a real Redis: a sliding window per chat, atomic across
// concurrent callers, keys under `rl:tg:` inside the client's prefix.
import Redis from 'ioredis';
import { pacingKey } from '../../../src/redis/keys';
import { TelegramPacer } from '../../../src/telegram/pacing';
import { testRedisPrefix, testRedisUrl } from '../../support/redis';

const prefix = testRedisPrefix();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(testRedisUrl, { keyPrefix: prefix });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys.map((k) => k.slice(prefix.length)));
  redis.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const limits = { private: { limit: 2, windowMs: 400 }, group: { limit: 3, windowMs: 600 } };
let nextChat = 1;
const privateChat = () => 7_000_000 + nextChat++;
const groupChat = () => -1_000_000_000_000 - nextChat++;

describe('TelegramPacer', () => {
  it('lets a group take its limit within the window, then says how long to wait', async () => {
    const pacer = new TelegramPacer(redis, limits);
    const chat = groupChat();
    expect(await pacer.reserve(chat)).toBe(0);
    expect(await pacer.reserve(chat)).toBe(0);
    expect(await pacer.reserve(chat)).toBe(0);
    const wait = await pacer.reserve(chat);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(600);
    // A refusal reserves nothing: once the wait is over, the chat has room again.
    await sleep(wait + 20);
    expect(await pacer.reserve(chat)).toBe(0);
  });

  it('uses the private window for positive ids and keeps chats apart', async () => {
    const pacer = new TelegramPacer(redis, limits);
    const a = privateChat();
    const b = privateChat();
    expect(await pacer.reserve(a)).toBe(0);
    expect(await pacer.reserve(a)).toBe(0);
    expect(await pacer.reserve(a)).toBeGreaterThan(0);
    expect(await pacer.reserve(b)).toBe(0);
    expect(pacer.windowFor(a)).toEqual(limits.private);
    expect(pacer.windowFor(-1)).toEqual(limits.group);
  });

  it('reserves a batch whole or not at all; a batch over the limit waits for an empty window', async () => {
    const pacer = new TelegramPacer(redis, limits);
    const chat = groupChat();
    expect(await pacer.reserve(chat, 2)).toBe(0);
    expect(await pacer.reserve(chat, 2)).toBeGreaterThan(0);
    expect(await pacer.reserve(chat, 1)).toBe(0);
    const wait = await pacer.reserve(chat, 10);
    expect(wait).toBeGreaterThan(0);
    await sleep(wait + 20);
    expect(await pacer.reserve(chat, 10)).toBe(0);
    expect(await pacer.reserve(chat, 1)).toBeGreaterThan(0);
  });

  it('never lets concurrent callers over the limit', async () => {
    const second = new Redis(testRedisUrl, { keyPrefix: prefix });
    const pacers = [new TelegramPacer(redis, limits), new TelegramPacer(second, limits)];
    const chat = groupChat();
    try {
      const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => pacers[i % 2]!.reserve(chat)));
      expect(waits.filter((w) => w === 0)).toHaveLength(3);
    } finally {
      second.disconnect();
    }
  });

  it('keeps its windows under rl:tg: with an expiry', async () => {
    const pacer = new TelegramPacer(redis, limits);
    const chat = groupChat();
    await pacer.reserve(chat);
    expect(pacingKey(chat)).toBe(`rl:tg:${chat}`);
    expect(await redis.zcard(pacingKey(chat))).toBe(1);
    const ttl = await redis.pttl(pacingKey(chat));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });
});
