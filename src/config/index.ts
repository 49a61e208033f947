import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { z } from 'zod';

/** Which process reads the config: production processes need real Postgres and Redis. */
export type ProcessKind = 'app' | 'worker' | 'dev' | 'migrate' | 'test';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const intFrom = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const boolFrom = <T extends boolean | undefined>(fallback: T) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): boolean | T => {
      if (v === undefined || v === '') return fallback;
      const s = v.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

/** An address, a CIDR range, or one of proxy-addr's names for the private ranges. */
const proxyAddress = z.union([
  z.enum(['loopback', 'linklocal', 'uniquelocal']),
  z.ipv4(),
  z.ipv6(),
  z.cidrv4(),
  z.cidrv6(),
]);

/**
 * fastify's trustProxy: which peers' X-Forwarded-* headers to believe: none (false, the default),
 * any (true), or those at the listed addresses and ranges.
 */
export type TrustProxy = boolean | string[];

const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): TrustProxy => {
    if (v === undefined || v === '' || v.toLowerCase() === 'false') return false;
    if (v.toLowerCase() === 'true') return true;
    const entries = v.split(',').map((entry) => entry.trim());
    if (entries.every((entry) => proxyAddress.safeParse(entry).success)) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'must be false, true, or comma-separated addresses or CIDR ranges ' +
        '(loopback, linklocal and uniquelocal name the private ones)',
    });
    return z.NEVER;
  });

/** A path to a file this process can read (checked at start, read when connecting). */
const readableFile = optionalString.pipe(
  z
    .string()
    .refine((p) => {
      try {
        accessSync(p, fsConstants.R_OK);
        return statSync(p).isFile();
      } catch {
        return false;
      }
    }, 'must be a readable file')
    .optional(),
);

