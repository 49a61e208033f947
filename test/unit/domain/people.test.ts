// One naming rule for every text: the full name, with the person's own Telegram @username when
// known; the internal account name is never shown as an @mention.
import { personName, telegramHandle } from '../../../src/domain';

describe('personName', () => {
  it('is the full name, with the Telegram username from the profile when there is one', () => {
    expect(personName({ firstName: 'Tom', lastName: 'Turner', username: 'tg_2001', telegramUsername: 'tomt' })).toBe(
      'Tom Turner (@tomt)',
    );
    expect(personName({ firstName: 'Ada', lastName: '', username: 'admin_1101', telegramUsername: null })).toBe('Ada');
    expect(personName({ firstName: ' Olga ', lastName: 'Ivanova', telegramUsername: '@olga_i' })).toBe(
      'Olga Ivanova (@olga_i)',
    );
  });

  it('never shows the internal account name as an @mention', () => {
    expect(personName({ firstName: '', lastName: ' ', username: 'tg_2001', telegramUsername: 'tomt' })).toBe('@tomt');
    expect(personName({ firstName: '', lastName: ' ', username: 'tg_2001' })).toBe('tg_2001');
    expect(personName({ id: 7, firstName: '', username: '' })).toBe('#7');
    expect(personName({})).toBe('—');
  });

  it('makes a handle of a Telegram username, with or without its @', () => {
    expect(telegramHandle('olga')).toBe('@olga');
    expect(telegramHandle('@olga')).toBe('@olga');
    expect(telegramHandle(' ')).toBeNull();
    expect(telegramHandle(null)).toBeNull();
  });
});
