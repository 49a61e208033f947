// One mapping from every failure to an HTTP answer, for all /api routes:
//   schema violations and DomainErrors naming a field → 400 {error:'validation', fields}
//   no usable token → 401; a role or ownership refusal → 403 with the domain text
//   unknown ids → 404; other domain refusals (wrong status, ...) and clashes → 409 {error, code, message}
//   a database data error (a value that cannot be stored) → 400, an integrity clash → 409
//   too many requests → 429; Temporal not answering, or Postgres / Redis / Temporal out of reach → 503
//   {error:'unavailable'}; anything else → 500 (logged).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode, isPermissionError } from '../../domain';
import { AccessRequestPendingError } from '../../services/access-requests';
import { isInfrastructureOutage, NotFoundError, ServiceUnavailableError } from '../../services/errors';
import { ConflictError, databaseRefusalOf, type FieldProblem, InvalidInputError } from '../../services/input-errors';
import { UnauthorizedError } from './auth';
import { NOT_BLANK_PATTERN } from './schemas';

/**
 * Refusals because the ticket belongs to someone else: like role refusals these are about who
 * asks, not about the ticket's state, so they answer 403 too.
 */
const OWNERSHIP_REFUSALS: ReadonlySet<DomainErrorCode> = new Set<DomainErrorCode>([
  'action.ticket_not_yours',
  'ticket.start_not_assignee',
  'ticket.send_to_qc_not_assignee',
]);

type Params = Readonly<Record<string, string | number>>;

export interface ErrorBody {
  error: string;
  code?: string;
  /** The values `message` names (for a client that words `code` in its own language). */
  params?: Params;
  message?: string;
  fields?: Record<string, string>;
  /** Each field's problem as a stable code with its values, where known (same keys as `fields`). */
  field_errors?: Record<string, FieldProblem>;
}

interface AjvError {
  instancePath?: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `/part_specs/0/minutes` → `part_specs[0].minutes`. */
function fieldPath(pointer: string, child?: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child) segments.push(child);
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path ? `${path}.${segment}` : segment;
  }, '');
}

/** The stable code of a schema violation, and the values its message names. */
function ajvProblem(error: AjvError): FieldProblem {
  const limit = error.params?.limit;
  const withLimit = (code: string): FieldProblem =>
    typeof limit === 'number' ? { code, params: { limit } } : { code };
  switch (error.keyword) {
    case 'required':
      return { code: 'required' };
    case 'additionalProperties':
      return { code: 'unknown_field' };
    case 'enum':
      return {
        code: 'not_one_of',
        params: { values: ((error.params?.allowedValues as unknown[] | undefined) ?? []).join(', ') },
      };
    case 'maxLength':
      return withLimit('too_long');
    case 'minLength':
      return withLimit('too_short');
    case 'minimum':
      return withLimit('below_minimum');
    case 'maximum':
      return withLimit('above_maximum');
    case 'type':
      return { code: 'wrong_type', params: { type: String(error.params?.type ?? '?') } };
    case 'pattern':
      return { code: error.params?.pattern === NOT_BLANK_PATTERN ? 'blank' : 'invalid' };
    default:
      return { code: 'invalid' };
  }
}

function ajvMessage(error: AjvError): string {
  switch (error.keyword) {
    case 'required':
      return 'This field is required.';
    case 'enum':
      return `Must be one of: ${(error.params?.allowedValues as unknown[] | undefined)?.join(', ') ?? '?'}.`;
    case 'additionalProperties':
      return 'Unknown field.';
    default:
      return error.message ? `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.` : 'Invalid value.';
  }
}

/**
 * Field → message and field → problem code from fastify's schema validation errors (all of them:
 * ajv runs with allErrors); the first error of a field wins.
 */
export function validationFields(error: FastifyError): {
  fields: Record<string, string>;
  problems: Record<string, FieldProblem>;
} {
  const fields: Record<string, string> = {};
  const problems: Record<string, FieldProblem> = {};
  const context = error.validationContext ?? 'body';
  for (const raw of (error.validation ?? []) as AjvError[]) {
    const child =
      raw.keyword === 'required'
        ? String(raw.params?.missingProperty ?? '')
        : raw.keyword === 'additionalProperties'
          ? String(raw.params?.additionalProperty ?? '')
          : undefined;
    const field = fieldPath(raw.instancePath ?? '', child) || context;
    if (field in fields) continue;
    fields[field] = ajvMessage(raw);
    problems[field] = ajvProblem(raw);
  }
  return { fields, problems };
}

