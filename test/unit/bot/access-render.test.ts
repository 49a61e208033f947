import type { InlineKeyboardMarkup } from 'grammy/types';
import { createI18n } from '../../../src/i18n';
import {
  accessClosedText,
  accessDecisionText,
  accessFormCard,
  accessRequestCardText,
  accessRequestKeyboard,
  formatUtc,
  progressBar,
  shareContactKeyboard,
} from '../../../src/ui/render/access';
import { accessButton } from '../../../src/ui/callbacks/access';
import { type AccessRequestCardView } from '../../../src/reads/access-requests';

const i18n = createI18n('en');
const tFor = (locale: string) => (key: string, args?: Record<string, string | number>) => i18n.t(locale, key, args);
const t = tFor('en');
const ru = tFor('ru');

const callbackData = (markup: InlineKeyboardMarkup) =>
  markup.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : undefined));

describe('ar: callback codec', () => {
  it.each([
    [{ requestId: 12, action: 'pick' as const }, 'ar:12:a'],
    [{ requestId: 12, action: 'reject' as const }, 'ar:12:x'],
    [{ requestId: 12, action: 'back' as const }, 'ar:12:b'],
    [{ requestId: 12, action: 'approve' as const, role: 'qc_inspector' as const }, 'ar:12:r:qc_inspector'],
  ])('round-trips %j as %s', (button, data) => {
    expect(accessButton.encode(button)).toBe(data);
    expect(accessButton.decode(data)).toEqual(button);
  });

  it.each([
    'ar',
    'ar:',
    'ar:12',
    'ar:0:a',
    'ar:-1:a',
    'ar:01:a',
    'ar:abc:a',
    'ar:12:z',
    'ar:12:r',
    'ar:12:r:super_admin',
    'ar:12:r:wizard',
    'ar:12:a:extra',
    'ar:12:r:master:extra',
    'ar:99999999999:a',
    'tt:12:start',
  ])('rejects %s', (data) => {
    expect(accessButton.decode(data)).toBeNull();
  });

  it('keeps every payload within Telegram’s 64 bytes', () => {
    const longest = accessButton.encode({ requestId: 2_147_483_647, action: 'approve', role: 'qc_inspector' });
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(64);
    expect(accessButton.matches('ar:garbage')).toBe(true);
    expect(accessButton.matches('arx:1')).toBe(false);
  });
});

describe('the requester’s form card', () => {
  it('shows progress k/3 with squares, what was entered and the question of the step', () => {
    expect(progressBar(0)).toBe('⬜⬜⬜');
    expect(progressBar(2)).toBe('🟩🟩⬜');
    expect(progressBar(5)).toBe('🟩🟩🟩');

    const first = accessFormCard(t, { step: 'first_name' });
    expect(first.split('\n').slice(0, 2)).toEqual(['🧾 <b>Access request</b>', '📈 Progress: 1/3 🟩⬜⬜']);
    expect(first).toContain('Please enter your first name.');
    expect(first).toContain('/cancel');

    const phone = accessFormCard(t, { step: 'phone', firstName: 'Ivan', lastName: '<Petrov>' });
    expect(phone).toContain('📈 Progress: 3/3 🟩🟩🟩');
    expect(phone).toContain('👤 First name: Ivan');
    expect(phone).toContain('👤 Last name: &lt;Petrov&gt;');
    expect(phone).toContain('+998901234567');
  });

  it('puts the reason of a refused answer above the question, escaped', () => {
    const card = accessFormCard(t, { step: 'last_name', firstName: 'Ivan' }, 'Last name is too short <b>');
    const lines = card.split('\n');
    const problem = lines.findIndex((l) => l.startsWith('⚠️'));
    expect(lines[problem]).toBe('⚠️ Last name is too short &lt;b&gt;');
    expect(lines[problem + 1]).toContain('last name');
  });

  it('asks for the phone with a button that shares the user’s own contact', () => {
    expect(shareContactKeyboard(t).keyboard).toEqual([[{ text: '📱 Share my contact', request_contact: true }]]);
    expect(shareContactKeyboard(ru).keyboard[0][0]).toMatchObject({ text: '📱 Поделиться контактом' });
  });

  it('speaks Russian', () => {
    expect(accessFormCard(ru, { step: 'first_name' })).toContain('📈 Прогресс: 1/3 🟩⬜⬜');
  });
});

