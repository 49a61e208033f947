// /api progression: manual XP adjustments and level changes, the weekly evaluations and a staff
// run of a week, with their 401 / 403 / 400 / 404 answers; the run goes through the real workflow.
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { sql } from '../../../src/db/sql';
import { createUser } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
let ops: { id: number; token: string };
let master: { id: number; token: string };
let tech: { id: number; token: string };

beforeAll(async () => {
  api = await startApi();
  ops = await api.userWithToken(['ops_manager']);
  master = await api.userWithToken(['master']);
  tech = await api.userWithToken(['technician']);
});
afterAll(() => api?.stop());

const routes: ['POST' | 'PUT' | 'GET', (userId: number) => string, unknown][] = [
  ['POST', (id) => `/api/users/${id}/xp/adjustments`, { amount: 5, comment: 'x' }],
  ['PUT', (id) => `/api/users/${id}/level`, { level: 2, comment: 'x' }],
  ['GET', () => '/api/progression/evaluations', undefined],
  ['POST', () => '/api/progression/evaluations', { week_start: '2026-11-30' }],
];

describe('auth', () => {
  it.each(routes)('401 without a token: %s', async (method, url, body) => {
    const res = await api.call(method, url(tech.id), { token: null, body });
    expect(res.status).toBe(401);
  });

  it('403 for a technician or a master on manual changes and runs', async () => {
    for (const who of [tech, master]) {
      for (const [method, url, body] of routes.filter(([m]) => m !== 'GET')) {
        const res = await api.call(method, url(tech.id), { token: who.token, body });
        expect([method, res.status, res.body.code]).toEqual([method, 403, 'role.forbidden']);
      }
    }
  });

  it('a technician reads only their own evaluations', async () => {
    expect((await api.call('GET', '/api/progression/evaluations', { token: tech.token })).status).toBe(200);
    const other = await api.call('GET', `/api/progression/evaluations?user_id=${ops.id}`, { token: tech.token });
    expect(other.status).toBe(403);
  });
});

describe('400 and 404', () => {
  it.each([
    [{ amount: 0, comment: 'x' }, 'amount'],
    [{ amount: 100_001, comment: 'x' }, 'amount'],
    [{ amount: 1.5, comment: 'x' }, 'amount'],
    [{ amount: 3, comment: '   ' }, 'comment'],
    [{ amount: 3 }, 'comment'],
    [{ amount: 3, comment: 'x'.repeat(501) }, 'comment'],
  ])('adjustment case %# → 400 naming %s', async (body, field) => {
    const res = await api.call('POST', `/api/users/${tech.id}/xp/adjustments`, { token: ops.token, body });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields ?? {}).join(',')).toContain(field);
  });

  it.each([
    [{ level: 0, comment: 'x' }, 'level'],
    [{ level: 6, comment: 'x' }, 'level'],
    [{ level: 2, comment: '' }, 'comment'],
  ])('level %j → 400 naming %s', async (body, field) => {
    const res = await api.call('PUT', `/api/users/${tech.id}/level`, { token: ops.token, body });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields ?? {}).join(',')).toContain(field);
  });

  it('a week that is not a Monday, or not over yet, is refused', async () => {
    for (const week_start of ['2026-12-01', 'nope', '2999-01-04']) {
      const res = await api.call('POST', '/api/progression/evaluations', { token: ops.token, body: { week_start } });
      expect([week_start, res.status]).toEqual([week_start, 400]);
    }
    const list = await api.call('GET', '/api/progression/evaluations?week_start=2026-12-01', { token: ops.token });
    expect(list.status).toBe(400);
  });

  it('an unknown user is 404', async () => {
    const res = await api.call('POST', '/api/users/999999/xp/adjustments', {
      token: ops.token,
      body: { amount: 3, comment: 'x' },
    });
    expect(res.status).toBe(404);
  });
});

describe('manual changes', () => {
  it('appends a manual_adjustment once per Idempotency-Key', async () => {
    const user = await createUser(api.workshop.db.orm, { roles: ['technician'] });
    const call = () =>
      api.call('POST', `/api/users/${user.id}/xp/adjustments`, {
        token: ops.token,
        body: { amount: -7, comment: ' late report ' },
        headers: { 'idempotency-key': 'k-1' },
      });
    const first = await call();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ user_id: user.id, amount: -7, comment: 'late report', total_xp: -7 });
    expect((await call()).body.id).toBe(first.body.id);
    const rows = await sql(api.workshop.db.orm.em.fork(), 'select entry_type from xp_transaction where user_id = ?', [
      user.id,
    ]);
    expect(rows).toEqual([{ entry_type: 'manual_adjustment' }]);
  });

  it('sets the level and records the change', async () => {
    const user = await createUser(api.workshop.db.orm, { roles: ['technician'] });
    const res = await api.call('PUT', `/api/users/${user.id}/level`, {
      token: ops.token,
      body: { level: 4, comment: 'promoted' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from_level: 1,
      to_level: 4,
      reason: 'manual',
      comment: 'promoted',
      actor_id: ops.id,
    });
    const [row] = await sql<{ level: number }>(
      api.workshop.db.orm.em.fork(),
      'select level from app_user where id = ?',
      [user.id],
    );
    expect(row?.level).toBe(4);
  });
});

describe('a staff run of a week', () => {
  it('starts level-evaluation-<week> once; a re-run changes nothing', async () => {
    const user = await createUser(api.workshop.db.orm, { roles: ['technician'] });
    const week = '2026-10-05';
    const first = await api.call('POST', '/api/progression/evaluations', {
      token: ops.token,
      body: { week_start: week },
    });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ workflow_id: `level-evaluation-${week}`, week_start: week, started: true });
    const result = await api.deps.temporal.workflow.getHandle(first.body.workflow_id).result();
    expect(result.counts.warning).toBeGreaterThanOrEqual(1);

    const again = await api.call('POST', '/api/progression/evaluations', {
      token: ops.token,
      body: { week_start: week },
    });
    expect(again.status).toBe(202);
    expect(again.body.started).toBe(false);
    expect(WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY).toBeDefined();

    const list = await api.call('GET', `/api/progression/evaluations?week_start=${week}&user_id=${user.id}`, {
      token: ops.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        user_id: user.id,
        week_start: week,
        status: 'warning',
        warning_active: true,
        new_level: 1,
      }),
    ]);
  });
});
