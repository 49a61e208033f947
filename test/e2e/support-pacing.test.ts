// Outgoing pacing of the support bridge end to end: a burst of client messages into the staff
// group is delivered whole and in order, never faster than the group's budget (here 5 per 2 s, so
// the test runs in seconds; production uses Telegram's 20/min, see src/services/telegram-pacing).
import { pacingKey } from '../../src/redis/keys';
import {
  eventually,
  MAIN_GROUP,
  openTicket,
  startDesk,
  textOf,
  topicMessages,
  type Desk,
} from '../unit/support/desk-harness';

jest.setTimeout(120_000);

const GROUP = { limit: 5, windowMs: 2_000 };
const BURST = 25;

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk({ telegramPacing: { private: { limit: 3, windowMs: 3_000 }, group: GROUP } });
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;
const SENDS = /^(send(?!ChatAction)|copyMessages?$)/;

describe('support desk: pacing within Telegram limits', () => {
  it('delivers a burst into the staff group whole, in order, within the group budget', async () => {
    const { topic } = await openTicket(desk, desk.client, 'pacing: first');
    const thread = topic.message_thread_id;
    const texts = Array.from({ length: BURST }, (_, i) => `burst ${String(i + 1).padStart(2, '0')}`);
    const sentFrom = Date.now();
    for (const text of texts) await emu().userSendsText(desk.client, desk.client.id, text);

    const delivered = await eventually(
      () =>
        topicMessages(desk, MAIN_GROUP, thread)
          .map((m) => /burst \d\d/.exec(textOf(m))?.[0])
          .filter((t): t is string => !!t),
      (list) => list.length >= BURST,
      60_000,
    );
    // Every message once, in the order the client sent them.
    expect(delivered).toEqual(texts);

    // No window of the budget's length ever held more sends to the group than the budget.
    const sends = emu()
      .calls()
      .filter((c) => SENDS.test(c.method) && Number(c.params.chat_id) === MAIN_GROUP && c.status === 200)
      .map((c) => c.at);
    expect(sends.length).toBeGreaterThanOrEqual(BURST + 2); // the card, the first message, the burst
    for (let i = 0; i + GROUP.limit < sends.length; i += 1) {
      // Reservations are timed by Redis, calls by the emulator: allow for the request's own latency.
      expect(sends[i + GROUP.limit]! - sends[i]!).toBeGreaterThanOrEqual(GROUP.windowMs - 250);
    }
    // So the burst took several windows instead of going out at once.
    expect(Date.now() - sentFrom).toBeGreaterThanOrEqual(((BURST - GROUP.limit) / GROUP.limit) * GROUP.windowMs - 500);
    expect(
      emu()
        .calls()
        .filter((c) => c.injected === 'rate_limit'),
    ).toEqual([]);
    expect(await desk.h.redis.exists(pacingKey(MAIN_GROUP))).toBe(1);
  });
});
