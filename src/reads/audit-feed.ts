// The audit feed (issue 15): one stream, newest first, merging ticket transitions, work-session
// transitions, XP entries, access decisions and rules changes, filterable by ticket, user and
// type, paged by a keyset cursor over (at, kind, id).
//
// Each source is one entry of SOURCES: a select of the common columns with its own filters. The
// query is a UNION ALL of one branch per source, each ordered by its (time, id) and cut at the page
// size, and the outer query merges them. Adding a source is adding one entry. Attendance (a
// check-in and a check-out entry per record) and level changes (weekly or manual) are sources too.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

/** What an entry is, one per source; ordered by name (collation C) among entries at the same moment. */
export const AUDIT_KINDS = [
  'access',
  'attendance_in',
  'attendance_out',
  'level',
  'rules',
  'ticket',
  'work_session',
  'xp',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** The `type` filter: a kind, or `attendance` for both of its kinds. */
export const AUDIT_TYPES = ['access', 'attendance', 'level', 'rules', 'ticket', 'work_session', 'xp'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

const typeOf = (kind: AuditKind): AuditType => (kind.startsWith('attendance') ? 'attendance' : (kind as AuditType));

export interface AuditFilter {
  ticketId?: number;
  userId?: number;
  type?: AuditType;
  /** The cursor of the previous page (next_before, decoded); the page holds entries strictly older. */
  before?: AuditCursor;
  limit: number;
}

export interface AuditEntry {
  kind: AuditKind;
  id: number;
  at: Date;
  ticketId: number | null;
  /** Whom the entry is about (the XP earner, the technician of a session, the approved user). */
  userId: number | null;
  /** Who did it (null for the system). */
  actorId: number | null;
  action: string;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: string | null;
}

export interface AuditCursor {
  /** Microseconds since the epoch (Postgres keeps timestamps to the microsecond). */
  atMicros: bigint;
  kind: AuditKind;
  id: number;
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.atMicros}:${cursor.kind}:${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not a cursor of this feed. */
export function decodeAuditCursor(text: string): AuditCursor | null {
  const match = /^(-?\d{1,18}):([a-z_]+):(\d{1,10})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  const kind = match?.[2] as AuditKind | undefined;
  const id = Number(match?.[3]);
  if (!match || !kind || !AUDIT_KINDS.includes(kind) || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
    return null;
  }
  return { atMicros: BigInt(match[1]!), kind, id };
}

interface Source {
  kind: AuditKind;
  /** Table alias `a` expression of the row's time and id, for the keyset condition. */
  at: string;
  id: string;
  /** Columns: id, at, ticket_id, user_id, actor_id, action, details (jsonb). */
  select: string;
  /** Conditions for a ticket filter, or null when the source has no tickets (it is left out). */
  ticket: string | null;
  /** Condition for a user filter (the placeholder may repeat: `count` parameters). */
  user: { sql: string; count: number };
}

const TICKET_ID_OF_PAYLOAD = `case when (a.payload ->> 'ticket_id') ~ '^[0-9]{1,9}$' then (a.payload ->> 'ticket_id')::int end`;

const SOURCES: Source[] = [
  {
    kind: 'ticket',
    at: 'a.created_at',
    id: 'a.id',
    select: `select a.id, a.created_at as at, a.ticket_id, null::int as user_id, a.actor_id, a.action::text as action,
                    jsonb_build_object('from_status', a.from_status, 'to_status', a.to_status, 'note', a.note,
                                       'metadata', a.metadata) as details
               from ticket_transition a`,
    ticket: 'a.ticket_id = ?',
    user: { sql: 'a.actor_id = ?', count: 1 },
  },
  {
    kind: 'work_session',
    at: 'a.event_at',
    id: 'a.id',
    select: `select a.id, a.event_at as at, a.ticket_id,
                    (select s.technician_id from work_session s where s.id = a.session_id) as user_id,
                    a.actor_id, a.action::text as action,
                    jsonb_build_object('session_id', a.session_id, 'from_status', a.from_status,
                                       'to_status', a.to_status, 'metadata', a.metadata) as details
               from work_session_transition a`,
    ticket: 'a.ticket_id = ?',
    user: { sql: 'a.actor_id = ?', count: 1 },
  },
  {
    kind: 'xp',
    at: 'a.created_at',
    id: 'a.id',
    select: `select a.id, a.created_at as at, ${TICKET_ID_OF_PAYLOAD} as ticket_id, a.user_id, null::int as actor_id,
                    a.entry_type::text as action,
                    jsonb_build_object('amount', a.amount, 'reference', a.reference, 'description', a.description,
                                       'payload', a.payload) as details
               from xp_transaction a`,
    ticket: `(a.payload ->> 'ticket_id') = ?::text`,
    user: { sql: 'a.user_id = ?', count: 1 },
  },
  {
    kind: 'access',
    at: 'a.resolved_at',
    id: 'a.id',
    select: `select a.id, a.resolved_at as at, null::int as ticket_id, a.user_id, a.resolved_by_id as actor_id,
                    a.status::text as action,
                    jsonb_build_object('telegram_id', a.telegram_id, 'first_name', a.first_name,
                                       'last_name', a.last_name, 'roles_granted', to_jsonb(a.roles_granted)) as details
               from access_request a`,
    ticket: null,
    user: { sql: '(a.user_id = ? or a.resolved_by_id = ?)', count: 2 },
  },
  {
    kind: 'rules',
    at: 'a.created_at',
    id: 'a.id',
    select: `select a.id, a.created_at as at, null::int as ticket_id, null::int as user_id, a.created_by_id as actor_id,
                    a.action::text as action,
                    jsonb_build_object('version', a.version, 'is_active', a.is_active, 'checksum', a.checksum,
                                       'diff', a.diff) as details
               from rules_config a`,
    ticket: null,
    user: { sql: 'a.created_by_id = ?', count: 1 },
  },
  {
    kind: 'attendance_in',
    at: 'a.check_in_at',
    id: 'a.id',
    select: `select a.id, a.check_in_at as at, null::int as ticket_id, a.user_id, a.recorded_by_id as actor_id,
                    'check_in' as action,
                    jsonb_build_object('business_date', a.business_date, 'punctuality', a.punctuality,
                                       'xp_amount', a.xp_amount, 'rules_version', a.rules_version) as details
               from attendance_record a`,
    ticket: null,
    user: { sql: '(a.user_id = ? or a.recorded_by_id = ?)', count: 2 },
  },
  {
    kind: 'attendance_out',
    at: 'a.check_out_at',
    id: 'a.id',
    select: `select a.id, a.check_out_at as at, null::int as ticket_id, a.user_id, a.checked_out_by_id as actor_id,
                    'check_out' as action,
                    jsonb_build_object('business_date', a.business_date) as details
               from attendance_record a`,
    ticket: null,
    user: { sql: '(a.user_id = ? or a.checked_out_by_id = ?)', count: 2 },
  },
  {
    kind: 'level',
    at: 'a.created_at',
    id: 'a.id',
    select: `select a.id, a.created_at as at, null::int as ticket_id, a.user_id, a.actor_id, a.reason::text as action,
                    jsonb_build_object('from_level', a.from_level, 'to_level', a.to_level, 'comment', a.comment,
                                       'evaluation_id', a.evaluation_id) as details
               from level_change a`,
    ticket: null,
    user: { sql: '(a.user_id = ? or a.actor_id = ?)', count: 2 },
  },
];

/** Only resolved access requests are decisions; only records with a check-out have one. */
const BASE_CONDITION: Partial<Record<AuditKind, string>> = {
  access: 'a.resolved_at is not null',
  attendance_out: 'a.check_out_at is not null',
};

const CURSOR_AT = `(timestamptz 'epoch' + ?::bigint * interval '1 microsecond')`;

function branch(source: Source, filter: AuditFilter, cursor: AuditCursor | null, take: number) {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const base = BASE_CONDITION[source.kind];
  if (base) conditions.push(base);
  if (filter.ticketId !== undefined) {
    conditions.push(source.ticket!);
    params.push(filter.ticketId);
  }
  if (filter.userId !== undefined) {
    conditions.push(source.user.sql);
    for (let i = 0; i < source.user.count; i += 1) params.push(filter.userId);
  }
  if (cursor) {
    // Newest first by (at, kind, id): within this source the kind is fixed, so the keyset is
    // (at, id) against the cursor, with ties on `at` going by kind.
    const micros = cursor.atMicros.toString();
    if (source.kind < cursor.kind) {
      conditions.push(`${source.at} <= ${CURSOR_AT}`);
      params.push(micros);
    } else if (source.kind === cursor.kind) {
      conditions.push(`(${source.at}, ${source.id}) < (${CURSOR_AT}, ?)`);
      params.push(micros, cursor.id);
    } else {
      conditions.push(`${source.at} < ${CURSOR_AT}`);
      params.push(micros);
    }
  }
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  return {
    sql: `(select '${source.kind}' as kind, b.* from (${source.select} ${where}
             order by ${source.at} desc, ${source.id} desc limit ${take}) b)`,
    params,
  };
}

interface AuditSqlRow {
  kind: AuditKind;
  id: number;
  at: Date;
  at_us: string;
  ticket_id: number | null;
  user_id: number | null;
  actor_id: number | null;
  action: string;
  details: Record<string, unknown>;
}

export async function auditFeed(em: EntityManager, filter: AuditFilter): Promise<AuditPage> {
  const cursor = filter.before ?? null;
  const take = filter.limit + 1;
  const sources = SOURCES.filter(
    (s) => (filter.type === undefined || typeOf(s.kind) === filter.type) && (filter.ticketId === undefined || s.ticket),
  );
  if (sources.length === 0) return { items: [], nextBefore: null };
  const branches = sources.map((s) => branch(s, filter, cursor, take));
  const rows = await sql<AuditSqlRow>(
    em,
    `select f.*, (extract(epoch from f.at) * 1000000)::bigint::text as at_us
       from (${branches.map((b) => b.sql).join('\nunion all\n')}) f
      order by f.at desc, f.kind collate "C" desc, f.id desc
      limit ${take}`,
    branches.flatMap((b) => b.params),
  );
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      kind: r.kind,
      id: Number(r.id),
      at: new Date(r.at),
      ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
      userId: r.user_id === null ? null : Number(r.user_id),
      actorId: r.actor_id === null ? null : Number(r.actor_id),
      action: r.action,
      details: r.details ?? {},
    })),
    nextBefore:
      rows.length > filter.limit && last
        ? encodeAuditCursor({ atMicros: BigInt(last.at_us), kind: last.kind, id: Number(last.id) })
        : null,
  };
}
