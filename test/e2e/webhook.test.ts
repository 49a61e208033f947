import { startBotHarness, WEBHOOK_SECRET, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

async function post(path: string, body: unknown, secretHeader?: string) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secretHeader ? { 'x-telegram-bot-api-secret-token': secretHeader } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

describe('webhook front door', () => {
  it('registers itself with Telegram with the secret token', () => {
    const webhook = h.telegram.state.webhook;
    expect(webhook?.url).toBe(`${h.url}/webhook/${WEBHOOK_SECRET}`);
    expect(webhook?.secret_token).toBe(WEBHOOK_SECRET);
  });

  it('answers 401 to a wrong secret in the path or the header, and handles nothing', async () => {
    const stranger = h.stranger();
    const { update } = await h.telegram.emulator.userSendsCommand(stranger, stranger.id, 'help', { deliver: false });
    expect((await post('/webhook/wrong-secret-0123456789', update, WEBHOOK_SECRET)).status).toBe(401);
    expect((await post(`/webhook/${WEBHOOK_SECRET}`, update, 'wrong-secret-0123456789')).status).toBe(401);
    expect((await post(`/webhook/${WEBHOOK_SECRET}`, update)).status).toBe(401);
    expect(h.telegram.emulator.calls('sendMessage')).toHaveLength(0);
  });

  it('rejects a body that is not an update with 400', async () => {
    expect((await post(`/webhook/${WEBHOOK_SECRET}`, { hello: 'world' }, WEBHOOK_SECRET)).status).toBe(400);
  });

  it('handles a duplicated delivery of one update once', async () => {
    const stranger = h.stranger();
    const { update } = await h.telegram.emulator.userSendsCommand(stranger, stranger.id, 'help', { deliver: false });
    const first = await post(`/webhook/${WEBHOOK_SECRET}`, update, WEBHOOK_SECRET);
    const second = await post(`/webhook/${WEBHOOK_SECRET}`, update, WEBHOOK_SECRET);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(JSON.parse(second.body)).toMatchObject({ duplicate: true });
    expect(h.telegram.emulator.calls('sendMessage')).toHaveLength(1);
  });

  it('lists only what an unregistered person may do in /help', async () => {
    const stranger = h.stranger();
    await h.telegram.emulator.userSendsCommand(stranger, stranger.id, 'help');
    const sent = h.telegram.emulator.lastCall('sendMessage')!;
    expect(sent.params.text).toContain('/start');
    expect(sent.params.text).not.toContain('/queue');
  });

  it('answers a malformed or forged button with "Unknown action" and changes nothing', async () => {
    const { tg } = await h.person(['technician']);
    const message = h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'old card' } });
    for (const data of ['tt:abc:start', 'tt:1:explode', 'garbage', 'ttq:open:x']) {
      const { callbackQueryId } = await h.telegram.emulator.userPressesButton(tg, message, data, { force: true });
      const answer = await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId);
      expect(answer).toMatchObject({ text: '⚠️ Unknown action.', show_alert: true });
    }
    expect(h.telegram.emulator.calls('editMessageText')).toHaveLength(0);
  });

  it('answers the removed quick panel with its notice', async () => {
    const { tg } = await h.person(['technician']);
    const message = h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'old panel' } });
    const { callbackQueryId } = await h.telegram.emulator.userPressesButton(tg, message, 'ttm:open', { force: true });
    expect((await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId))?.text).toContain(
      'old quick panel was removed',
    );
  });
});
