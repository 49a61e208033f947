// The bot's cached identity end to end (Update JSON through the webhook, the real app, the fake Bot API): a change
// staff make through the REST API is seen by the person's very next update, never after the cache's TTL, and a
// chat the notifier marked blocked is cleared by the person's next update.
import type { Message, User as TgUser } from 'grammy/types';
import type { RoleSlug } from '../../src/domain';
import { TelegramProfile, Ticket } from '../../src/db/entities';
import { startBotHarness, ticketAssignedToTechnician, type BotHarness } from '../support/bot';
import { actorWith, newTicket } from '../support/workshop';

jest.setTimeout(120_000);

const SYSTEM_TOKEN = 'identity-cache-system-token-0123456789';
const NO_ACCESS = '🚫 No access yet. Request access with /request_access.';

let h: BotHarness;
let managerToken: string;

beforeAll(async () => {
  h = await startBotHarness({ env: { API_TOKEN: SYSTEM_TOKEN } });
  const manager = await h.person(['ops_manager']);
  const issued = await api(SYSTEM_TOKEN, 'POST', `/api/users/${manager.user.id}/tokens`, { name: 'console' });
  managerToken = (issued.json() as { token: string }).token;
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const emu = () => h.telegram.emulator;
const em = () => h.db.orm.em.fork();

function api(token: string, method: 'POST' | 'PATCH', url: string, payload: object) {
  return h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
}

/** What staff do in the console: PATCH /api/users/:id with an ops manager's token. */
async function editUser(userId: number, body: { roles?: RoleSlug[]; is_active?: boolean }) {
  const res = await api(managerToken, 'PATCH', `/api/users/${userId}`, body);
  expect(res.statusCode).toBe(200);
}

/** The last message sent to this person with a button of this payload. */
const lastWithButton = (tg: TgUser, data: string) => {
  const call = emu()
    .calls('sendMessage')
    .filter((c) => c.params.chat_id === tg.id && JSON.stringify(c.params.reply_markup ?? {}).includes(data))
    .at(-1);
  return (call?.response as { result: Message }).result;
};

async function press(tg: TgUser, message: Message, data: string) {
  const { callbackQueryId } = await emu().userPressesButton(tg, message, data);
  return emu().waitForCallbackAnswer(callbackQueryId, 15_000);
}

/** A technician with a ticket and their dashboard: the update that drew it cached their identity. */
async function technicianAtDashboard() {
  const { user, tg, ticket } = await ticketAssignedToTechnician(h);
  await emu().userSendsCommand(tg, tg.id, 'queue');
  const dashboard = lastWithButton(tg, `ttq:open:${ticket.id}:active:1`);
  return { user, tg, ticket, dashboard };
}

describe('a change staff make through the REST API', () => {
  it('revoking the technician role: the very next press is refused', async () => {
    const { user, tg, ticket, dashboard } = await technicianAtDashboard();
    await editUser(user.id, { roles: [] });

    const answer = await press(tg, dashboard, `ttq:open:${ticket.id}:active:1`);
    expect(answer).toMatchObject({ text: '⛔ This action is available only for technicians.', show_alert: true });
    expect((await em().findOneOrFail(Ticket, ticket.id)).status).toBe('assigned');
  });

  it('deactivating the user: the very next press is refused', async () => {
    const { user, tg, ticket, dashboard } = await technicianAtDashboard();
    await editUser(user.id, { is_active: false });

    expect(await press(tg, dashboard, `ttq:open:${ticket.id}:active:1`)).toMatchObject({ text: NO_ACCESS });
  });

  it('granting a role: the very next /start shows its menu', async () => {
    const { user, tg } = await h.person(['technician']);
    await emu().userSendsCommand(tg, tg.id, 'start');
    const menu = () => JSON.stringify(emu().lastCall('sendMessage')?.params.reply_markup);
    expect(menu()).not.toContain('🧪 QC Checks');

    await editUser(user.id, { roles: ['technician', 'qc_inspector'] });
    await emu().userSendsCommand(tg, tg.id, 'start');
    expect(menu()).toContain('🧪 QC Checks');
  });
});

describe('a repeated update', () => {
  it('leaves the profile row alone; a changed username is written', async () => {
    const { tg } = await h.person(['technician']);
    const profile = () => em().findOneOrFail(TelegramProfile, { telegramId: tg.id });
    await emu().userSendsCommand(tg, tg.id, 'start');
    const longAgo = new Date('2001-01-01T00:00:00Z');
    await em().nativeUpdate(TelegramProfile, { telegramId: tg.id }, { lastSeenAt: longAgo });

    await emu().userSendsCommand(tg, tg.id, 'start');
    expect((await profile()).lastSeenAt).toEqual(longAgo);

    // The person changed their Telegram username: the next update carries it.
    const { update } = await emu().userSendsCommand(tg, tg.id, 'start', { deliver: false });
    update.message!.from = { ...update.message!.from!, username: 'renamed_tess' };
    await emu().deliver(update);
    expect(await profile()).toMatchObject({ username: 'renamed_tess' });
    expect((await profile()).lastSeenAt.getTime()).toBeGreaterThan(longAgo.getTime());
  });
});

describe('a chat the notifier marked blocked', () => {
  it('is cleared by the person’s next update', async () => {
    const { tg } = await h.person(['technician']);
    await emu().userSendsCommand(tg, tg.id, 'start');
    await emu().userBlocksBot(tg);
    const blocked = async () => (await em().findOneOrFail(TelegramProfile, { telegramId: tg.id })).isBlocked;

    // The assignment notice to the technician fails with 403: the notifier marks the chat.
    await assignTo(tg);
    const deadline = Date.now() + 15_000;
    while (!(await blocked()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await blocked()).toBe(true);

    await emu().userUnblocksBot(tg);
    expect(await blocked()).toBe(false);
  });
});

/** A new ticket assigned to the technician with this Telegram account. */
async function assignTo(tg: TgUser) {
  const profile = await em().findOneOrFail(TelegramProfile, { telegramId: tg.id });
  const master = await actorWith(h, ['master']);
  const { ticket } = await newTicket(h, master);
  await h.service.approveReview(master, ticket.id);
  await h.service.assign(master, ticket.id, profile.user!.id);
}
