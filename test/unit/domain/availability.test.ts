import {
  availableQcDecisions,
  availableTechnicianActions,
  clampPage,
  pageCount,
  pageWindow,
  requireAvailableAction,
  requireQcDecisionAvailable,
  requireTicketOwner,
  scopeForStatus,
  sessionForActions,
  type TicketStatus,
  viewAfterAction,
  type WorkSessionStatus,
} from '../../../src/domain';
import { domainErrorOf } from './fixtures';

describe('availableTechnicianActions (§9 table)', () => {
  const session = (status: WorkSessionStatus) => ({ status });

  it.each([
    ['assigned', null, false, ['start']],
    ['rework', session('stopped'), false, ['start']],
    ['assigned', null, true, []],
    ['rework', null, true, []],
    ['in_progress', session('running'), false, ['pause', 'stop']],
    ['in_progress', session('paused'), true, ['resume', 'stop']],
    ['in_progress', session('stopped'), false, ['to_waiting_qc']],
    ['in_progress', null, false, []],
    ['waiting_qc', session('stopped'), false, []],
    ['done', null, false, []],
    ['new', null, false, []],
    ['under_review', null, false, []],
  ] as [TicketStatus, { status: WorkSessionStatus } | null, boolean, string[]][])(
    '%s with session %j, open elsewhere %p → %j',
    (status, sessionUsed, openElsewhere, expected) => {
      expect(availableTechnicianActions({ status }, sessionUsed, openElsewhere)).toEqual(expected);
    },
  );
});

describe('sessionForActions', () => {
  it('uses the open session, else the latest started', () => {
    const sessions = [
      { id: 1, status: 'stopped' as const, startedAt: 100 },
      { id: 2, status: 'paused' as const, startedAt: 50 },
      { id: 3, status: 'stopped' as const, startedAt: 300 },
    ];
    expect(sessionForActions(sessions)?.id).toBe(2);
    expect(sessionForActions(sessions.filter((s) => s.id !== 2))?.id).toBe(3);
    expect(sessionForActions([{ id: 4, status: 'stopped' as const, startedAt: 300 }, ...sessions.slice(2)])?.id).toBe(
      4,
    );
    expect(sessionForActions([])).toBeNull();
  });
});

describe('server-side re-checks', () => {
  it('refuses a pressed action that is no longer available', () => {
    expect(domainErrorOf(() => requireAvailableAction('pause', ['resume', 'stop'])).message).toBe(
      '⚠️ Action is not available for this ticket right now.',
    );
    expect(domainErrorOf(() => requireAvailableAction('explode', ['start'])).message).toBe('⚠️ Unknown action.');
    expect(requireAvailableAction('stop', ['resume', 'stop'])).toBe('stop');
  });

  it('refuses tickets of other technicians', () => {
    expect(domainErrorOf(() => requireTicketOwner({ technicianId: 11 }, 10)).message).toBe(
      '⚠️ Ticket is not found or is not assigned to you.',
    );
    expect(domainErrorOf(() => requireTicketOwner(null, 10)).code).toBe('action.ticket_not_yours');
    expect(() => requireTicketOwner({ technicianId: 10 }, 10)).not.toThrow();
  });

  it('offers QC decisions only while waiting for QC', () => {
    expect(availableQcDecisions('waiting_qc')).toEqual(['pass', 'fail']);
    expect(availableQcDecisions('done')).toEqual([]);
    expect(domainErrorOf(() => requireQcDecisionAvailable('rework')).message).toBe(
      '⚠️ QC action is not available for this ticket status.',
    );
  });
});

describe('dashboard scopes and pages', () => {
  it.each([
    ['assigned', 'active'],
    ['rework', 'active'],
    ['in_progress', 'active'],
    ['waiting_qc', 'under_qc'],
    ['done', 'past'],
    ['new', null],
    ['under_review', null],
  ] as [TicketStatus, string | null][])('%s belongs to %p', (status, scope) => {
    expect(scopeForStatus(status)).toBe(scope);
  });

  it('clamps pages to [1, page count] with 5 per page by default', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(5)).toBe(1);
    expect(pageCount(6)).toBe(2);
    expect(clampPage(9, 11)).toBe(3);
    expect(clampPage(0, 11)).toBe(1);
    expect(clampPage(-3, 0)).toBe(1);
    expect(clampPage(Number.NaN, 11)).toBe(1);
    expect(clampPage(2, 11)).toBe(2);
    expect(clampPage(2, 30, 10)).toBe(2);
  });

  it('follows the new status after an action and keeps the page only in the same scope', () => {
    expect(viewAfterAction({ scope: 'active', page: 3 }, 'in_progress')).toEqual({ scope: 'active', page: 3 });
    expect(viewAfterAction({ scope: 'active', page: 3 }, 'waiting_qc')).toEqual({ scope: 'under_qc', page: 1 });
  });
});

describe('pageWindow', () => {
  it('clamps the page and gives the slice of rows it holds', () => {
    expect(pageWindow(2, 12)).toEqual({ page: 2, pageCount: 3, limit: 5, offset: 5 });
    expect(pageWindow(9, 12)).toEqual({ page: 3, pageCount: 3, limit: 5, offset: 10 });
    expect(pageWindow(0, 0)).toEqual({ page: 1, pageCount: 1, limit: 5, offset: 0 });
    expect(pageWindow(2, 7, 3)).toEqual({ page: 2, pageCount: 3, limit: 3, offset: 3 });
  });
});
