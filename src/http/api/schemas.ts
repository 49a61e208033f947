// JSON schemas of the REST API: shared pieces, the resources as they travel (snake_case), and the
// route-schema helper that adds the bearer security requirement and the error responses, so every
// route documents its auth and failures the same way.
import {
  ACCESS_REQUEST_STATUSES,
  INVENTORY_ITEM_STATUSES,
  ROLE_SLUGS,
  TICKET_COLORS,
  TICKET_STATUSES,
  TICKET_TRANSITION_ACTIONS,
  WORK_SESSION_ACTIONS,
  WORK_SESSION_STATUSES,
  XP_ENTRY_TYPES,
} from '../../domain';

export const BEARER_SCHEME = 'bearerAuth' as const;

type Schema = Record<string, unknown>;

// ---------------------------------------------------------------- storage bounds
//
// Every value a request carries is bounded by where it is stored, so the schema refuses it with a
// 400 naming the field before it can reach Postgres: integers within `int` (int4) columns, or within
// what a JSON number carries exactly for `bigint` ones, never negative; pages with a maximum size and
// offset; strings with a maximum length and without NUL (Postgres text cannot hold one). Routes use
// these builders, and assertBoundedInput refuses at start-up a request schema that is not bounded.

/** Largest value of a Postgres `int` (int4) column. */
export const INT4_MAX = 2_147_483_647;
/** Largest integer a JSON number carries exactly: the bound of `bigint` columns read as numbers. */
export const INT8_SAFE_MAX = Number.MAX_SAFE_INTEGER;
/** Items per page at most. */
export const MAX_PAGE_SIZE = 100;
/** The deepest a list may be paged into; past it, filter instead. */
export const MAX_OFFSET = 1_000_000;
/**
 * Manual XP of one ticket at most: far inside int4, so the bonuses added at QC can never push an
 * XP entry past its column.
 */
export const MAX_TICKET_XP = 1_000_000;
/** A string without NUL (U+0000). */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';
/** A string with something besides white space, and without NUL (linear-time: one lookahead). */
export const NOT_BLANK_PATTERN = '^(?=[\\s\\S]*\\S)[^\\u0000]*$';

/**
 * More keywords for a builder's schema (description, default, …). Generic in the builders, so the
 * request types derived from a schema (the type provider, see context.ts) see them too.
 */
type Extra = Record<string, unknown>;
type NoExtra = Record<never, never>;

function boundedInteger<const E extends Extra>(
  floor: number,
  ceiling: number,
  bounds: { minimum?: number; maximum?: number },
  extra: E,
) {
  const minimum = bounds.minimum ?? 0;
  const maximum = bounds.maximum ?? ceiling;
  if (minimum < floor || maximum > ceiling || minimum > maximum) {
    throw new Error(`integer bounds [${minimum}, ${maximum}] are outside [${floor}, ${ceiling}]`);
  }
  return { type: 'integer', minimum, maximum, ...extra } as const;
}

/** An integer stored in an `int` column: 0 … 2^31−1 unless narrowed. */
export function int4<const E extends Extra = NoExtra>(bounds: { minimum?: number; maximum?: number } = {}, extra?: E) {
  return boundedInteger(0, INT4_MAX, bounds, extra ?? ({} as E));
}

/** An integer stored in a `bigint` column (Telegram ids): 0 … 2^53−1 unless narrowed. */
export function int8<const E extends Extra = NoExtra>(bounds: { minimum?: number; maximum?: number } = {}, extra?: E) {
  return boundedInteger(0, INT8_SAFE_MAX, bounds, extra ?? ({} as E));
}

/**
 * A string stored in a `text` column: at most `maxLength` characters (code points, as Postgres
 * counts them), no NUL; `notBlank` also wants something besides white space.
 */
export function text<const E extends Extra = NoExtra>(
  options: { maxLength: number; minLength?: number; notBlank?: boolean },
  extra?: E,
) {
  const { maxLength, minLength, notBlank } = options;
  return {
    type: 'string',
    ...(minLength ? { minLength } : {}),
    maxLength,
    pattern: notBlank ? NOT_BLANK_PATTERN : NO_NUL_PATTERN,
    ...extra,
  } as const;
}

/** One of `values`, or null (OpenAPI 3.0: a nullable enum lists null among its values). */
export function nullableEnum<T extends string, const E extends Extra = NoExtra>(values: readonly T[], extra?: E) {
  return { type: 'string', enum: [...values, null], nullable: true, ...extra } as const;
}

// ---------------------------------------------------------------- primitives

export const id = int4({ minimum: 1 });
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDateTime = { type: 'string', format: 'date-time', nullable: true } as const;
export const nullableInt = { type: 'integer', nullable: true } as const;
export const nullableString = { type: 'string', nullable: true } as const;
/** Free-form JSON object (metadata, payload). */
export const jsonObject = { type: 'object', additionalProperties: true } as const;

