// GET /api/audit: one stream, newest first, merging ticket and work-session transitions, XP,
// access decisions, rules changes, attendance and level changes; filters by ticket, user and type;
// keyset pages that neither skip nor repeat, entries at the same moment included; 401 / 403 / 400.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AccessRequest,
  AttendanceRecord,
  LevelChange,
  RulesConfig,
  Ticket,
  TicketTransition,
  User,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
} from '../../../src/db/entities';
import { createTicket, createUser, uniqueTelegramId } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const em = () => api.workshop.db.orm.em.fork() as EntityManager;
type Entry = {
  kind: string;
  id: number;
  at: string;
  ticket_id: number | null;
  user_id: number | null;
  actor_id: number | null;
  action: string;
  details: Record<string, unknown>;
};
type Feed = { items: Entry[]; next_before: string | null };

describe('audit feed', () => {
  it('merges every source newest first, filters, and pages by keyset', async () => {
    const staff = await api.userWithToken(['master']);
    const orm = api.workshop.db.orm;
    const master = await createUser(orm, { roles: ['master'] });
    const tech = await createUser(orm, { roles: ['technician'] });
    const other = await createUser(orm, { roles: ['technician'] });
    const ticket = await createTicket(orm, { status: 'in_progress', master, technician: tech });
    const otherTicket = await createTicket(orm, { status: 'assigned', master, technician: other });

    // One moment shared by three sources, to check the order (at, kind, id) and the paging over it.
    const same = new Date('2026-11-20T10:00:00.123456Z');
    const t = (iso: string) => new Date(iso);
    const m = em();
    const ref = <T extends object>(entity: { new (): T } | unknown, id: number) =>
      m.getReference(entity as never, id) as unknown as T;
    const assigned = m.create(TicketTransition, {
      ticket: ref<Ticket>(Ticket, ticket.id),
      fromStatus: 'new',
      toStatus: 'assigned',
      action: 'assigned',
      actor: ref<User>(User, master.id),
      createdAt: t('2026-11-20T09:00:00Z'),
    });
    const started = m.create(TicketTransition, {
      ticket: ref<Ticket>(Ticket, ticket.id),
      fromStatus: 'assigned',
      toStatus: 'in_progress',
      action: 'started',
      actor: ref<User>(User, tech.id),
      createdAt: same,
    });
    const otherAssigned = m.create(TicketTransition, {
      ticket: ref<Ticket>(Ticket, otherTicket.id),
      fromStatus: 'new',
      toStatus: 'assigned',
      action: 'assigned',
      actor: ref<User>(User, master.id),
      createdAt: t('2026-11-20T09:30:00Z'),
    });
    const session = m.create(WorkSession, {
      ticket: ref<Ticket>(Ticket, ticket.id),
      technician: ref<User>(User, tech.id),
      status: 'running',
      startedAt: same,
      lastStartedAt: same,
    });
    const sessionStarted = m.create(WorkSessionTransition, {
      session,
      ticket: ref<Ticket>(Ticket, ticket.id),
      fromStatus: null,
      toStatus: 'running',
      action: 'started',
      actor: ref<User>(User, tech.id),
      eventAt: same,
    });
    const xp = m.create(XpTransaction, {
      user: ref<User>(User, tech.id),
      amount: 3,
      entryType: 'ticket_base_xp',
      reference: `ticket_base_xp:${ticket.id}`,
      payload: { ticket_id: ticket.id },
      createdAt: same,
    });
    const access = m.create(AccessRequest, {
      telegramId: uniqueTelegramId(),
      firstName: 'New',
      lastName: 'Comer',
      phone: '+998901234567',
      status: 'approved',
      user: ref<User>(User, other.id),
      rolesGranted: ['technician'],
      resolvedBy: ref<User>(User, master.id),
      resolvedAt: t('2026-11-19T08:00:00Z'),
    });
    m.create(AccessRequest, {
      telegramId: uniqueTelegramId(),
      firstName: 'Still',
      lastName: 'Pending',
      phone: '+998901234568',
    });
    const attendance = m.create(AttendanceRecord, {
      user: ref<User>(User, tech.id),
      businessDate: '2026-11-20',
      checkInAt: t('2026-11-20T04:55:00Z'),
      checkOutAt: t('2026-11-20T13:00:00Z'),
      punctuality: 'on_time',
      xpAmount: 2,
      rulesVersion: 1,
      recordedBy: ref<User>(User, tech.id),
      checkedOutBy: ref<User>(User, master.id),
    });
    const level = m.create(LevelChange, {
      user: ref<User>(User, tech.id),
      fromLevel: 1,
      toLevel: 2,
      reason: 'manual',
      comment: 'good work',
      actor: ref<User>(User, master.id),
      createdAt: t('2026-11-21T08:00:00Z'),
    });
    const rules = m.create(RulesConfig, {
      version: 99,
      config: {},
      checksum: 'test',
      action: 'update',
      isActive: false,
      createdBy: ref<User>(User, master.id),
      createdAt: t('2026-11-18T08:00:00Z'),
    });
    await m.flush();
    // Any version bootstrapped when the workshop started is newer than everything above.
    const bootstrapped = (await em().find(RulesConfig, { id: { $ne: rules.id } }, { orderBy: { id: 'desc' } })).map(
      (r) => `rules:${r.id}`,
    );

    const get = (query: string, token = staff.token) => api.call<Feed>('GET', `/api/audit?${query}`, { token });
    const keys = (feed: { body: Feed }) => feed.body.items.map((e) => `${e.kind}:${e.id}`);

    const all = await get('limit=100');
    expect(all.status).toBe(200);
    expect(all.body.next_before).toBeNull();
    const expected = [
      `level:${level.id}`,
      `attendance_out:${attendance.id}`,
      // The same moment: by kind, descending.
      `xp:${xp.id}`,
      `work_session:${sessionStarted.id}`,
      `ticket:${started.id}`,
      `ticket:${otherAssigned.id}`,
      `ticket:${assigned.id}`,
      `attendance_in:${attendance.id}`,
      `access:${access.id}`,
      `rules:${rules.id}`,
    ];
    expect(keys(all)).toEqual([...bootstrapped, ...expected]);
    const byKey = new Map(all.body.items.map((e) => [`${e.kind}:${e.id}`, e]));
    expect(byKey.get(`xp:${xp.id}`)).toMatchObject({
      ticket_id: ticket.id,
      user_id: tech.id,
      actor_id: null,
      action: 'ticket_base_xp',
      at: '2026-11-20T10:00:00.123Z',
      details: { amount: 3, reference: `ticket_base_xp:${ticket.id}` },
    });
    expect(byKey.get(`work_session:${sessionStarted.id}`)).toMatchObject({ user_id: tech.id, actor_id: tech.id });
    expect(byKey.get(`access:${access.id}`)).toMatchObject({
      user_id: other.id,
      actor_id: master.id,
      action: 'approved',
      details: { roles_granted: ['technician'] },
    });
    expect(byKey.get(`attendance_in:${attendance.id}`)).toMatchObject({
      action: 'check_in',
      details: { punctuality: 'on_time', xp_amount: 2 },
    });
    expect(byKey.get(`level:${level.id}`)).toMatchObject({
      action: 'manual',
      details: { from_level: 1, to_level: 2, comment: 'good work' },
    });

    // Pages of two walk the same stream, the shared moment split across pages.
    const walked: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const page: { status: number; body: Feed } = await get(`limit=2${before ? `&before=${before}` : ''}`);
      expect(page.status).toBe(200);
      walked.push(...keys(page));
      before = page.body.next_before;
      if (!before) break;
    }
    expect(walked).toEqual(keys(all));

    // Filters.
    expect(keys(await get(`ticket_id=${ticket.id}`))).toEqual([
      `xp:${xp.id}`,
      `work_session:${sessionStarted.id}`,
      `ticket:${started.id}`,
      `ticket:${assigned.id}`,
    ]);
    expect(keys(await get(`ticket_id=${ticket.id}&type=ticket`))).toEqual([
      `ticket:${started.id}`,
      `ticket:${assigned.id}`,
    ]);
    expect(keys(await get('type=attendance'))).toEqual([
      `attendance_out:${attendance.id}`,
      `attendance_in:${attendance.id}`,
    ]);
    expect(keys(await get(`user_id=${master.id}`))).toEqual([
      `level:${level.id}`,
      `attendance_out:${attendance.id}`,
      `ticket:${otherAssigned.id}`,
      `ticket:${assigned.id}`,
      `access:${access.id}`,
      `rules:${rules.id}`,
    ]);
    expect(keys(await get(`user_id=${other.id}`))).toEqual([`access:${access.id}`]);
    expect(keys(await get(`type=rules&ticket_id=${ticket.id}`))).toEqual([]);
  });

  it('answers 401 without a token, 403 to non-staff, 400 for a bad cursor or bounds', async () => {
    expect((await api.call('GET', '/api/audit', { token: null })).status).toBe(401);
    for (const roles of [['technician'], ['qc_inspector']] as const) {
      const who = await api.userWithToken([...roles]);
      expect(await api.call('GET', '/api/audit', { token: who.token })).toMatchObject({
        status: 403,
        body: { error: 'forbidden' },
      });
    }
    const ops = await api.userWithToken(['ops_manager']);
    expect((await api.call('GET', '/api/audit', { token: ops.token })).status).toBe(200);
    for (const query of [
      'limit=0',
      'limit=101',
      'type=everything',
      'ticket_id=0',
      'user_id=-1',
      'before=not%20base64!',
      `before=${Buffer.from('123:nope:1').toString('base64url')}`,
      `before=${Buffer.from('garbage').toString('base64url')}`,
    ]) {
      const res = await api.call('GET', `/api/audit?${query}`);
      expect([query, res.status, res.body?.error]).toEqual([query, 400, 'validation']);
    }
  });
});
