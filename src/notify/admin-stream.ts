// The admin notifications stream (front-door.md): a Redis stream `admin:notifications` (under the
// configured key prefix) that any part of the system writes to with publishAdminNotification();
// the app process reads it through a consumer GROUP and hands each entry to a delivery function
// (the bot sends it to the admins), then XACKs it.
//
// - Entries ticketflow writes itself carry a known `type` and `params` (a JSON object of strings):
//   the delivery renders them in each admin's language from Fluent keys (ADMIN_NOTIFICATION_TYPES);
//   their `text` is the English fallback for readers of the raw stream. Entries of other systems
//   carry free `text`, delivered as written inside a localized frame.
// - An entry that is malformed (no type or text, a bad ticket_id) is acknowledged away with a log
//   line: it could never be delivered, so re-reading it forever would only block the log.
// - A delivery that fails (Telegram or the database down) is not acknowledged: the entry stays in
//   the group's pending list and is taken over with XAUTOCLAIM once it has been idle for
//   `claimIdleMs`, by this or any other consumer, so a consumer that crashed mid-delivery loses
//   nothing. After `maxDeliveries` attempts it is acknowledged away with an error log.
// - Blocking reads get their own connection (`duplicate()`): a BLOCKed command would otherwise
//   hold up every other command on the shared client.
// - ioredis does not apply `keyPrefix` to XGROUP, so that connection has no prefix and every stream
//   command on it names the full key.
//
// Development without REDIS_URL runs on ioredis-mock, which has XADD and XREAD but no consumer
// groups (XGROUP, XREADGROUP, XACK, XAUTOCLAIM). There the consumer detects the missing commands
// and falls back to plain XREAD polling with the last id kept in memory: that is enough for the
// one process `npm run dev` runs, and the in-process store loses everything on restart anyway, so
// there is nothing to acknowledge or reclaim.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { errorMessage, type Logger } from '../logger';
import type { RedisClient } from '../redis';
import { ADMIN_STREAM_KEY } from '../redis/keys';

export const ADMIN_STREAM_GROUP = 'admin-notifier';
/** Approximate cap on the stream's length (XADD MAXLEN ~). */
export const ADMIN_STREAM_MAXLEN = 10_000;

export const ADMIN_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type AdminSeverity = (typeof ADMIN_SEVERITIES)[number];

const TYPE_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,63}$/i;
const DEDUPE_PATTERN = /^[\w:.-]{1,200}$/;
/** Longest text an entry may carry (a Telegram message is at most 4096 characters). */
export const ADMIN_TEXT_MAX_LENGTH = 3500;

/**
 * The entries ticketflow writes itself, each rendered per recipient from
 * `notif-admin-<type with dashes>-title` and `notif-admin-<type with dashes>` with its params.
 */
export const ADMIN_NOTIFICATION_TYPES = {
  /** A support ticket's first-response SLA ran out: `id`, `client`, `minutes`. */
  support_sla_breached: ['id', 'client', 'minutes'],
  /** A workshop ticket waited for QC past its SLA: `id`, `serial`, `minutes`, `sla`. */
  qc_sla_breached: ['id', 'serial', 'minutes', 'sla'],
  /** A ticket notification failed after all retries: `id`, `event` (a TicketNotificationKind), `cause`. */
  notification_failed: ['id', 'event', 'cause'],
} as const satisfies Record<string, readonly string[]>;
export type AdminNotificationType = keyof typeof ADMIN_NOTIFICATION_TYPES;

export const isAdminNotificationType = (type: string): type is AdminNotificationType =>
  Object.prototype.hasOwnProperty.call(ADMIN_NOTIFICATION_TYPES, type);

/** Longest params field on the wire (JSON). */
const PARAMS_MAX_LENGTH = 4000;

/**
 * One entry of the stream. Fields on the wire: `type`, `text`, `params`? (JSON object of strings),
 * `ticket_id`?, `severity`?, `dedupe_key`?.
 */
