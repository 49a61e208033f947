import {
  activeSeconds,
  autoResumeWorkSession,
  pauseWorkSession,
  resumeWorkSession,
  type SessionEvent,
  startWorkSession,
  stopWorkSession,
  type WorkSession,
} from '../../../src/domain';
import { domainErrorOf, minutes, otherTechnician, T0, technician } from './fixtures';

function running(): WorkSession {
  return startWorkSession({
    ticketId: 7,
    technicianId: technician.id,
    ticketHasOpenSession: false,
    technicianHasOpenSession: false,
    now: T0,
  }).session;
}

const me = { actorId: technician.id };

describe('startWorkSession', () => {
  it('opens a running session with a `started` transition', () => {
    const { session, transition } = startWorkSession({
      ticketId: 7,
      technicianId: technician.id,
      ticketHasOpenSession: false,
      technicianHasOpenSession: false,
      now: new Date(T0),
    });
    expect(session).toMatchObject({
      status: 'running',
      startedAt: T0,
      lastStartedAt: T0,
      endedAt: null,
      activeSeconds: 0,
    });
    expect(transition).toEqual({
      action: 'started',
      fromStatus: null,
      toStatus: 'running',
      actorId: technician.id,
      eventAt: T0,
      metadata: {},
    });
  });

  it('refuses a second open session for the ticket or the technician', () => {
    const base = { ticketId: 7, technicianId: technician.id, now: T0 };
    expect(
      domainErrorOf(() => startWorkSession({ ...base, ticketHasOpenSession: true, technicianHasOpenSession: true }))
        .message,
    ).toBe('Ticket already has an active work session.');
    expect(
      domainErrorOf(() => startWorkSession({ ...base, ticketHasOpenSession: false, technicianHasOpenSession: true }))
        .message,
    ).toBe('Technician already has an active work session.');
  });
});

describe('pause / resume / stop', () => {
  it('runs the whole lifecycle and keeps active seconds rebuilt from transitions', () => {
    const paused = pauseWorkSession(running(), { ...me, remainingPauseSeconds: 1800, now: T0 + minutes(10) });
    expect(paused.session).toMatchObject({ status: 'paused', lastStartedAt: null, activeSeconds: 600 });
    expect(paused.transition).toMatchObject({
      action: 'paused',
      fromStatus: 'running',
      toStatus: 'paused',
      metadata: { remaining_pause_seconds_today: 1800 },
    });

    const resumed = resumeWorkSession(paused.session, { ...me, now: T0 + minutes(15) });
    expect(resumed.session).toMatchObject({ status: 'running', lastStartedAt: T0 + minutes(15), activeSeconds: 600 });
    expect(resumed.transition).toMatchObject({
      action: 'resumed',
      fromStatus: 'paused',
      toStatus: 'running',
      metadata: {},
    });

    const stopped = stopWorkSession(resumed.session, { ...me, now: T0 + minutes(40) });
    expect(stopped.session).toMatchObject({
      status: 'stopped',
      endedAt: T0 + minutes(40),
      lastStartedAt: null,
      activeSeconds: 35 * 60,
    });
    expect(stopped.session.transitions.map((t) => t.action)).toEqual(['started', 'paused', 'resumed', 'stopped']);
  });

  it('stops a paused session without counting the pause', () => {
    const paused = pauseWorkSession(running(), { ...me, remainingPauseSeconds: 60, now: T0 + minutes(5) });
    const stopped = stopWorkSession(paused.session, { ...me, now: T0 + minutes(50) });
    expect(stopped.transition.fromStatus).toBe('paused');
    expect(stopped.session.activeSeconds).toBe(300);
  });

  it('refuses to pause when the daily budget is spent', () => {
    expect(domainErrorOf(() => pauseWorkSession(running(), { ...me, remainingPauseSeconds: 0, now: T0 })).message).toBe(
      'Daily pause limit is fully reached for today.',
    );
  });

  it('checks the budget before the state, as the reference does', () => {
    const paused = pauseWorkSession(running(), { ...me, remainingPauseSeconds: 60, now: T0 }).session;
    expect(domainErrorOf(() => pauseWorkSession(paused, { ...me, remainingPauseSeconds: 0, now: T0 })).code).toBe(
      'work_session.pause_limit_reached',
    );
    expect(domainErrorOf(() => pauseWorkSession(paused, { ...me, remainingPauseSeconds: 30, now: T0 })).message).toBe(
      'Work session can be paused only from RUNNING state.',
    );
  });

  it('refuses to resume a running session', () => {
    expect(domainErrorOf(() => resumeWorkSession(running(), { ...me, now: T0 })).message).toBe(
      'Work session can be resumed only from PAUSED state.',
    );
  });

  it('finds no open session when there is none, it is someone else’s, or it is stopped', () => {
    const stopped = stopWorkSession(running(), { ...me, now: T0 + 1000 }).session;
    const cases: [WorkSession | null, number][] = [
      [null, technician.id],
      [running(), otherTechnician.id],
      [stopped, technician.id],
    ];
    for (const [session, actorId] of cases) {
      for (const act of [
        () => pauseWorkSession(session, { actorId, remainingPauseSeconds: 100, now: T0 }),
        () => resumeWorkSession(session, { actorId, now: T0 }),
        () => stopWorkSession(session, { actorId, now: T0 }),
      ]) {
        expect(domainErrorOf(act).message).toBe('No active work session found for this ticket and technician.');
      }
    }
  });
});

