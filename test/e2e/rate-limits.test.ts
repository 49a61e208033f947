// Incoming updates are rate limited per user (Redis-backed); outgoing calls retry a 429 after
// exactly retry_after, a capped number of times.
import { startBotHarness, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
});
afterAll(() => h?.stopAll());
beforeEach(() => {
  h.telegram.emulator.clearCalls();
  h.telegram.emulator.clearFailures();
});

describe('rate limits', () => {
  it('drops a user’s updates beyond the per-minute limit, without touching other users', async () => {
    const noisy = h.stranger();
    const calm = h.stranger();
    for (let i = 0; i < 5; i += 1) await h.telegram.emulator.userSendsCommand(noisy, noisy.id, 'help');
    await h.telegram.emulator.userSendsCommand(calm, calm.id, 'help');
    const repliesTo = (chatId: number) =>
      h.telegram.emulator.calls('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);
    expect(repliesTo(noisy.id)).toHaveLength(3);
    expect(repliesTo(calm.id)).toHaveLength(1);
  });

  it('retries an outgoing call after Telegram’s retry_after', async () => {
    const someone = h.stranger();
    h.telegram.emulator.failNext('sendMessage', 1, { kind: 'too_many_requests', retryAfter: 1 });
    const started = Date.now();
    await h.telegram.emulator.userSendsCommand(someone, someone.id, 'help');
    const attempts = h.telegram.emulator.calls('sendMessage').filter((c) => Number(c.params.chat_id) === someone.id);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