export const roleSlug = { type: 'string', enum: [...ROLE_SLUGS] } as const;
export const ticketStatus = { type: 'string', enum: [...TICKET_STATUSES] } as const;
export const ticketColor = { type: 'string', enum: [...TICKET_COLORS] } as const;
export const itemStatus = { type: 'string', enum: [...INVENTORY_ITEM_STATUSES] } as const;
export const accessRequestStatus = { type: 'string', enum: [...ACCESS_REQUEST_STATUSES] } as const;

/**
 * A closed object; `required` defaults to every property (an empty list is left out, as OpenAPI 3.0
 * wants). Typed as its literal, so a route's request types are derived from it.
 */
export function object<
  const P extends Record<string, unknown>,
  const R extends readonly (keyof P & string)[] = (keyof P & string)[],
>(properties: P, required?: R): { type: 'object'; additionalProperties: false; required: R; properties: P } {
  const names = required ?? Object.keys(properties);
  return {
    type: 'object',
    additionalProperties: false,
    ...(names.length ? { required: names } : {}),
    properties,
  } as { type: 'object'; additionalProperties: false; required: R; properties: P };
}

export const idParams = object({ id });

/** `limit` and `offset` of a list; `limit` defaults to `defaultLimit`. */
export function pageParams(defaultLimit = 20) {
  return {
    limit: int4({ minimum: 1, maximum: MAX_PAGE_SIZE }, { default: defaultLimit }),
    offset: int4({ maximum: MAX_OFFSET }, { default: 0 }),
  } as const;
}

export const pageQuery = pageParams();

/** `{total, limit, offset, items}` of the given item schema. */
export function page(item: Schema): Schema {
  return object({
    total: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
    offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET },
    items: { type: 'array', items: item },
  });
}

/**
 * Throws unless every value a request schema admits is bounded: each integer and number has a
 * minimum and a maximum within 2^53; each string an enum, a format, or a maxLength and a pattern
 * that refuses NUL; each array a maxItems. Free-form objects (no properties) are left to the domain.
 */
export function assertBoundedInput(schema: unknown, where: string): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Record<string, unknown>;
  const fail = (why: string) => {
    throw new Error(`${where}: ${why}`);
  };
  const types = [s.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    const { minimum, maximum } = s as { minimum?: number; maximum?: number };
    if (typeof minimum !== 'number' || typeof maximum !== 'number') fail('a number needs a minimum and a maximum');
    else if (minimum < -INT8_SAFE_MAX || maximum > INT8_SAFE_MAX) fail('a number is bounded beyond 2^53');
  }
  // An enum or a format (date-time) bounds a string by itself.
  if (types.includes('string') && !s.enum && typeof s.format !== 'string') {
    if (typeof s.maxLength !== 'number') fail('a string needs a maxLength');
    if (typeof s.pattern !== 'string' || new RegExp(s.pattern, 'u').test('\u0000')) {
      fail('a string must refuse NUL (a pattern such as NO_NUL_PATTERN)');
    }
  }
  if (types.includes('array')) {
    if (typeof s.maxItems !== 'number') fail('an array needs maxItems');
    assertBoundedInput(s.items, `${where}[]`);
  }
  for (const [key, child] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {})) {
    assertBoundedInput(child, `${where}.${key}`);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    assertBoundedInput(s.additionalProperties, `${where}.*`);
  }
}

// ---------------------------------------------------------------- errors

const fieldProblem = {
  type: 'object',
  required: ['code'],
  properties: {
    code: { type: 'string' },
    params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  },
} as const;

export const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'string',
      description:
        'unauthorized · forbidden · not_found · validation · conflict · rate_limited · unavailable · internal',
    },
    code: { type: 'string', description: 'Stable code of the refusal (domain error code where there is one)' },
    params: {
      type: 'object',
      additionalProperties: { type: ['string', 'number'] },
      description: 'The values the message names, to word `code` in another language',
    },
    message: { type: 'string', description: 'Human-readable reason (the domain text, verbatim, in English)' },
    fields: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Validation errors: field path → message',
    },
    field_errors: {
      type: 'object',
      additionalProperties: fieldProblem,
      description:
        'Validation errors as codes: field path → {code, params}. Codes: required, unknown_field, not_one_of ' +
        '(values), too_long, too_short, below_minimum, above_maximum (limit), wrong_type (type), blank, invalid, ' +
        'unknown_id, archived (id), or a domain error code',
    },
  },
} as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `fields` maps each invalid field to its message',
  401: 'Missing, unknown, revoked or expired bearer token (`code: token_expired` for an expired one)',
  403: 'The token’s user lacks the role for this action (the domain’s text)',
  404: 'No such resource',
  409: 'The request conflicts with the current state (the domain’s text and code)',
  429: 'Too many requests for this token; see Retry-After',
  503: 'The workshop service (Temporal) did not answer; nothing may have been applied',
};

