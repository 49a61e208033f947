// Capability checks (workshop-domain.md §10, §3 "Allowed roles"). super_admin passes every check.
import { type RoleSlug } from './enums';
import { DomainError, type DomainErrorCode } from './errors';
import { type Actor } from './types';

function holdsAny(roles: readonly RoleSlug[], allowed: readonly RoleSlug[]): boolean {
  return roles.includes('super_admin') || roles.some((role) => allowed.includes(role));
}

/** Create a ticket (T0). */
export function canCreateTicket(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['master', 'ops_manager']);
}

/** Approve review, assign, set manual metrics (T1, T2, T7). */
export function canReviewOrAssign(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['master', 'ops_manager']);
}

/** Approve review at creation time (T0 `approve_review`): admins only, not masters. */
export function canApproveAtCreation(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['ops_manager']);
}

/** Start work, send to QC, pause / resume / stop a session. */
export function canWork(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['technician']);
}

/** QC pass / fail. */
export function canDecideQc(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['qc_inspector']);
}

/** Approve or reject access requests. */
export function canModerateAccess(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['ops_manager']);
}

/** Staff views: stats, technician lists, ticket search. */
export function canSeeStats(roles: readonly RoleSlug[]): boolean {
  return isStaff(roles);
}

export function isStaff(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['master', 'ops_manager']);
}

/**
 * The bot's technician dashboards are gated on the technician role itself (§10): a super admin
 * without it has no tickets of their own to show.
 */
export function hasTechnicianRole(roles: readonly RoleSlug[]): boolean {
  return roles.includes('technician');
}

export function requireCapability(
  actor: Actor,
  check: (roles: readonly RoleSlug[]) => boolean,
  refusal: DomainErrorCode,
): void {
  if (!check(actor.roles)) throw new DomainError(refusal);
}
