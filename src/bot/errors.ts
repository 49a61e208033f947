// How failures reach the user: domain refusals as an alert with the exact (translated) reason,
// everything unexpected as one friendly message — never a stack trace, never a 5xx loop — and an
// infrastructure outage as a "will be retried" toast while Telegram redelivers the update. And how
// failures reach the log: the underlying error only, never grammY's context (it carries the bot
// token and, through ctx.deps, the whole config).
import { BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { DomainError } from '../domain';
import { isInfrastructureOutage, NotFoundError, ServiceUnavailableError } from '../services/errors';
import { ConflictError, InvalidInputError } from '../services/input-errors';
import type { BotContext } from './context';
import { pickLocale, type Translator } from '../i18n';
import { isMessageNotModified } from '../telegram/delivery';

/** The Fluent key of a domain error code: `ticket.review_wrong_status` → `err-ticket-review_wrong_status`. */
export const domainErrorKey = (code: string) => `err-${code.replace(/\./g, '-')}`;

// ---------------------------------------------------------------------------------------------
// Redelivery: a press the workshop service did not get to is handled again when Telegram
// redelivers it (same callback id, so the same Temporal update id: applied once). The webhook
// answers 503 for an update marked here instead of acknowledging it.

const redeliveries = new WeakSet<Update>();

/** Asks the webhook not to acknowledge this update, so Telegram delivers it again later. */
export function requestRedelivery(ctx: BotContext): void {
  redeliveries.add(ctx.update);
}

/** Whether handling `update` asked for it to be delivered again (see requestRedelivery). */
export function redeliveryRequested(update: Update): boolean {
  return redeliveries.has(update);
}

/** The user-facing text of a failure in the user's language. */
export function failureText(ctx: BotContext, err: unknown): string {
  if (err instanceof DomainError) {
    const key = domainErrorKey(err.code);
    const text = ctx.t(key, { ...err.params });
    // Fluent answers with the key itself when a translation is missing: keep the English text then.
    return text === key ? err.message : text;
  }
  if (err instanceof NotFoundError) return ctx.t('err-not-found');
  // A value the database refused (out of range, text it cannot store) or a clash with existing data.
  if (err instanceof InvalidInputError) return ctx.t('err-invalid-value');
  if (err instanceof ConflictError) return ctx.t('err-data-conflict');
  if (err instanceof ServiceUnavailableError) {
    // A press is redelivered until the service has it: the action lands (once), and the card the
    // redelivery draws shows it. A typed message is not (each retry would reply again).
    if (ctx.callbackQuery) {
      requestRedelivery(ctx);
      return ctx.t(err.reason === 'timeout' ? 'err-timeout' : 'err-retry-pending');
    }
    return ctx.t(err.reason === 'timeout' ? 'err-timeout' : 'err-unavailable');
  }
  return ctx.t('err-generic');
}

/** Answers a callback query with an alert, or replies in the chat, with the failure's text. */
export async function reportFailure(ctx: BotContext, err: unknown): Promise<void> {
  const text = failureText(ctx, err);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => undefined);
  else if (ctx.chat) await ctx.reply(text).catch(() => undefined);
}

/** Edits the message a button belongs to; an identical edit is not an error. */
export async function editOrIgnore(edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
  } catch (err) {
    // "message is not modified": the card already shows this state, which is success.
    if (!isMessageNotModified(err)) throw err;
  }
}

/**
 * An Error, or what passes for one: errors made by Node's internals in another realm (a vm
 * context, jest's sandbox) fail `instanceof Error` but are errors all the same.
 */
function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string' &&
      typeof (value as { name?: unknown }).name === 'string')
  );
}

// ---------------------------------------------------------------------------------------------
// The answer to a press while something it needs is down

/** How long the outage toast may hold up the webhook's 503 (the Bot API may be slow or down too). */
const OUTAGE_ANSWER_WAIT_MS = 2_000;

/** A key in the sender's language without the database (their Telegram language, else the default). */
function translateForSender(
  i18n: Translator | undefined,
  from: { language_code?: string } | undefined,
  defaultLocale: string,
  key: string,
): string | undefined {
  if (!i18n) return undefined;
  const text = i18n.t(pickLocale(from?.language_code, defaultLocale), key);
  return text === key ? undefined : text;
}

const OUTAGE_TEXT_EN = '⚠️ Temporarily unavailable — your press will be retried automatically.';

/**
 * The toast for a press that cannot be handled now (database or Redis down): it will be, when
 * Telegram redelivers it. Waits at most a moment for the Bot API; a failed answer is not an error.
 */
export async function answerPressDuringOutage(
  update: Update,
  answer: (callbackQueryId: string, text: string) => Promise<unknown>,
  i18n: Translator | undefined,
  defaultLocale: string,
): Promise<void> {
  const query = update.callback_query;
  if (!query) return;
  const text = translateForSender(i18n, query.from, defaultLocale, 'err-retry-pending') ?? OUTAGE_TEXT_EN;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    answer(query.id, text).catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, OUTAGE_ANSWER_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
}

