// Failures of the admin services (users, inventory, rules, API tokens) besides DomainError,
// NotFoundError and ServiceUnavailableError: a request with bad fields, and a request that clashes
// with data already there. The REST API answers them with 400 and 409. A database data or integrity
// error (from an activity, through Temporal, or from a service's own query) becomes one of them too.
import { databaseErrorOf, type DatabaseErrorInfo } from '../db/errors';

/** Why one field is wrong, for a client that words it in its own language: a stable code and the values it names. */
export interface FieldProblem {
  code: string;
  params?: Readonly<Record<string, string | number>>;
}

/** Some fields of the request are wrong; one message per field (dotted path). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly fields: Readonly<Record<string, string>>,
    message = 'The request has invalid fields.',
    /** Stable code of the refusal, where there is one (e.g. `database.22003`). */
    readonly code?: string,
    /** The fields' problems as codes, where the service names them. */
    readonly problems: Readonly<Record<string, FieldProblem>> = {},
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
    /** The values the message names, for a client that words it in its own language. */
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

/**
 * What the caller is told about a database data or integrity error: a value that cannot be stored
 * or breaks a rule of the data is invalid input (400); a clash with other data is a conflict (409).
 */
export function fromDatabaseError(info: DatabaseErrorInfo): InvalidInputError | ConflictError {
  const code = `database.${info.sqlState}`;
  if (info.kind === 'data') {
    return new InvalidInputError(info.column ? { [info.column]: info.message } : {}, info.message, code);
  }
  return new ConflictError(code, info.message);
}

/** What a database data or integrity error anywhere in `err`'s causes means for the caller, if there is one. */
export function databaseRefusalOf(err: unknown): InvalidInputError | ConflictError | undefined {
  const info = databaseErrorOf(err);
  return info ? fromDatabaseError(info) : undefined;
}
