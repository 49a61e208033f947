// Admin stream entries in each admin's language: ticketflow's own entries (a known type with
// params) get a human title and their localized text, never the internal type code; other
// systems' free text keeps its words inside a localized frame.
import { createI18n } from '../../../src/i18n';
import type { Translate } from '../../../src/i18n';
import { type AdminNotification, parseAdminEntry } from '../../../src/notify/admin-stream';
import { renderAdminNotification } from '../../../src/notify/telegram-notifier';

const i18n = createI18n('en');
const tr =
  (locale: string): Translate =>
  (key, args) =>
    i18n.t(locale, key, args);

const slaBreach: AdminNotification = {
  type: 'support_sla_breached',
  severity: 'warning',
  params: { id: '1', client: 'Павел <b>', minutes: '1' },
  text: 'Support ticket #1 (Павел <b>) has had no answer for 1 min.',
};

describe('ticketflow’s own admin notifications', () => {
  it('renders the support SLA breach in Russian and English, with a title instead of the type code', () => {
    expect(renderAdminNotification(tr('ru'), slaBreach).split('\n')).toEqual([
      '⚠️ <b>Поддержка: нет ответа вовремя</b>',
      'Обращение #1 (Павел &lt;b&gt;) остаётся без ответа уже 1 мин.',
    ]);
    expect(renderAdminNotification(tr('en'), slaBreach).split('\n')).toEqual([
      '⚠️ <b>Support: no answer in time</b>',
      'Support ticket #1 (Павел &lt;b&gt;) has had no answer for 1 min.',
    ]);
    const uz = renderAdminNotification(tr('uz'), slaBreach);
    expect(uz).toContain('Murojaat #1');
    for (const text of [uz, renderAdminNotification(tr('ru'), slaBreach)]) {
      expect(text).not.toContain('support_sla_breached');
      expect(text).not.toMatch(/Support ticket|has had no answer/);
    }
  });

  it('names the undelivered notification in words and keeps ids ungrouped', () => {
    const entry: AdminNotification = {
      type: 'notification_failed',
      severity: 'error',
      ticketId: 12345,
      params: { id: '12345', event: 'ticket_assigned_master', cause: 'chat not found' },
      text: 'The "ticket_assigned_master" notification of ticket #12345 was not delivered after all retries',
    };
    const ru = renderAdminNotification(tr('ru'), entry);
    expect(ru.split('\n')).toEqual([
      '🚨 <b>Уведомление не доставлено</b>',
      'Уведомление «заявка назначена (мастеру)» по заявке #12345 не доставлено после всех повторных попыток.',
      'Ошибка: <code>chat not found</code>',
    ]);
    expect(renderAdminNotification(tr('en'), entry)).toContain(
      'The “ticket assigned (to the master)” notification of ticket #12345 was not delivered',
    );
  });

  it('renders the QC SLA breach per language', () => {
    const entry: AdminNotification = {
      type: 'qc_sla_breached',
      severity: 'warning',
      ticketId: 7,
      params: { id: '7', serial: 'RM-1', minutes: '481', sla: '240' },
      text: 'fallback',
    };
    expect(renderAdminNotification(tr('ru'), entry).split('\n')).toEqual([
      '⚠️ <b>Превышено время ожидания QC</b>',
      'Заявка #7 (RM-1) ждёт QC уже 481 мин (SLA 240 мин).',
    ]);
    expect(renderAdminNotification(tr('en'), entry)).toContain('waiting for QC for 481 minutes (SLA 240 min)');
  });

  it('falls back to the text (with a localized title) for an entry written before params existed', () => {
    const old = { ...slaBreach, params: undefined };
    expect(renderAdminNotification(tr('ru'), old).split('\n')).toEqual([
      '⚠️ <b>Поддержка: нет ответа вовремя</b>',
      'Support ticket #1 (Павел &lt;b&gt;) has had no answer for 1 min.',
    ]);
  });
});

describe('other systems’ entries', () => {
  it('keep their text as written, in a localized frame', () => {
    const entry: AdminNotification = { type: 'backup_failed', severity: 'critical', text: 'Nightly backup failed' };
    expect(renderAdminNotification(tr('ru'), entry).split('\n')).toEqual([
      '🆘 <b>Уведомление администраторам</b> · <code>backup_failed</code>',
      'Nightly backup failed',
    ]);
  });
});

describe('params on the wire', () => {
  it('round-trip as a JSON object of strings; anything else leaves the entry to its text', () => {
    const fields = ['type', 'support_sla_breached', 'text', 't', 'params', JSON.stringify({ id: '1', minutes: 15 })];
    expect(parseAdminEntry(fields)).toEqual({
      ok: true,
      entry: { type: 'support_sla_breached', text: 't', severity: 'info', params: { id: '1', minutes: '15' } },
    });
    for (const bad of ['not json', '[1]', '{"a":{"b":1}}', 'null']) {
      const parsed = parseAdminEntry(['type', 'x', 'text', 't', 'params', bad]);
      expect(parsed).toEqual({ ok: true, entry: { type: 'x', text: 't', severity: 'info' } });
    }
  });
});
