// Input is bounded by storage: what no column can hold is refused with a 400 naming the field
// (huge offsets, ids past int4, numbers that only coerce to Infinity, NUL bytes, over-long strings),
// and a database data error that still happens inside a workflow's activity fails at once
// (non-retryable) as a 400, leaving the ticket free for its next action.
import { ticketWorkflowId } from '../../../src/contracts/messages';
import { errorResponse } from '../../../src/http/api/errors';
import { INT4_MAX, MAX_OFFSET } from '../../../src/http/api/schemas';
import { InvalidInputError } from '../../../src/services/input-errors';
import { actorWith } from '../../support/workshop';
import { createItemWithParts } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
let master: { id: number; token: string; tokenId: number };

beforeAll(async () => {
  api = await startApi();
  master = await api.userWithToken(['master']);
});
afterAll(() => api?.stop());

async function newTicket(): Promise<number> {
  const { item, parts } = await createItemWithParts(api.workshop.db.orm, { partNames: ['Frame'] });
  const res = await api.call('POST', '/api/tickets', {
    token: master.token,
    body: { serial_number: item.serialNumber, part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 10 }] },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const LISTS = [
  '/api/tickets',
  '/api/users',
  '/api/items',
  '/api/access-requests',
  '/api/rules/versions',
  '/api/users/1/xp/history',
];

describe('pages', () => {
  it.each(LISTS)(
    '%s refuses an offset past the maximum or a huge one with 400, and accepts the maximum',
    async (url) => {
      for (const offset of [String(MAX_OFFSET + 1), '3.1e33', '1e999', '-1']) {
        const res = await api.call('GET', `${url}?offset=${offset}`);
        expect([offset, res.status, res.body.error]).toEqual([offset, 400, 'validation']);
        expect(res.body.fields).toHaveProperty('offset');
      }
      const deepest = await api.call('GET', `${url}?offset=${MAX_OFFSET}&limit=100`);
      expect(deepest.status).toBe(200);
      expect(deepest.body).toMatchObject({ offset: MAX_OFFSET, limit: 100, items: [] });
      expect((await api.call('GET', `${url}?limit=101`)).status).toBe(400);
    },
  );

  it('the documented page schema carries the same bounds', async () => {
    const doc = (await api.app.inject({ url: '/docs/json' })).json();
    const offset = doc.paths['/api/users/{id}/xp/history'].get.parameters.find(
      (p: { name: string }) => p.name === 'offset',
    );
    expect(offset.schema).toMatchObject({ type: 'integer', minimum: 0, maximum: MAX_OFFSET });
    const body = doc.paths['/api/users/{id}/xp/history'].get.responses['200'].content['application/json'].schema;
    expect(body.properties.offset).toMatchObject({ maximum: MAX_OFFSET });
  });
});

describe('integers', () => {
  it('ids past int4, fractions and coerced infinities are refused with 400, not looked up', async () => {
    for (const id of [String(INT4_MAX + 1), '99999999999', '1.5', '1e999', '-1', '0']) {
      for (const url of [`/api/tickets/${id}`, `/api/items/${id}/parts`, `/api/users/${id}`]) {
        const res = await api.call('GET', url);
        expect([url, res.status, res.body.error]).toEqual([url, 400, 'validation']);
      }
    }
    // A query id and a body number coerced from a string as well.
    expect((await api.call('GET', `/api/tickets?technician_id=${INT4_MAX + 1}`)).status).toBe(400);
    const rollback = await api.call('POST', '/api/rules/rollback', { body: { version: '1e999' } });
    expect(rollback).toMatchObject({
      status: 400,
      body: { error: 'validation', fields: { version: expect.any(String) } },
    });
    // The largest int4 id is a fine id that does not exist.
    expect((await api.call('GET', `/api/tickets/${INT4_MAX}`)).status).toBe(404);
  });

  it('PUT /tickets/{id}/metrics refuses xp_amount out of range with 400 naming it', async () => {
    const ticketId = await newTicket();
    for (const xp of [99_999_999_999, INT4_MAX + 1, -1, 1.5]) {
      const res = await api.call('PUT', `/api/tickets/${ticketId}/metrics`, {
        body: { flag_color: 'red', xp_amount: xp },
      });
      expect([xp, res.status, Object.keys(res.body.fields ?? {})]).toEqual([xp, 400, ['xp_amount']]);
    }
    const ok = await api.call('PUT', `/api/tickets/${ticketId}/metrics`, {
      body: { flag_color: 'red', xp_amount: 40 },
    });
    expect(ok).toMatchObject({ status: 200, body: { xp_amount: 40, flag_color: 'red', is_manual: true } });
  });
});

describe('strings', () => {
  it('a NUL byte anywhere is refused with 400 naming the field', async () => {
    const { category } = await createItemWithParts(api.workshop.db.orm);
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/categories', { name: 'Bikes\u0000' }, 'name'],
      ['POST', '/api/inventories', { name: '\u0000' }, 'name'],
      ['POST', '/api/items', { serial_number: 'RM-AB\u0000CD', category_id: category.id }, 'serial_number'],
      ['POST', '/api/users', { username: 'nul\u0000user', roles: ['master'] }, 'username'],
      ['POST', '/api/users/1/tokens', { name: 'ci\u0000' }, 'name'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await api.call(method as 'POST', url, { body });
      expect([url, res.status, Object.keys(res.body.fields ?? {})]).toEqual([url, 400, [field]]);
    }
    for (const url of [
      '/api/items?serial=RM%00',
      '/api/items?q=a%00b',
      '/api/tickets?serial=%00',
      '/api/users?q=%00',
    ]) {
      const res = await api.call('GET', url);
      expect([url, res.status]).toEqual([url, 400]);
    }
  });

  it('over-long strings are refused; the longest allowed one is stored whole', async () => {
    const tooLong = await api.call('POST', '/api/categories', { body: { name: 'é'.repeat(201) } });
    expect(tooLong).toMatchObject({ status: 400, body: { fields: { name: expect.any(String) } } });
    const longest = await api.call('POST', '/api/categories', { body: { name: 'é'.repeat(200) } });
    expect(longest).toMatchObject({ status: 201, body: { name: 'é'.repeat(200) } });
  });

  it('every string and number of every request schema in the document is bounded', async () => {
    const doc = (await api.app.inject({ url: '/docs/json' })).json();
    const unbounded: string[] = [];
    const walk = (schema: Record<string, unknown> | undefined, where: string) => {
      if (!schema) return;
      const type = schema.type;
      if ((type === 'integer' || type === 'number') && (schema.minimum === undefined || schema.maximum === undefined))
        unbounded.push(where);
      if (type === 'string' && !schema.enum && !schema.format && (!schema.maxLength || !schema.pattern))
        unbounded.push(where);
      if (type === 'array' && schema.maxItems === undefined) unbounded.push(where);
      if (schema.items) walk(schema.items as Record<string, unknown>, `${where}[]`);
      for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>))
        walk(child, `${where}.${key}`);
    };
    type Op = {
      parameters?: { in: string; name: string; schema: Record<string, unknown> }[];
      requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
    };
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Op>>)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) walk(p.schema, `${method} ${path} ${p.in}:${p.name}`);
        walk(op.requestBody?.content?.['application/json']?.schema, `${method} ${path} body`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});

