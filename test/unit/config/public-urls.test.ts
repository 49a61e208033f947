import { miniAppUrl, ticketAppUrl } from '../../../src/config/public-urls';

const https = { web: { publicUrl: 'https://desk.example.com' } };

describe('the Mini App URL of a ticket button', () => {
  it('is the Mini App at the ticket in a private chat, with an https public URL', () => {
    expect(ticketAppUrl(https, 4201, 7)).toBe('https://desk.example.com/miniapp/?ticket=7');
    expect(miniAppUrl(https)).toBe('https://desk.example.com/miniapp/');
  });

  it('is absent in groups (Telegram refuses web_app buttons there) and without https', () => {
    expect(ticketAppUrl(https, -1001234567890, 7)).toBeUndefined();
    expect(ticketAppUrl({ web: { publicUrl: 'http://localhost:3000' } }, 4201, 7)).toBeUndefined();
    expect(ticketAppUrl({ web: {} }, 4201, 7)).toBeUndefined();
  });
});
