import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createI18n, type Translate as T } from '../../../src/i18n';
import {
  copyLabel,
  feedbackSummaryText,
  supportCardKeyboard,
  supportCardText,
  supportStatusLabels,
  surveyKeyboard,
  surveyText,
  withLabel,
} from '../../../src/ui/render/support';
import { supportTopicTitle } from '../../../src/domain';
import { SUPPORT_REFUSALS } from '../../../src/domain';

const i18n = createI18n('en');
const t: (locale: string) => T = (locale) => (key, args) => i18n.t(locale, key, args);
const en = t('en');
const ru = t('ru');

const technicians = [
  { id: 7, username: 'olga_tech', name: 'Olga Smirnova', groupChatId: -100 },
  { id: 8, username: 'boris', name: 'Boris', groupChatId: -200 },
  { id: 9, username: 'nina', name: 'Nina <Lee>', groupChatId: null },
];

describe('support rendering', () => {
  it('titles topics in each locale', () => {
    expect(
      supportTopicTitle({ status: 'work', id: 3, clientName: 'Ivan', techUsername: 'olga' }, supportStatusLabels(ru)),
    ).toBe('🟡 [В работе | @olga] #3 | Ivan');
    expect(
      supportTopicTitle({ status: 'closed', id: 3, clientName: 'Ivan', techUsername: 'olga' }, supportStatusLabels(en)),
    ).toBe('🟣 [Closed | @olga] #3 | Ivan');
  });

  it('puts technicians with a group on buttons and explains the others, escaping names', () => {
    const text = supportCardText(en, {
      ticketId: 3,
      client: { telegramId: 42, name: 'Ivan <b>', username: 'ivan' },
      card: { source: 'sheets', known: true, fields: [{ label: 'Plan', value: 'Gold & more' }] },
      technicians,
    });
    expect(text).toContain('Support ticket #3');
    expect(text).toContain('Ivan &lt;b&gt; · @ivan · id <code>42</code>');
    expect(text).toContain('• Plan: Gold &amp; more');
    expect(text).toContain('Pick a technician:');
    expect(text).toContain('Not in TECH_GROUPS_MAPPING (cannot be assigned): @nina');
    const keyboard = supportCardKeyboard(en, 3, technicians);
    expect(keyboard.inline_keyboard).toEqual([
      [
        { text: '🔧 Olga Smirnova (@olga_tech)', callback_data: 'sp:a:3:7' },
        { text: '🔧 Boris (@boris)', callback_data: 'sp:a:3:8' },
      ],
      [{ text: '✅ Close ticket', callback_data: 'sp:c:3' }],
    ]);
  });

  it('translates the database card labels and says when nobody can be assigned', () => {
    const text = supportCardText(ru, {
      ticketId: 3,
      client: { telegramId: 42, name: 'Ivan', username: null },
      card: {
        source: 'database',
        known: false,
        fields: [{ label: 'support-card-phone', labelKey: 'support-card-phone', value: '+1' }],
      },
      technicians: [technicians[2]!],
    });
    expect(text).toContain('• Телефон: +1');
    expect(text).toContain('Ни у одного техника нет группы');
    expect(supportCardKeyboard(ru, 3, []).inline_keyboard).toEqual([
      [{ text: '✅ Закрыть обращение', callback_data: 'sp:c:3' }],
    ]);
  });

  it('labels technicians in the main topic and staff in the technician topic only', () => {
    const sender = { name: 'Olga', username: 'olga_tech' };
    expect(copyLabel(en, 'TECH', 'main', sender)).toBe('🔧 Olga (@olga_tech):');
    expect(copyLabel(en, 'STAFF', 'tech', { name: 'Mary', username: null })).toBe('🎧 Support · Mary:');
    expect(copyLabel(en, 'TECH', 'client', sender)).toBeNull();
    expect(copyLabel(en, 'STAFF', 'client', sender)).toBeNull();
    expect(copyLabel(en, 'CLIENT', 'main', sender)).toBeNull();
    expect(copyLabel(en, 'CLIENT', 'tech', sender)).toBeNull();
  });

  it('shifts entities behind the label and refuses to exceed the limit', () => {
    const label = '🔧 Olga:';
    const labelled = withLabel(label, 'see https://x.io now', [{ type: 'url', offset: 4, length: 12 }], 4096)!;
    expect(labelled.text).toBe('🔧 Olga:\nsee https://x.io now');
    expect(labelled.entities).toEqual([
      { type: 'bold', offset: 0, length: label.length },
      { type: 'url', offset: label.length + 1 + 4, length: 12 },
    ]);
    expect(labelled.text.slice(labelled.entities[1]!.offset, labelled.entities[1]!.offset + 12)).toBe('https://x.io');
    expect(withLabel(label, null, [], 1024)).toEqual({
      text: label,
      entities: [{ type: 'bold', offset: 0, length: label.length }],
    });
    expect(withLabel(label, 'x'.repeat(1020), [], 1024)).toBeNull();
  });

  it('draws the survey as it is answered', () => {
    const pending = { status: 'pending' as const, scores: [5, null, null], comment: null, awaitingComment: false };
    expect(surveyText(en, 9, pending)).toContain('1. How quickly did we answer? — ⭐⭐⭐⭐⭐ 5');
    expect(surveyText(en, 9, pending)).toContain('2. Did we solve your problem? ◀️');
    expect(surveyText(en, 9, pending)).toContain('for question 2');
    expect(
      surveyKeyboard(9, pending)?.inline_keyboard[0]!.map((b) => ('callback_data' in b ? b.callback_data : null)),
    ).toEqual(['sp:f:9:2:1', 'sp:f:9:2:2', 'sp:f:9:2:3', 'sp:f:9:2:4', 'sp:f:9:2:5']);
    const waiting = { ...pending, scores: [5, 3, 4], awaitingComment: true };
    expect(surveyText(en, 9, waiting)).toContain('What could we improve?');
    expect(surveyKeyboard(9, waiting)).toBeUndefined();
    expect(surveyText(ru, 9, { ...waiting, status: 'expired' as const })).toContain('Время опроса истекло');
  });

  it('summarises a survey for the main topic', () => {
    expect(
      feedbackSummaryText(en, 9, { status: 'completed', scores: [5, 3, 4], comment: 'a <b>', awaitingComment: false }),
    ).toBe('📊 Survey of #9: speed 5 · solution 3 · politeness 4\n💬 a &lt;b&gt;');
    expect(
      feedbackSummaryText(en, 9, { status: 'expired', scores: [2, null, null], comment: null, awaitingComment: false }),
    ).toBe('⌛ Survey of #9 expired. Answered: speed 2 · solution — · politeness —');
  });

  it('has every support text in both locales', () => {
    const keysOf = (locale: string) =>
      readFileSync(path.resolve(__dirname, `../../../locales/${locale}/support.ftl`), 'utf8')
        .split('\n')
        .map((line) => /^([a-z][\w-]*) =/.exec(line)?.[1])
        .filter((key): key is string => key !== undefined)
        .sort();
    expect(keysOf('ru')).toEqual(keysOf('en'));
    expect(keysOf('en')).toEqual(expect.arrayContaining(SUPPORT_REFUSALS.map((code) => `support-refused-${code}`)));
    const args = {
      tech: 'x',
      staff: 'y',
      id: 1,
      name: 'n',
      username: 'u',
      names: 'a',
      previous: 'p',
      minutes: 5,
      n: 1,
      scores: 's',
      text: 't',
    };
    for (const key of keysOf('en')) {
      for (const locale of ['en', 'ru']) expect(i18n.t(locale, key, args)).not.toBe(key);
    }
  });
});
