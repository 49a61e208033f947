// The XP ledger as one read model: every read of `xp_transaction` rows (GET /api/xp/ledger, a
// user's history over REST and in the bot) goes through xpLedger. Filters by user, ticket, entry
// type, reference (exact or prefix), date range and amount range; ordered by date or amount, either
// way, ties by id; paged by limit/offset with the total. Each filter has an index
// (Migration20261207123000_ledger_audit_indexes).
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, type XpEntryType, type Actor } from '../domain';
import { xpLedgerSubject } from '../domain/analytics';
import { sql, sqlOne } from '../db/sql';

export type XpLedgerOrder = 'created_at' | 'amount';
export type SortDirection = 'asc' | 'desc';

export interface XpLedgerFilter {
  userId?: number;
  ticketId?: number;
  entryType?: XpEntryType;
  /** Exact reference. */
  reference?: string;
  /** References starting with this text. */
  referencePrefix?: string;
  /** created_at ≥ from. */
  from?: Date;
  /** created_at < to. */
  to?: Date;
  minAmount?: number;
  maxAmount?: number;
  order?: XpLedgerOrder;
  direction?: SortDirection;
  limit: number;
  offset: number;
}

export interface XpLedgerRow {
  id: number;
  userId: number;
  amount: number;
  entryType: XpEntryType;
  reference: string;
  description: string;
  payload: Record<string, unknown>;
  /** payload.ticket_id when the entry belongs to a ticket. */
  ticketId: number | null;
  createdAt: Date;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(filter: XpLedgerFilter): { clause: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    conditions.push(condition);
    params.push(...values);
  };
  if (filter.userId !== undefined) add('x.user_id = ?', filter.userId);
  if (filter.ticketId !== undefined) add(`(x.payload ->> 'ticket_id') = ?`, String(filter.ticketId));
  if (filter.entryType !== undefined) add('x.entry_type = ?', filter.entryType);
  if (filter.reference !== undefined) add('x.reference = ?', filter.reference);
  if (filter.referencePrefix !== undefined) add(`x.reference like ? escape '\\'`, likePrefix(filter.referencePrefix));
  if (filter.from !== undefined) add('x.created_at >= ?', filter.from);
  if (filter.to !== undefined) add('x.created_at < ?', filter.to);
  if (filter.minAmount !== undefined) add('x.amount >= ?', filter.minAmount);
  if (filter.maxAmount !== undefined) add('x.amount <= ?', filter.maxAmount);
  return { clause: conditions.length ? `where ${conditions.join(' and ')}` : '', params };
}

interface LedgerSqlRow {
  id: number;
  user_id: number;
  amount: number;
  entry_type: XpEntryType;
  reference: string;
  description: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

const ticketIdOf = (payload: Record<string, unknown>): number | null => {
  const value = Number(payload?.ticket_id);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
};

/** One page of ledger entries and how many match in all. */
export async function xpLedger(
  em: EntityManager,
  filter: XpLedgerFilter,
): Promise<{ total: number; items: XpLedgerRow[] }> {
  const { clause, params } = whereOf(filter);
  const direction = filter.direction === 'asc' ? 'asc' : 'desc';
  const column = filter.order === 'amount' ? 'x.amount' : 'x.created_at';
  const rows = await sql<LedgerSqlRow>(
    em,
    `select x.id, x.user_id, x.amount, x.entry_type, x.reference, x.description, x.payload, x.created_at
       from xp_transaction x ${clause}
      order by ${column} ${direction}, x.id ${direction}
      limit ? offset ?`,
    [...params, filter.limit, filter.offset],
  );
  const count = await sqlOne<{ total: string | number }>(
    em,
    `select count(*) as total from xp_transaction x ${clause}`,
    params,
  );
  return {
    total: Number(count?.total ?? 0),
    items: rows.map((r) => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      amount: Number(r.amount),
      entryType: r.entry_type,
      reference: r.reference,
      description: r.description,
      payload: r.payload ?? {},
      ticketId: ticketIdOf(r.payload),
      createdAt: new Date(r.created_at),
    })),
  };
}

/**
 * The ledger as the actor may read it, by the rule of every XP read: staff (masters, ops managers,
 * super admins) read anyone's (or everyone's); anyone else only their own (by default; another
 * user's is refused).
 */
export async function readXpLedger(
  em: EntityManager,
  actor: Actor,
  filter: XpLedgerFilter,
): Promise<{ total: number; items: XpLedgerRow[] }> {
  const subject = xpLedgerSubject(actor, filter.userId);
  if (subject === null) throw new DomainError('role.forbidden');
  return xpLedger(em, { ...filter, userId: subject });
}