/**
 * A secret value (API keys): prints as [redacted] in logs, JSON and util.inspect, so a logged
 * config or error never shows it; reveal() only where it is handed to the connection.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}

const chatId = z
  .string()
  .trim()
  .regex(/^-?\d+$/, 'must be a Telegram chat id (an integer, negative for groups)')
  .transform(Number);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL (${protocols.join(' or ')})`,
    );

const techGroupsMapping = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return {} as Record<string, number>;
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be JSON: {"<technician username or user id>": <group chat id>, ...}',
      });
      return z.NEVER;
    }
    const result = z.record(z.string().min(1), z.number().int()).safeParse(parsed);
    if (!result.success) {
      ctx.addIssue({ code: 'custom', message: 'must map technician keys to integer group chat ids' });
      return z.NEVER;
    }
    return result.data;
  });

const telegramIdList = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return [] as number[];
    const ids = v.split(',').map((s) => s.trim());
    if (ids.some((id) => !/^\d+$/.test(id))) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of Telegram user ids' });
      return z.NEVER;
    }
    return ids.map(Number);
  });

const sheetsCreds = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    try {
      const parsed = JSON.parse(v) as { client_email?: unknown; private_key?: unknown };
      if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string') throw new Error();
      return { clientEmail: parsed.client_email, privateKey: parsed.private_key };
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a Google service-account JSON with client_email and private_key',
      });
      return z.NEVER;
    }
  });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-... (from @BotFather)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: url(['http:', 'https:'])
    .refine((v) => !v.endsWith('/'), 'must not end with a slash')
    .default('https://api.telegram.org'),
  WEBHOOK_URL: optionalString.pipe(url(['https:', 'http:']).optional()),
  WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
  ),
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  HTTP_PORT: intFrom(0, 65535, 3000),
  TRUST_PROXY: trustProxy,
  DATABASE_URL: optionalString.pipe(url(['postgres:', 'postgresql:']).optional()),
  DATABASE_POOL_SIZE: intFrom(1, 100, 10),
  REDIS_URL: optionalString.pipe(url(['redis:', 'rediss:']).optional()),
  REDIS_PREFIX: z.string().trim().min(1).default('tf:'),
  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('ticketflow'),
  TEMPORAL_TLS: boolFrom(undefined),
  TEMPORAL_TLS_CERT_PATH: readableFile,
  TEMPORAL_TLS_KEY_PATH: readableFile,
  TEMPORAL_TLS_CA_PATH: readableFile,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  // The message never quotes the value: it is a secret.
  TEMPORAL_API_KEY: optionalString.pipe(z.string().regex(/^\S+$/, 'must not contain whitespace').optional()),
  TEMPORAL_REGISTER_SEARCH_ATTRIBUTES: boolFrom(true),
  API_TOKEN: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  API_TOKEN_TTL_DAYS: intFrom(0, 3650, 0),
  MAIN_GROUP_ID: optionalString.pipe(chatId.optional()),
  TECH_GROUPS_MAPPING: techGroupsMapping,
  ADMIN_TELEGRAM_IDS: telegramIdList,
  SHEETS_CREDS: sheetsCreds,
  SHEETS_SPREADSHEET_ID: optionalString,
  DEFAULT_LOCALE: z.enum(['en', 'ru', 'uz']).default('en'),
  CLIENT_ACCESS: z.enum(['open', 'whitelist']).default('open'),
  ACCESS_REQUEST_TTL_HOURS: intFrom(1, 24 * 90, 72),
  QC_SLA_MINUTES: intFrom(1, 7 * 24 * 60, 240),
  SUPPORT_FIRST_RESPONSE_SLA_MINUTES: intFrom(1, 24 * 60, 15),
  SURVEY_REMINDER_MINUTES: intFrom(1, 7 * 24 * 60, 120),
  SURVEY_EXPIRY_MINUTES: intFrom(1, 30 * 24 * 60, 1440),
  SURVEY_COMMENT_WAIT_MINUTES: intFrom(1, 24 * 60, 30),
  RATE_LIMIT_PER_MINUTE: intFrom(1, 10_000, 60),
  // The web console (/app) and the Mini App (/miniapp).
  PUBLIC_URL: optionalString.pipe(
    url(['https:', 'http:'])
      .refine((v) => !v.endsWith('/'), 'must not end with a slash')
      .optional(),
  ),
  WEB_SESSION_TTL_MINUTES: intFrom(5, 7 * 24 * 60, 480),
  WEB_SIGN_IN_TTL_MINUTES: intFrom(1, 60, 10),
  MINIAPP_INIT_DATA_MAX_AGE_SECONDS: intFrom(60, 24 * 60 * 60, 3600),
  STATUS_PAGE: boolFrom(false),
  TEMPORAL_UI_URL: optionalString.pipe(
    url(['https:', 'http:'])
      .refine((v) => !v.endsWith('/'), 'must not end with a slash')
      .optional(),
  ),
  // `npm run dev` only: where its embedded servers keep their data, and the local Temporal's ports.
  DEV_DATA_DIR: optionalString,
  DEV_TEMPORAL_PORT: intFrom(1, 65535, 7233),
  DEV_TEMPORAL_UI_PORT: intFrom(1, 65535, 8233),
  METRICS_ENABLED: boolFrom(false),
  WORKER_METRICS_PORT: intFrom(1, 65535, 9464),
  TEMPORAL_SDK_METRICS_PORT: intFrom(1, 65535, 9465),
  OTEL_ENABLED: boolFrom(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(
    url(['https:', 'http:'])
      .refine((v) => !v.endsWith('/'), 'must not end with a slash')
      .optional(),
  ),
});

type Env = z.output<typeof schema>;

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  telegram: {
    botToken?: string;
    apiRoot: string;
    webhookUrl?: string;
    webhookSecret?: string;
    mainGroupId?: number;
    techGroups: Record<string, number>;
  };
  http: { host: string; port: number };
  /** The reverse proxies whose X-Forwarded-For gives the client address (rate limits, logs). */
  trustProxy: TrustProxy;
  database: { url?: string; poolSize: number };
  redis: { url?: string; prefix: string };
  temporal: TemporalConfig;
  apiToken?: string;
  /** Lifetime of a per-user API token issued without expires_at, in days; 0: never expires. */
  apiTokenTtlDays: number;
  adminTelegramIds: number[];
  sheets?: { clientEmail: string; privateKey: string; spreadsheetId?: string };
  defaultLocale: Env['DEFAULT_LOCALE'];
  clientAccess: Env['CLIENT_ACCESS'];
  accessRequestTtlHours: number;
  qcSlaMinutes: number;
  support: {
    firstResponseSlaMinutes: number;
    surveyReminderMinutes: number;
    surveyExpiryMinutes: number;
    surveyCommentWaitMinutes: number;
  };
  rateLimitPerMinute: number;
  /** The web console and the Mini App (src/http/web/). */
  web: {
    /** Where people reach the app (links in /console, the Mini App's buttons; those need https). */
    publicUrl?: string;
    sessionTtlMinutes: number;
    signInTtlMinutes: number;
    initDataMaxAgeSeconds: number;
    /** The public /status page is served. */
    statusPage: boolean;
    /** The Temporal Web UI, for links from the console to a ticket's workflow. */
    temporalUiUrl?: string;
  };
  /** `npm run dev` only (src/dev.ts). */
  dev: { dataDir?: string; temporalPort: number; temporalUiPort: number };
  /** Prometheus metrics (src/observability/metrics.ts): the app at its /metrics, the worker and the Temporal SDK on ports of their own. */
  metrics: { enabled: boolean; workerPort: number; temporalSdkPort: number };
  /** OpenTelemetry tracing (src/observability/tracing.ts), exported over OTLP/HTTP to `otlpEndpoint`. */
  tracing: { enabled: boolean; otlpEndpoint: string };
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS towards the frontend (files are read when connecting); undefined: plain text. */
  tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
  /** Temporal Cloud API key, sent as a bearer token over TLS. */
  apiKey?: Secret;
  /** At start, register missing search attributes (else refuse to start while any is missing). */
  registerSearchAttributes: boolean;
}

