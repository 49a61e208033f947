// Temporal's frontend out of reach: an outage, not a bug. The client retries UNAVAILABLE itself
// (about 20 s) and then throws its own ServiceError with the gRPC error as the cause, so the
// cause chain is what tells.
import { isGrpcServiceError } from '@temporalio/client';

/** gRPC status UNAVAILABLE: no connection to the server (the frontend is down or unreachable). */
const GRPC_UNAVAILABLE = 14;

/** Whether `err` (or anything in its cause chain) is a gRPC UNAVAILABLE from the Temporal service. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && typeof current === 'object' && depth < 10; depth += 1) {
    if (isGrpcServiceError(current) && current.code === GRPC_UNAVAILABLE) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
