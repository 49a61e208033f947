// Every answer the API gives besides success, each for its reason: 400 with field messages (schema
// and domain), 401 (missing, wrong, revoked token, inactive user), 403 with the domain text (a role,
// or a ticket that is someone else's), 404, 409 with the domain code and text, 429 per token, 503
// when Temporal does not answer.
import Fastify from 'fastify';
import { ApiToken } from '../../../src/db/entities';
import { apiRoutes } from '../../../src/http/api';
import { hashApiToken } from '../../../src/services/api-tokens';
import { ServiceUnavailableError } from '../../../src/services/errors';
import type { TicketService } from '../../../src/services/tickets';
import { createItemWithParts } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
let master: { id: number; token: string; tokenId: number };
let tech: { id: number; token: string; tokenId: number };

beforeAll(async () => {
  api = await startApi();
  master = await api.userWithToken(['master']);
  tech = await api.userWithToken(['technician']);
});
afterAll(() => api?.stop());

async function ticketUnderReview(): Promise<number> {
  const { item, parts } = await createItemWithParts(api.workshop.db.orm, { partNames: ['Frame'] });
  const res = await api.call('POST', '/api/tickets', {
    token: master.token,
    body: { serial_number: item.serialNumber, part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 10 }] },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('401 unauthorized', () => {
  it('without an Authorization header, with another scheme, or with an unknown token', async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer tft_nope' },
      { authorization: 'Bearer' },
    ];
    for (const headers of variants) {
      const res = await api.call('GET', '/api/tickets', { token: null, headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized' });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('answers 401 before validating the request', async () => {
    const res = await api.call('POST', '/api/tickets', { token: 'wrong', body: { nonsense: true } });
    expect(res.status).toBe(401);
  });

  it('stores only the hash, records last use, and refuses a revoked token', async () => {
    const user = await api.userWithToken(['technician']);
    const row = await api.workshop.db.orm.em.fork().findOneOrFail(ApiToken, user.tokenId);
    expect(row.tokenHash).toBe(hashApiToken(user.token));
    expect(row.tokenHash).not.toContain(user.token);
    expect(row.lastUsedAt ?? null).toBeNull();

    expect((await api.call('GET', '/api/me', { token: user.token })).body).toMatchObject({
      principal: { kind: 'user', user_id: user.id, roles: ['technician'], token_id: user.tokenId },
      user: { id: user.id, is_active: true },
    });
    const listed = await api.call('GET', `/api/users/${user.id}/tokens`, { token: user.token });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: user.tokenId, name: 'test', last_used_at: expect.any(String), revoked_at: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(user.token);

    const revoked = await api.call('DELETE', `/api/tokens/${user.tokenId}`, { token: user.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    const after = await api.call('GET', '/api/me', { token: user.token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: 'unauthorized' });
  });

  it('refuses the token of a deactivated user', async () => {
    const user = await api.userWithToken(['technician']);
    const off = await api.call('PATCH', `/api/users/${user.id}`, { body: { is_active: false } });
    expect(off).toMatchObject({ status: 200, body: { is_active: false } });
    expect((await api.call('GET', '/api/me', { token: user.token })).status).toBe(401);
  });

  it('the system token acts as the `system` super admin, which Telegram never sees', async () => {
    const me = await api.call('GET', '/api/me');
    expect(me.body).toMatchObject({
      principal: { kind: 'system', username: 'system', roles: ['super_admin'], token_id: null },
      user: { username: 'system', roles: ['super_admin'], telegram_id: null },
    });
    const change = await api.call('PATCH', `/api/users/${me.body.user.id}`, { body: { is_active: false } });
    expect(change).toMatchObject({ status: 409, body: { error: 'conflict', code: 'system_user' } });
  });
});

describe('403 forbidden, with the domain text', () => {
  it('a technician may not create tickets or list users', async () => {
    const { item, parts } = await createItemWithParts(api.workshop.db.orm);
    const res = await api.call('POST', '/api/tickets', {
      token: tech.token,
      body: { serial_number: item.serialNumber, part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 10 }] },
    });
    expect(res).toMatchObject({
      status: 403,
      body: {
        error: 'forbidden',
        code: 'role.forbidden',
        message: 'You do not have permission to perform this action.',
      },
    });
    expect((await api.call('GET', '/api/users', { token: tech.token })).status).toBe(403);
    expect((await api.call('GET', `/api/users/${master.id}`, { token: tech.token })).status).toBe(403);
    expect((await api.call('GET', `/api/users/${tech.id}`, { token: tech.token })).status).toBe(200);
  });

  it('a master may not approve the review at creation; a technician may not decide QC', async () => {
    const { item, parts } = await createItemWithParts(api.workshop.db.orm);
    const res = await api.call('POST', '/api/tickets', {
      token: master.token,
      body: {
        serial_number: item.serialNumber,
        approve_review: true,
        part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 10 }],
      },
    });
    expect(res).toMatchObject({ status: 403, body: { message: 'Only admin users can approve ticket review.' } });

    const id = await ticketUnderReview();
    const qc = await api.call('POST', `/api/tickets/${id}/actions/qc-pass`, { token: tech.token });
    expect(qc).toMatchObject({
      status: 403,
      body: { code: 'role.qc_inspectors_only', message: '⛔ This action is available only for QC inspectors.' },
    });
  });

  it('only a super admin grants super_admin; a user issues tokens only for themselves', async () => {
    const ops = await api.userWithToken(['ops_manager']);
    const res = await api.call('POST', '/api/users', {
      token: ops.token,
      body: { username: 'would_be_admin', roles: ['super_admin'] },
    });
    expect(res.status).toBe(403);
    expect(
      (await api.call('POST', `/api/users/${master.id}/tokens`, { token: tech.token, body: { name: 'x' } })).status,
    ).toBe(403);
  });
});

