// Rules config through the API: the bootstrapped version, field-level validation, a refused
// no-change update, a new version with diff and checksum that takes effect at once (the pause
// limit), rollback as a new version, the version list, and the Redis cache of the active version.
import { rulesChecksum } from '../../../src/domain';
import { RULES_CACHE_KEY } from '../../../src/redis/keys';
import { RulesService } from '../../../src/services/rules';
import { createItemWithParts } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

type Version = {
  version: number;
  action: string;
  is_active: boolean;
  checksum: string;
  config: Record<string, Record<string, unknown>>;
  diff: Record<string, { before: unknown; after: unknown }>;
  created_by_id: number | null;
};

async function startedTicket(techId: number): Promise<number> {
  const { item, parts } = await createItemWithParts(api.workshop.db.orm, { partNames: ['Deck'] });
  const created = await api.call('POST', '/api/tickets', {
    body: {
      serial_number: item.serialNumber,
      approve_review: true,
      part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 20 }],
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as number;
  expect((await api.call('POST', `/api/tickets/${id}/assign`, { body: { technician_id: techId } })).status).toBe(200);
  return id;
}

describe('rules config', () => {
  it('validates, versions, takes effect at once, rolls back, and keeps the cache current', async () => {
    const ops = await api.userWithToken(['ops_manager']);
    const tech = await api.userWithToken(['technician']);

    const initial = await api.call<Version>('GET', '/api/rules', { token: tech.token });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ version: 1, action: 'bootstrap', is_active: true });
    expect(initial.body.config.work_session.daily_pause_limit_minutes).toBe(30);
    expect(initial.body.checksum).toBe(rulesChecksum(initial.body.config));
    const v1 = initial.body.config;

    // Field-level validation with the domain's wording, paths relative to the request body.
    const invalid = await api.call('PUT', '/api/rules', {
      token: ops.token,
      body: {
        config: {
          ...v1,
          ticket_xp: { ...v1.ticket_xp, base_divisor: 0, flag_green_max_minutes: 50, flag_yellow_max_minutes: 40 },
          attendance: { ...v1.attendance, on_time_cutoff: '25:00' },
          work_session: { daily_pause_limit_minutes: 'ten', timezone: 'Mars/Olympus' },
          bonus: {},
        },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: 'validation', message: 'The rules config is invalid.' });
    expect(invalid.body.fields).toEqual({
      config: 'Unknown config keys: bonus.',
      'config.ticket_xp.base_divisor': 'ticket_xp.base_divisor must be > 0.',
      'config.ticket_xp.flag_yellow_max_minutes':
        'ticket_xp.flag_yellow_max_minutes must be >= ticket_xp.flag_green_max_minutes.',
      'config.attendance.on_time_cutoff': 'attendance.on_time_cutoff must be in HH:MM format.',
      'config.work_session.daily_pause_limit_minutes': 'work_session.daily_pause_limit_minutes must be an integer.',
      'config.work_session.timezone': 'work_session.timezone must be a valid IANA time zone.',
    });
    const notObject = await api.call('PUT', '/api/rules', { token: ops.token, body: { config: 'x' } });
    expect(notObject).toMatchObject({ status: 400, body: { fields: { config: 'Must be object.' } } });

    const unchanged = await api.call('PUT', '/api/rules', { token: ops.token, body: { config: v1 } });
    expect(unchanged).toMatchObject({ status: 400, body: { fields: { config: 'No config changes detected.' } } });
    const forbidden = await api.call('PUT', '/api/rules', { token: tech.token, body: { config: v1 } });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'role.forbidden' } });

    // A working technician can pause under the default limit.
    const first = await startedTicket(tech.id);
    expect((await api.call('POST', `/api/tickets/${first}/actions/start`, { token: tech.token })).status).toBe(200);
    expect((await api.call('POST', `/api/tickets/${first}/actions/pause`, { token: tech.token })).status).toBe(200);
    expect((await api.call('POST', `/api/tickets/${first}/actions/stop`, { token: tech.token })).status).toBe(200);

    // Version 2: no pausing at all.
    const noPause = { ...v1, work_session: { ...v1.work_session, daily_pause_limit_minutes: 0 } };
    const v2 = await api.call<Version>('PUT', '/api/rules', { token: ops.token, body: { config: noPause } });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({
      version: 2,
      action: 'update',
      is_active: true,
      created_by_id: ops.id,
      checksum: rulesChecksum(noPause),
      diff: { 'work_session.daily_pause_limit_minutes': { before: 30, after: 0 } },
    });
    expect(Object.keys(v2.body.diff)).toEqual(['work_session.daily_pause_limit_minutes']);
    expect((await api.call<Version>('GET', '/api/rules', { token: tech.token })).body.version).toBe(2);
    expect(await api.workshop.redis.hget(RULES_CACHE_KEY, 'version')).toBe('2');

    // It takes effect at once: the next pause is refused with the domain text.
    const second = await startedTicket(tech.id);
    expect((await api.call('POST', `/api/tickets/${second}/actions/start`, { token: tech.token })).status).toBe(200);
    const refused = await api.call('POST', `/api/tickets/${second}/actions/pause`, { token: tech.token });
    expect(refused).toMatchObject({
      status: 409,
      body: {
        error: 'conflict',
        code: 'work_session.pause_limit_reached',
        message: 'Daily pause limit is fully reached for today.',
      },
    });

    // Rollback to version 1: a new version 3 with the old config, and pausing works again.
    const v3 = await api.call<Version>('POST', '/api/rules/rollback', { token: ops.token, body: { version: 1 } });
    expect(v3.status).toBe(200);
    expect(v3.body).toMatchObject({
      version: 3,
      action: 'rollback',
      checksum: initial.body.checksum,
      diff: { 'work_session.daily_pause_limit_minutes': { before: 0, after: 30 } },
    });
    expect(v3.body.config).toEqual(v1);
    expect((await api.call('POST', `/api/tickets/${second}/actions/pause`, { token: tech.token })).status).toBe(200);

    const again = await api.call('POST', '/api/rules/rollback', { token: ops.token, body: { version: 1 } });
    expect(again).toMatchObject({
      status: 409,
      body: { code: 'rules.no_changes', message: 'No config changes detected.' },
    });
    expect((await api.call('POST', '/api/rules/rollback', { token: ops.token, body: { version: 99 } })).status).toBe(
      404,
    );

    const versions = await api.call('GET', '/api/rules/versions?limit=2', { token: ops.token });
    expect(versions.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(versions.body.items.map((v: Version) => [v.version, v.action, v.is_active])).toEqual([
      [3, 'rollback', true],
      [2, 'update', false],
    ]);
    expect((await api.call<Version>('GET', '/api/rules/versions/2', { token: ops.token })).body.config).toEqual(
      noPause,
    );
    expect((await api.call('GET', '/api/rules/versions', { token: tech.token })).status).toBe(403);

    // The cache never goes back to an older version, whoever writes last.
    const rules = new RulesService({ ...api.deps });
    const stale = await rules.version(2);
    await (rules as unknown as { writeCache(v: unknown): Promise<void> }).writeCache(stale);
    expect((await rules.active()).version).toBe(3);
    await api.workshop.redis.del(RULES_CACHE_KEY);
    expect((await rules.active()).version).toBe(3);
    expect(await api.workshop.redis.hget(RULES_CACHE_KEY, 'version')).toBe('3');
  });
});
