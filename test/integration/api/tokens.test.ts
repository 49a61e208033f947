// Per-user API token lifecycle: expiry (the configured default lifetime, or expires_at at issue
// time within bounds) answered with a clear 401, rotation (a new token, the old one revoked, in one
// step), and last_used_at written at most once a minute.
import { ApiToken } from '../../../src/db/entities';
import { createUser } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

const DAY_MS = 24 * 60 * 60_000;
const TTL_DAYS = 30;

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ env: { API_TOKEN_TTL_DAYS: String(TTL_DAYS) } });
});
afterAll(() => api?.stop());

const em = () => api.workshop.db.orm.em.fork();
const sql = (query: string, params: unknown[]) => em().getConnection().execute(query, params);

async function issue(userId: number, body: Record<string, unknown> = { name: 'ci' }, token?: string) {
  return api.call('POST', `/api/users/${userId}/tokens`, { body, ...(token ? { token } : {}) });
}

/** Moves a token's life into the past: created two hours ago, expired an hour ago. */
async function expire(tokenId: number): Promise<void> {
  await sql(
    `update api_token set created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' where id = ?`,
    [tokenId],
  );
}

describe('expiry', () => {
  it('a token issued without expires_at lives the configured default lifetime', async () => {
    const user = await createUser(api.workshop.db.orm, { roles: ['technician'] });
    const before = Date.now();
    const res = await issue(user.id);
    expect(res.status).toBe(201);
    const expiresAt = Date.parse(res.body.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + TTL_DAYS * DAY_MS - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + TTL_DAYS * DAY_MS + 1_000);
    const listed = await api.call('GET', `/api/users/${user.id}/tokens`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.id, expires_at: res.body.expires_at })]);
  });

  it('expires_at is taken when within bounds, and refused with 400 otherwise', async () => {
    const user = await createUser(api.workshop.db.orm, { roles: ['technician'] });
    const inAWeek = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const ok = await issue(user.id, { name: 'week', expires_at: inAWeek });
    expect(ok).toMatchObject({ status: 201, body: { expires_at: inAWeek } });

    const refused: [string, unknown][] = [
      ['past', new Date(Date.now() - 60_000).toISOString()],
      ['too soon', new Date(Date.now() + 60_000).toISOString()],
      ['beyond the default lifetime', new Date(Date.now() + (TTL_DAYS + 1) * DAY_MS).toISOString()],
      ['year 9999', '9999-12-31T23:59:59Z'],
      ['not a date', 'tomorrow'],
      ['null', null],
    ];
    for (const [why, expiresAt] of refused) {
      const res = await issue(user.id, { name: 'bad', expires_at: expiresAt });
      expect([why, res.status, Object.keys(res.body.fields ?? {})]).toEqual([why, 400, ['expires_at']]);
    }
  });

  it('an expired token gets 401 saying it expired and when; the same token before that works', async () => {
    const user = await api.userWithToken(['technician']);
    expect((await api.call('GET', '/api/me', { token: user.token })).status).toBe(200);
    await expire(user.tokenId);
    const row = await em().findOneOrFail(ApiToken, user.tokenId);
    const res = await api.call('GET', '/api/me', { token: user.token });
    expect(res).toMatchObject({
      status: 401,
      body: {
        error: 'unauthorized',
        code: 'token_expired',
        message: `The API token expired at ${row.expiresAt!.toISOString()}; rotate it or issue a new one.`,
      },
    });
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    // Unknown and revoked tokens still get the generic answer.
    const unknown = await api.call('GET', '/api/me', { token: 'tft_unknown' });
    expect(unknown).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(unknown.body.code).toBeUndefined();
  });

  it('the database refuses an expiry before creation', async () => {
    const user = await api.userWithToken(['technician']);
    await expect(
      sql(`update api_token set expires_at = created_at - interval '1 second' where id = ?`, [user.tokenId]),
    ).rejects.toThrow(/api_token_expires_at_check/);
  });
});

describe('rotation', () => {
  it('issues a new token with the same name and revokes the old one at once', async () => {
    const user = await api.userWithToken(['technician']);
    const res = await api.call('POST', `/api/users/${user.id}/tokens/${user.tokenId}/rotate`, { token: user.token });
    expect(res).toMatchObject({
      status: 201,
      body: { user_id: user.id, name: 'test', revoked_at: null, token: expect.stringMatching(/^tft_/) },
    });
    expect(res.body.id).not.toBe(user.tokenId);
    expect(Date.parse(res.body.expires_at)).toBeGreaterThan(Date.now() + (TTL_DAYS - 1) * DAY_MS);

    expect((await api.call('GET', '/api/me', { token: user.token })).status).toBe(401);
    expect((await api.call('GET', '/api/me', { token: res.body.token })).body).toMatchObject({
      principal: { user_id: user.id, token_id: res.body.id },
    });
    const listed = await api.call('GET', `/api/users/${user.id}/tokens`, { token: res.body.token });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: user.tokenId, revoked_at: expect.any(String) }),
      expect.objectContaining({ id: res.body.id, revoked_at: null }),
    ]);
  });

  it('takes expires_at; an expired token can be rotated, a revoked one cannot (409)', async () => {
    const user = await api.userWithToken(['technician']);
    await expire(user.tokenId);
    const inADay = new Date(Date.now() + DAY_MS).toISOString();
    const rotated = await api.call('POST', `/api/users/${user.id}/tokens/${user.tokenId}/rotate`, {
      body: { expires_at: inADay },
    });
    expect(rotated).toMatchObject({ status: 201, body: { expires_at: inADay } });

    const again = await api.call('POST', `/api/users/${user.id}/tokens/${user.tokenId}/rotate`);
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict', code: 'token_revoked' } });
  });

  it('two rotations of one token at the same time: one wins, the other is refused', async () => {
    const user = await api.userWithToken(['technician']);
    const url = `/api/users/${user.id}/tokens/${user.tokenId}/rotate`;
    const results = await Promise.all([api.call('POST', url), api.call('POST', url)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const live = await em().count(ApiToken, { user: user.id, revokedAt: null });
    expect(live).toBe(1);
  });

  it('only for the token’s own user (404 otherwise), by a super admin or the user', async () => {
    const a = await api.userWithToken(['technician']);
    const b = await api.userWithToken(['technician']);
    expect((await api.call('POST', `/api/users/${b.id}/tokens/${a.tokenId}/rotate`)).status).toBe(404);
    expect((await api.call('POST', `/api/users/${a.id}/tokens/${a.tokenId}/rotate`, { token: b.token })).status).toBe(
      403,
    );
    expect((await api.call('POST', `/api/users/${a.id}/tokens/${a.tokenId}/rotate`, { token: a.token })).status).toBe(
      201,
    );
  });
});

describe('last_used_at', () => {
  it('is written on use, then at most once a minute', async () => {
    const user = await api.userWithToken(['technician']);
    const lastUsed = async () => (await em().findOneOrFail(ApiToken, user.tokenId)).lastUsedAt ?? null;
    expect(await lastUsed()).toBeNull();

    await api.call('GET', '/api/me', { token: user.token });
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await api.call('GET', '/api/me', { token: user.token });
    expect(await lastUsed()).toEqual(first);

    // A minute later it moves again.
    await sql(`update api_token set last_used_at = now() - interval '61 seconds' where id = ?`, [user.tokenId]);
    const stale = await lastUsed();
    await api.call('GET', '/api/me', { token: user.token });
    const moved = await lastUsed();
    expect(moved!.getTime()).toBeGreaterThan(stale!.getTime() + 60_000);
  });
});
