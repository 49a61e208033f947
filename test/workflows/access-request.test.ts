// AccessRequestWorkflow under time skipping: the whole bot in front (a stranger submits through
// /start), a 2-hour TTL, and the server's clock moved on instead of waiting.
import { temporal } from '@temporalio/proto';
import { recordHistory } from '../support/histories';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Message, User as TgUser } from 'grammy/types';
import { AccessRequest, User } from '../../src/db/entities';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import {
  accessRequestViewQuery,
  accessRequestWorkflowId,
  approveAccessUpdate,
  type AccessRequestView,
  type ApproveAccessInput,
} from '../../src/contracts/messages';
import { startBotHarness, type BotHarness } from '../support/bot';

jest.setTimeout(180_000);

const { EventType } = temporal.api.enums.v1;
const HOUR = 3_600_000;

// One time-skipping server for the file: its clock is shared, so the tests run in order.
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ timeSkipping: true, env: { ACCESS_REQUEST_TTL_HOURS: '2' } });
});
afterAll(() => h?.stopAll());
beforeEach(() => h.telegram.emulator.clearCalls());

const emu = () => h.telegram.emulator;
const em = () => h.db.orm.em.fork();
const handleOf = (user: TgUser) => h.env.client.workflow.getHandle(accessRequestWorkflowId(user.id));

async function submit(user: TgUser): Promise<AccessRequest> {
  await emu().userSendsCommand(user, user.id, 'request_access');
  await emu().userSendsText(user, user.id, 'Nina');
  await emu().userSendsText(user, user.id, 'Volkova');
  await emu().userSharesContact(user, user.id);
  expect(emu().messages(user.id).at(-1)?.text).toBe('✅ Request submitted successfully.');
  return em().findOneOrFail(AccessRequest, { telegramId: user.id, status: 'pending' });
}

async function cardFor(moderator: TgUser, requestId: number): Promise<Message> {
  const call = await emu().waitForCall(
    'sendMessage',
    (c) =>
      c.params.chat_id === moderator.id && JSON.stringify(c.params.reply_markup ?? {}).includes(`ar:${requestId}:`),
    30_000,
  );
  return h.telegram.state.getMessage(moderator.id, (call.response as { result: Message }).result.message_id)!;
}

