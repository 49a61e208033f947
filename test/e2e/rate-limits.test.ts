// Incoming updates are rate limited per user (Redis-backed), and the user is told when to try
// again; outgoing calls retry a 429 after exactly retry_after, a capped number of times.
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

const NOTICE = /^⏳ Too many requests\. Please wait (\d+) s and try again\.$/;

describe('rate limits', () => {
  it('drops a user’s updates beyond the per-minute limit and says so once per window, without touching other users', async () => {
    const noisy = h.stranger();
    const calm = h.stranger();
    const repliesTo = (chatId: number) =>
      h.telegram.emulator
        .calls('sendMessage')
        .filter((c) => Number(c.params.chat_id) === chatId)
        .map((c) => String(c.params.text));
    for (let i = 0; i < 5; i += 1) await h.telegram.emulator.userSendsCommand(noisy, noisy.id, 'help');
    await h.telegram.emulator.userSendsCommand(calm, calm.id, 'help');
    const replies = repliesTo(noisy.id);
    expect(replies).toHaveLength(4);
    expect(replies.slice(0, 3).filter((text) => NOTICE.test(text))).toEqual([]);
    const seconds = Number(NOTICE.exec(replies[3])?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(repliesTo(calm.id)).toHaveLength(1);

    // The next window (its counter and notice expire): allowed again, and told again once over.
    await h.redis.del(`RATE_LIMITERrl:${noisy.id}`, `rl-notice:${noisy.id}`);
    h.telegram.emulator.clearCalls();
    for (let i = 0; i < 5; i += 1) await h.telegram.emulator.userSendsCommand(noisy, noisy.id, 'help');
    expect(repliesTo(noisy.id).map((text) => NOTICE.test(text))).toEqual([false, false, false, true]);
  });

  it('answers every press beyond the limit with the notice, never leaving it spinning', async () => {
    const someone = h.stranger();
    const message = h.telegram.state.addMessage(someone.id, { sender: { kind: 'bot' }, content: { text: 'a card' } });
    const answers = [];
    for (let i = 0; i < 5; i += 1) {
      const { callbackQueryId } = await h.telegram.emulator.userPressesButton(
        someone,
        message,
        'ttq:refresh:active:1',
        {
          force: true,
        },
      );
      answers.push(await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId));
    }
    expect(answers.slice(0, 3).filter((a) => NOTICE.test(a?.text ?? ''))).toEqual([]);
    for (const answer of answers.slice(3)) {
      expect(answer?.text).toMatch(NOTICE);
      expect(answer?.show_alert).toBeFalsy();
    }
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
