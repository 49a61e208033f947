// The client card posted in each support topic, from a card source: a Google Sheet (read-only,
// when SHEETS_CREDS is set: google-auth-library's service-account JWT client and the Sheets values
// API through @googleapis/sheets) or the database (Telegram profile, linked account, earlier
// tickets). Cached 15 minutes in Redis `cache:`.
import { sheets as sheetsApi, type sheets_v4 } from '@googleapis/sheets';
import { JWT } from 'google-auth-library';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm';
import { sqlOne } from '../db/sql';
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';
import { clientCardCacheKey } from '../redis/keys';

export const CLIENT_CARD_TTL_SECONDS = 15 * 60;

export interface ClientCardField {
  /** A sheet's column header, shown as is. */
  label: string;
  value: string;
  /** Fluent key of the label for the database source's own fields (translated when rendered). */
  labelKey?: string;
}

export interface ClientCard {
  source: 'sheets' | 'database';
  /** The source knows this client (a sheet row, or a registered account): CLIENT_ACCESS=whitelist admits them. */
  known: boolean;
  fields: ClientCardField[];
}

export interface ClientRef {
  telegramId: number;
  username?: string | null;
}

export interface ClientCardSource {
  lookup(client: ClientRef): Promise<ClientCard>;
}

// ---------------------------------------------------------------- Google Sheets

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';
export const SHEETS_DEFAULT_RANGE = 'A:Z';

export interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
}

export interface SheetsClientOptions {
  range?: string;
  /** The HTTP client under both libraries (tests answer Google's endpoints with it). */
  fetchImplementation?: typeof fetch;
}

const normalizeHeader = (h: string) => h.toLowerCase().replace(/[^a-zа-я0-9]/g, '');
const ID_HEADERS = ['telegramid', 'tgid', 'telegramuserid', 'telegram', 'userid', 'chatid', 'id'];
const USERNAME_HEADERS = ['username', 'telegramusername', 'tgusername', 'login', 'telegramlogin'];
const bareUsername = (u: string | null | undefined) => (u ?? '').trim().replace(/^@+/, '').toLowerCase();

/**
 * Finds the client's row: the first row is the header; the row whose Telegram-id column equals the
 * client's id (or, failing that, whose username column equals their @username) becomes the card.
 */
export function parseSheetRows(values: readonly (readonly unknown[])[], client: ClientRef): ClientCard | null {
  const [header, ...rows] = values;
  if (!header) return null;
  const names = header.map((h) => String(h ?? '').trim());
  const pick = (candidates: string[]) => {
    for (const candidate of candidates) {
      const index = names.findIndex((n) => normalizeHeader(n) === candidate);
      if (index !== -1) return index;
    }
    return -1;
  };
  const idColumn = pick(ID_HEADERS);
  const usernameColumn = pick(USERNAME_HEADERS);
  const cell = (row: readonly unknown[], index: number) => (index === -1 ? '' : String(row[index] ?? '').trim());
  const wanted = bareUsername(client.username);
  const row =
    rows.find((r) => idColumn !== -1 && cell(r, idColumn) === String(client.telegramId)) ??
    rows.find((r) => wanted !== '' && usernameColumn !== -1 && bareUsername(cell(r, usernameColumn)) === wanted);
  if (!row) return null;
  const fields = names
    .map((label, index) => ({ label, value: cell(row, index) }))
    .filter((f) => f.label !== '' && f.value !== '');
  return { source: 'sheets', known: true, fields };
}

/**
 * The HTTP status of a failed Google request (gaxios errors carry it), and nothing else of the
 * error: its request holds the signed assertion or the access token.
 */
function statusOf(err: unknown): number | 'no answer' {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : 'no answer';
}

export class SheetsClientCardSource implements ClientCardSource {
  private readonly auth: JWT;
  private readonly sheets: sheets_v4.Sheets;
  private readonly range: string;

  constructor(
    account: ServiceAccount,
    private readonly spreadsheetId: string,
    options: SheetsClientOptions = {},
  ) {
    this.range = options.range ?? SHEETS_DEFAULT_RANGE;
    this.auth = new JWT({
      email: account.clientEmail,
      // Keys pasted into .env often carry literal "\n" sequences instead of line breaks.
      key: account.privateKey.replace(/\\n/g, '\n'),
      scopes: [SHEETS_SCOPE],
      ...(options.fetchImplementation
        ? { transporterOptions: { fetchImplementation: options.fetchImplementation } }
        : {}),
    });
    this.sheets = sheetsApi({ version: 'v4', auth: this.auth });
  }