/** Waits (on the wall clock, without skipping time) until the workflow has completed; its result. */
async function completed(user: TgUser): Promise<AccessRequestView> {
  const handle = handleOf(user);
  const deadline = Date.now() + 30_000;
  while ((await handle.describe()).status.name === 'RUNNING' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return handle.result();
}

const eventTypes = async (user: TgUser) => ((await handleOf(user).fetchHistory()).events ?? []).map((e) => e.eventType);

describe('access request expiry (time skipping)', () => {
  it('expires after the TTL: status expired, the requester told, the moderators’ cards edited', async () => {
    const admin = await h.person(['super_admin']);
    const stranger = h.stranger({ first_name: 'Nina', language_code: 'en' });
    const request = await submit(stranger);
    const card = await cardFor(admin.tg, request.id);
    const view = await handleOf(stranger).query(accessRequestViewQuery);
    expect(view).toMatchObject({ requestId: request.id, status: 'pending' });

    // Just short of the TTL nothing happens; past it the request expires.
    const wallBefore = Date.now();
    await h.env.sleep(2 * HOUR - 60_000);
    expect((await handleOf(stranger).query(accessRequestViewQuery)).status).toBe('pending');
    await h.env.sleep(2 * 60_000);
    const result = await completed(stranger);
    expect(Date.now() - wallBefore).toBeLessThan(60_000);
    expect(result).toMatchObject({ status: 'expired', expiresAt: view.expiresAt, resolvedById: null });
    await recordHistory(handleOf(stranger), 'access-request-expired');

    const row = await em().findOneOrFail(AccessRequest, { id: request.id }, { populate: ['user'] });
    expect(row.status).toBe('expired');
    expect(row.resolvedAt).toBeInstanceOf(Date);
    expect(row.resolvedBy).toBeNull();
    expect(row.user?.isActive).toBe(false);

    const told = emu()
      .calls('sendMessage')
      .filter((c: RecordedCall) => c.params.chat_id === stranger.id)
      .at(-1)!;
    expect(String(told.params.text)).toContain('Access Request Expired');
    expect(String(told.params.text)).toContain('/request_access');
    expect(h.telegram.state.getMessage(admin.tg.id, card.message_id)!.text).toContain('Expired without a decision');
    expect(await eventTypes(stranger)).toContain(EventType.EVENT_TYPE_TIMER_FIRED);

    // An expired request no longer blocks a new one.
    await emu().userSendsCommand(stranger, stranger.id, 'request_access');
    expect(emu().messages(stranger.id).at(-1)?.text).toContain('Progress: 1/3');
  });

  it('a decision before the TTL cancels the timer; the validator refuses bad decisions before they are accepted', async () => {
    const admin = await h.person(['ops_manager']);
    const stranger = h.stranger({ first_name: 'Nina', language_code: 'en' });
    const request = await submit(stranger);
    const card = await cardFor(admin.tg, request.id);
    const handle = handleOf(stranger);
    const count = async (type: temporal.api.enums.v1.EventType) =>
      (await eventTypes(stranger)).filter((t) => t === type).length;
    const activitiesBefore = await count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);

    // The workflow's own guard (the service refuses these earlier; here they go straight in).
    const technician = await em().findOneOrFail(User, { id: (await h.person(['technician'])).user.id });
    const update = (args: ApproveAccessInput) => handle.executeUpdate(approveAccessUpdate, { args: [args] });
    const refusal = async (promise: Promise<unknown>) => {
      const err = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return String((err as WorkflowUpdateFailedError).cause?.message);
    };
    const adminActor: ApproveAccessInput['actor'] = { id: admin.user.id, roles: ['ops_manager'] };
    expect(
      await refusal(
        update({
          actor: { id: technician.id, roles: ['technician'] },
          requestId: request.id,
          roles: ['technician'],
        }),
      ),
    ).toBe('You do not have permission to perform this action.');
    expect(await refusal(update({ actor: adminActor, requestId: request.id, roles: ['super_admin'] }))).toBe(
      '"super_admin" is not a valid choice.',
    );
    // A payload without roles (an old or forged client) is an empty grant.
    expect(await refusal(update({ actor: adminActor, requestId: request.id } as ApproveAccessInput))).toBe(
      '"[]" is not a valid choice.',
    );
    expect(await refusal(update({ actor: adminActor, requestId: request.id + 1000, roles: ['master'] }))).toBe(
      'Access request is already pending.',
    );
    // Refused in the validator: never accepted, nothing persisted.
    expect(await count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(0);
    expect(await count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(activitiesBefore);

    await emu().userPressesButton(admin.tg, card, `ar:${request.id}:a`);
    const picker = h.telegram.state.getMessage(admin.tg.id, card.message_id)!;
    const { callbackQueryId } = await emu().userPressesButton(admin.tg, picker, `ar:${request.id}:r:master`);
    expect(await emu().waitForCallbackAnswer(callbackQueryId, 30_000)).toMatchObject({ text: '✅ Approved: master' });

    const result = await completed(stranger);
    expect(result).toMatchObject({ status: 'approved', rolesGranted: ['master'], resolvedById: admin.user.id });
    await recordHistory(handleOf(stranger), 'access-request-approved');
    // The timer was cancelled, not waited out.
    const events = await eventTypes(stranger);
    expect(events).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
    expect(events).not.toContain(EventType.EVENT_TYPE_TIMER_FIRED);

    const row = await em().findOneOrFail(AccessRequest, { id: request.id }, { populate: ['user'] });
    expect(row.status).toBe('approved');
    expect(row.user?.isActive).toBe(true);
  });
});
