// The REST API (/api) with the session's bearer token, and the two sign-ins that produce one.
// The token lives in sessionStorage: it is gone with the tab, and no cookie means no CSRF surface.
import type { Translate } from './i18n';

export interface SessionUser {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  roles: string[];
}

export interface Session {
  token: string;
  expires_at: string;
  user: SessionUser;
  /** The Temporal Web UI's workflow list of this namespace, when configured. */
  temporal_workflows_url: string | null;
}

type Params = Record<string, string | number>;

/** The API's error body (see the OpenAPI document's error responses). */
export interface ErrorBody {
  error?: string;
  code?: string;
  params?: Params;
  message?: string;
  fields?: Record<string, string>;
  field_errors?: Record<string, { code: string; params?: Params }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

/** Where a session is kept: per surface, and per launch (a Mini App's initData) where given. */
const storageKey = (surface: string, launch?: string) => `ticketflow:${surface}:session${launch ? `:${launch}` : ''}`;

export class Api {
  private session: Session | null;
  private readonly key: string;

  constructor(
    private readonly surface: 'console' | 'miniapp',
    options: { onSignedOut?: () => void; launch?: string } = {},
  ) {
    this.onSignedOut = options.onSignedOut ?? (() => undefined);
    this.key = storageKey(surface, options.launch);
    const stored = sessionStorage.getItem(this.key);
    const parsed = stored ? (JSON.parse(stored) as Session) : null;
    this.session = parsed && Date.parse(parsed.expires_at) > Date.now() ? parsed : null;
  }

  private readonly onSignedOut: () => void;

  get workflowsUrl(): string | null {
    return this.session?.temporal_workflows_url ?? null;
  }

  get user(): SessionUser | null {
    return this.session?.user ?? null;
  }

  private keep(session: Session | null) {
    this.session = session;
    if (session) sessionStorage.setItem(this.key, JSON.stringify(session));
    else sessionStorage.removeItem(this.key);
  }

  /** POST /auth/console or /auth/miniapp; the session is kept for this tab. */
  async signIn(body: { code: string } | { init_data: string }): Promise<Session> {
    const res = await fetch(`/auth/${this.surface}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, json);
    this.keep(json as Session);
    return json as Session;
  }

  signOut() {
    this.keep(null);
    this.onSignedOut();
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`/api${path}`, {
      method,
      headers: {
        ...(this.session ? { authorization: `Bearer ${this.session.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.status === 401) this.signOut();
    if (!res.ok) throw new ApiError(res.status, json);
    return json as T;
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }
}

/** A query string from the defined values (arrays repeat the key). */
export function query(params: Record<string, string | number | boolean | undefined | null | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A code as a Fluent id: `intake.serial_invalid` → `intake-serial_invalid` (as errors.ftl names them). */
const codeId = (code: string) => code.replace(/\./g, '-');

/**
 * A refusal's text in the reader's language: a domain code as errors.ftl words it (`err-…`), an
 * API code as web.ftl does (`api-error-…`); undefined when neither knows it.
 */
function codeText(t: Translate, code: string | undefined, params: Params = {}): string | undefined {
  if (!code) return undefined;
  // A value the database refused or a clash with stored data: one text per kind, as in the bot.
  if (code.startsWith('database.')) return undefined;
  return t.maybe(`err-${codeId(code)}`, params) ?? t.maybe(`api-error-${codeId(code)}`, params);
}

/**
 * A user-safe line for a failed call in the reader's language: the refusal by its code (the
 * API's English message when the texts lack it), then each field's problem by its code.
 */
export function errorText(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const body = err.body ?? {};
  const kind = body.code?.startsWith('database.') ? `api-error-database-${body.error}` : `api-error-${body.error}`;
  const headline =
    codeText(t, body.code, body.params) ??
    (body.error ? t.maybe(kind, body.params) : undefined) ??
    (body.message || t('api-error-status', { status: err.status }));
  const fields = Object.entries(body.fields ?? {}).map(([field, message]) => {
    const problem = body.field_errors?.[field];
    const worded = problem
      ? (codeText(t, problem.code, problem.params) ?? t.maybe(`api-field-${codeId(problem.code)}`, problem.params))
      : undefined;
    return `${field}: ${worded ?? message}`;
  });
  // A domain refusal naming one field says it once: the headline is the field's text.
  const distinct = fields.filter((line) => !line.endsWith(`: ${headline}`));
  return [headline, ...distinct].join(' ');
}

/** The most items a list request may ask for (the API's MAX_PAGE_SIZE). */
export const MAX_PAGE = 100;
