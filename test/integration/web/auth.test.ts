// Sign-in of the web console (a one-time link from the bot) and the Mini App (Telegram initData):
// what is refused gets 401 and never a token; what is accepted gets a short-lived API token bound
// to the linked user and their roles, usable on /api and nowhere else.
import { createHash } from 'node:crypto';
import type * as InitDataNode from '@telegram-apps/init-data-node' with { 'resolution-mode': 'import' };
import { ApiToken } from '../../../src/db/entities';
import { SESSION_TOKEN_NAMES, webSessionsOf, type WebSessions } from '../../../src/services/web-sessions';
import { createUserWithProfile, uniqueTelegramId } from '../../support/factories';
import { startApi, type ApiHarness } from '../api/support';

jest.setTimeout(120_000);

const BOT_TOKEN = '123456:TEST-bot-token-for-web-auth-0123456789';
const MAX_AGE_SECONDS = 600;
const SESSION_MINUTES = 60;

let api: ApiHarness;
let sessions: WebSessions;

beforeAll(async () => {
  api = await startApi({
    env: {
      BOT_TOKEN,
      MINIAPP_INIT_DATA_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS),
      WEB_SESSION_TTL_MINUTES: String(SESSION_MINUTES),
      // As behind a proxy on this host: requests injected from loopback carry the client's address.
      TRUST_PROXY: 'loopback',
    },
  });
  sessions = webSessionsOf(api.deps);
});
afterAll(() => api?.stop());

async function post(url: string, body: unknown) {
  const res = await api.app.inject({ method: 'POST', url, payload: body as object });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}

const me = (token: string) => api.call('GET', '/api/me', { token });

async function staff(roles: ('master' | 'technician' | 'qc_inspector')[] = ['master'], isActive = true) {
  return createUserWithProfile(api.workshop.db.orm, { roles, telegramId: true, isActive });
}

function expectRefused(res: { status: number; body: Record<string, unknown> }, code?: string) {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ error: 'unauthorized', ...(code ? { code } : {}) });
  expect(res.body).not.toHaveProperty('token');
}

describe('console sign-in link', () => {
  it('works once: a session for the user and their roles, then the same link is refused', async () => {
    const { user } = await staff(['master', 'qc_inspector']);
    const code = await sessions.createSignInCode(user.id);

    const first = await post('/auth/console', { code });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user: { id: user.id, roles: ['master', 'qc_inspector'] } });
    const expiresAt = Date.parse(first.body.expires_at as string);
    expect(expiresAt).toBeGreaterThan(Date.now() + (SESSION_MINUTES - 1) * 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + SESSION_MINUTES * 60_000);
    const whoami = await me(first.body.token as string);
    expect(whoami).toMatchObject({ status: 200, body: { user: { id: user.id } } });

    // Refused with a code the page words in the reader's language.
    expectRefused(await post('/auth/console', { code }), 'sign_in_link_used');
  });

  it('expires unused: the code lives in Redis for the sign-in lifetime only, then is refused', async () => {
    const { user } = await staff();
    const code = await sessions.createSignInCode(user.id);
    const key = `web:signin:${createHash('sha256').update(code).digest('hex')}`;
    const ttl = await api.deps.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(api.deps.config.web.signInTtlMinutes * 60);
    // Redis ends the code's life (as it does after WEB_SIGN_IN_TTL_MINUTES).
    await api.deps.redis.pexpire(key, 1);
    while ((await api.deps.redis.exists(key)) === 1) await new Promise((r) => setImmediate(r));
    expectRefused(await post('/auth/console', { code }));
  });

  it('refuses unknown codes, and users who were deactivated or hold no role', async () => {
    expectRefused(await post('/auth/console', { code: 'x'.repeat(43) }));
    expectRefused(await post('/auth/console', { code: 'short' }));
    const gone = await staff(['master'], false);
    expectRefused(await post('/auth/console', { code: await sessions.createSignInCode(gone.user.id) }));
    const roleless = await createUserWithProfile(api.workshop.db.orm, { roles: [] });
    expectRefused(await post('/auth/console', { code: await sessions.createSignInCode(roleless.user.id) }));
  });

  it('a revoked session token no longer opens the API', async () => {
    const { user } = await staff();
    const session = await post('/auth/console', { code: await sessions.createSignInCode(user.id) });
    const row = await api.workshop.db.orm.em
      .fork()
      .findOneOrFail(ApiToken, { user: user.id, name: SESSION_TOKEN_NAMES.console });
    const revoked = await api.call('DELETE', `/api/tokens/${row.id}`, {
      token: session.body.token as string,
    });
    expect(revoked.status).toBe(200);
    expect((await me(session.body.token as string)).status).toBe(401);
  });
});