describe('403 for a ticket that is not yours', () => {
  it('a technician may not start a ticket assigned to someone else', async () => {
    const other = await api.userWithToken(['technician']);
    const id = await ticketUnderReview();
    expect((await api.call('POST', `/api/tickets/${id}/approve-review`, { token: master.token })).status).toBe(200);
    const assigned = await api.call('POST', `/api/tickets/${id}/assign`, {
      token: master.token,
      body: { technician_id: tech.id },
    });
    expect(assigned.status).toBe(200);
    const start = await api.call('POST', `/api/tickets/${id}/actions/start`, { token: other.token });
    expect(start).toMatchObject({
      status: 403,
      body: {
        error: 'forbidden',
        code: 'ticket.start_not_assignee',
        message: 'Only assigned technician can start this ticket.',
      },
    });
  });
});

describe('404 not found', () => {
  it('unknown ticket, user, item, token, rules version and route', async () => {
    for (const [method, url] of [
      ['GET', '/api/tickets/999999'],
      ['POST', '/api/tickets/999999/approve-review'],
      ['POST', '/api/tickets/999999/actions/start'],
      ['GET', '/api/users/999999'],
      ['GET', '/api/items/999999'],
      ['DELETE', '/api/tokens/999999'],
      ['GET', '/api/rules/versions/999'],
      ['GET', '/api/access-requests/999999'],
      ['GET', '/api/no-such-thing'],
    ] as const) {
      const res = await api.call(method, url);
      expect([url, res.status, res.body.error]).toEqual([url, 404, 'not_found']);
    }
  });
});

describe('409 conflict, with the domain code and text', () => {
  it('assigning before review, QC on a ticket not waiting for QC, starting a ticket not assigned', async () => {
    const id = await ticketUnderReview();
    const assign = await api.call('POST', `/api/tickets/${id}/assign`, {
      token: master.token,
      body: { technician_id: tech.id },
    });
    expect(assign).toMatchObject({
      status: 409,
      body: {
        error: 'conflict',
        code: 'ticket.assign_not_reviewed',
        message: 'Ticket must pass admin review before assignment.',
      },
    });
    const qcPass = await api.call('POST', `/api/tickets/${id}/actions/qc-pass`);
    expect(qcPass).toMatchObject({
      status: 409,
      body: { code: 'ticket.qc_pass_wrong_status', message: 'QC PASS allowed only from WAITING_QC.' },
    });
    const stop = await api.call('POST', `/api/tickets/${id}/actions/stop`, { token: tech.token });
    expect(stop).toMatchObject({
      status: 409,
      body: { code: 'work_session.not_found', message: 'No active work session found for this ticket and technician.' },
    });
  });

  it('a taken username or serial', async () => {
    const first = await api.call('POST', '/api/users', { body: { username: 'dup_user', roles: ['technician'] } });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/api/users', { body: { username: 'dup_user', roles: [] } });
    expect(again).toMatchObject({ status: 409, body: { code: 'username_taken' } });

    const { item, category } = await createItemWithParts(api.workshop.db.orm);
    const item2 = await api.call('POST', '/api/items', {
      body: { serial_number: item.serialNumber, category_id: category.id },
    });
    expect(item2).toMatchObject({ status: 409, body: { code: 'serial_taken' } });
  });
});