/** `params` when there are any (left out of the body otherwise). */
const withParams = (params: Params | undefined) => (params && Object.keys(params).length > 0 ? { params } : {});
const withProblems = (problems: Record<string, FieldProblem>) =>
  Object.keys(problems).length > 0 ? { field_errors: { ...problems } } : {};

export function errorResponse(err: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof UnauthorizedError) {
    return {
      status: 401,
      body: {
        error: 'unauthorized',
        ...(err.reason === 'expired' ? { code: 'token_expired' } : {}),
        message: err.message,
      },
      headers: {
        'www-authenticate':
          err.reason === 'expired'
            ? 'Bearer realm="ticketflow", error="invalid_token", error_description="The token expired"'
            : 'Bearer realm="ticketflow"',
      },
    };
  }
  if (err instanceof DomainError) {
    const params = withParams(err.params);
    if (isPermissionError(err) || OWNERSHIP_REFUSALS.has(err.code))
      return { status: 403, body: { error: 'forbidden', code: err.code, ...params, message: err.message } };
    if (err.field) {
      return {
        status: 400,
        body: {
          error: 'validation',
          code: err.code,
          ...params,
          message: err.message,
          fields: { [err.field]: err.message },
          field_errors: { [err.field]: { code: err.code, ...params } },
        },
      };
    }
    return { status: 409, body: { error: 'conflict', code: err.code, ...params, message: err.message } };
  }
  if (err instanceof InvalidInputError) {
    return {
      status: 400,
      body: {
        error: 'validation',
        ...(err.code ? { code: err.code } : {}),
        message: err.message,
        fields: { ...err.fields },
        ...withProblems(err.problems),
      },
    };
  }
  if (err instanceof NotFoundError) {
    return { status: 404, body: { error: 'not_found', params: { id: err.id }, message: err.message } };
  }
  if (err instanceof ConflictError) {
    return {
      status: 409,
      body: { error: 'conflict', code: err.code, ...withParams(err.params), message: err.message },
    };
  }
  if (err instanceof AccessRequestPendingError) {
    return { status: 409, body: { error: 'conflict', code: 'access_request.pending', message: err.message } };
  }
  if (err instanceof ServiceUnavailableError) {
    return { status: 503, body: { error: 'unavailable', code: err.reason, message: err.message } };
  }
  // Postgres, Redis or Temporal out of reach: the same 503 as a service that does not answer, so clients retry.
  if (isInfrastructureOutage(err)) return errorResponse(new ServiceUnavailableError('unavailable'));
  // A service's own query the schemas did not guard against: the database's verdict, not a 500.
  const database = databaseRefusalOf(err);
  if (database) return errorResponse(database);
  const fastifyError = err as Partial<FastifyError> | null;
  if (fastifyError?.validation) {
    const { fields, problems } = validationFields(fastifyError as FastifyError);
    return {
      status: 400,
      body: {
        error: 'validation',
        message: 'The request does not match the schema.',
        fields,
        ...withProblems(problems),
      },
    };
  }
  const status = fastifyError?.statusCode;
  if (status === 429) return { status, body: { error: 'rate_limited', message: fastifyError?.message } };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Malformed JSON, unsupported media type, body too large, ...
    return {
      status,
      body: {
        error: status === 404 ? 'not_found' : 'bad_request',
        code: fastifyError?.code,
        message: fastifyError?.message,
      },
    };
  }
  return { status: 500, body: { error: 'internal', message: 'Internal server error.' } };
}

export function apiErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers } = errorResponse(err);
  if (status >= 500 && status !== 503) request.log.error({ err }, 'api request failed');
  else if (databaseRefusalOf(err)) request.log.warn({ err }, 'api request refused by the database, not by its schema');
  else if (status === 503)
    request.log.warn({ err }, 'api request: a service it needs is unavailable; the client is told to retry');
  if (headers) void reply.headers(headers);
  return reply.code(status).send(body);
}
