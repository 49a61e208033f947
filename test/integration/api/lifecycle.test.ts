// The same lifecycle the bot drives, driven through the REST API: inventory set up over HTTP,
// intake, review, assignment, work with pause/resume, QC fail with a reason, rework, QC pass.
import { XpTransaction } from '../../../src/db/entities';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(180_000);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

type Detail = {
  id: number;
  status: string;
  technician_id: number | null;
  review_approved: boolean;
  potential_xp: number;
  acquired_xp: number;
  transitions: {
    action: string;
    from_status: string | null;
    to_status: string;
    actor_id: number;
    note: string;
    metadata: Record<string, unknown>;
  }[];
  work_sessions: { technician_id: number; status: string; transitions: { action: string }[] }[];
};

describe('a whole ticket lifecycle through the REST API', () => {
  it('create → approve → assign → start/pause/resume/stop → QC → fail with reason → rework → QC pass', async () => {
    const master = await api.userWithToken(['master']);
    const tech = await api.userWithToken(['technician']);
    const qc = await api.userWithToken(['qc_inspector']);

    // Inventory over HTTP: a category, an item, one part.
    const category = await api.call('POST', '/api/categories', { token: master.token, body: { name: 'Scooters' } });
    expect(category.status).toBe(201);
    const item = await api.call('POST', '/api/items', {
      token: master.token,
      body: { serial_number: 'rm-api 0001', category_id: category.body.id },
    });
    expect(item.status).toBe(201);
    expect(item.body).toMatchObject({ serial_number: 'RM-API0001', status: 'ready', inventory: { name: 'Default' } });
    const part = await api.call('POST', `/api/items/${item.body.id}/parts`, {
      token: master.token,
      body: { name: 'Brakes' },
    });
    expect(part.status).toBe(201);

    // T0 intake: 45 minutes → yellow, xp ceil(45/20) = 3.
    const created = await api.call<Detail>('POST', '/api/tickets', {
      token: master.token,
      body: {
        serial_number: 'RM-API0001',
        title: 'Brakes squeak',
        part_specs: [{ part_id: part.body.id, color: 'yellow', minutes: 45, comment: '  front  ' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'under_review',
      review_approved: false,
      total_duration: 45,
      flag_color: 'yellow',
      xp_amount: 3,
      potential_xp: 3,
      part_specs: [{ part_id: part.body.id, part_name: 'Brakes', minutes: 45, comment: 'front' }],
    });
    const id = created.body.id;
    const act = (action: string, token: string, body?: unknown, headers?: Record<string, string>) =>
      api.call<Detail>('POST', `/api/tickets/${id}/actions/${action}`, { token, body, headers });

    const approved = await api.call<Detail>('POST', `/api/tickets/${id}/approve-review`, { token: master.token });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'new', review_approved: true });

    const assigned = await api.call<Detail>('POST', `/api/tickets/${id}/assign`, {
      token: master.token,
      body: { technician_id: tech.id },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', technician_id: tech.id });

    // First round of work, with a pause.
    const started = await act('start', tech.token);
    expect(started.body).toMatchObject({ status: 'in_progress' });
    expect((await act('pause', tech.token)).body.work_sessions[0].status).toBe('paused');
    expect((await act('resume', tech.token)).body.work_sessions[0].status).toBe('running');
    expect((await act('stop', tech.token)).body.work_sessions[0].status).toBe('stopped');
    const key = { 'idempotency-key': 'send-1' };
    const waiting = await act('send-to-qc', tech.token, undefined, key);
    expect(waiting.status).toBe(200);
    expect(waiting.body.status).toBe('waiting_qc');
    // A retried request with the same key is applied once.
    const retried = await act('send-to-qc', tech.token, undefined, key);
    expect(retried.status).toBe(200);
    expect(retried.body.transitions).toHaveLength(waiting.body.transitions.length);

    // QC fail with a reason → rework, technician kept.
    const failed = await act('qc-fail', qc.token, { reason: 'Still squeaks' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'rework', technician_id: tech.id });
    const failTransition = failed.body.transitions.at(-1)!;
    expect(failTransition).toMatchObject({
      action: 'qc_fail',
      from_status: 'waiting_qc',
      to_status: 'rework',
      actor_id: qc.id,
      note: 'Still squeaks',
      metadata: expect.objectContaining({ reason: 'Still squeaks', source: 'api' }),
    });

    // Rework: a new session, then QC pass.
    expect((await act('start', tech.token)).body.status).toBe('in_progress');
    expect((await act('stop', tech.token)).status).toBe(200);
    expect((await act('send-to-qc', tech.token)).body.status).toBe('waiting_qc');
    const done = await act('qc-pass', qc.token);
    expect(done.status).toBe(200);

    expect(done.body.status).toBe('done');
    expect(done.body.transitions.map((t) => t.action)).toEqual([
      'created',
      'assigned',
      'started',
      'to_waiting_qc',
      'qc_fail',
      'started',
      'to_waiting_qc',
      'qc_pass',
    ]);
    expect(done.body.work_sessions.map((s) => [s.technician_id, s.status, s.transitions.map((t) => t.action)])).toEqual(
      [
        [tech.id, 'stopped', ['started', 'paused', 'resumed', 'stopped']],
        [tech.id, 'stopped', ['started', 'stopped']],
      ],
    );
    // Base XP 3 for the technician (no first-pass bonus after a QC fail); the QC inspector gets 1
    // per decision.
    expect(done.body.acquired_xp).toBe(3);
    const xp = await api.workshop.db.orm.em
      .fork()
      .find(XpTransaction, { payload: { ticket_id: id } }, { orderBy: { id: 'asc' } });
    expect(xp.map((x) => [x.user.id, x.entryType, x.amount])).toEqual([
      [qc.id, 'ticket_qc_status_update', 1],
      [tech.id, 'ticket_base_xp', 3],
      [qc.id, 'ticket_qc_status_update', 1],
    ]);

    const techXp = await api.call('GET', `/api/users/${tech.id}/xp`, { token: tech.token });
    expect(techXp.body).toEqual({
      user_id: tech.id,
      total: 3,
      level: 1,
      level_threshold: 0,
      next_level: 2,
      next_threshold: 200,
      xp_to_next_level: 197,
    });
    const history = await api.call('GET', `/api/users/${qc.id}/xp/history?limit=1`, { token: qc.token });
    expect(history.body).toMatchObject({
      total: 2,
      limit: 1,
      offset: 0,
      items: [{ entry_type: 'ticket_qc_status_update', amount: 1, payload: { ticket_id: id, qc_action: 'qc_pass' } }],
    });
    const board = await api.call('GET', '/api/xp/leaderboard', { token: tech.token });
    expect(board.status).toBe(200);
    expect(board.body.items.slice(0, 2)).toMatchObject([
      { rank: 1, user_id: tech.id, total: 3, level: 1 },
      { rank: 2, user_id: qc.id, total: 2 },
    ]);

    // The item is back to ready and free for a new ticket; the list filters find the ticket.
    const itemAfter = await api.call('GET', `/api/items/${item.body.id}`, { token: tech.token });
    expect(itemAfter.body).toMatchObject({ status: 'ready', active_ticket_id: null });
    const byTech = await api.call('GET', `/api/tickets?technician_id=${tech.id}&status=done&status=rework`, {
      token: master.token,
    });
    expect(byTech.body).toMatchObject({ total: 1, items: [{ id, status: 'done', serial_number: 'RM-API0001' }] });
    const bySerial = await api.call('GET', '/api/tickets?serial=rm-api0001&limit=1&offset=0');
    expect(bySerial.body.total).toBe(1);
  });
});
