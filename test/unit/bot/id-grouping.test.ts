// Ids go to Fluent as strings: a number placeable is digit-grouped by the locale ("5,012,345,678"
// in English, "5 012 345 678" in Russian), and staff copy these ids. Every renderer that puts an
// id, a chat id or a ticket number through Fluent, in each locale, with ids past 999.
import { createI18n } from '../../../src/i18n';
import { accessFormCard, accessRequestCardText } from '../../../src/ui/render/access';
import { renderPrivateChatId } from '../../../src/ui/render/setup';
import { renderFoundTicket, renderTechnicians } from '../../../src/ui/render/staff-commands';
import { feedbackSummaryText, supportCardText, surveyText, techIntroText } from '../../../src/ui/render/support';
import { renderAdminNotification } from '../../../src/notify/telegram-notifier';

const i18n = createI18n('en');
const LOCALES = ['en', 'ru', 'uz'] as const;
const TELEGRAM_ID = 5_012_345_678;
const TICKET = 12_345;

/** A digit group separator between digits: comma, dot, (narrow) no-break space, space or apostrophe. */
const GROUPED = /\d[,.\u00a0\u202f '’]\d{3}(?!\d)/;

describe.each(LOCALES)('ids are never digit-grouped (%s)', (locale) => {
  const t = (key: string, args?: Record<string, string | number>) => i18n.t(locale, key, args);

  it('is a real risk: Fluent groups a number placeable', () => {
    expect(t('support-card-title', { id: TICKET })).toMatch(GROUPED);
    expect(t('support-card-title', { id: String(TICKET) })).not.toMatch(GROUPED);
  });

  it('support: the client card, the technician intro, the survey and its summary', () => {
    const card = supportCardText(t, {
      ticketId: TICKET,
      client: { telegramId: TELEGRAM_ID, name: 'Павел', username: 'pavel' },
      card: { source: 'database', known: false, fields: [] },
      technicians: [],
    });
    expect(card).toContain(`#${TICKET}`);
    expect(card).toContain(`<code>${TELEGRAM_ID}</code>`);
    const intro = techIntroText(t, { ticketId: TICKET, client: { name: 'Павел', username: null }, assignedBy: 'Mary' });
    const view = { status: 'pending' as const, scores: [5, 3, 4], comment: null, awaitingComment: true };
    const texts = [
      card,
      intro,
      surveyText(t, TICKET, view),
      feedbackSummaryText(t, TICKET, { ...view, status: 'completed' }),
      feedbackSummaryText(t, TICKET, { ...view, status: 'expired' }),
    ];
    for (const text of texts) {
      expect(text).toContain(String(TICKET));
      expect(text).not.toMatch(GROUPED);
    }
  });

  it('access: the moderators’ request card and the form', () => {
    const text = accessRequestCardText(t, {
      id: TICKET,
      firstName: 'Ivan',
      lastName: 'Petrov',
      phone: '+998901234567',
      telegramId: TELEGRAM_ID,
      username: 'ivan',
      status: 'pending',
      rolesGranted: [],
      resolvedByName: null,
      expiresAt: null,
    });
    expect(text).toContain(`#${TICKET}`);
    expect(text).toContain(String(TELEGRAM_ID));
    expect(text).not.toMatch(GROUPED);
    expect(accessFormCard(t, { step: 'last_name', firstName: 'Ivan' })).toContain('2/3');
  });

  it('/find, /techs, /chat_id and admin notifications', () => {
    const found = renderFoundTicket(
      t,
      {
        id: TICKET,
        serial: 'RM-1',
        status: 'in_progress',
        itemName: 'Bike',
        title: null,
        technician: 'Olga',
        master: 'Mary',
        totalDuration: 30,
        flagColor: 'green',
        xpAmount: 12,
        isManual: false,
        session: null,
        workedSeconds: 0,
        createdAt: new Date('2026-01-01T10:00:00Z'),
        finishedAt: null,
      },
      'UTC',
    );
    const techs = renderTechnicians(t, {
      timeZone: 'UTC',
      rows: [{ id: 1, name: 'Olga', state: 'working', ticket: { id: TICKET, serial: 'RM-1' }, todaySeconds: 60 }],
    }).join('\n');
    const chatId = renderPrivateChatId(t, TELEGRAM_ID);
    const admin = renderAdminNotification(t, {
      type: 'notification_failed',
      severity: 'error',
      ticketId: TICKET,
      params: { id: String(TICKET), event: 'ticket_qc_pass', cause: 'x' },
      text: 'x',
    });
    const external = renderAdminNotification(t, { type: 'backup', text: 'x', ticketId: TICKET });
    for (const text of [found, techs, admin, external]) {
      expect(text).toContain(String(TICKET));
      expect(text).not.toMatch(GROUPED);
    }
    expect(chatId).toContain(String(TELEGRAM_ID));
    expect(chatId).not.toMatch(GROUPED);
  });
});
