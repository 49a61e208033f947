// The pure guard AccessRequestWorkflow uses as its update validator, and the "already closed"
// failure as it crosses Temporal boundaries.
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { DomainError, type Actor } from '../../../src/domain';
import { checkAccessDecision } from '../../../workflows/access-request';
import { accessRequestClosedFailure, closedStatusOf } from '../../../src/contracts/messages';
import { DOMAIN_FAILURE_TYPE as ACCESS_REQUEST_CLOSED } from '../../../src/contracts/failures';

const admin: Actor = { id: 1, roles: ['super_admin'] };
const manager: Actor = { id: 2, roles: ['ops_manager'] };
const pending = { requestId: 10, status: 'pending' as const };

function refusal(check: () => void): unknown {
  try {
    check();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('checkAccessDecision', () => {
  it('lets super admins and ops managers approve with grantable roles, or reject', () => {
    expect(() => checkAccessDecision(pending, { requestId: 10, actor: admin, roles: ['technician'] })).not.toThrow();
    expect(() =>
      checkAccessDecision(pending, { requestId: 10, actor: manager, roles: ['master', 'qc_inspector', 'ops_manager'] }),
    ).not.toThrow();
    expect(() => checkAccessDecision(pending, { requestId: 10, actor: manager })).not.toThrow();
  });

  it.each([[['technician']], [['master']], [['qc_inspector']], [[]]] as const)(
    'refuses a moderator without the capability (%j)',
    (roles) => {
      const err = refusal(() =>
        checkAccessDecision(pending, { requestId: 10, actor: { id: 3, roles }, roles: ['technician'] }),
      );
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('role.forbidden');
    },
  );

  it('refuses roles the picker does not offer, and an empty grant', () => {
    const superAdmin = refusal(() =>
      checkAccessDecision(pending, { requestId: 10, actor: admin, roles: ['super_admin'] }),
    );
    expect(superAdmin).toMatchObject({ code: 'input.invalid_choice', message: '"super_admin" is not a valid choice.' });
    expect(refusal(() => checkAccessDecision(pending, { requestId: 10, actor: admin, roles: [] }))).toMatchObject({
      code: 'input.invalid_choice',
    });
  });

  it('refuses a request that is no longer pending, or another request than the workflow’s', () => {
    for (const status of ['approved', 'rejected', 'expired'] as const) {
      const err = refusal(() => checkAccessDecision({ requestId: 10, status }, { requestId: 10, actor: admin }));
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(closedStatusOf(err)).toBe(status);
    }
    expect(closedStatusOf(refusal(() => checkAccessDecision(pending, { requestId: 11, actor: admin })))).toBe(
      'pending',
    );
  });

  it('checks permission before anything else', () => {
    const err = refusal(() =>
      checkAccessDecision({ requestId: 10, status: 'approved' }, { requestId: 11, actor: { id: 3, roles: [] } }),
    );
    expect((err as DomainError).code).toBe('role.forbidden');
  });
});

describe('the "already closed" failure', () => {
  it('is non-retryable and carries the status through an activity failure', () => {
    const failure = accessRequestClosedFailure('rejected');
    expect(failure).toMatchObject({ type: ACCESS_REQUEST_CLOSED, nonRetryable: true });
    const wrapped = new ActivityFailure(
      'activity failed',
      'decideAccessRequest',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      failure,
    );
    expect(closedStatusOf(wrapped)).toBe('rejected');
    expect(closedStatusOf(new Error('other'))).toBeNull();
    expect(closedStatusOf(ApplicationFailure.nonRetryable('x', 'OtherType'))).toBeNull();
  });
});