describe('a database data error inside a workflow', () => {
  it('fails the action at once as invalid input (400), and the next action on the ticket goes through', async () => {
    const ticketId = await newTicket();
    const admin = await actorWith(api.workshop, ['super_admin']);
    // Past the API's schema (the service directly), so the value reaches the int4 column.
    const started = Date.now();
    const failure = await api.workshop.service
      .setManualMetrics(admin, ticketId, { flagColor: 'red', xpAmount: 99_999_999_999 })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(InvalidInputError);
    expect(failure).toMatchObject({ code: 'database.22003' });
    expect(errorResponse(failure)).toMatchObject({
      status: 400,
      body: { error: 'validation', code: 'database.22003', message: expect.stringMatching(/out of the range/) },
    });
    // Not retried: one attempt, and no waiting out the persistence retry policy.
    expect(Date.now() - started).toBeLessThan(10_000);
    const history = await api.workshop.env.client.workflow.getHandle(ticketWorkflowId(ticketId)).fetchHistory();
    const attempts = (history.events ?? [])
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(attempts).toEqual([1]);

    // The ticket is not blocked: the next action on it is applied right away.
    const next = Date.now();
    const res = await api.call('PUT', `/api/tickets/${ticketId}/metrics`, {
      body: { flag_color: 'yellow', xp_amount: 7 },
    });
    expect(res).toMatchObject({ status: 200, body: { flag_color: 'yellow', xp_amount: 7 } });
    expect(Date.now() - next).toBeLessThan(5_000);
  });

  it('an integrity clash the services did not foresee answers 409 over REST', () => {
    const clash = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'category_name_unique',
    });
    expect(errorResponse(clash)).toMatchObject({
      status: 409,
      body: { error: 'conflict', code: 'database.23505', message: expect.stringContaining('category_name_unique') },
    });
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    expect(errorResponse(nul)).toMatchObject({ status: 400, body: { error: 'validation', code: 'database.22021' } });
  });
});