describe('autoResumeWorkSession', () => {
  const paused = () => pauseWorkSession(running(), { ...me, remainingPauseSeconds: 60, now: T0 + minutes(1) }).session;

  it('resumes a paused session whose budget is spent, as the technician, with the reason', () => {
    const change = autoResumeWorkSession(paused(), { remainingPauseSeconds: 0, now: T0 + minutes(2) });
    expect(change?.session.status).toBe('running');
    expect(change?.transition).toMatchObject({
      action: 'resumed',
      actorId: technician.id,
      eventAt: T0 + minutes(2),
      metadata: { auto_resumed: true, reason: 'daily_pause_limit_reached' },
    });
  });

  it('does nothing while budget remains or when the session is not paused', () => {
    expect(autoResumeWorkSession(paused(), { remainingPauseSeconds: 1, now: T0 })).toBeNull();
    expect(autoResumeWorkSession(running(), { remainingPauseSeconds: 0, now: T0 })).toBeNull();
  });

  it('leaves a later manual resume refused (the reference quirk)', () => {
    const change = autoResumeWorkSession(paused(), { remainingPauseSeconds: 0, now: T0 + minutes(2) });
    expect(domainErrorOf(() => resumeWorkSession(change!.session, { ...me, now: T0 + minutes(3) })).code).toBe(
      'work_session.resume_wrong_status',
    );
  });
});

describe('activeSeconds', () => {
  const at = (s: number) => T0 + s * 1000;

  it('sums closed intervals and counts an open one up to `until`', () => {
    const events: SessionEvent[] = [
      { action: 'started', eventAt: at(0) },
      { action: 'paused', eventAt: at(100) },
      { action: 'resumed', eventAt: at(160) },
    ];
    expect(activeSeconds(events, at(200))).toBe(140);
    expect(activeSeconds(events, new Date(at(130)))).toBe(100);
  });

  it('orders by (event_at, id) regardless of the given order', () => {
    const events: SessionEvent[] = [
      { id: 4, action: 'resumed', eventAt: at(50) },
      { id: 3, action: 'paused', eventAt: at(50) },
      { id: 1, action: 'started', eventAt: at(0) },
      { id: 5, action: 'stopped', eventAt: at(80) },
    ];
    // paused (id 3) closes [0, 50), resumed (id 4) opens [50, 80).
    expect(activeSeconds(events, at(1000))).toBe(80);
    const swapped = events.map((e) => (e.id === 3 ? { ...e, id: 6 } : e));
    // Now resumed comes first at 50 (ignored while running), paused closes at 50, nothing runs to 80.
    expect(activeSeconds(swapped, at(1000))).toBe(50);
  });

  it('truncates each interval to whole seconds and never goes negative', () => {
    const events: SessionEvent[] = [
      { action: 'started', eventAt: T0 },
      { action: 'paused', eventAt: T0 + 1999 },
    ];
    expect(activeSeconds(events, T0)).toBe(1);
    expect(activeSeconds([{ action: 'started', eventAt: T0 }], T0 - 5000)).toBe(0);
  });
});
