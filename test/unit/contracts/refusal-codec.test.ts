// Support and access-closed refusals cross Temporal as DomainErrors, and the failure types they
// had before (still in recorded histories, still thrown by a worker not yet upgraded) read the same.
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { findDomainError, refuseSupport } from '../../../src/contracts/failures';
import { closedStatusOf } from '../../../src/contracts/messages';

const throwing = (run: () => void): unknown => {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
};

describe('the refusal codec', () => {
  it('carries a support refusal as a DomainError code', () => {
    const failure = throwing(() => refuseSupport('already_assigned'));
    expect(failure).toMatchObject({ type: 'DomainError', nonRetryable: true });
    expect(findDomainError(failure)).toMatchObject({ code: 'support.already_assigned' });
    expect(() => refuseSupport(null)).not.toThrow();
  });

  it('reads the legacy SupportRefused and AccessRequestClosed failure types', () => {
    expect(findDomainError(ApplicationFailure.nonRetryable('closed', 'SupportRefused'))).toMatchObject({
      code: 'support.closed',
      message: '⚠️ This ticket is already closed.',
    });
    expect(findDomainError(ApplicationFailure.nonRetryable('nonsense', 'SupportRefused'))).toBeUndefined();
    const legacyClosed = ApplicationFailure.create({
      type: 'AccessRequestClosed',
      message: 'Access request is already expired.',
      nonRetryable: true,
      details: [{ status: 'expired' }],
    });
    const wrapped = new ActivityFailure(
      'failed',
      'decideAccessRequest',
      '1',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      legacyClosed,
    );
    expect(closedStatusOf(wrapped)).toBe('expired');
    expect(findDomainError(wrapped)?.message).toBe('Access request is already expired.');
  });
});