export type ErrorStatus = 400 | 403 | 404 | 409 | 503;

export interface RouteSchema {
  tags: string[];
  summary: string;
  description?: string;
  params?: Schema;
  querystring?: Schema;
  body?: Schema;
  headers?: Schema;
  response: Record<number, Schema>;
}

/**
 * A route's schema with the bearer requirement and its error responses (401 and 429 always; the
 * others as listed). The request parts keep their literal types: the route's params, query and
 * body types are derived from them (context.ts). Responses are typed loosely, as the handlers map
 * rows (Dates included) that the serializer turns into the documented JSON.
 */
export function apiSchema<const S extends RouteSchema>(
  schema: S,
  errors: ErrorStatus[] = [],
): Omit<S, 'response'> & { security: { [BEARER_SCHEME]: [] }[]; response: Record<number, Schema> } {
  const response: Record<number, Schema> = {};
  for (const [status, body] of Object.entries(schema.response)) {
    response[Number(status)] = { description: Number(status) === 201 ? 'Created' : 'OK', ...body };
  }
  for (const status of [401, 429, ...errors]) {
    response[status] = { description: ERROR_DESCRIPTIONS[status], ...errorBody };
  }
  return { ...schema, security: [{ [BEARER_SCHEME]: [] }], response };
}

/** Optional `Idempotency-Key` header: a retried action with the same key is applied once. */
export const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': text(
      { minLength: 1, maxLength: 200 },
      { description: 'Retries with the same key apply the action once (Temporal update id)' },
    ),
  },
} as const;

// ---------------------------------------------------------------- users, tokens, XP

export const user = object({
  id,
  username: { type: 'string' },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  phone: nullableString,
  level: { type: 'integer', minimum: 1, maximum: 5 },
  is_active: { type: 'boolean' },
  roles: { type: 'array', items: roleSlug },
  telegram_id: nullableInt,
  created_at: dateTime,
  updated_at: dateTime,
});

export const apiToken = object({
  id,
  user_id: id,
  name: { type: 'string' },
  created_at: dateTime,
  expires_at: { ...nullableDateTime, description: 'Refused from this moment on; null: never expires' },
  last_used_at: { ...nullableDateTime, description: 'Last request with the token (at most a minute behind)' },
  revoked_at: nullableDateTime,
});

export const issuedApiToken = object({
  ...(apiToken.properties as Record<string, unknown>),
  token: { type: 'string', description: 'The bearer token. Shown only in this response.' },
});

export const principal = object({
  kind: { type: 'string', enum: ['system', 'user'] },
  user_id: id,
  username: { type: 'string' },
  roles: { type: 'array', items: roleSlug },
  token_id: nullableInt,
});

export const xpSummary = object({
  user_id: id,
  total: { type: 'integer' },
  level: { type: 'integer', minimum: 1, maximum: 5 },
  level_threshold: { type: 'integer' },
  next_level: nullableInt,
  next_threshold: nullableInt,
  xp_to_next_level: nullableInt,
});

export const xpEntry = object({
  id,
  amount: { type: 'integer' },
  entry_type: { type: 'string', enum: [...XP_ENTRY_TYPES] },
  description: { type: 'string' },
  payload: jsonObject,
  created_at: dateTime,
});

export const leaderboardRow = object({
  rank: { type: 'integer', minimum: 1 },
  user_id: id,
  username: { type: 'string' },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  total: { type: 'integer' },
  level: { type: 'integer', minimum: 1, maximum: 5 },
});

// ---------------------------------------------------------------- inventory

export const named = object({ id, name: { type: 'string' } });

const archivedAt = { ...nullableDateTime, description: 'Set: archived (left out of pickers and intake)' };

/** An inventory or a category. */
export const catalogEntry = object({ id, name: { type: 'string' }, archived_at: archivedAt });

export const part = object({ id, item_id: id, category_id: id, name: { type: 'string' }, archived_at: archivedAt });

const itemProperties = {
  id,
  serial_number: { type: 'string' },
  name: { type: 'string' },
  status: itemStatus,
  is_active: { type: 'boolean' },
  archived_at: nullableDateTime,
  inventory: named,
  category: named,
  active_ticket_id: { ...nullableInt, description: 'The item’s ticket that is not done, if any' },
};

export const item = object(itemProperties);
export const itemDetail = object({ ...itemProperties, parts: { type: 'array', items: part } });

// ---------------------------------------------------------------- tickets