export interface AdminNotification {
  /** What happened, e.g. `qc_sla_breached`, `notification_failed`, or another system's own type. */
  type: string;
  /** Plain text (no markup): what other systems' entries show; for ticketflow's own, the English fallback. */
  text: string;
  /**
   * Ticketflow's own entries: the values of the type's localized text (strings, so Fluent never
   * digit-groups an id). Without them, or for an unknown type, `text` is shown as written.
   */
  params?: Record<string, string>;
  ticketId?: number | null;
  /** Default `info`. */
  severity?: AdminSeverity;
  /**
   * When the same message may already have reached an admin another way: the delivery skips chats
   * whose `<dedupe_key>:<chat id>` is already marked as sent (the ticket notifier's keys).
   */
  dedupeKey?: string;
}

export type ParsedEntry = { ok: true; entry: AdminNotification } | { ok: false; reason: string };

function normalizeSeverity(value: string | undefined): AdminSeverity {
  const lower = value?.trim().toLowerCase();
  if (lower === 'warn') return 'warning';
  if (lower === 'fatal') return 'critical';
  return (ADMIN_SEVERITIES as readonly string[]).includes(lower ?? '') ? (lower as AdminSeverity) : 'info';
}

/** Reads an entry's field list; anything that cannot be delivered is reported as malformed. */
export function parseAdminEntry(fields: readonly string[] | null | undefined): ParsedEntry {
  if (!fields || fields.length % 2 !== 0) return { ok: false, reason: 'fields are not name/value pairs' };
  const map = new Map<string, string>();
  for (let i = 0; i < fields.length; i += 2) map.set(fields[i], fields[i + 1]);
  const type = map.get('type')?.trim() ?? '';
  const text = map.get('text')?.trim() ?? '';
  if (!TYPE_PATTERN.test(type)) return { ok: false, reason: 'type is missing or invalid' };
  if (text === '') return { ok: false, reason: 'text is missing' };
  if (text.length > ADMIN_TEXT_MAX_LENGTH) return { ok: false, reason: 'text is too long' };
  const entry: AdminNotification = { type, text, severity: normalizeSeverity(map.get('severity')) };
  const params = parseParams(map.get('params'));
  if (params) entry.params = params;
  const ticket = map.get('ticket_id')?.trim();
  if (ticket !== undefined && ticket !== '') {
    if (!/^[1-9]\d{0,9}$/.test(ticket) || Number(ticket) > 2_147_483_647) {
      return { ok: false, reason: 'ticket_id is not a ticket id' };
    }
    entry.ticketId = Number(ticket);
  }
  const dedupe = map.get('dedupe_key');
  if (dedupe !== undefined && dedupe !== '') {
    if (!DEDUPE_PATTERN.test(dedupe)) return { ok: false, reason: 'dedupe_key is invalid' };
    entry.dedupeKey = dedupe;
  }
  return { ok: true, entry };
}

/** A JSON object of string (or number) values; anything else is ignored and the entry shows its text. */
function parseParams(raw: string | undefined): Record<string, string> | null {
  if (raw === undefined || raw === '' || raw.length > PARAMS_MAX_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const params: Record<string, string> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') params[name] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) params[name] = String(v);
    else return null;
  }
  return params;
}

/** Appends an entry to the admin stream (trimmed to about ADMIN_STREAM_MAXLEN); returns its id. */
export async function publishAdminNotification(redis: RedisClient, entry: AdminNotification): Promise<string> {
  const fields: string[] = ['type', entry.type, 'text', entry.text.slice(0, ADMIN_TEXT_MAX_LENGTH)];
  fields.push('severity', entry.severity ?? 'info');
  if (entry.params) fields.push('params', JSON.stringify(entry.params));
  if (entry.ticketId) fields.push('ticket_id', String(entry.ticketId));
  if (entry.dedupeKey) fields.push('dedupe_key', entry.dedupeKey);
  const parsed = parseAdminEntry(fields);
  if (!parsed.ok) throw new Error(`invalid admin notification: ${parsed.reason}`);
  const id = await redis.xadd(ADMIN_STREAM_KEY, 'MAXLEN', '~', String(ADMIN_STREAM_MAXLEN), '*', ...fields);
  if (!id) throw new Error('XADD returned no id');
  return id;
}

