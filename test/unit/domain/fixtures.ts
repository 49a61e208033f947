import { type Actor, DEFAULT_RULES, DomainError, type TicketState, type TicketXpRules } from '../../../src/domain';

export const rules: TicketXpRules = DEFAULT_RULES.ticket_xp;

export const master: Actor = { id: 1, roles: ['master'] };
export const opsManager: Actor = { id: 2, roles: ['ops_manager'] };
export const superAdmin: Actor = { id: 3, roles: ['super_admin'] };
export const technician: Actor = { id: 10, roles: ['technician'] };
export const otherTechnician: Actor = { id: 11, roles: ['technician'] };
export const qcInspector: Actor = { id: 20, roles: ['qc_inspector'] };

export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
export const minutes = (n: number): number => n * 60_000;

export function makeTicket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    id: 7,
    status: 'under_review',
    inventoryItemId: 100,
    masterId: master.id,
    technicianId: null,
    title: null,
    totalDuration: 45,
    flagMinutes: 45,
    flagColor: 'yellow',
    xpAmount: 3,
    isManual: false,
    approvedById: null,
    approvedAt: null,
    assignedAt: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** Runs `fn` and returns the DomainError it throws (fails the test otherwise). */
export function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