const ticketProperties = {
  id,
  status: ticketStatus,
  serial_number: { type: 'string' },
  inventory_item_id: id,
  item_name: { type: 'string' },
  title: nullableString,
  master_id: id,
  technician_id: nullableInt,
  approved_by_id: nullableInt,
  approved_at: nullableDateTime,
  assigned_at: nullableDateTime,
  started_at: nullableDateTime,
  finished_at: nullableDateTime,
  total_duration: { type: 'integer', description: 'Planned minutes (Σ part spec minutes)' },
  flag_minutes: { type: 'integer' },
  flag_color: ticketColor,
  xp_amount: { type: 'integer' },
  is_manual: { type: 'boolean' },
  created_at: dateTime,
  updated_at: dateTime,
};

export const ticket = object(ticketProperties);

export const ticketTransition = object({
  id,
  action: { type: 'string', enum: [...TICKET_TRANSITION_ACTIONS] },
  from_status: nullableEnum(TICKET_STATUSES),
  to_status: ticketStatus,
  actor_id: nullableInt,
  note: { type: 'string' },
  metadata: jsonObject,
  created_at: dateTime,
});

export const sessionTransition = object({
  id,
  action: { type: 'string', enum: [...WORK_SESSION_ACTIONS] },
  from_status: nullableEnum(WORK_SESSION_STATUSES),
  to_status: { type: 'string', enum: [...WORK_SESSION_STATUSES] },
  actor_id: nullableInt,
  event_at: dateTime,
  metadata: jsonObject,
});

export const workSession = object({
  id,
  technician_id: id,
  status: { type: 'string', enum: [...WORK_SESSION_STATUSES] },
  started_at: dateTime,
  last_started_at: nullableDateTime,
  ended_at: nullableDateTime,
  active_seconds: { type: 'integer', minimum: 0 },
  transitions: { type: 'array', items: sessionTransition },
});

export const ticketDetail = object({
  ...ticketProperties,
  review_approved: { type: 'boolean' },
  part_specs: {
    type: 'array',
    items: object({
      id,
      part_id: id,
      part_name: { type: 'string' },
      color: ticketColor,
      minutes: { type: 'integer' },
      comment: { type: 'string' },
    }),
  },
  potential_xp: { type: 'integer' },
  acquired_xp: { type: 'integer', description: 'XP the technician earned on this ticket' },
  transitions: { type: 'array', items: ticketTransition },
  work_sessions: { type: 'array', items: workSession },
});

// ---------------------------------------------------------------- access requests

export const accessRequest = object({
  id,
  telegram_id: { type: 'integer' },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  phone: { type: 'string' },
  status: accessRequestStatus,
  user_id: nullableInt,
  roles_granted: { type: 'array', items: roleSlug },
  resolved_by_id: nullableInt,
  resolved_at: nullableDateTime,
  created_at: dateTime,
});

// ---------------------------------------------------------------- rules

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;

/** The rules document as the API returns it (workshop-domain.md §7). */
export const rulesConfig = object({
  ticket_xp: object({
    base_divisor: int,
    first_pass_bonus: int,
    qc_status_update_xp: int,
    flag_green_max_minutes: int,
    flag_yellow_max_minutes: int,
  }),
  attendance: object({
    on_time_xp: int,
    grace_xp: int,
    late_xp: int,
    on_time_cutoff: str,
    grace_cutoff: str,
    timezone: str,
  }),
  work_session: object({ daily_pause_limit_minutes: int, timezone: str }),
  progression: object({
    level_thresholds: { type: 'object', additionalProperties: int },
    weekly_coupon_amount: int,
    weekly_target_xp: int,
  }),
});

export const rulesVersion = object({
  version: { type: 'integer', minimum: 1 },
  action: { type: 'string', enum: ['bootstrap', 'update', 'rollback'] },
  is_active: { type: 'boolean' },
  checksum: { type: 'string' },
  config: rulesConfig,
  diff: {
    type: 'object',
    description: 'Changed leaves by dotted path: {before, after}',
    additionalProperties: { type: 'object', properties: { before: {}, after: {} } },
  },
  created_by_id: nullableInt,
  created_at: dateTime,
});

// ---------------------------------------------------------------- progression

/** A week named by its Monday. */
export const weekStart = {
  type: 'string',
  format: 'date',
  description: 'The week’s Monday (YYYY-MM-DD) in the rules time zone',
} as const;

export const levelEvaluation = object({
  id,
  user_id: id,
  week_start: { type: 'string', format: 'date' },
  status: { type: 'string', enum: ['level_up', 'maintained', 'warning', 'reset_to_l1'] },
  previous_level: { type: 'integer', minimum: 1, maximum: 5 },
  new_level: { type: 'integer', minimum: 1, maximum: 5 },
  week_xp: { type: 'integer' },
  cumulative_xp: { type: 'integer' },
  rules_version: { type: 'integer' },
  coupon_amount: { type: 'integer', minimum: 0 },
  warning_active: { type: 'boolean' },
  created_at: dateTime,
});
