import {
  DEFAULT_RULES,
  levelForXp,
  levelProgress,
  qcFail,
  qcPass,
  type QcXpPlan,
  requireEmployeeLevel,
  validateManualXpAdjustment,
  xpEntriesForQcDecision,
  xpForMinutes,
} from '../../../src/domain';
import { domainErrorOf, makeTicket, qcInspector, rules, T0, technician } from './fixtures';

function passPlan(planned: number, workedMinutes: number, hadQcFail = false): QcXpPlan {
  const ticket = makeTicket({
    status: 'waiting_qc',
    technicianId: technician.id,
    totalDuration: planned,
    flagMinutes: planned,
    xpAmount: xpForMinutes(planned, 20),
  });
  const { effects } = qcPass(ticket, qcInspector, { rules, hadQcFail, totalActiveSeconds: workedMinutes * 60 }, T0);
  return effects.xp!;
}

const TRANSITION_ID = 55;

describe('XP on QC pass (reference cases)', () => {
  it('45 planned / 45 worked → base 3 + first-pass bonus 1, plus the inspector’s XP', () => {
    const entries = xpEntriesForQcDecision(passPlan(45, 45), TRANSITION_ID);
    expect(entries).toEqual([
      {
        userId: technician.id,
        amount: 3,
        entryType: 'ticket_base_xp',
        reference: 'ticket_base_xp:7',
        description: 'Ticket completion base XP',
        payload: {
          ticket_id: 7,
          total_duration: 45,
          formula_divisor: 20,
          is_manual: false,
          resolved_ticket_xp: 3,
          qc_pass: true,
        },
      },
      {
        userId: qcInspector.id,
        amount: 1,
        entryType: 'ticket_qc_status_update',
        reference: 'ticket_qc_status_update:7:55',
        description: 'QC status update XP',
        payload: { ticket_id: 7, ticket_transition_id: 55, qc_action: 'qc_pass', qc_status_update_xp: 1 },
      },
      {
        userId: technician.id,
        amount: 1,
        entryType: 'ticket_qc_first_pass_bonus',
        reference: 'ticket_qc_first_pass_bonus:7',
        description: 'Ticket QC first-pass bonus XP',
        payload: { ticket_id: 7, first_pass: true, first_pass_bonus: 1, within_total_duration: true },
      },
    ]);
  });

  it('21 minutes with rework → base 2, no bonus', () => {
    const entries = xpEntriesForQcDecision(passPlan(21, 10, true), TRANSITION_ID);
    expect(entries.filter((e) => e.userId === technician.id).map((e) => [e.entryType, e.amount])).toEqual([
      ['ticket_base_xp', 2],
    ]);
  });

  it('30 planned / 31 worked → no bonus', () => {
    const types = xpEntriesForQcDecision(passPlan(30, 31), TRANSITION_ID).map((e) => e.entryType);
    expect(types).toEqual(['ticket_base_xp', 'ticket_qc_status_update']);
  });

  it('30 planned / exactly 30 worked → bonus (limit is inclusive)', () => {
    expect(xpEntriesForQcDecision(passPlan(30, 30), TRANSITION_ID).map((e) => e.entryType)).toContain(
      'ticket_qc_first_pass_bonus',
    );
  });

  it('uses a manual xp_amount as base, else the formula; a 0 amount is still written', () => {
    const plan = passPlan(45, 45);
    const manual = { ...plan, ticket: { ...plan.ticket, xpAmount: 99, isManual: true } };
    expect(xpEntriesForQcDecision(manual, 1)[0]).toMatchObject({
      amount: 99,
      payload: { is_manual: true, resolved_ticket_xp: 99 },
    });
    const formula = { ...plan, ticket: { ...plan.ticket, xpAmount: 0 }, rules: { ...rules, base_divisor: 10 } };
    expect(xpEntriesForQcDecision(formula, 1)[0]).toMatchObject({ amount: 5, payload: { formula_divisor: 10 } });
    const empty = { ...plan, ticket: { ...plan.ticket, xpAmount: 0, totalDuration: 0 } };
    expect(xpEntriesForQcDecision(empty, 1)[0]).toMatchObject({ entryType: 'ticket_base_xp', amount: 0 });
  });

  it('skips the inspector entry without an actor or with a 0 amount, and the bonus when it is 0', () => {
    const plan = passPlan(45, 45);
    expect(xpEntriesForQcDecision({ ...plan, qcActorId: null }, 1).map((e) => e.entryType)).toEqual([
      'ticket_base_xp',
      'ticket_qc_first_pass_bonus',
    ]);
    const noExtras = { ...plan, rules: { ...DEFAULT_RULES.ticket_xp, qc_status_update_xp: 0, first_pass_bonus: 0 } };
    expect(xpEntriesForQcDecision(noExtras, 1).map((e) => e.entryType)).toEqual(['ticket_base_xp']);
  });
});

describe('XP on QC fail', () => {
  it('writes only the inspector’s entry, referenced by the transition', () => {
    const ticket = makeTicket({ status: 'waiting_qc', technicianId: technician.id });
    const plan = qcFail(ticket, qcInspector, { rules }).effects.xp!;
    expect(xpEntriesForQcDecision(plan, 9)).toEqual([
      {
        userId: qcInspector.id,
        amount: 1,
        entryType: 'ticket_qc_status_update',
        reference: 'ticket_qc_status_update:7:9',
        description: 'QC status update XP',
        payload: { ticket_id: 7, ticket_transition_id: 9, qc_action: 'qc_fail', qc_status_update_xp: 1 },
      },
    ]);
  });
});

describe('manual XP adjustment', () => {
  it('needs a non-zero amount and a comment', () => {
    expect(domainErrorOf(() => validateManualXpAdjustment({ amount: 0, comment: 'x' })).message).toBe(
      'amount must not be 0.',
    );
    expect(domainErrorOf(() => validateManualXpAdjustment({ amount: 5, comment: '  ' })).message).toBe(
      'comment is required.',
    );
    expect(validateManualXpAdjustment({ amount: -5, comment: ' late ' })).toEqual({ amount: -5, comment: 'late' });
  });

  it('accepts levels 1..5 only', () => {
    expect(requireEmployeeLevel(3)).toBe(3);
    expect(domainErrorOf(() => requireEmployeeLevel(6)).message).toBe('level is invalid.');
  });
});

describe('levels', () => {
  const thresholds = DEFAULT_RULES.progression.level_thresholds;

  it.each([
    [0, 1],
    [199, 1],
    [200, 2],
    [449, 2],
    [450, 3],
    [1100, 5],
    [5000, 5],
  ])('%p XP is level %p', (xp, level) => {
    expect(levelForXp(xp, thresholds)).toBe(level);
  });

  it('reports progress to the next level, and none at the top', () => {
    expect(levelProgress(320, thresholds)).toEqual({
      level: 2,
      levelThreshold: 200,
      nextLevel: 3,
      nextThreshold: 450,
      xpToNextLevel: 130,
    });
    expect(levelProgress(1200, thresholds)).toEqual({
      level: 5,
      levelThreshold: 1100,
      nextLevel: null,
      nextThreshold: null,
      xpToNextLevel: null,
    });
  });
});