// ---------------------------------------------------------------------------------------------
// Consumer

export interface AdminStreamConsumerOptions {
  redis: RedisClient;
  logger: Logger;
  /** Delivers one entry; throwing leaves it pending (retried after `claimIdleMs`). */
  deliver(entry: AdminNotification, entryId: string): Promise<void>;
  /** Consumer name within the group; default host-pid-random (a restarted process is a new consumer). */
  consumer?: string;
  /** How long one XREADGROUP blocks (ms); also bounds how long stop() waits. Default 5 s. */
  blockMs?: number;
  /** Pending entries idle this long are taken over (ms). Default 60 s. */
  claimIdleMs?: number;
  /** Deliveries after which an entry is given up. Default 10. */
  maxDeliveries?: number;
  /** Entries per read. Default 20. */
  batch?: number;
  /** Polling interval without consumer groups (ioredis-mock). Default 1 s. */
  pollMs?: number;
}

export interface AdminStreamConsumer {
  /** `group`: XREADGROUP + XACK + XAUTOCLAIM; `polling`: XREAD fallback (ioredis-mock). */
  readonly mode: 'group' | 'polling';
  readonly consumer: string;
  stop(): Promise<void>;
}

type StreamEntry = [id: string, fields: string[] | null];
type XReadReply = [key: string, entries: StreamEntry[]][] | null;

const isUnsupported = (err: unknown) => /unsupported command|unknown command/i.test(errorMessage(err));