describe('console API without a session', () => {
  it('refuses every console read and write without a bearer session, even with cookies (no CSRF surface)', async () => {
    for (const [method, url] of [
      ['GET', '/api/tickets'],
      ['GET', '/api/users'],
      ['POST', '/api/tickets'],
      ['PUT', '/api/rules'],
    ] as const) {
      const res = await api.app.inject({
        method,
        url,
        headers: { cookie: 'session=anything; csrf=anything', 'x-csrf-token': 'anything' },
        payload: method === 'GET' ? undefined : {},
      });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('Mini App initData', () => {
  let lib: typeof InitDataNode;
  beforeAll(async () => {
    lib = await import('@telegram-apps/init-data-node');
  });

  const user = (id: number) => ({ id, first_name: 'Tom', language_code: 'en' });
  const signed = (telegramId: number, authDate = new Date(), token = BOT_TOKEN) =>
    lib.sign({ user: user(telegramId), query_id: `q${Math.random()}` }, token, authDate);

  it('a fresh, genuine initData opens a session for the linked user, once', async () => {
    const { user: linked, profile } = await staff(['technician']);
    const initData = signed(profile!.telegramId);
    const first = await post('/auth/miniapp', { init_data: initData });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user: { id: linked.id, roles: ['technician'] } });
    expect((await me(first.body.token as string)).body).toMatchObject({ user: { id: linked.id } });

    // Replayed: the very same initData again.
    expectRefused(await post('/auth/miniapp', { init_data: initData }));
  });

  it('refuses forged, tampered, stale and future-dated initData', async () => {
    const { profile } = await staff(['technician']);
    const telegramId = profile!.telegramId;
    // Signed with another bot's token.
    expectRefused(
      await post('/auth/miniapp', { init_data: signed(telegramId, new Date(), '654321:another-bot-token') }),
    );
    // Genuine, then the user swapped for someone else.
    const other = await staff(['master']);
    const tampered = new URLSearchParams(signed(telegramId));
    tampered.set('user', JSON.stringify(user(other.profile!.telegramId)));
    expectRefused(await post('/auth/miniapp', { init_data: tampered.toString() }));
    // Older than the maximum age.
    expectRefused(
      await post('/auth/miniapp', {
        init_data: signed(telegramId, new Date(Date.now() - (MAX_AGE_SECONDS + 5) * 1000)),
      }),
    );
    // From the future (beyond the clock-skew allowance).
    expectRefused(await post('/auth/miniapp', { init_data: signed(telegramId, new Date(Date.now() + 5 * 60_000)) }));
    // Not initData at all.
    expectRefused(await post('/auth/miniapp', { init_data: 'user=%7B%7D&hash=00' }), 'launch_not_vouched');
    // None of them opened a session.
    const rows = await api.workshop.db.orm.em.fork().count(ApiToken, { user: profile!.user!.id });
    expect(rows).toBe(0);
  });

  it('refuses a genuine initData of a Telegram account with no active linked user', async () => {
    expectRefused(await post('/auth/miniapp', { init_data: signed(uniqueTelegramId()) }), 'no_access');
    const { profile } = await staff(['technician'], false);
    expectRefused(await post('/auth/miniapp', { init_data: signed(profile!.telegramId) }));
  });

  it('accepts an auth_date a few seconds ahead of our clock (skew)', async () => {
    const { profile } = await staff(['technician']);
    const res = await post('/auth/miniapp', { init_data: signed(profile!.telegramId, new Date(Date.now() + 10_000)) });
    expect(res.status).toBe(200);
  });
});

describe('the built pages', () => {
  it.each(['app', 'miniapp'])('serves /%s/ (the page, then its hashed assets, cached for good)', async (page) => {
    const redirect = await api.app.inject({ url: `/${page}` });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe(`/${page}/`);
    const html = await api.app.inject({ url: `/${page}/` });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.headers['cache-control']).toBe('no-cache');
    expect(html.headers['content-security-policy']).toContain("default-src 'self'");
    expect(html.headers['content-security-policy']).toContain(
      page === 'app' ? "frame-ancestors 'none'" : "frame-ancestors 'self' https://web.telegram.org",
    );
    const script = new RegExp(`src="(/${page}/assets/[^"]+\\.js)"`).exec(html.body);
    expect(script).not.toBeNull();
    const asset = await api.app.inject({ url: script![1] });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  /** Sign-in attempts with an unknown code: the statuses, from `remoteAddress` as the client's proxy says. */
  async function attempts(count: number, remoteAddress: string, forwardedFor: (i: number) => string) {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/auth/console',
        payload: { code: 'unknown-code' },
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor(i) },
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('rate-limits sign-in per client address from a trusted proxy, per peer from anyone else', async () => {
    // 30 attempts a minute per address (webAuthRoutes' default), counted for the forwarded client.
    expect(new Set(await attempts(30, '127.0.0.1', () => '203.0.113.7'))).toEqual(new Set([401]));
    expect(await attempts(1, '127.0.0.1', () => '203.0.113.7')).toEqual([429]);
    expect(await attempts(1, '127.0.0.1', () => '203.0.113.8')).toEqual([401]);
    // An untrusted peer's header is ignored: its own address is counted, whatever it forwards.
    const untrusted = await attempts(31, '198.51.100.20', (i) => `192.0.2.${i + 1}`);
    expect(untrusted.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(untrusted[30]).toBe(429);
  });
});
