// Identity & access end to end: the real app behind its webhook, the fake Bot API, Temporal and the
// worker. A stranger fills the /request_access form, a moderator decides on the card in Telegram, the
// AccessRequestWorkflow persists the decision and tells everyone.
import type { Message, User as TgUser } from 'grammy/types';
import { AccessRequest, TelegramProfile, User, UserRole } from '../../src/db/entities';
import { startBotHarness, type BotHarness } from '../support/bot';
import { uniqueTelegramId } from '../support/factories';
import type { RecordedCall } from '@ticketflow/telegram-emulator';

jest.setTimeout(120_000);

const ADMIN_ID = uniqueTelegramId();

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ env: { ADMIN_TELEGRAM_IDS: String(ADMIN_ID) } });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const emu = () => h.telegram.emulator;
const em = () => h.db.orm.em.fork();

/** The messages of a private chat as the person sees them now (deleted ones are gone). */
const chat = (user: TgUser) => emu().messages(user.id);
const lastText = (user: TgUser) => chat(user).at(-1)?.text ?? '';
const buttons = (message: Message | undefined) =>
  (message?.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
const replyKeyboard = (call: RecordedCall) =>
  ((call.params.reply_markup as { keyboard?: { text: string; request_contact?: boolean }[][] })?.keyboard ?? []).flat();

async function say(user: TgUser, text: string) {
  await emu().userSendsText(user, user.id, text);
}

/** /request_access, both names and the user's own contact. */
async function submitRequest(
  user: TgUser,
  names: [string, string] = ['Ivan', 'Petrov'],
  submitted = '✅ Request submitted successfully.',
) {
  await emu().userSendsCommand(user, user.id, 'request_access');
  await say(user, names[0]);
  await say(user, names[1]);
  await emu().userSharesContact(user, user.id);
  expect(lastText(user)).toBe(submitted);
  const request = await em().findOneOrFail(AccessRequest, { telegramId: user.id }, { orderBy: { id: 'desc' } });
  return request;
}

/** The request card a moderator received, as it is in their chat now. */
async function cardFor(moderator: TgUser, requestId: number): Promise<Message> {
  const call = await emu().waitForCall(
    'sendMessage',
    (c) =>
      c.params.chat_id === moderator.id && JSON.stringify(c.params.reply_markup ?? {}).includes(`ar:${requestId}:a`),
    15_000,
  );
  const messageId = (call.response as { result: Message }).result.message_id;
  return h.telegram.state.getMessage(moderator.id, messageId)!;
}

async function press(user: TgUser, message: Message, data: string, force = false) {
  const { callbackQueryId } = await emu().userPressesButton(user, message, data, { force });
  return emu().waitForCallbackAnswer(callbackQueryId, 15_000);
}

async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const requestRow = (id: number) => em().findOneOrFail(AccessRequest, { id }, { populate: ['user', 'resolvedBy'] });
const waitForStatus = (id: number, status: string) =>
  eventually(
    () => requestRow(id),
    (r) => r.status === status,
  );

describe('the /request_access form', () => {
  it('walks a stranger through three steps with a reposted progress card and deleted inputs', async () => {
    const stranger = h.stranger({ first_name: 'Ivan', language_code: 'en' });
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    let card = chat(stranger).at(-1)!;
    expect(card.text).toContain('🧾 Access request');
    expect(card.text).toContain('📈 Progress: 1/3 🟩⬜⬜');
    expect(card.text).toContain('first name');

    await say(stranger, 'Ivan');
    // The answer is deleted and the card reposted: only the new card is left.
    expect(chat(stranger).map((m) => m.text)).toHaveLength(2); // the /request_access command and the card
    card = chat(stranger).at(-1)!;
    expect(card.text).toContain('📈 Progress: 2/3 🟩🟩⬜');
    expect(card.text).toContain('First name: Ivan');

    await say(stranger, 'Petrov');
    card = chat(stranger).at(-1)!;
    expect(card.text).toContain('📈 Progress: 3/3 🟩🟩🟩');
    const phoneStep = emu().lastCall('sendMessage')!;
    expect(replyKeyboard(phoneStep)).toEqual([expect.objectContaining({ request_contact: true })]);

    await emu().userSharesContact(stranger, stranger.id, { phone_number: '998901234567' });
    expect(lastText(stranger)).toBe('✅ Request submitted successfully.');
    expect(chat(stranger).filter((m) => m.text?.includes('🧾'))).toHaveLength(0);
    expect(emu().calls('deleteMessage').length).toBeGreaterThanOrEqual(6);

    const request = await em().findOneOrFail(AccessRequest, { telegramId: stranger.id }, { populate: ['user'] });
    expect(request).toMatchObject({ status: 'pending', firstName: 'Ivan', lastName: 'Petrov', phone: '+998901234567' });
    expect(request.user).toMatchObject({ isActive: false, phone: '+998901234567' });
    const profile = await em().findOneOrFail(TelegramProfile, { telegramId: stranger.id });
    expect(profile.user?.id).toBe(request.user!.id);
  });

  it('re-asks with the reason: short names, a bad phone, someone else’s contact', async () => {
    const stranger = h.stranger({ language_code: 'en' });
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    await say(stranger, 'I');
    expect(lastText(stranger)).toContain('First name is too short. Please enter at least 2 letters.');
    expect(lastText(stranger)).toContain('Progress: 1/3');
    await say(stranger, 'Ivan');
    await say(stranger, ' P ');
    expect(lastText(stranger)).toContain('Last name is too short. Please enter at least 2 letters.');
    expect(lastText(stranger)).toContain('Progress: 2/3');
    await say(stranger, 'Petrov');
    await say(stranger, '12345');
    expect(lastText(stranger)).toContain('Invalid phone number format.');
    expect(lastText(stranger)).toContain('Progress: 3/3');
    const other = h.stranger();
    await emu().userSharesContact(stranger, stranger.id, { user_id: other.id, phone_number: '+15550001111' });
    expect(lastText(stranger)).toContain('Please share your own contact');
    expect(await em().count(AccessRequest, { telegramId: stranger.id })).toBe(0);

    await say(stranger, '+998 (90) 765-43-21');
    expect(lastText(stranger)).toBe('✅ Request submitted successfully.');
    const request = await em().findOneOrFail(AccessRequest, { telegramId: stranger.id });
    expect(request.phone).toBe('+998907654321');
  });

  it('refuses a phone that belongs to another account and lets the person try another', async () => {
    const owner = await h.person(['technician']);
    await em().nativeUpdate(User, { id: owner.user.id }, { phone: '+998900000001' });
    const stranger = h.stranger();
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    await say(stranger, 'Anna');
    await say(stranger, 'Smirnova');
    await say(stranger, '+998900000001');
    expect(lastText(stranger)).toContain('Phone number is already used by another account.');
    expect(lastText(stranger)).toContain('Progress: 3/3');
    await say(stranger, '+998900000002');
    expect(lastText(stranger)).toBe('✅ Request submitted successfully.');
  });

  it('drops the draft on /cancel; /request_access begins again', async () => {
    const stranger = h.stranger();
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    await say(stranger, 'Ivan');
    await emu().userSendsCommand(stranger, stranger.id, 'cancel');
    expect(lastText(stranger)).toBe('❎ Access request cancelled.');
    expect(chat(stranger).filter((m) => m.text?.includes('🧾'))).toHaveLength(0);
    const before = emu().calls('sendMessage').length;
    await say(stranger, 'Petrov');
    expect(emu().calls('sendMessage')).toHaveLength(before); // no form any more: not an answer
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    expect(lastText(stranger)).toContain('Progress: 1/3');
  });

  it('starts from the "Start Access Request" button too, and restarts from any step', async () => {
    const stranger = h.stranger();
    await say(stranger, '📝 Start Access Request');
    expect(lastText(stranger)).toContain('Progress: 1/3');
    await say(stranger, 'Ivan');
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    expect(lastText(stranger)).toContain('Progress: 1/3');
    expect(lastText(stranger)).not.toContain('Ivan');
  });

  it('never opens from /start: a stranger is greeted and told the command, with no keyboard left', async () => {
    const stranger = h.stranger({ language_code: 'en' });
    await emu().userSendsCommand(stranger, stranger.id, 'start');
    const greeting = emu().lastCall('sendMessage')!;
    // No support desk in this workshop (no MAIN_GROUP_ID): the bot is the staff's.
    expect(greeting.params).toMatchObject({
      text: "👋 <b>Hello!</b> This bot is the workshop staff's work tool.\n\n🛠 Workshop staff: send /request_access to request access.",
      parse_mode: 'HTML',
      reply_markup: { remove_keyboard: true },
    });
    const before = emu().calls('sendMessage').length;
    await say(stranger, 'Ivan');
    expect(emu().calls('sendMessage')).toHaveLength(before); // not a first name
    expect(await em().count(AccessRequest, { telegramId: stranger.id })).toBe(0);
  });

  it('/start in the middle of the form drops it: the next message is no answer to it', async () => {
    const stranger = h.stranger({ language_code: 'ru' });
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    expect(lastText(stranger)).toContain('Введите ваше имя');
    await emu().userSendsCommand(stranger, stranger.id, 'start');
    expect(emu().lastCall('sendMessage')!.params.text).toBe(
      '👋 <b>Здравствуйте!</b> Этот бот — рабочий инструмент сотрудников мастерской.\n\n🛠 Сотрудникам мастерской: отправьте /request_access, чтобы запросить доступ.',
    );
    expect(chat(stranger).filter((m) => m.text?.includes('🧾'))).toHaveLength(0);
    const before = emu().calls('sendMessage').length;
    await say(stranger, 'Иван');
    expect(emu().calls('sendMessage')).toHaveLength(before);
  });

  it('answers a second /start while the request is pending, and a registered user gets the role menu', async () => {
    const stranger = h.stranger();
    await submitRequest(stranger);
    await emu().userSendsCommand(stranger, stranger.id, 'start');
    expect(lastText(stranger)).toBe('ℹ️ Your access request is already under review.');
    await say(stranger, '📝 Start Access Request');
    expect(lastText(stranger)).toBe('ℹ️ Your access request is already under review.');

    const { tg } = await h.person(['technician']);
    await emu().userSendsCommand(tg, tg.id, 'start');
    expect(lastText(tg)).toBe('✅ You are all set.');
    expect(replyKeyboard(emu().lastCall('sendMessage')!).map((b) => b.text)).toContain('🎟 Active Tickets');
  });
});

describe('moderation in Telegram', () => {
  it('approve → role picker → technician: the requester is told, gets the technician menu and is active', async () => {
    const admin = await h.person(['super_admin'], { first_name: 'Alisa' });
    const stranger = h.stranger({ first_name: 'Oleg', language_code: 'en' });
    const request = await submitRequest(stranger, ['Oleg', 'Ivanov']);

    let card = await cardFor(admin.tg, request.id);
    expect(card.text).toContain(`Access request #${request.id}`);
    expect(card.text).toContain('Oleg Ivanov');
    expect(buttons(card)).toEqual([`ar:${request.id}:a`, `ar:${request.id}:x`]);

    expect(await press(admin.tg, card, `ar:${request.id}:a`)).toBeDefined();
    card = h.telegram.state.getMessage(admin.tg.id, card.message_id)!;
    expect(buttons(card)).toEqual([
      `ar:${request.id}:r:technician`,
      `ar:${request.id}:r:qc_inspector`,
      `ar:${request.id}:r:master`,
      `ar:${request.id}:r:ops_manager`,
      `ar:${request.id}:b`,
    ]);
    const answer = await press(admin.tg, card, `ar:${request.id}:r:technician`);
    expect(answer).toMatchObject({ text: '✅ Approved: technician' });

    const told = await emu().waitForCall(
      'sendMessage',
      (c) => c.params.chat_id === stranger.id && String(c.params.text).includes('Access Request Approved'),
      15_000,
    );
    expect(String(told.params.text)).toContain('You can now use');
    expect(replyKeyboard(told).map((b) => b.text)).toEqual(expect.arrayContaining(['🎟 Active Tickets', '⭐ My XP']));

    const row = await waitForStatus(request.id, 'approved');
    expect(row.rolesGranted).toEqual(['technician']);
    expect(row.resolvedBy?.id).toBe(admin.user.id);
    expect(row.resolvedAt).toBeInstanceOf(Date);
    const user = await em().findOneOrFail(User, { id: row.user!.id }, { populate: ['roles'] });
    expect(user.isActive).toBe(true);
    expect(user.roles.getItems().map((r) => r.role)).toEqual(['technician']);

    // The moderator's card shows the outcome and who decided, without buttons.
    await emu().waitForCall(
      'editMessageText',
      (c) => c.params.chat_id === admin.tg.id && c.params.message_id === card.message_id,
      15_000,
    );
    card = h.telegram.state.getMessage(admin.tg.id, card.message_id)!;
    expect(card.text).toContain('✅ Approved by Alisa');
    expect(card.text).toContain('technician');
    expect(buttons(card)).toEqual([]);

    await emu().userSendsCommand(stranger, stranger.id, 'start');
    expect(lastText(stranger)).toBe('✅ You are all set.');
  });

  it('reject: the requester is told in their language and may ask again (the inactive user is reused)', async () => {
    const manager = await h.person(['ops_manager'], { first_name: 'Boris' });
    const stranger = h.stranger({ first_name: 'Пётр', language_code: 'ru' });
    const request = await submitRequest(stranger, ['Пётр', 'Сидоров'], '✅ Запрос успешно отправлен.');
    const card = await cardFor(manager.tg, request.id);
    expect(await press(manager.tg, card, `ar:${request.id}:x`)).toMatchObject({ text: '❌ Request rejected.' });

    const told = await emu().waitForCall(
      'sendMessage',
      (c) => c.params.chat_id === stranger.id && String(c.params.text).includes('отклонён'),
      15_000,
    );
    expect(String(told.params.text)).toContain('❌ <b>Запрос доступа отклонён</b>');
    expect(String(told.params.text)).toContain('/request_access');
    const row = await waitForStatus(request.id, 'rejected');
    expect(row.resolvedBy?.id).toBe(manager.user.id);
    expect(row.user?.isActive).toBe(false);
    await emu().waitForCall('editMessageText', (c) => c.params.message_id === card.message_id, 15_000);
    expect(h.telegram.state.getMessage(manager.tg.id, card.message_id)!.text).toContain('❌ Rejected by Boris');

    // A new request reuses the inactive user of the rejected one (after the old workflow closes).
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    await say(stranger, 'Пётр');
    await say(stranger, 'Сидоров');
    await emu().userSharesContact(stranger, stranger.id);
    expect(lastText(stranger)).toBe('✅ Запрос успешно отправлен.');
    const again = await em().findOneOrFail(AccessRequest, { telegramId: stranger.id, status: 'pending' });
    expect(again.id).not.toBe(request.id);
    expect(again.user?.id).toBe(row.user!.id);
    await cardFor(manager.tg, again.id);
  });

  it('refuses a forged approve from someone who may not moderate; the request stays pending', async () => {
    const admin = await h.person(['super_admin']);
    const stranger = h.stranger();
    const request = await submitRequest(stranger);
    await cardFor(admin.tg, request.id);

    const master = await h.person(['master', 'technician']);
    const old = h.telegram.state.addMessage(master.tg.id, { sender: { kind: 'bot' }, content: { text: 'card' } });
    expect(await press(master.tg, old, `ar:${request.id}:r:ops_manager`, true)).toMatchObject({
      text: 'You do not have permission to perform this action.',
      show_alert: true,
    });
    const outsider = h.stranger();
    const other = h.telegram.state.addMessage(outsider.id, { sender: { kind: 'bot' }, content: { text: 'card' } });
    expect(await press(outsider, other, `ar:${request.id}:r:technician`, true)).toMatchObject({
      text: 'Access denied. Contact an administrator.',
      show_alert: true,
    });
    expect(lastText(outsider)).toBe('📝 Open Access Request');
    // Malformed payloads are unknown actions.
    expect(await press(master.tg, old, `ar:${request.id}:r:super_admin`, true)).toMatchObject({
      text: '⚠️ Unknown action.',
    });
    expect((await requestRow(request.id)).status).toBe('pending');
    expect(await em().count(UserRole, { user: (await requestRow(request.id)).user!.id })).toBe(0);
  });

  it('applies a double press once: the second gets "already approved"', async () => {
    const admin = await h.person(['super_admin']);
    const stranger = h.stranger();
    const request = await submitRequest(stranger);
    const card = await cardFor(admin.tg, request.id);
    await press(admin.tg, card, `ar:${request.id}:a`);
    const picker = h.telegram.state.getMessage(admin.tg.id, card.message_id)!;
    const data = `ar:${request.id}:r:qc_inspector`;

    const answers = await Promise.all([press(admin.tg, picker, data), press(admin.tg, picker, data, true)]);
    expect(answers.map((a) => a?.text).sort()).toEqual(
      ['✅ Approved: QC inspector', 'ℹ️ This request was already approved.'].sort(),
    );
    // And once more, after the card has changed.
    expect(await press(admin.tg, picker, data, true)).toMatchObject({ text: 'ℹ️ This request was already approved.' });

    const row = await waitForStatus(request.id, 'approved');
    expect(await em().count(UserRole, { user: row.user!.id })).toBe(1);
    const approval = (c: RecordedCall) =>
      c.params.chat_id === stranger.id && String(c.params.text).includes('Access Request Approved');
    await emu().waitForCall('sendMessage', approval, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emu().calls('sendMessage').filter(approval)).toHaveLength(1);
  });

  it('bootstraps ADMIN_TELEGRAM_IDS as super admins who can approve', async () => {
    const admin = h.stranger({ id: ADMIN_ID, first_name: 'Root' });
    await emu().userSendsCommand(admin, admin.id, 'start');
    expect(lastText(admin)).toBe('✅ You are all set.');

    const stranger = h.stranger();
    const request = await submitRequest(stranger);
    const card = await cardFor(admin, request.id);
    await press(admin, card, `ar:${request.id}:a`);
    expect(await press(admin, card, `ar:${request.id}:r:master`)).toMatchObject({ text: '✅ Approved: master' });
    const row = await waitForStatus(request.id, 'approved');
    expect(row.rolesGranted).toEqual(['master']);
    expect(row.resolvedBy?.username).toBe(`admin_${ADMIN_ID}`);
  });

  it('lists pending requests to moderators with /access_requests', async () => {
    const admin = await h.person(['ops_manager']);
    const stranger = h.stranger();
    const request = await submitRequest(stranger, ['Lena', 'Orlova']);
    await emu().userSendsCommand(admin.tg, admin.tg.id, 'access_requests');
    const card = chat(admin.tg).find((m) => m.text?.includes(`#${request.id}`) && buttons(m).length > 0);
    expect(card?.text).toContain('Lena Orlova');

    const { tg } = await h.person(['technician']);
    await emu().userSendsCommand(tg, tg.id, 'access_requests');
    expect(lastText(tg)).toBe('You do not have permission to perform this action.');
  });
});
