import {
  type Client,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { Logger } from '../logger';
import { metrics, timed } from '../observability/metrics';
import { findDomainError } from '../contracts/failures';
import { findDatabaseFailure } from '../db/errors';
import { isTemporalUnavailable } from '../temporal/errors';
import { ServiceUnavailableError } from './errors';
import { fromDatabaseError } from './input-errors';

/**
 * Runs a call to Temporal with a deadline, the way every service facade does: a failure the
 * caller knows (`translate`) first, then a DomainError from a guard, then an activity's database
 * data/integrity failure as InvalidInputError or ConflictError, then a timeout or an unreachable
 * server as ServiceUnavailableError; anything else as it is.
 */
export async function callTemporal<T>(
  deps: { temporal: Client; logger: Logger },
  deadlineMs: number,
  execute: () => Promise<T>,
  translate: (err: unknown) => Error | undefined = () => undefined,
): Promise<T> {
  try {
    return await timed(metrics()?.temporalCall, {}, () => deps.temporal.withDeadline(Date.now() + deadlineMs, execute));
  } catch (err) {
    const known = translate(err) ?? findDomainError(err);
    if (known) throw known;
    // An activity's data or integrity error (non-retryable): bad input or a conflict, not an outage.
    const database = findDatabaseFailure(err);
    if (database) throw fromDatabaseError(database);
    // An update's RPC that ran out of time surfaces as its own error, its gRPC cause DEADLINE_EXCEEDED
    // or CANCELLED depending on where the deadline struck; both mean "not answered in time".
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err))
      throw new ServiceUnavailableError('timeout');
    // Unreachable: the client wraps the gRPC UNAVAILABLE it retried in a ServiceError of its own.
    if (isTemporalUnavailable(err) || (isGrpcServiceError(err) && !(err instanceof WorkflowUpdateFailedError))) {
      deps.logger.error({ err }, 'temporal call failed');
      throw new ServiceUnavailableError('unavailable');
    }
    throw err;
  }
}
