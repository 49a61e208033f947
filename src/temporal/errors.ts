// Temporal's frontend out of reach: an outage, not a bug. The client retries UNAVAILABLE itself
// (about 20 s) and then throws its own ServiceError with the gRPC error as the cause, so the
// cause chain is what tells.
import { isGrpcServiceError } from '@temporalio/client';
import { causeChain } from '../domain';

/** gRPC status UNAVAILABLE: no connection to the server (the frontend is down or unreachable). */
const GRPC_UNAVAILABLE = 14;

/** Whether `err` (or anything in its cause chain) is a gRPC UNAVAILABLE from the Temporal service. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (const current of causeChain(err)) {
    if (isGrpcServiceError(current) && current.code === GRPC_UNAVAILABLE) return true;
  }
  return false;
}
