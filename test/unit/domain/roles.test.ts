import {
  canApproveAtCreation,
  canChangeUser,
  canCreateTicket,
  canDecideQc,
  canGrantRole,
  canGrantRoles,
  canManageRules,
  canManageTokensOf,
  canManageUsers,
  canModerateAccess,
  canReviewOrAssign,
  canSeeStats,
  canSeeUser,
  canSeeXpOf,
  canWork,
  hasTechnicianRole,
  isReservedUsername,
  isSystemUser,
  type RoleSlug,
  rolesWith,
  SYSTEM_USERNAME,
} from '../../../src/domain';

type Check = (roles: readonly RoleSlug[]) => boolean;

const table: [string, Check, RoleSlug[]][] = [
  ['canCreateTicket', canCreateTicket, ['master', 'ops_manager', 'super_admin']],
  ['canReviewOrAssign', canReviewOrAssign, ['master', 'ops_manager', 'super_admin']],
  ['canApproveAtCreation', canApproveAtCreation, ['ops_manager', 'super_admin']],
  ['canWork', canWork, ['technician', 'super_admin']],
  ['canDecideQc', canDecideQc, ['qc_inspector', 'super_admin']],
  ['canModerateAccess', canModerateAccess, ['ops_manager', 'super_admin']],
  ['canSeeStats', canSeeStats, ['master', 'ops_manager', 'super_admin']],
  ['canManageRules', canManageRules, ['ops_manager', 'super_admin']],
  ['canManageUsers', canManageUsers, ['ops_manager', 'super_admin']],
];
const allRoles: RoleSlug[] = ['super_admin', 'ops_manager', 'master', 'technician', 'qc_inspector'];

describe.each(table)('%s', (_name, check, allowed) => {
  it.each(allRoles)('answers for %s alone', (role) => {
    expect(check([role])).toBe(allowed.includes(role));
  });

  it('refuses a user with no roles', () => {
    expect(check([])).toBe(false);
  });
});

describe('hasTechnicianRole', () => {
  it('looks at the technician role only (the bot gate), not super_admin', () => {
    expect(hasTechnicianRole(['technician'])).toBe(true);
    expect(hasTechnicianRole(['super_admin'])).toBe(false);
  });

  it('passes a user holding several roles when one of them allows', () => {
    expect(canWork(['master', 'technician'])).toBe(true);
  });
});

describe('rolesWith', () => {
  it('lists the roles that pass a check on their own', () => {
    expect(rolesWith(canDecideQc).sort()).toEqual(['qc_inspector', 'super_admin']);
    expect(rolesWith(canModerateAccess).sort()).toEqual(['ops_manager', 'super_admin']);
  });
});

describe('canGrantRole / canGrantRoles', () => {
  it('lets only a super admin grant super_admin', () => {
    expect(canGrantRole(['super_admin'], 'super_admin')).toBe(true);
    expect(canGrantRole(['ops_manager'], 'super_admin')).toBe(false);
    expect(canGrantRoles(['ops_manager'], ['technician', 'super_admin'])).toBe(false);
  });

  it.each(allRoles.filter((role) => role !== 'super_admin'))('lets a manager grant %s', (role) => {
    expect(canGrantRole(['ops_manager'], role)).toBe(true);
  });

  it('accepts an empty role set', () => {
    expect(canGrantRoles(['ops_manager'], [])).toBe(true);
  });
});

describe('canChangeUser', () => {
  it('keeps a super admin out of reach of anyone but a super admin', () => {
    expect(canChangeUser(['ops_manager'], ['super_admin', 'technician'])).toBe(false);
    expect(canChangeUser(['super_admin'], ['super_admin'])).toBe(true);
    expect(canChangeUser(['ops_manager'], ['technician', 'master'])).toBe(true);
  });
});

describe.each([
  ['canSeeUser', canSeeUser],
  ['canSeeXpOf', canSeeXpOf],
])('%s', (_name, check) => {
  it('shows a user themselves whatever their roles', () => {
    expect(check({ id: 7, roles: ['technician'] }, 7)).toBe(true);
    expect(check({ id: 7, roles: [] }, 7)).toBe(true);
  });

  it.each(allRoles)('shows someone else only to staff (%s)', (role) => {
    expect(check({ id: 7, roles: [role] }, 8)).toBe(['master', 'ops_manager', 'super_admin'].includes(role));
  });
});

describe('canManageTokensOf', () => {
  it('lets a user manage their own tokens', () => {
    expect(canManageTokensOf({ id: 7, roles: ['technician'] }, 7)).toBe(true);
  });

  it.each(allRoles)("lets only a super admin manage someone else's (%s)", (role) => {
    expect(canManageTokensOf({ id: 7, roles: [role] }, 8)).toBe(role === 'super_admin');
  });
});

describe('the reserved system user', () => {
  it('reserves its name in any case', () => {
    expect(SYSTEM_USERNAME).toBe('system');
    expect(isReservedUsername('system')).toBe(true);
    expect(isReservedUsername('SyStEm')).toBe(true);
    expect(isReservedUsername('systems')).toBe(false);
  });

  it('is the user stored under exactly that name', () => {
    expect(isSystemUser({ username: 'system' })).toBe(true);
    expect(isSystemUser({ username: 'alice' })).toBe(false);
  });
});
