// The support desk's durable timers under time skipping, driven through the real bot: the survey's
// reminder and expiry, and the first-response SLA. One time-skipping server for the file (its
// clock is shared), so the tests run in order.
import { Api } from 'grammy';
import { createI18n } from '../../src/i18n';
import { Feedback, SupportTicket } from '../../src/db/entities';
import { createLogger } from '../../src/logger';
import { ADMIN_STREAM_KEY } from '../../src/redis/keys';
import { startAdminStreamConsumer } from '../../src/notify/admin-stream';
import { telegramAdminDelivery } from '../../src/notify/telegram-notifier';
import { TEST_BOT_TOKEN } from '@ticketflow/telegram-emulator/testing';
import { feedbackWorkflowId, supportWorkflowId } from '../../src/contracts/support';
import { recordHistory } from '../support/histories';
import {
  actions,
  botMessagesTo,
  buttonsOf,
  em,
  eventually,
  MAIN_GROUP,
  openTicket,
  press,
  startDesk,
  textOf,
  topicMessages,
  waitForTopic,
  type Desk,
} from '../unit/support/desk-harness';

jest.setTimeout(120_000);

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk({ timeSkipping: true });
});
afterAll(() => desk?.stop());

const emu = () => desk.h.telegram.emulator;

describe('support timers under time skipping', () => {
  it('first-response SLA: ⏰ in the title, an admin notification, lifted by the first answer', async () => {
    // Admins in two languages; their identity locale comes from their own updates.
    const ruAdmin = await desk.h.person(['super_admin'], { first_name: 'Пётр', language_code: 'ru' });
    const enAdmin = await desk.h.person(['ops_manager'], { first_name: 'Ann', language_code: 'en' });
    for (const admin of [ruAdmin, enAdmin]) await emu().userSendsCommand(admin.tg, admin.tg.id, 'help');
    const consumer = await startAdminStreamConsumer({
      redis: desk.h.redis,
      logger: createLogger('silent'),
      blockMs: 200,
      deliver: telegramAdminDelivery({
        orm: desk.h.db.orm,
        redis: desk.h.redis,
        logger: createLogger('silent'),
        telegram: new Api(TEST_BOT_TOKEN, { apiRoot: desk.h.telegram.url }),
        i18n: createI18n('en'),
        config: { defaultLocale: 'en' },
      }),
    });
    const client = desk.h.stranger({ first_name: 'Lena', username: 'lena_late', language_code: 'en' });
    const { ticket, topic } = await openTicket(desk, client, 'Nobody answers me');
    const title = `🟢 [New] #${ticket.id} | Lena (@lena_late)`;
    expect(topic.name).toBe(title);
    await desk.h.env.sleep('16 minutes');
    await waitForTopic(desk, MAIN_GROUP, ticket.id, (t) => t.name === `⏰ ${title}`);
    await eventually(() =>
      topicMessages(desk, MAIN_GROUP, topic.message_thread_id).some((m) =>
        textOf(m).startsWith('⏰ No answer to the client for 15 min'),
      ),
    );
    const entries = await desk.h.redis.xrange(ADMIN_STREAM_KEY, '-', '+');
    const fields = entries.map(([, values]) => values.join(' '));
    expect(fields.some((f) => f.includes('support_sla_breached') && f.includes(`#${ticket.id}`))).toBe(true);
    // Each admin reads it in their language, titled in words, never by the internal type.
    const alertTo = (chatId: number) =>
      eventually(() => botMessagesTo(desk, chatId).find((m) => textOf(m).includes(`#${ticket.id} (Lena)`)));
    const ru = textOf(await alertTo(ruAdmin.tg.id));
    expect(ru).toBe(`⚠️ Поддержка: нет ответа вовремя\nОбращение #${ticket.id} (Lena) остаётся без ответа уже 15 мин.`);
    const en = textOf(await alertTo(enAdmin.tg.id));
    expect(en).toBe(`⚠️ Support: no answer in time\nSupport ticket #${ticket.id} (Lena) has had no answer for 15 min.`);
    expect(`${ru}${en}`).not.toMatch(/support_sla_breached|Admin notification|Уведомление администраторам/);
    await consumer.stop();
    expect((await em(desk).findOneOrFail(SupportTicket, ticket.id)).slaBreachedAt).toBeInstanceOf(Date);

    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'Sorry for the wait!', { threadId: topic.message_thread_id });
    await waitForTopic(desk, MAIN_GROUP, ticket.id, (t) => t.name === title);
    expect(await actions(desk, ticket.id)).toEqual(expect.arrayContaining(['sla_breached', 'first_response']));
    await press(desk, desk.staff.tg, (await openTicketCard(ticket.id, topic.message_thread_id))!, `sp:c:${ticket.id}`);
    await waitForTopic(desk, MAIN_GROUP, ticket.id, (t) => t.closed);
    await recordHistory(desk.h.env.client.workflow.getHandle(supportWorkflowId(ticket.id)), 'support-sla-overdue');
  });

  it('no answer: one reminder after 2 h, then expiry after 24 h, recorded with what was answered', async () => {
    const { ticket, topic, card } = await openTicket(desk, desk.client, 'Please check my order');
    await emu().userSendsText(desk.staff.tg, MAIN_GROUP, 'Done, all good', { threadId: topic.message_thread_id });
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => m.text === 'Done, all good'));
    await press(desk, desk.staff.tg, card, `sp:c:${ticket.id}`);
    const survey = await eventually(() =>
      botMessagesTo(desk, desk.client.id).find((m) => buttonsOf(m).includes(`sp:f:${ticket.id}:1:4`)),
    );
    await press(desk, desk.client, survey!, `sp:f:${ticket.id}:1:4`);
    await eventually(
      () => em(desk).findOne(Feedback, { supportTicket: ticket.id }),
      (f) => f?.q1 === 4,
    );

    await desk.h.env.sleep('2 hours');
    await eventually(() => botMessagesTo(desk, desk.client.id).some((m) => textOf(m).startsWith('⭐ Напоминаем')));
    expect(botMessagesTo(desk, desk.client.id).filter((m) => textOf(m).startsWith('⭐ Напоминаем'))).toHaveLength(1);
    expect((await em(desk).findOneOrFail(Feedback, { supportTicket: ticket.id })).status).toBe('pending');

    await desk.h.env.sleep('22 hours');
    const feedback = await eventually(
      () => em(desk).findOne(Feedback, { supportTicket: ticket.id }),
      (f) => f?.status === 'expired',
    );
    expect([feedback!.q1, feedback!.q2, feedback!.q3, feedback!.comment]).toEqual([4, null, null, null]);
    expect(feedback!.completedAt).toBeInstanceOf(Date);
    await eventually(
      () => desk.h.telegram.state.getMessage(desk.client.id, survey!.message_id),
      (m) => textOf(m).includes('Время опроса истекло') && buttonsOf(m).length === 0,
    );
    const summary = await eventually(() =>
      topicMessages(desk, MAIN_GROUP, topic.message_thread_id).find((m) => textOf(m).startsWith('⌛')),
    );
    expect(textOf(summary)).toBe(`⌛ Survey of #${ticket.id} expired. Answered: speed 4 · solution — · politeness —`);
    expect(await actions(desk, ticket.id)).toEqual(
      expect.arrayContaining(['survey_started', 'survey_answered', 'survey_reminded', 'survey_expired']),
    );
    const handle = desk.h.env.client.workflow.getHandle(feedbackWorkflowId(ticket.id));
    expect(await handle.result()).toMatchObject({ status: 'expired', scores: [4, null, null], reminded: true });
    await recordHistory(handle, 'feedback-survey-reminder-expiry');
  });
});

async function openTicketCard(ticketId: number, threadId: number) {
  return topicMessages(desk, MAIN_GROUP, threadId).find((m) => buttonsOf(m).includes(`sp:c:${ticketId}`));
}