/** Every variable the config knows; docker-compose and .env.example are checked against it. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Env)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const TLS_SETTINGS = [
  'TEMPORAL_TLS_CERT_PATH',
  'TEMPORAL_TLS_KEY_PATH',
  'TEMPORAL_TLS_CA_PATH',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

/** TLS is on when asked for, or (unless TEMPORAL_TLS=false) when an API key or any TLS setting is given. */
function temporalTlsEnabled(e: Env): boolean {
  return e.TEMPORAL_TLS ?? (Boolean(e.TEMPORAL_API_KEY) || TLS_SETTINGS.some((name) => e[name]));
}

function temporalTlsProblems(e: Env): string[] {
  const problems: string[] = [];
  if (e.TEMPORAL_TLS_CERT_PATH && !e.TEMPORAL_TLS_KEY_PATH)
    problems.push('TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)');
  if (e.TEMPORAL_TLS_KEY_PATH && !e.TEMPORAL_TLS_CERT_PATH)
    problems.push('TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set (mTLS needs both)');
  if (e.TEMPORAL_TLS === false) {
    for (const name of TLS_SETTINGS) if (e[name]) problems.push(`${name}: set, but TEMPORAL_TLS is false`);
    if (e.TEMPORAL_API_KEY)
      problems.push('TEMPORAL_API_KEY: needs TLS (it would travel in plain text), but TEMPORAL_TLS is false');
  }
  return problems;
}

