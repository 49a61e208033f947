// Database errors that fail the same way on every attempt: SQLSTATE class 22 (data exception: a
// number out of range, a NUL byte, bad text for a type, ...) and class 23 (integrity constraint
// violation: unique, foreign key, not null, check, an append-only trigger's restrict violation).
// Retrying such an activity only blocks its workflow (a ticket's updates wait out ten attempts), so
// the worker's activity interceptor below turns them into a non-retryable ApplicationFailure that
// carries what the service layer needs to answer 400 or 409 (see findDatabaseFailure).
//
// Also classified as a data error: 08P01 (protocol violation), what Postgres answers when a NUL byte
// is inlined into SQL text. Serialization failures and deadlocks (class 40), connection loss (08xxx
// otherwise) and everything else stay retryable.
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { causeChain } from '../domain';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';

export const DATABASE_FAILURE_TYPE = 'DatabaseError';

export interface DatabaseErrorInfo {
  /** `data`: the value cannot be stored (API 400); `integrity`: a constraint refused the change. */
  kind: 'data' | 'integrity';
  sqlState: string;
  constraint?: string;
  column?: string;
  table?: string;
  /** What went wrong, for the caller; never the SQL or the values. */
  message: string;
}

const DATA_MESSAGES: Record<string, string> = {
  '22001': 'A text value is too long to be stored.',
  '22003': 'A number is out of the range that can be stored.',
  '22007': 'A date or time value has an invalid format.',
  '22008': 'A date or time value is out of range.',
  '22021': 'A text value contains a character that cannot be stored (such as a NUL byte).',
  '22P02': 'A value has the wrong format for its type.',
  '22P05': 'A text value contains a character that cannot be stored (such as \\u0000 in JSON).',
  '08P01': 'A text value contains a character that cannot be stored (such as a NUL byte).',
};

function integrityMessage(sqlState: string, constraint?: string, column?: string): string {
  const named = constraint ? ` (${constraint})` : '';
  switch (sqlState) {
    case '23502':
      return `A required value is missing${column ? ` (${column})` : ''}.`;
    case '23503':
      return `The change refers to data that does not exist or is still referred to${named}.`;
    case '23505':
      return `The change conflicts with existing data${named}.`;
    case '23514':
      return `A value breaks a rule of the data${named}.`;
    case '23001':
      return 'The data may not be changed this way (it is append-only or still referred to).';
    default:
      return `The change breaks an integrity rule of the data${named}.`;
  }
}

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  column?: unknown;
  table?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The class 22/23 database error in `err`'s cause chain (the pg driver's error, or MikroORM's
 * DriverException that copies its fields), if there is one.
 */
export function databaseErrorOf(err: unknown): DatabaseErrorInfo | undefined {
  for (const current of causeChain(err)) {
    if (current instanceof TemporalFailure) return undefined;
    const fields = current as PgErrorFields;
    const code = typeof fields.code === 'string' ? fields.code : '';
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const constraint = text(fields.constraint);
      const column = text(fields.column);
      const table = text(fields.table);
      if (code.startsWith('22') || code === '08P01') {
        const message = DATA_MESSAGES[code] ?? `A value cannot be stored (SQLSTATE ${code}).`;
        return { kind: 'data', sqlState: code, constraint, column, table, message };
      }
      if (code.startsWith('23')) {
        return {
          kind: code === '23502' || code === '23514' ? 'data' : 'integrity',
          sqlState: code,
          constraint,
          column,
          table,
          message: integrityMessage(code, constraint, column),
        };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The database out of reach: an outage, not a bug and not bad input. Callers answer "try again"
// (the API 503, the webhook 503 so Telegram redelivers); the same request works once it is back.

/** Node's socket errors of the driver's connection (refused, reset, timed out, no route). */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATE of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now (starting up). */
const SHUTDOWN_STATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03']);

/**
 * What pg, pg-pool and knex's pool say when a connection dies or cannot be had in time. These carry
 * no code, and MikroORM rewraps them as a DriverException named after itself: the message is what remains.
 */
const LOST_CONNECTION =
  /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection)/;

/**
 * Whether `err` (or anything in its cause chain) says the database cannot be reached: a socket
 * error, SQLSTATE class 08 (connection exception; not 08P01, a protocol violation from bad data,
 * see above), 57P01/57P02/57P03, a connection pg lost or could not open in time, MikroORM's
 * ConnectionException, or knex's pool acquire timeout (KnexTimeoutError, or its message once
 * MikroORM rewrapped it). Errors from another realm count too.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const current of causeChain(err)) {
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code) || SHUTDOWN_STATES.has(code)) return true;
      if (/^08[0-9A-Z]{3}$/.test(code) && code !== '08P01') return true;
    }
    if (name === 'ConnectionException' || name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  }
  return false;
}

/** The non-retryable failure an activity fails with for a data or integrity error. */
export function toDatabaseFailure(info: DatabaseErrorInfo, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({
    type: DATABASE_FAILURE_TYPE,
    message: info.message,
    nonRetryable: true,
    details: [info],
    cause,
  });
}

/** The database failure anywhere in a Temporal failure's cause chain (update → activity → application). */
export function findDatabaseFailure(err: unknown): DatabaseErrorInfo | undefined {
  for (const current of causeChain(err)) {
    if (current instanceof ApplicationFailure && current.type === DATABASE_FAILURE_TYPE) {
      const info = current.details?.[0] as DatabaseErrorInfo | undefined;
      return info?.sqlState ? info : undefined;
    }
    if (!(current instanceof Error)) return undefined;
  }
  return undefined;
}

/** Rethrows a data or integrity error of an activity as a non-retryable failure; anything else as it is. */
export class DatabaseErrorInterceptor implements ActivityInboundCallsInterceptor {
  async execute(
    input: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[0],
    next: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[1],
  ): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      const info = databaseErrorOf(err);
      if (!info) throw err;
      // The cause keeps the driver's message (with the SQL) in the workflow history for operators.
      throw toDatabaseFailure(info, err instanceof Error ? err : undefined);
    }
  }
}

/** For Worker.create({ interceptors: { activity: [databaseErrorInterceptors] } }). */
export function databaseErrorInterceptors(): ActivityInterceptors {
  return { inbound: new DatabaseErrorInterceptor() };
}
