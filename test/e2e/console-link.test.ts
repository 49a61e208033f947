// /console end to end: the bot answers staff with a one-time sign-in link to the web console, and
// the link's code opens a session once; without a role there is no link. With a public https URL
// the bot's menu button opens the Mini App.
import { setMiniAppMenuButton } from '../../src/bot/miniapp-menu';
import { miniAppUrl } from '../../src/config/public-urls';
import { startBotHarness, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ notifications: 'record', env: { PUBLIC_URL: 'https://desk.example.com' } });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const repliesTo = (chatId: number) =>
  h.telegram.emulator
    .calls('sendMessage')
    .filter((c) => c.params.chat_id === chatId)
    .map((c) => c.params as { text: string; reply_markup?: { inline_keyboard: { text: string; url: string }[][] } });

const exchange = (code: string) => h.app.inject({ method: 'POST', url: '/auth/console', payload: { code } });

describe('the menu button', () => {
  it('opens the Mini App at the public https URL, and is left alone without one', async () => {
    await setMiniAppMenuButton(h.runtime.bot.api, h.config, 'App');
    const sent = h.telegram.emulator.calls('setChatMenuButton').map((c) => c.params.menu_button);
    expect(sent.map((b) => (typeof b === 'string' ? JSON.parse(b) : b))).toEqual([
      { type: 'web_app', text: 'App', web_app: { url: 'https://desk.example.com/miniapp/' } },
    ]);
    h.telegram.emulator.clearCalls();
    const local = { ...h.config, web: { ...h.config.web, publicUrl: 'http://localhost:3000' } };
    await setMiniAppMenuButton(h.runtime.bot.api, local, 'App');
    expect(h.telegram.emulator.calls('setChatMenuButton')).toEqual([]);
    expect(miniAppUrl(h.config, 12)).toBe('https://desk.example.com/miniapp/?ticket=12');
  });
});

describe('/console', () => {
  it('sends staff a one-time link with a URL button; the code signs in once', async () => {
    const master = await h.person(['master']);
    await h.telegram.emulator.userSendsCommand(master.tg, master.tg.id, 'console');
    const [reply] = repliesTo(master.tg.id);
    const match = /https:\/\/desk\.example\.com\/app\/#signin=([\w-]{43})/.exec(reply!.text);
    expect(match).not.toBeNull();
    expect(reply!.reply_markup!.inline_keyboard[0]![0]).toEqual({
      text: '🖥 Open the console',
      url: `${match![0]}&lang=en`,
    });
    expect(reply!.text).toContain('within 10 minutes');
    // The console opens in the language the bot speaks to them.
    expect(reply!.text).toContain(`#signin=${match![1]}&amp;lang=en`);

    const first = await exchange(match![1]!);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ user: { id: master.user.id, roles: ['master'] } });
    expect((await exchange(match![1]!)).statusCode).toBe(401);
  });

  it('gives someone unknown no link', async () => {
    const stranger = h.stranger();
    await h.telegram.emulator.userSendsCommand(stranger, stranger.id, 'console');
    const replies = repliesTo(stranger.id);
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/signin=/);
  });
});

describe('/console in /help and the command menu', () => {
  const chatMenu = (chatId: number) =>
    h.runtime.bot.api.getMyCommands({ scope: { type: 'chat', chat_id: chatId } }).then((c) => c.map((x) => x.command));

  it('is listed for a role holder in their language, and their chat’s command menu gets their roles’ commands', async () => {
    const master = await h.person(['master'], { language_code: 'ru' });
    await h.telegram.emulator.userSendsCommand(master.tg, master.tg.id, 'help');
    expect(repliesTo(master.tg.id)[0]!.text).toContain('/console — одноразовая ссылка для входа в веб-консоль');
    const menu = await h.runtime.bot.api.getMyCommands({ scope: { type: 'chat', chat_id: master.tg.id } });
    expect(menu).toContainEqual({ command: 'console', description: 'одноразовая ссылка для входа в веб-консоль' });
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(['ticket_create', 'stats']));

    const tech = await h.person(['technician'], { language_code: 'uz' });
    await h.telegram.emulator.userSendsCommand(tech.tg, tech.tg.id, 'start');
    expect(await chatMenu(tech.tg.id)).toEqual(expect.arrayContaining(['console', 'queue']));
    expect(await chatMenu(tech.tg.id)).not.toContain('ticket_create');
  });

  it('is not offered to someone without a role: not in /help, and the bot-wide menu leaves it out', async () => {
    const stranger = h.stranger();
    await h.telegram.emulator.userSendsCommand(stranger, stranger.id, 'help');
    expect(repliesTo(stranger.id)[0]!.text).not.toContain('/console');
    expect(await chatMenu(stranger.id)).toEqual([]);
    const everyone = await h.runtime.bot.api.getMyCommands();
    expect(everyone.map((c) => c.command)).toEqual(['start', 'help', 'cancel', 'my']);
  });
});
