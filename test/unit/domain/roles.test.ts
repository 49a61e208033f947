import {
  canApproveAtCreation,
  canCreateTicket,
  canDecideQc,
  canModerateAccess,
  canReviewOrAssign,
  canSeeStats,
  canWork,
  hasTechnicianRole,
  type RoleSlug,
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
