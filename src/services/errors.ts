// Failures the service facade reports besides DomainError (which carries the domain's own text).

/** The thing asked for does not exist (API 404; the bot shows its "not found" alert). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: number | string,
  ) {
    super(`${entity} ${id} was not found.`);
  }
}

/** Temporal or the worker did not answer in time; nothing may have been applied yet. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(readonly reason: 'timeout' | 'unavailable') {
    super(
      reason === 'timeout'
        ? 'The workshop service is taking longer than usual. Please try again in a moment.'
        : 'The workshop service is unavailable right now. Please try again later.',
    );
  }
}
