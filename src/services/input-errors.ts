// Failures of the admin services (users, inventory, rules, API tokens) besides DomainError,
// NotFoundError and ServiceUnavailableError: a request with bad fields, and a request that clashes
// with data already there. The REST API answers them with 400 and 409.

/** Some fields of the request are wrong; one message per field (dotted path). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly fields: Readonly<Record<string, string>>,
    message = 'The request has invalid fields.',
  ) {
    super(message);
  }
}

/** The request conflicts with existing data (a taken name, a protected record). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