/** Parses and validates the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, kind: ProcessKind): Config {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(present);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = result.success ? result.data : undefined;
  if (e) {
    if (kind === 'app' || kind === 'worker' || kind === 'migrate') {
      if (!e.DATABASE_URL) problems.push('DATABASE_URL: required (embedded PGlite is for `npm run dev` only)');
    }
    if (kind === 'app' || kind === 'worker') {
      if (!e.REDIS_URL) problems.push('REDIS_URL: required (the in-process store is for `npm run dev` only)');
    }
    if (e.WEBHOOK_URL && !e.BOT_TOKEN) problems.push('WEBHOOK_URL: set, but BOT_TOKEN is missing');
    if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) problems.push('WEBHOOK_SECRET: required when WEBHOOK_URL is set');
    if (e.NODE_ENV === 'production' && e.BOT_TOKEN && !e.WEBHOOK_URL) {
      problems.push('WEBHOOK_URL: required in production (long polling is for development)');
    }
    if (e.SHEETS_CREDS && !e.SHEETS_SPREADSHEET_ID)
      problems.push('SHEETS_SPREADSHEET_ID: required when SHEETS_CREDS is set');
    problems.push(...temporalTlsProblems(e));
  }
  if (problems.length > 0 || !e) throw new ConfigError(problems);
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    telegram: {
      botToken: e.BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      webhookUrl: e.WEBHOOK_URL,
      webhookSecret: e.WEBHOOK_SECRET,
      mainGroupId: e.MAIN_GROUP_ID,
      techGroups: e.TECH_GROUPS_MAPPING,
    },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    trustProxy: e.TRUST_PROXY,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: temporalTlsEnabled(e)
        ? {
            certPath: e.TEMPORAL_TLS_CERT_PATH,
            keyPath: e.TEMPORAL_TLS_KEY_PATH,
            caPath: e.TEMPORAL_TLS_CA_PATH,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      apiKey: e.TEMPORAL_API_KEY ? new Secret(e.TEMPORAL_API_KEY) : undefined,
      registerSearchAttributes: e.TEMPORAL_REGISTER_SEARCH_ATTRIBUTES,
    },
    apiToken: e.API_TOKEN,
    apiTokenTtlDays: e.API_TOKEN_TTL_DAYS,
    adminTelegramIds: e.ADMIN_TELEGRAM_IDS,
    sheets: e.SHEETS_CREDS ? { ...e.SHEETS_CREDS, spreadsheetId: e.SHEETS_SPREADSHEET_ID } : undefined,
    defaultLocale: e.DEFAULT_LOCALE,
    clientAccess: e.CLIENT_ACCESS,
    accessRequestTtlHours: e.ACCESS_REQUEST_TTL_HOURS,
    qcSlaMinutes: e.QC_SLA_MINUTES,
    support: {
      firstResponseSlaMinutes: e.SUPPORT_FIRST_RESPONSE_SLA_MINUTES,
      surveyReminderMinutes: e.SURVEY_REMINDER_MINUTES,
      surveyExpiryMinutes: e.SURVEY_EXPIRY_MINUTES,
      surveyCommentWaitMinutes: e.SURVEY_COMMENT_WAIT_MINUTES,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    web: {
      publicUrl: e.PUBLIC_URL,
      sessionTtlMinutes: e.WEB_SESSION_TTL_MINUTES,
      signInTtlMinutes: e.WEB_SIGN_IN_TTL_MINUTES,
      initDataMaxAgeSeconds: e.MINIAPP_INIT_DATA_MAX_AGE_SECONDS,
      statusPage: e.STATUS_PAGE,
      // `npm run dev` runs the Web UI on this machine.
      temporalUiUrl:
        e.TEMPORAL_UI_URL ?? (e.NODE_ENV === 'development' ? `http://localhost:${e.DEV_TEMPORAL_UI_PORT}` : undefined),
    },
    dev: { dataDir: e.DEV_DATA_DIR, temporalPort: e.DEV_TEMPORAL_PORT, temporalUiPort: e.DEV_TEMPORAL_UI_PORT },
    metrics: {
      enabled: e.METRICS_ENABLED,
      workerPort: e.WORKER_METRICS_PORT,
      temporalSdkPort: e.TEMPORAL_SDK_METRICS_PORT,
    },
    // Setting the standard endpoint variable is enough to switch tracing on.
    tracing: {
      enabled: e.OTEL_ENABLED || e.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318',
    },
  };
}

/** For process entry points: print the one message and exit instead of a stack trace. */
export function loadConfigOrExit(kind: ProcessKind, env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env, kind);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
