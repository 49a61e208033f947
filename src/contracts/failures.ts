// How a DomainError crosses Temporal boundaries (activity → workflow → update caller) intact.
// Workflow-safe: depends only on the pure domain and @temporalio/common.
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { DomainError, type DomainErrorCode, type DomainErrorParams } from '../domain/errors';
import { SUPPORT_REFUSALS, supportRefusal, type SupportRefusal } from '../domain/support-desk';

export const DOMAIN_FAILURE_TYPE = 'DomainError';

// Failure types from before support and access-request refusals became DomainErrors. Histories
// recorded then hold them (a workflow replaying a decision reads its activity's failure again), and
// a worker not yet upgraded still throws them: they are read as the DomainErrors they mean.
const LEGACY_SUPPORT_REFUSED = 'SupportRefused';
const LEGACY_ACCESS_REQUEST_CLOSED = 'AccessRequestClosed';

function fromLegacyFailure(failure: ApplicationFailure): DomainError | undefined {
  if (failure.type === LEGACY_SUPPORT_REFUSED) {
    const code = failure.message as SupportRefusal;
    return SUPPORT_REFUSALS.includes(code) ? supportRefusal(code) : undefined;
  }
  if (failure.type === LEGACY_ACCESS_REQUEST_CLOSED) {
    const details = failure.details?.[0] as { status?: string } | undefined;
    return new DomainError('access_request.closed', { status: details?.status ?? 'pending' });
  }
  return undefined;
}

interface DomainFailureDetails {
  code: DomainErrorCode;
  params: DomainErrorParams;
  field?: string;
}

/** A non-retryable failure carrying the error's code, so callers can rebuild the DomainError. */
export function toDomainFailure(error: DomainError): ApplicationFailure {
  const details: DomainFailureDetails = { code: error.code, params: error.params, field: error.field };
  return ApplicationFailure.create({
    type: DOMAIN_FAILURE_TYPE,
    message: error.message,
    nonRetryable: true,
    details: [details],
  });
}

/** Finds a DomainError anywhere in a failure's cause chain (ActivityFailure, WorkflowUpdateFailedError, ...). */
export function findDomainError(error: unknown): DomainError | undefined {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    if (current instanceof DomainError) return current;
    if (current instanceof ApplicationFailure && current.type === DOMAIN_FAILURE_TYPE) {
      const details = current.details?.[0] as DomainFailureDetails | undefined;
      if (details?.code) return new DomainError(details.code, details.params ?? {}, details.field);
    }
    if (current instanceof ApplicationFailure) {
      const legacy = fromLegacyFailure(current);
      if (legacy) return legacy;
    }
    if (!(current instanceof Error) && !(current instanceof TemporalFailure)) return undefined;
  }
  return undefined;
}

/** What a workflow throws for a caught failure: a DomainError in its chain becomes the update's domain failure. */
export function asWorkflowFailure(err: unknown): unknown {
  const domainError = findDomainError(err);
  return domainError ? toDomainFailure(domainError) : err;
}

/** Runs a pure guard (an update validator, or its re-check in the handler). */
export function guard(check: () => unknown): void {
  try {
    check();
  } catch (err) {
    throw asWorkflowFailure(err);
  }
}

/** Refuses a support action (a guard's verdict) as the update's domain failure. */
export function refuseSupport(code: SupportRefusal | null): void {
  if (code) throw toDomainFailure(supportRefusal(code));
}
