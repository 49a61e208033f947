import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';

export type { Logger };

export const REDACTED = '[redacted]';

/**
 * An error's message alone, for a log field or a check: what the Redis, Postgres and Temporal clients
 * put there names no secret (no URL, no password), unlike their whole error objects.
 */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Fields that hold secrets, under the names the config uses (`telegram.botToken`), the environment
 * uses (`BOT_TOKEN`) and the libraries use (`clientUrl`, `secret_token`, `private_key`): redacted
 * at the top of a line and one object down (`{ telegram: { botToken } }`, `{ env: { BOT_TOKEN } }`).
 */
const SECRET_KEYS = [
  'botToken',
  'webhookSecret',
  'secretToken',
  'secret_token',
  'apiToken',
  'apiKey',
  'privateKey',
  'private_key',
  'clientUrl',
  'password',
  'BOT_TOKEN',
  'WEBHOOK_SECRET',
  'API_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
  'SHEETS_CREDS',
  'TEMPORAL_API_KEY',
];
/** Secrets under a generic name, so only at these places (a `url` elsewhere is fine to log). */
const SECRET_PATHS = [
  'database.url',
  'redis.url',
  'headers.authorization',
  'headers.cookie',
  'headers["x-telegram-bot-api-secret-token"]',
];
/** The whole config logged as `{ config }`. */
const CONFIG_PATHS = [
  'config.telegram.botToken',
  'config.telegram.webhookSecret',
  'config.sheets.privateKey',
  'config.temporal.apiKey',
];

// Each wildcard path costs on every line (fast-redact), so they stop one object down.
const REDACT_PATHS = [...[...SECRET_KEYS, ...SECRET_PATHS].flatMap((path) => [path, `*.${path}`]), ...CONFIG_PATHS];

/** The webhook's path segment is its secret: `/webhook/<secret>` is logged as `/webhook/***`. */
export function maskWebhookPath<T extends string | undefined>(url: T): T {
  return (url?.replace(/\/webhook\/[^/?#\s]+/g, '/webhook/***') ?? url) as T;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** fastify's own request serializer, with the webhook secret masked. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: maskWebhookPath(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Human-readable lines for a person at a terminal (`npm run dev`), when pino-pretty is installed:
 * it is a devDependency, so the production image (and any pipe) gets JSON lines.
 */
function prettyDestination(): DestinationStream | undefined {
  if (!process.stdout.isTTY) return undefined;
  try {
    const pretty = createRequire(__filename)('pino-pretty') as (options: PrettyOptions) => DestinationStream;
    return pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return undefined;
  }
}

/** Every process's logger: secrets redacted, the webhook path masked, pretty at a terminal. */
export function createLogger(
  level: string,
  name = 'ticketflow',
  options: { destination?: DestinationStream } = {},
): Logger {
  const config: LoggerOptions = {
    name,
    level,
    base: { service: name },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { req: serializeRequest, err: pino.stdSerializers.err },
    hooks: {
      // Messages can carry a URL too (fastify's "Route GET:/webhook/… not found").
      logMethod(args, method) {
        for (let i = 0; i < args.length; i += 1) {
          const arg: unknown = args[i];
          if (typeof arg === 'string' && arg.includes('/webhook/')) args[i] = maskWebhookPath(arg);
        }
        return method.apply(this, args);
      },
    },
  };
  const destination = options.destination ?? (level === 'silent' ? undefined : prettyDestination());
  return destination ? pino(config, destination) : pino(config);
}

/** Log lines about one ticket carry `ticket_id`, so they can be correlated across processes. */
export function ticketLogger(logger: Logger, ticketId: number | string): Logger {
  return logger.child({ ticket_id: ticketId });
}

const levelMap: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Bridges the Temporal runtime and workflow/activity loggers into pino. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: TemporalLogLevel, message: string, meta?: LogMetadata): void {
    this.logger[levelMap[level]]({ ...meta, source: 'temporal' }, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