  async lookup(client: ClientRef): Promise<ClientCard> {
    // The access token first, on its own: the client keeps it until shortly before it expires, and a
    // refusal is reported as the token step's.
    try {
      await this.auth.getAccessToken();
    } catch (err) {
      throw new Error(`Google token request failed: ${statusOf(err)}`);
    }
    let values: unknown[][] | null | undefined;
    try {
      const res = await this.sheets.spreadsheets.values.get({
        spreadsheetId: this.spreadsheetId,
        range: this.range,
        majorDimension: 'ROWS',
      });
      values = res.data.values;
    } catch (err) {
      throw new Error(`Google Sheets values request failed: ${statusOf(err)}`);
    }
    return parseSheetRows(values ?? [], client) ?? { source: 'sheets', known: false, fields: [] };
  }
}

// ---------------------------------------------------------------- Database

interface ProfileRow {
  username: string | null;
  language_code: string | null;
  created_at: Date | string;
  user_first_name: string | null;
  user_last_name: string | null;
  phone: string | null;
  user_active: boolean | null;
  tickets: string | number;
}

export class DatabaseClientCardSource implements ClientCardSource {
  constructor(private readonly orm: Orm) {}

  async lookup(client: ClientRef): Promise<ClientCard> {
    const em = this.orm.em.fork() as EntityManager;
    const row = await sqlOne<ProfileRow>(
      em,
      `select p.username, p.language_code, p.created_at,
              u.first_name as user_first_name, u.last_name as user_last_name, u.phone, u.is_active as user_active,
              (select count(*) from support_ticket t where t.client_telegram_id = p.telegram_id) as tickets
         from telegram_profile p left join app_user u on u.id = p.user_id
        where p.telegram_id = ?`,
      [client.telegramId],
    );
    if (!row) return { source: 'database', known: false, fields: [] };
    const fields: ClientCardField[] = [];
    const add = (labelKey: string, value: string | null | undefined) => {
      if (value) fields.push({ label: labelKey, labelKey, value });
    };
    const registered = row.user_active === true;
    add('support-card-account', registered ? `${row.user_first_name ?? ''} ${row.user_last_name ?? ''}`.trim() : null);
    add('support-card-phone', row.phone);
    add('support-card-language', row.language_code);
    add('support-card-first-seen', new Date(row.created_at).toISOString().slice(0, 10));
    add('support-card-tickets', String(Number(row.tickets)));
    return { source: 'database', known: registered, fields };
  }
}

// ---------------------------------------------------------------- Cache

/** Wraps a source with the 15-minute Redis cache; a failing source gives an empty card, never an error. */
export class CachedClientCardSource implements ClientCardSource {
  constructor(
    private readonly inner: ClientCardSource,
    private readonly redis: RedisClient,
    private readonly logger: Logger,
  ) {}

  async lookup(client: ClientRef): Promise<ClientCard> {
    const key = clientCardCacheKey(client.telegramId);
    const cached = await this.redis.get(key).catch(() => null);
    if (cached) {
      try {
        return JSON.parse(cached) as ClientCard;
      } catch {
        // Rebuilt below.
      }
    }
    let card: ClientCard;
    try {
      card = await this.inner.lookup(client);
    } catch (err) {
      this.logger.warn({ err, telegram_id: client.telegramId }, 'client card source failed');
      return { source: 'database', known: false, fields: [] };
    }
    await this.redis.set(key, JSON.stringify(card), 'EX', CLIENT_CARD_TTL_SECONDS).catch(() => undefined);
    return card;
  }
}

export interface ClientCardDeps {
  config: { sheets?: { clientEmail: string; privateKey: string; spreadsheetId?: string } };
  orm: Orm;
  redis: RedisClient;
  logger: Logger;
}

const shared = new WeakMap<object, ClientCardSource>();

/** Sheets when SHEETS_CREDS (and the spreadsheet id) are configured, the database otherwise; cached. */
export function createClientCardSource(deps: ClientCardDeps): ClientCardSource {
  // One source per process (per Redis client): the Sheets access token is reused until it expires.
  const existing = shared.get(deps.redis);
  if (existing) return existing;
  const source = buildClientCardSource(deps);
  shared.set(deps.redis, source);
  return source;
}

function buildClientCardSource(deps: ClientCardDeps): ClientCardSource {
  const sheets = deps.config.sheets;
  const inner =
    sheets?.spreadsheetId !== undefined
      ? new SheetsClientCardSource(
          { clientEmail: sheets.clientEmail, privateKey: sheets.privateKey },
          sheets.spreadsheetId,
        )
      : new DatabaseClientCardSource(deps.orm);
  return new CachedClientCardSource(inner, deps.redis, deps.logger);
}