describe('400 validation, with a message per field', () => {
  it('a bodiless POST sent with the JSON content type is no body; broken JSON is still a 400', async () => {
    const ticketId = await ticketUnderReview();
    const json = { authorization: `Bearer ${master.token}`, 'content-type': 'application/json' };
    const approved = await api.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/approve-review`,
      headers: json,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id: ticketId, status: 'new' });
    const broken = await api.app.inject({ method: 'POST', url: '/api/tickets', headers: json, payload: '{"serial' });
    expect(broken.statusCode).toBe(400);
    const poisoned = await api.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: json,
      payload: '{"__proto__": {"admin": true}}',
    });
    expect(poisoned.statusCode).toBe(400);
  });

  it('schema violations name every field', async () => {
    const res = await api.call('POST', '/api/tickets', {
      token: master.token,
      body: {
        part_specs: [
          { part_id: 1, color: 'purple', minutes: 0 },
          { color: 'green', minutes: 5 },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'validation',
      message: 'The request does not match the schema.',
      fields: {
        serial_number: 'This field is required.',
        'part_specs[0].color': 'Must be one of: green, yellow, red.',
        'part_specs[0].minutes': 'Must be >= 1.',
        'part_specs[1].part_id': 'This field is required.',
      },
      field_errors: {
        serial_number: { code: 'required' },
        'part_specs[0].color': { code: 'not_one_of', params: { values: 'green, yellow, red' } },
        'part_specs[0].minutes': { code: 'below_minimum', params: { limit: 1 } },
        'part_specs[1].part_id': { code: 'required' },
      },
    });
    const empty = await api.call('POST', '/api/tickets', { token: master.token });
    expect(empty).toMatchObject({
      status: 400,
      body: { fields: { serial_number: 'This field is required.', part_specs: 'This field is required.' } },
    });
    const query = await api.call('GET', '/api/tickets?limit=1000&status=lost');
    expect(query.status).toBe(400);
    expect(Object.keys(query.body.fields).sort()).toEqual(['limit', 'status[0]']);
    const params = await api.call('GET', '/api/tickets/abc');
    expect(params).toMatchObject({ status: 400, body: { fields: { id: 'Must be integer.' } } });
  });

  it('domain refusals that name a field carry the domain text under that field', async () => {
    const unknown = await api.call('POST', '/api/tickets', {
      token: master.token,
      body: { serial_number: 'RM-NOPE-0001', part_specs: [{ part_id: 1, color: 'green', minutes: 5 }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: 'validation',
      code: 'intake.serial_not_found',
      fields: {
        serial_number:
          "Inventory item 'RM-NOPE-0001' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it.",
      },
    });

    const { item, parts } = await createItemWithParts(api.workshop.db.orm);
    const manual = await api.call('POST', '/api/tickets', {
      token: master.token,
      body: {
        serial_number: item.serialNumber,
        flag_color: 'red',
        part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 5 }],
      },
    });
    expect(manual).toMatchObject({
      status: 400,
      body: { fields: { flag_color: 'Manual override requires both flag_color and xp_amount.' } },
    });

    const id = await ticketUnderReview();
    await api.call('POST', `/api/tickets/${id}/approve-review`, { token: master.token });
    const notTech = await api.call('POST', `/api/tickets/${id}/assign`, {
      token: master.token,
      body: { technician_id: master.id },
    });
    expect(notTech).toMatchObject({
      status: 400,
      body: { fields: { technician_id: 'Selected user does not have TECHNICIAN role.' } },
    });

    const phone = await api.call('POST', '/api/users', { body: { username: 'bad_phone', phone: '12', roles: [] } });
    expect(phone).toMatchObject({ status: 400, body: { fields: { phone: expect.stringMatching(/^Invalid phone/) } } });
  });
});

describe('docs without Swagger UI', () => {
  it('still serves the OpenAPI document when the UI cannot load (jest cannot load its ESM dependency)', async () => {
    const res = await api.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });
});

describe('429 and 503', () => {
  it('limits requests per token', async () => {
    const app = Fastify();
    await app.register(apiRoutes, { prefix: '/api', deps: api.deps, rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const a = await api.userWithToken(['technician']);
    const b = await api.userWithToken(['technician']);
    const get = (token: string) => app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i += 1) expect((await get(a.token)).statusCode).toBe(200);
    const limited = await get(a.token);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(b.token)).statusCode).toBe(200);
    await app.close();
  });

  it('answers 503 when the workshop service does not answer', async () => {
    const unavailable = async () => {
      throw new ServiceUnavailableError('timeout');
    };
    const tickets = { approveReview: unavailable } as unknown as TicketService;
    const app = Fastify();
    await app.register(apiRoutes, { prefix: '/api', deps: api.deps, services: { tickets } });
    const res = await app.inject({
      method: 'POST',
      url: '/api/tickets/1/approve-review',
      headers: { authorization: `Bearer ${master.token}` },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'unavailable', code: 'timeout' });
    await app.close();
  });
});