/** The one error boundary around every handler. */
export async function handleBotError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  const log = ctx.log ?? ctx.deps?.logger;
  const config = ctx.deps?.config;
  // Postgres, Redis or Temporal down: the webhook answers 5xx so Telegram delivers the update again
  // later instead of losing it (src/services/errors.ts has the one classification).
  if (isInfrastructureOutage(error.error)) {
    log?.warn(
      { err: errorForLog(error.error, config), update_id: ctx.update.update_id },
      'infrastructure unavailable; Telegram will redeliver',
    );
    await answerPressDuringOutage(
      ctx.update,
      (id, text) => ctx.api.answerCallbackQuery(id, { text }),
      ctx.deps?.i18n,
      config?.defaultLocale ?? 'en',
    );
    throw error.error;
  }
  const expected = error.error instanceof DomainError || error.error instanceof NotFoundError;
  if (!expected)
    log?.error({ err: errorForLog(error.error, config), update_id: ctx.update.update_id }, 'bot handler failed');
  // i18n may not be in place yet if the failure happened before it (e.g. the database is down).
  if (typeof ctx.t !== 'function') {
    if (ctx.callbackQuery)
      await ctx
        .answerCallbackQuery({ text: 'Something went wrong. Please try again later.', show_alert: true })
        .catch(() => undefined);
    return;
  }
  await reportFailure(ctx, error.error);
}

// ---------------------------------------------------------------------------------------------
// Logging a failure

/** Where the secrets are (a Config, or the part of one a caller has). */
export interface SecretSource {
  telegram?: { botToken?: unknown; webhookSecret?: unknown };
  apiToken?: unknown;
  database?: { url?: unknown };
  redis?: { url?: unknown };
  temporal?: { apiKey?: unknown };
  sheets?: { privateKey?: unknown };
}

/**
 * A failure as it is logged: a plain object, so no logger walks into what the error object holds.
 * It has no prototype: pino's error serializer then reports `type` from its `name`, not "Object".
 */
export interface LoggedError {
  type: string;
  name: string;
  message: string;
  stack?: string;
  [field: string]: unknown;
}

/** Plain facts worth logging that errors carry besides their message (Node, pg, grammY, ours). */
const LOGGED_FIELDS = [
  'code',
  'errno',
  'syscall',
  'address',
  'port',
  'error_code',
  'description',
  'method',
  'reason',
  'entity',
  'id',
  'routine',
] as const;
const MAX_DEPTH = 4;
/** Too short to mask without mangling ordinary words. */
const MIN_SECRET_LENGTH = 6;

function secretText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // A wrapped secret (`Secret.reveal()`): its value is what must not appear.
  const reveal = (value as { reveal?: unknown } | null | undefined)?.reveal;
  if (typeof reveal === 'function') {
    const revealed: unknown = reveal.call(value);
    return typeof revealed === 'string' ? revealed : undefined;
  }
  return undefined;
}

function urlSecrets(value: unknown): string[] {
  const url = secretText(value);
  if (!url) return [];
  const found = [url];
  try {
    const { password } = new URL(url);
    if (password) found.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL: the whole value is masked.
  }
  return found;
}

/** Every secret value of a config (tokens, connection URLs and their passwords), longest first. */
export function secretsOf(source: SecretSource | undefined): string[] {
  if (!source) return [];
  const values = [
    secretText(source.telegram?.botToken),
    secretText(source.telegram?.webhookSecret),
    secretText(source.apiToken),
    secretText(source.temporal?.apiKey),
    secretText(source.sheets?.privateKey),
    ...urlSecrets(source.database?.url),
    ...urlSecrets(source.redis?.url),
  ];
  return [...new Set(values.filter((v): v is string => !!v && v.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
}

function mask(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join('[redacted]');
  return masked;
}

function describe(err: unknown, secrets: readonly string[], depth: number): LoggedError {
  const logged = Object.create(null) as LoggedError;
  if (!isErrorLike(err)) {
    logged.type = logged.name = typeof err;
    logged.message = mask(typeof err === 'string' ? err : safeString(err), secrets);
    return logged;
  }
  logged.type = logged.name = err.name || err.constructor?.name || 'Error';
  logged.message = mask(err.message, secrets);
  if (err.stack) logged.stack = mask(err.stack, secrets);
  const fields = err as unknown as Record<string, unknown>;
  for (const field of LOGGED_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') logged[field] = mask(value, secrets);
    else if (typeof value === 'number' || typeof value === 'boolean') logged[field] = value;
  }
  if (depth < MAX_DEPTH) {
    // grammY's HttpError keeps the failed fetch as `error`; its message holds the request URL,
    // which holds the bot token.
    const inner = err.cause ?? (err instanceof BotError ? undefined : fields.error);
    if (inner !== undefined && inner !== null) logged.cause = describe(inner, secrets, depth + 1);
    const { errors } = err as { errors?: unknown };
    if (Array.isArray(errors)) logged.errors = errors.map((e: unknown) => describe(e, secrets, depth + 1));
  }
  return logged;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

/**
 * What to log of a failure: for a grammY BotError its underlying error (never the context), as a
 * plain object with the type, message, stack, a few known fields and the causes, and every secret
 * of `config` (and of the failed update's context) masked wherever it appears.
 */
export function errorForLog(err: unknown, config?: SecretSource): LoggedError {
  let underlying = err;
  let contextConfig: SecretSource | undefined;
  while (underlying instanceof BotError) {
    contextConfig ??= (underlying.ctx as Partial<BotContext> | undefined)?.deps?.config;
    underlying = underlying.error;
  }
  const secrets = [...new Set([...secretsOf(config), ...secretsOf(contextConfig)])].sort((a, b) => b.length - a.length);
  return describe(underlying, secrets, 0);
}
