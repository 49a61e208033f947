import { supportTopicTitle, utf8ByteLength } from '../../../src/domain';

const en = { new: 'New', work: 'In work', closed: 'Closed' };
const ru = { new: 'Новый', work: 'В работе', closed: 'Закрыт' };

/** Telegram counts a topic name in UTF-16 code units (as String.length does), at most 128. */
function expectWithinLimits(title: string): void {
  expect(title.length).toBeLessThanOrEqual(128);
  // No lone surrogate: nothing was cut inside a character.
  expect(title).toBe(Buffer.from(title, 'utf8').toString('utf8'));
  expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(title)).toBe(false);
}

describe('supportTopicTitle', () => {
  it('formats the three statuses', () => {
    expect(supportTopicTitle({ status: 'new', id: 42, clientName: 'Anna Lee', clientUsername: 'anna' }, en)).toBe(
      '🟢 [New] #42 | Anna Lee (@anna)',
    );
    expect(supportTopicTitle({ status: 'work', id: 42, clientName: 'Anna Lee', techUsername: '@bob' }, en)).toBe(
      '🟡 [In work | @bob] #42 | Anna Lee',
    );
    expect(supportTopicTitle({ status: 'closed', id: 42, clientName: 'Anna Lee', techUsername: 'bob' }, en)).toBe(
      '🟣 [Closed | @bob] #42 | Anna Lee',
    );
  });

  it('omits missing usernames and uses the given localized labels', () => {
    expect(supportTopicTitle({ status: 'new', id: 7, clientName: 'Иван' }, ru)).toBe('🟢 [Новый] #7 | Иван');
    expect(supportTopicTitle({ status: 'work', id: 7, clientName: 'Иван', techUsername: null }, ru)).toBe(
      '🟡 [В работе] #7 | Иван',
    );
  });

  it('marks an overdue first response', () => {
    expect(supportTopicTitle({ status: 'new', id: 1, clientName: 'Bo', overdue: true }, en)).toBe(
      '⏰ 🟢 [New] #1 | Bo',
    );
  });

  it('truncates a long Cyrillic name with "…" and keeps the id and the username', () => {
    const title = supportTopicTitle(
      { status: 'new', id: 123456, clientName: 'Александр '.repeat(20), clientUsername: 'sasha', overdue: true },
      ru,
    );
    expectWithinLimits(title);
    expect(title.startsWith('⏰ 🟢 [Новый] #123456 | Александр')).toBe(true);
    expect(title.endsWith('… (@sasha)')).toBe(true);
    // Characters, not UTF-8 bytes: the name fills the title up to 128 (the old byte count cut it near 79).
    expect(title.length).toBe(128);
    expect(utf8ByteLength(title)).toBeGreaterThan(128);
  });

  it('gives a long Cyrillic name all 128 characters in the work title', () => {
    const head = '🟡 [В работе | @olga_tech] #12 | ';
    const name = 'Я'.repeat(200);
    const title = supportTopicTitle({ status: 'work', id: 12, clientName: name, techUsername: 'olga_tech' }, ru);
    expect(title).toBe(`${head}${'Я'.repeat(128 - head.length - 1)}…`);
    expect(title.length).toBe(128);
  });

  it('never splits a surrogate pair at the limit', () => {
    const head = '🟣 [Closed | @bob] #5 | ';
    // One code unit short of room for the last emoji (2 code units) before the "…".
    const name = 'x'.repeat(128 - head.length - 2) + '😀'.repeat(5);
    const title = supportTopicTitle({ status: 'closed', id: 5, clientName: name, techUsername: 'bob' }, en);
    expectWithinLimits(title);
    expect(title).toBe(`${head}${'x'.repeat(128 - head.length - 2)}…`);
  });

  it('never splits an emoji or a ZWJ sequence in the name', () => {
    const family = '👨‍👩‍👧‍👦';
    const title = supportTopicTitle({ status: 'work', id: 9, clientName: family.repeat(20), techUsername: 'tech' }, en);
    expectWithinLimits(title);
    const name = title.slice('🟡 [In work | @tech] #9 | '.length, -1);
    expect(name.length % family.length).toBe(0);
    expect(name.replaceAll(family, '')).toBe('');
    expect(title.endsWith('…')).toBe(true);
  });

  it('leaves a title that fits exactly at 128 characters untouched', () => {
    const head = '🟣 [Closed | @bob] #5 | ';
    const name = 'Ж'.repeat(128 - head.length);
    const title = supportTopicTitle({ status: 'closed', id: 5, clientName: name, techUsername: 'bob' }, en);
    expect(title).toBe(head + name);
    expect(title.length).toBe(128);
  });

  it('drops the client username when even a one-letter name cannot fit with it', () => {
    const labels = { ...en, new: 'N'.repeat(90) };
    const title = supportTopicTitle(
      { status: 'new', id: 3, clientName: 'Zed Zedson', clientUsername: 'u'.repeat(32) },
      labels,
    );
    expectWithinLimits(title);
    expect(title).toContain('#3 | ');
    expect(title).not.toContain('@u');
  });

  it('keeps the id even with absurd labels', () => {
    const title = supportTopicTitle({ status: 'new', id: 77, clientName: 'Zed' }, { ...en, new: 'N'.repeat(200) });
    expect(title).toBe('🟢 #77');
  });
});
