// How a DomainError crosses Temporal boundaries (activity → workflow → update caller) intact.
// Workflow-safe: depends only on the pure domain and @temporalio/common.
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { DomainError, type DomainErrorCode, type DomainErrorParams } from '../domain/errors';

export const DOMAIN_FAILURE_TYPE = 'DomainError';

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
