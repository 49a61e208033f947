// Capability checks (workshop-domain.md §10, §3 "Allowed roles"). super_admin passes every check.
import { ROLE_SLUGS, type RoleSlug } from './enums';
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

/** Record attendance on a technician's behalf and list a day's records: masters, ops managers, super admins. */
export function canRecordAttendance(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['master', 'ops_manager']);
}

/** Change the rules config (update, roll back): ops managers and super admins. */
export function canManageRules(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['ops_manager']);
}

/** Manual XP adjustments and level changes, and triggering a weekly evaluation: ops managers and super admins. */
export function canAdjustProgression(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['ops_manager']);
}

/** Create users and change their roles, details or active flag: ops managers and super admins. */
export function canManageUsers(roles: readonly RoleSlug[]): boolean {
  return holdsAny(roles, ['ops_manager']);
}

/** Granting (or taking away) super_admin is for super admins only; any other role, for any manager. */
export function canGrantRole(actorRoles: readonly RoleSlug[], role: RoleSlug): boolean {
  return role !== 'super_admin' || actorRoles.includes('super_admin');
}

/** Every one of `roles` may be granted by the actor (a role set to give, or the set a user holds). */
export function canGrantRoles(actorRoles: readonly RoleSlug[], roles: readonly RoleSlug[]): boolean {
  return roles.every((role) => canGrantRole(actorRoles, role));
}

/**
 * Changing a user who holds super_admin (their details, flag or roles) is for super admins only:
 * the actor must be able to grant every role the user holds.
 */
export function canChangeUser(actorRoles: readonly RoleSlug[], heldRoles: readonly RoleSlug[]): boolean {
  return canGrantRoles(actorRoles, heldRoles);
}

/** A user's profile and XP: the user themselves, or staff. */
export function canSeeUser(actor: Actor, userId: number): boolean {
  return actor.id === userId || isStaff(actor.roles);
}

/** XP totals, history and ledger entries follow the profile rule: self or staff. */
export function canSeeXpOf(actor: Actor, userId: number): boolean {
  return canSeeUser(actor, userId);
}

/** Issue, list or revoke a user's API tokens: the user themselves, or a super admin. */
export function canManageTokensOf(actor: Actor, userId: number): boolean {
  return actor.id === userId || actor.roles.includes('super_admin');
}

/**
 * The REST API's system token acts as this user: a super admin without a Telegram profile. The
 * name is reserved (case-insensitively) and the user cannot be changed through the API.
 */
export const SYSTEM_USERNAME = 'system';

/** A new username may not take the system user's name, in any case. */
export function isReservedUsername(username: string): boolean {
  return username.toLowerCase() === SYSTEM_USERNAME;
}

/** The system user itself (its stored name), which the users API may not change. */
export function isSystemUser(user: { readonly username: string }): boolean {
  return user.username === SYSTEM_USERNAME;
}

/**
 * The bot's technician dashboards are gated on the technician role itself (§10): a super admin
 * without it has no tickets of their own to show.
 */
export function hasTechnicianRole(roles: readonly RoleSlug[]): boolean {
  return roles.includes('technician');
}

/** The roles that pass a capability check on their own (e.g. who to tell that a ticket waits for QC). */
export function rolesWith(check: (roles: readonly RoleSlug[]) => boolean): RoleSlug[] {
  return ROLE_SLUGS.filter((role) => check([role]));
}

export function requireCapability(
  actor: Actor,
  check: (roles: readonly RoleSlug[]) => boolean,
  refusal: DomainErrorCode,
): void {
  if (!check(actor.roles)) throw new DomainError(refusal);
}

/** Roles a moderator may grant from the bot's role picker (super_admin is never handed out there). */
export const GRANTABLE_ROLES = ['technician', 'qc_inspector', 'master', 'ops_manager'] as const satisfies RoleSlug[];