describe('the moderators’ card', () => {
  const pending: AccessRequestCardView = {
    id: 7,
    firstName: 'Ivan',
    lastName: 'Petrov & Sons',
    phone: '+998901234567',
    telegramId: 5_000_000_123,
    username: 'ivan_p',
    status: 'pending',
    rolesGranted: [],
    resolvedByName: null,
    expiresAt: Date.UTC(2026, 10, 21, 14, 5),
  };

  it('shows the request with its expiry', () => {
    expect(formatUtc(Date.UTC(2026, 10, 21, 14, 5))).toBe('2026-11-21 14:05 UTC');
    expect(accessRequestCardText(t, pending).split('\n')).toEqual([
      '🆕 <b>Access request #7</b>',
      '👤 Name: Ivan Petrov &amp; Sons',
      '📞 Phone: +998901234567',
      '💬 Telegram: @ivan_p (5000000123)',
      '⏳ Expires: 2026-11-21 14:05 UTC',
    ]);
    expect(accessRequestCardText(t, { ...pending, username: null })).toContain('💬 Telegram: 5000000123');
    expect(accessRequestCardText(t, pending, true)).toContain('🎭 Choose the role to grant:');
  });

  it('shows the outcome and who decided', () => {
    const approved = {
      ...pending,
      status: 'approved' as const,
      rolesGranted: ['technician' as const],
      resolvedByName: 'Alisa',
    };
    expect(accessRequestCardText(t, approved)).toMatch(/\n\n✅ Approved by Alisa · technician$/);
    expect(accessRequestCardText(t, approved)).not.toContain('Expires');
    expect(accessRequestCardText(t, { ...pending, status: 'rejected', resolvedByName: 'Boris' })).toMatch(
      /❌ Rejected by Boris$/,
    );
    expect(accessRequestCardText(t, { ...pending, status: 'expired' })).toMatch(/⌛ Expired without a decision$/);
    expect(accessRequestCardText(ru, approved)).toContain('✅ Одобрил(а) Alisa · техник');
  });

  it('offers Approve / Reject, then the role picker with a way back', () => {
    const decide = accessRequestKeyboard(t, 7, 'decide');
    expect(decide.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([['✅ Approve', '❌ Reject']]);
    expect(callbackData(decide)).toEqual(['ar:7:a', 'ar:7:x']);

    const roles = accessRequestKeyboard(t, 7, 'roles');
    expect(roles.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['🎭 technician', '🎭 QC inspector'],
      ['🎭 master', '🎭 ops manager'],
      ['⬅ Back'],
    ]);
    expect(callbackData(roles)).toEqual([
      'ar:7:r:technician',
      'ar:7:r:qc_inspector',
      'ar:7:r:master',
      'ar:7:r:ops_manager',
      'ar:7:b',
    ]);
    expect(accessRequestKeyboard(t, 7, 'none').inline_keyboard).toEqual([]);
  });
});

describe('what the requester is told', () => {
  it('uses the §8 texts', () => {
    const approved = accessDecisionText(t, 'approved', ['technician', 'qc_inspector']);
    expect(approved).toContain('✅ <b>Access Request Approved</b>');
    expect(approved).toContain('You can now use');
    expect(approved).toContain('Roles: technician, QC inspector');
    const rejected = accessDecisionText(t, 'rejected');
    expect(rejected).toContain('❌ <b>Access Request Rejected</b>');
    expect(rejected).toContain('submit a new request using /request_access');
    expect(accessDecisionText(t, 'expired')).toContain('/request_access');
    expect(accessDecisionText(ru, 'rejected')).toContain('Запрос доступа отклонён');
  });

  it('explains a decision on a closed request', () => {
    expect(accessClosedText(t, 'approved')).toBe('ℹ️ This request was already approved.');
    expect(accessClosedText(t, 'rejected')).toBe('ℹ️ This request was already rejected.');
    expect(accessClosedText(t, 'expired')).toBe('⌛ This request has expired.');
    expect(accessClosedText(t, 'pending')).toBe('⚠️ Access request was not found.');
  });

  it('never shows a missing translation', () => {
    const outputs = [
      accessFormCard(ru, { step: 'phone', firstName: 'A', lastName: 'B' }, 'x'),
      accessRequestCardText(
        ru,
        {
          ...{ id: 1, firstName: 'A', lastName: 'B', phone: '+1', telegramId: 1 },
          username: null,
          status: 'pending',
          rolesGranted: [],
          resolvedByName: null,
          expiresAt: 0,
        },
        true,
      ),
      ...(['approved', 'rejected', 'expired'] as const).map((s) => accessDecisionText(ru, s, ['master'])),
      ...(['approved', 'rejected', 'expired', 'pending'] as const).map((s) => accessClosedText(ru, s)),
    ];
    for (const text of outputs) expect(text).not.toMatch(/\{[\w-]+\}/);
  });
});
