// XP written on QC decisions (workshop-domain.md §7 "On QC pass"), manual adjustments, levels.
import { type XpEntryType } from './enums';
import { DomainError } from './errors';
import { xpForMinutes } from './metrics';
import { EMPLOYEE_LEVELS, type EmployeeLevel, type LevelThresholds, type TicketXpRules } from './rules';
import { type JsonObject } from './types';

/** An XP row to append; its unique reference makes the write idempotent. */
export interface XpEntryDraft {
  readonly userId: number;
  readonly amount: number;
  readonly entryType: XpEntryType;
  readonly reference: string;
  readonly description: string;
  readonly payload: JsonObject;
}

export interface XpTicketFacts {
  readonly id: number;
  readonly technicianId: number | null;
  readonly totalDuration: number;
  readonly xpAmount: number;
  readonly isManual: boolean;
}

/**
 * Everything needed to write a QC decision's XP once the transition row exists (its id is part of
 * the QC inspector's reference). Plain data, so a workflow can hand it to an activity.
 */
export interface QcXpPlan {
  readonly qcAction: 'qc_pass' | 'qc_fail';
  readonly ticket: XpTicketFacts;
  readonly qcActorId: number | null;
  /** Whether the ticket had a qc_fail before this decision. */
  readonly hadQcFail: boolean;
  /** Σ active seconds of all the ticket's sessions, old stopped ones included. */
  readonly totalActiveSeconds: number;
  readonly rules: TicketXpRules;
}

export const xpReferences = {
  base: (ticketId: number): string => `ticket_base_xp:${ticketId}`,
  qcStatusUpdate: (ticketId: number, transitionId: number): string =>
    `ticket_qc_status_update:${ticketId}:${transitionId}`,
  firstPassBonus: (ticketId: number): string => `ticket_qc_first_pass_bonus:${ticketId}`,
};

/** xp_amount if > 0, else ceil(total_duration / divisor); 0 is still a valid amount. */
export function baseTicketXp(ticket: Pick<XpTicketFacts, 'xpAmount' | 'totalDuration'>, baseDivisor: number): number {
  return ticket.xpAmount > 0 ? ticket.xpAmount : xpForMinutes(ticket.totalDuration, baseDivisor);
}

/** No earlier QC fail, a positive bonus, and work time within the planned minutes. */
export function isFirstPassBonusEligible(
  plan: Pick<QcXpPlan, 'hadQcFail' | 'totalActiveSeconds' | 'ticket' | 'rules'>,
): boolean {
  if (plan.hadQcFail || plan.rules.first_pass_bonus <= 0) return false;
  return plan.totalActiveSeconds <= Math.max(plan.ticket.totalDuration, 0) * 60;
}

function qcStatusUpdateEntry(plan: QcXpPlan, transitionId: number): XpEntryDraft | null {
  const amount = plan.rules.qc_status_update_xp;
  if (plan.qcActorId === null || amount <= 0) return null;
  return {
    userId: plan.qcActorId,
    amount,
    entryType: 'ticket_qc_status_update',
    reference: xpReferences.qcStatusUpdate(plan.ticket.id, transitionId),
    description: 'QC status update XP',
    payload: {
      ticket_id: plan.ticket.id,
      ticket_transition_id: transitionId,
      qc_action: plan.qcAction,
      qc_status_update_xp: amount,
    },
  };
}

/**
 * The rows a QC decision writes, in the reference order. Pass: base → technician, QC inspector,
 * first-pass bonus → technician. Fail: QC inspector only.
 */
export function xpEntriesForQcDecision(plan: QcXpPlan, transitionId: number): XpEntryDraft[] {
  const entries: XpEntryDraft[] = [];
  const { ticket, rules } = plan;
  const technicianId = ticket.technicianId;
  if (plan.qcAction === 'qc_pass' && technicianId !== null) {
    entries.push({
      userId: technicianId,
      amount: baseTicketXp(ticket, rules.base_divisor),
      entryType: 'ticket_base_xp',
      reference: xpReferences.base(ticket.id),
      description: 'Ticket completion base XP',
      payload: {
        ticket_id: ticket.id,
        total_duration: ticket.totalDuration,
        formula_divisor: rules.base_divisor,
        is_manual: ticket.isManual,
        resolved_ticket_xp: ticket.xpAmount,
        qc_pass: true,
      },
    });
  }
  const qcEntry = qcStatusUpdateEntry(plan, transitionId);
  if (qcEntry) entries.push(qcEntry);
  if (plan.qcAction === 'qc_pass' && technicianId !== null && isFirstPassBonusEligible(plan)) {
    entries.push({
      userId: technicianId,
      amount: rules.first_pass_bonus,
      entryType: 'ticket_qc_first_pass_bonus',
      reference: xpReferences.firstPassBonus(ticket.id),
      description: 'Ticket QC first-pass bonus XP',
      payload: {
        ticket_id: ticket.id,
        first_pass: true,
        first_pass_bonus: rules.first_pass_bonus,
        within_total_duration: true,
      },
    });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Manual adjustment (§7 "Other XP")

export function validateManualXpAdjustment(input: {
  readonly amount: number;
  readonly comment: string | null | undefined;
}): {
  amount: number;
  comment: string;
} {
  if (!Number.isInteger(input.amount)) throw new DomainError('input.not_integer', {}, 'amount');
  if (input.amount === 0) throw new DomainError('xp.amount_zero', {}, 'amount');
  const comment = (input.comment ?? '').trim();
  if (comment === '') throw new DomainError('xp.comment_required', {}, 'comment');
  return { amount: input.amount, comment };
}

export function requireEmployeeLevel(level: unknown): EmployeeLevel {
  if (!(EMPLOYEE_LEVELS as readonly unknown[]).includes(level)) throw new DomainError('xp.level_invalid', {}, 'level');
  return level as EmployeeLevel;
}

// ---------------------------------------------------------------------------------------------
// Levels (for /xp)

function thresholdOf(thresholds: LevelThresholds, level: EmployeeLevel): number {
  return level === 1 ? 0 : (thresholds[String(level)] ?? Number.POSITIVE_INFINITY);
}

/** The highest level whose threshold the total reaches. */
export function levelForXp(totalXp: number, thresholds: LevelThresholds): EmployeeLevel {
  let reached: EmployeeLevel = 1;
  for (const level of EMPLOYEE_LEVELS) if (totalXp >= thresholdOf(thresholds, level)) reached = level;
  return reached;
}

export interface LevelProgress {
  readonly level: EmployeeLevel;
  readonly levelThreshold: number;
  /** Null at the top level. */
  readonly nextLevel: EmployeeLevel | null;
  readonly nextThreshold: number | null;
  /** XP still needed for the next level; null at the top level. */
  readonly xpToNextLevel: number | null;
}

export function levelProgress(totalXp: number, thresholds: LevelThresholds): LevelProgress {
  const level = levelForXp(totalXp, thresholds);
  const next = EMPLOYEE_LEVELS.find((candidate) => candidate > level) ?? null;
  const nextThreshold = next === null ? null : thresholdOf(thresholds, next);
  return {
    level,
    levelThreshold: thresholdOf(thresholds, level),
    nextLevel: next,
    nextThreshold,
    xpToNextLevel: nextThreshold === null ? null : Math.max(nextThreshold - totalXp, 0),
  };
}
