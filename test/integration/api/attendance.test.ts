// /api/attendance: check-in and check-out now for oneself or by staff on a technician's behalf,
// the day list with its filters, and the status codes (401 without a token, 403 for the wrong
// role, 400 for a bad field, 404 for an unknown user, 409 for a second check-in or a check-out
// without one). The punctuality rule itself is pinned in the unit and service tests; here the
// rules make it certain: every local minute is ≤ 23:59, so every check-in is `early`.
import { XpTransaction } from '../../../src/db/entities';
import { activateRules } from '../../support/rules';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  await activateRules(api.workshop.db.orm, (r) => ({
    ...r,
    attendance: { ...r.attendance, on_time_cutoff: '23:59', grace_cutoff: '23:59', on_time_xp: 3 },
  }));
});
afterAll(() => api?.stop());

describe('attendance API', () => {
  it('checks a technician in and out, once each, with the XP in the ledger', async () => {
    const tech = await api.userWithToken(['technician']);
    expect((await api.call('POST', '/api/attendance/check-out', { token: tech.token })).body).toMatchObject({
      error: 'conflict',
      code: 'attendance.not_checked_in',
    });

    const checkIn = await api.call('POST', '/api/attendance/check-in', { token: tech.token });
    expect(checkIn.status).toBe(200);
    expect(checkIn.body).toMatchObject({
      record: { user_id: tech.id, punctuality: 'early', xp_amount: 3, recorded_by_id: tech.id, check_out_at: null },
      on_behalf: false,
      time_zone: 'UTC',
    });
    expect(checkIn.body.local_time).toMatch(/^\d{2}:\d{2}$/);
    const date = checkIn.body.record.business_date as string;
    const ledger = await api.workshop.db.orm.em.fork().find(XpTransaction, { user: tech.id });
    expect(ledger.map((x) => [x.amount, x.entryType, x.reference])).toEqual([
      [3, 'attendance_punctuality', `attendance_checkin:${tech.id}:${date}`],
    ]);

    const again = await api.call('POST', '/api/attendance/check-in', { token: tech.token, body: {} });
    expect([again.status, again.body.code]).toEqual([409, 'attendance.already_checked_in']);

    const checkOut = await api.call('POST', '/api/attendance/check-out', { token: tech.token });
    expect(checkOut.status).toBe(200);
    expect(checkOut.body.record).toMatchObject({ checked_out_by_id: tech.id });
    expect(checkOut.body.record.check_out_at).not.toBeNull();
    const twice = await api.call('POST', '/api/attendance/check-out', { token: tech.token });
    expect([twice.status, twice.body.code]).toEqual([409, 'attendance.already_checked_out']);
  });

  it('lets staff record on a technician’s behalf and list the day', async () => {
    const master = await api.userWithToken(['master']);
    const tech = await api.userWithToken(['technician']);
    const other = await api.userWithToken(['technician']);

    const onBehalf = await api.call('POST', '/api/attendance/check-in', {
      token: master.token,
      body: { user_id: tech.id },
    });
    expect(onBehalf.status).toBe(200);
    expect(onBehalf.body).toMatchObject({ on_behalf: true, record: { user_id: tech.id, recorded_by_id: master.id } });
    const date = onBehalf.body.record.business_date as string;
    await api.call('POST', '/api/attendance/check-in', { token: other.token });
    const out = await api.call('POST', '/api/attendance/check-out', {
      token: master.token,
      body: { user_id: tech.id },
    });
    expect(out.body.record).toMatchObject({ checked_out_by_id: master.id });

    const day = await api.call('GET', `/api/attendance?date=${date}`, { token: master.token });
    expect(day.status).toBe(200);
    expect(day.body.date).toBe(date);
    expect(day.body.items.map((r: { user_id: number }) => r.user_id)).toEqual(
      expect.arrayContaining([tech.id, other.id]),
    );
    const one = await api.call('GET', `/api/attendance?technician_id=${tech.id}&punctuality=early`, {
      token: master.token,
    });
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0]).toMatchObject({ user_id: tech.id, punctuality: 'early' });
    const none = await api.call('GET', `/api/attendance?technician_id=${tech.id}&punctuality=late`, {
      token: master.token,
    });
    expect(none.body.items).toEqual([]);
    // The system token is a super admin.
    expect((await api.call('GET', `/api/attendance?date=${date}`)).status).toBe(200);
  });

  it('answers 401, 403, 400 and 404', async () => {
    const tech = await api.userWithToken(['technician']);
    const qc = await api.userWithToken(['qc_inspector']);
    const master = await api.userWithToken(['master']);

    for (const [method, url] of [
      ['POST', '/api/attendance/check-in'],
      ['POST', '/api/attendance/check-out'],
      ['GET', '/api/attendance'],
    ] as const) {
      expect((await api.call(method, url, { token: null })).status).toBe(401);
      expect((await api.call(method, url, { token: 'not-a-token-at-all-0123456789' })).status).toBe(401);
    }

    // A technician may not record for someone else, nor list; QC and staff have no attendance of their own.
    const forOther = await api.call('POST', '/api/attendance/check-in', {
      token: tech.token,
      body: { user_id: qc.id },
    });
    expect([forOther.status, forOther.body.code]).toEqual([403, 'role.forbidden']);
    expect((await api.call('GET', '/api/attendance', { token: tech.token })).status).toBe(403);
    const qcSelf = await api.call('POST', '/api/attendance/check-in', { token: qc.token });
    expect([qcSelf.status, qcSelf.body.code]).toEqual([403, 'role.technicians_only']);
    expect((await api.call('POST', '/api/attendance/check-in', { token: master.token })).status).toBe(403);

    // Staff for someone who is not a technician: a refusal with its own code; unknown user: 404.
    const notTech = await api.call('POST', '/api/attendance/check-in', {
      token: master.token,
      body: { user_id: qc.id },
    });
    expect([notTech.status, notTech.body.code]).toEqual([409, 'attendance.target_not_technician']);
    const unknown = await api.call('POST', '/api/attendance/check-in', {
      token: master.token,
      body: { user_id: 2_000_000_000 },
    });
    expect(unknown.status).toBe(404);

    for (const [url, field] of [
      ['/api/attendance?date=2026-02-30', 'date'],
      ['/api/attendance?date=tomorrow', 'date'],
      ['/api/attendance?punctuality=sometime', 'punctuality'],
      ['/api/attendance?technician_id=0', 'technician_id'],
      ['/api/attendance?technician_id=99999999999', 'technician_id'],
    ]) {
      const res = await api.call('GET', url, { token: master.token });
      expect([url, res.status, Object.keys(res.body.fields ?? {})]).toEqual([url, 400, [field]]);
    }
    for (const body of [{ user_id: 0 }, { user_id: 'x' }, { user_id: 1.5 }]) {
      const res = await api.call('POST', '/api/attendance/check-in', { token: master.token, body });
      expect(res.status).toBe(400);
    }
  });
});