/** Starts reading the admin stream; resolves once the group exists (or polling is chosen). */
export async function startAdminStreamConsumer(options: AdminStreamConsumerOptions): Promise<AdminStreamConsumer> {
  const log = options.logger.child({ component: 'admin-stream' });
  const consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const blockMs = options.blockMs ?? 5_000;
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  const maxDeliveries = options.maxDeliveries ?? 10;
  const batch = options.batch ?? 20;
  const key = `${options.redis.options.keyPrefix ?? ''}${ADMIN_STREAM_KEY}`;

  const conn = options.redis.duplicate({ keyPrefix: '' });
  /** The stream and its group, unless they exist already. */
  const createGroup = async () => {
    try {
      await conn.xgroup('CREATE', key, ADMIN_STREAM_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test(errorMessage(err))) throw err;
    }
  };
  try {
    await createGroup();
  } catch (err) {
    conn.disconnect();
    if (isUnsupported(err)) return startPolling(options, log, consumer);
    throw err;
  }

  let stopping = false;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(id: string, fields: string[] | null, deliveries: number): Promise<void> {
    const parsed = parseAdminEntry(fields);
    if (!parsed.ok) {
      log.warn({ entry_id: id, reason: parsed.reason, fields }, 'malformed admin notification acknowledged away');
      await conn.xack(key, ADMIN_STREAM_GROUP, id);
      return;
    }
    if (deliveries > maxDeliveries) {
      log.error(
        { entry_id: id, deliveries, entry: parsed.entry },
        'admin notification given up after repeated failures',
      );
      await conn.xack(key, ADMIN_STREAM_GROUP, id);
      return;
    }
    try {
      await options.deliver(parsed.entry, id);
    } catch (err) {
      log.warn({ err, entry_id: id, deliveries }, 'admin notification not delivered; it stays pending for a retry');
      return;
    }
    await conn.xack(key, ADMIN_STREAM_GROUP, id);
  }

  /** Takes over entries idle for `claimIdleMs` (a crashed consumer's, or our own failed ones). */
  async function reclaim(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, claimed] = (await conn.xautoclaim(
        key,
        ADMIN_STREAM_GROUP,
        consumer,
        claimIdleMs,
        cursor,
        'COUNT',
        batch,
      )) as [string, StreamEntry[], string[]?];
      cursor = next;
      const live = claimed.filter((entry): entry is StreamEntry => Array.isArray(entry) && !!entry[0]);
      if (live.length === 0) continue;
      const counts = new Map<string, number>();
      const pending = (await conn.xpending(
        key,
        ADMIN_STREAM_GROUP,
        live[0][0],
        live[live.length - 1][0],
        live.length,
        consumer,
      )) as [string, string, number, number][];
      for (const [id, , , count] of pending) counts.set(id, Number(count));
      for (const [id, fields] of live) {
        if (stopping) return;
        await handle(id, fields, counts.get(id) ?? 1);
      }
    } while (cursor !== '0-0' && !stopping);
  }

  const claimEveryMs = Math.max(100, Math.floor(claimIdleMs / 2));
  let lastClaim = 0;
  const loop = (async () => {
    while (!stopping) {
      try {
        if (Date.now() - lastClaim >= claimEveryMs) {
          lastClaim = Date.now();
          await reclaim();
        }
        const reply = (await conn.xreadgroup(
          'GROUP',
          ADMIN_STREAM_GROUP,
          consumer,
          'COUNT',
          batch,
          'BLOCK',
          Math.min(blockMs, claimEveryMs),
          'STREAMS',
          key,
          '>',
        )) as XReadReply;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            if (stopping) break;
            await handle(id, fields, 1);
          }
        }
      } catch (err) {
        if (stopping) break;
        // Redis came back without the stream (restarted without persistence, or flushed): the group
        // is made again, and what is published from now on is delivered.
        const groupLost = /NOGROUP/.test(errorMessage(err));
        if (groupLost) log.warn('admin stream group missing (Redis lost it); creating it again');
        const failure = groupLost
          ? await createGroup().then(
              () => null,
              (createErr: unknown) => createErr,
            )
          : err;
        if (failure === null) continue;
        log.error({ err: failure }, 'admin stream read failed; retrying');
        await sleep(1_000);
      }
    }
  })();

  log.info({ consumer, group: ADMIN_STREAM_GROUP }, 'admin notifications stream consumer started');
  return {
    mode: 'group',
    consumer,
    async stop() {
      stopping = true;
      // Ends a blocked read at once (its promise rejects and the loop exits).
      conn.disconnect();
      await loop;
    },
  };
}

/** ioredis-mock fallback: plain XREAD from the last id seen, kept in memory (see the module comment). */
function startPolling(options: AdminStreamConsumerOptions, log: Logger, consumer: string): AdminStreamConsumer {
  const pollMs = options.pollMs ?? 1_000;
  const batch = options.batch ?? 20;
  let lastId = '0';
  let stopping = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopping) {
      let read = 0;
      try {
        const reply = (await options.redis.xread('COUNT', batch, 'STREAMS', ADMIN_STREAM_KEY, lastId)) as XReadReply;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            read += 1;
            const parsed = parseAdminEntry(fields);
            if (!parsed.ok) {
              log.warn({ entry_id: id, reason: parsed.reason, fields }, 'malformed admin notification skipped');
              continue;
            }
            await options.deliver(parsed.entry, id).catch((err: unknown) => {
              log.warn({ err, entry_id: id }, 'admin notification not delivered (no consumer groups: not retried)');
            });
          }
        }
      } catch (err) {
        log.error({ err }, 'admin stream read failed; retrying');
      }
      if (read === 0 && !stopping) await sleep(pollMs);
    }
  })();

  log.warn('Redis without consumer groups (in-process stand-in): the admin stream is polled with XREAD');
  return {
    mode: 'polling',
    consumer,
    async stop() {
      stopping = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
