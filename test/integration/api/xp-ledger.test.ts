// GET /api/xp/ledger: every filter and order on real rows, cross-user reads for staff only (the
// rule of /users/{id}/xp/history, which reads the same model), 401 / 403 / 400.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { XpEntryType } from '../../../src/domain';
import { User, XpTransaction } from '../../../src/db/entities';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const em = () => api.workshop.db.orm.em.fork() as EntityManager;
type Entry = {
  id: number;
  user_id: number;
  amount: number;
  entry_type: string;
  reference: string;
  ticket_id: number | null;
};
type Page = { total: number; limit: number; offset: number; items: Entry[] };

async function entry(
  userId: number,
  amount: number,
  entryType: XpEntryType,
  reference: string,
  createdAt: string,
  ticketId?: number,
): Promise<number> {
  const manager = em();
  const row = manager.create(XpTransaction, {
    user: manager.getReference(User, userId),
    amount,
    entryType,
    reference,
    payload: ticketId === undefined ? {} : { ticket_id: ticketId },
    createdAt: new Date(createdAt),
  });
  await manager.flush();
  return row.id;
}

describe('XP ledger reads', () => {
  it('filters, orders and pages; cross-user reads for staff only', async () => {
    const ops = await api.userWithToken(['ops_manager']);
    const master = await api.userWithToken(['master']);
    const ann = await api.userWithToken(['technician']);
    const bob = await api.userWithToken(['technician']);
    const a1 = await entry(ann.id, 3, 'ticket_base_xp', 'ticket_base_xp:9001', '2026-11-01T10:00:00Z', 9001);
    const a2 = await entry(
      ann.id,
      1,
      'ticket_qc_first_pass_bonus',
      'ticket_qc_first_pass_bonus:9001',
      '2026-11-01T10:00:00Z',
      9001,
    );
    const a3 = await entry(
      ann.id,
      -1,
      'attendance_punctuality',
      `attendance_checkin:${ann.id}:2026-11-02`,
      '2026-11-02T05:30:00Z',
    );
    const a4 = await entry(ann.id, 50, 'manual_adjustment', `manual:100%_${ann.id}`, '2026-11-03T12:00:00Z');
    const b1 = await entry(bob.id, 7, 'ticket_base_xp', 'ticket_base_xp:9002', '2026-11-02T09:00:00Z', 9002);

    const get = (query: string, token = ops.token) => api.call<Page>('GET', `/api/xp/ledger?${query}`, { token });
    const ids = (page: { body: Page }) => page.body.items.map((e) => e.id);

    // Newest first by default, ties by id; per user; the ticket id from the payload.
    const annPage = await get(`user_id=${ann.id}`);
    expect(annPage.status).toBe(200);
    expect(annPage.body).toMatchObject({ total: 4, limit: 20, offset: 0 });
    expect(ids(annPage)).toEqual([a4, a3, a2, a1]);
    expect(annPage.body.items[3]).toMatchObject({
      user_id: ann.id,
      amount: 3,
      ticket_id: 9001,
      entry_type: 'ticket_base_xp',
    });

    expect(ids(await get(`user_id=${ann.id}&order=amount&direction=asc`))).toEqual([a3, a2, a1, a4]);
    expect(ids(await get(`user_id=${ann.id}&order=created_at&direction=asc&limit=2&offset=1`))).toEqual([a2, a3]);
    expect(ids(await get('ticket_id=9001&direction=asc'))).toEqual([a1, a2]);
    expect(ids(await get('entry_type=ticket_base_xp&direction=asc'))).toEqual(expect.arrayContaining([a1, b1]));
    expect((await get('entry_type=ticket_base_xp')).body.items.every((e) => e.entry_type === 'ticket_base_xp')).toBe(
      true,
    );
    expect(ids(await get(`reference=${encodeURIComponent(`attendance_checkin:${ann.id}:2026-11-02`)}`))).toEqual([a3]);
    // A prefix takes % and _ literally.
    expect(ids(await get(`reference_prefix=${encodeURIComponent('manual:100%_')}`))).toEqual([a4]);
    expect(ids(await get(`reference_prefix=${encodeURIComponent('manual:100_')}`))).toEqual([]);
    expect(ids(await get('from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z&direction=asc'))).toEqual([a3, b1]);
    expect(ids(await get(`user_id=${ann.id}&min_amount=-1&max_amount=1&order=amount`))).toEqual([a2, a3]);
    expect(ids(await get('min_amount=-5&max_amount=-1'))).toEqual([a3]);

    // Everyone's entries for an ops manager; a technician gets their own, and is refused another's.
    expect((await get('ticket_id=9002')).body.items.map((e) => e.user_id)).toEqual([bob.id]);
    const own = await get('', ann.token);
    expect(own.status).toBe(200);
    expect(ids(own)).toEqual([a4, a3, a2, a1]);
    expect(ids(await get(`user_id=${ann.id}&ticket_id=9001`, ann.token))).toEqual([a2, a1]);
    expect(ids(await get('ticket_id=9002', ann.token))).toEqual([]);
    expect(await get(`user_id=${bob.id}`, ann.token)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    // A master is staff: anyone's entries, and everyone's without user_id.
    expect(ids(await get(`user_id=${bob.id}`, master.token))).toEqual([b1]);
    expect((await get('', master.token)).body.items.map((e) => e.user_id)).toEqual(
      expect.arrayContaining([ann.id, bob.id]),
    );
    // The system token is a super admin.
    expect((await api.call<Page>('GET', `/api/xp/ledger?user_id=${bob.id}`)).body.total).toBe(1);

    // The user history is the same read model.
    const history = await api.call<Page>('GET', `/api/users/${ann.id}/xp/history?limit=2`, { token: ann.token });
    expect(history.body.total).toBe(4);
    expect(history.body.items.map((e) => e.id)).toEqual([a4, a3]);
  });

  it('authorizes the ledger and a user’s XP history alike: the user themselves, or staff', async () => {
    const subject = await api.userWithToken(['technician']);
    const expected = { technician: 403, qc_inspector: 403, master: 200, ops_manager: 200 } as const;
    for (const [role, status] of Object.entries(expected)) {
      const reader = await api.userWithToken([role as keyof typeof expected]);
      const history = await api.call('GET', `/api/users/${subject.id}/xp/history`, { token: reader.token });
      const ledger = await api.call('GET', `/api/xp/ledger?user_id=${subject.id}`, { token: reader.token });
      expect([role, history.status, ledger.status]).toEqual([role, status, status]);
    }
    for (const path of [`/api/users/${subject.id}/xp/history`, `/api/xp/ledger?user_id=${subject.id}`]) {
      expect((await api.call('GET', path, { token: subject.token })).status).toBe(200);
    }
  });

  it('answers 401 without a token and 400 for values out of bounds or ranges turned around', async () => {
    expect((await api.call('GET', '/api/xp/ledger', { token: null })).status).toBe(401);
    for (const query of [
      'limit=0',
      'limit=101',
      'offset=-1',
      'user_id=0',
      'entry_type=bonus',
      'order=name',
      'direction=up',
      'from=yesterday',
      'min_amount=2147483648',
      'max_amount=-2147483649',
      'reference=',
      `reference_prefix=${'x'.repeat(201)}`,
      'min_amount=5&max_amount=1',
      'from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z',
    ]) {
      const res = await api.call('GET', `/api/xp/ledger?${query}`);
      expect([query, res.status, res.body?.error]).toEqual([query, 400, 'validation']);
    }
  });
});
