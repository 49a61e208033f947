// /api/xp/ledger: the XP ledger read model (reads/xp-ledger.ts) over REST. Staff read anyone's
// entries (or everyone's); anyone else only their own: the rule of /api/users/{id}/xp/history.
import { XP_ENTRY_TYPES } from '../../../domain';
import { InvalidInputError } from '../../../services/input-errors';
import { readXpLedger, type XpLedgerRow } from '../../../reads/xp-ledger';
import { actorOf } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, dateTime, id, INT4_MAX, jsonObject, nullableInt, object, page, pageQuery, text } from '../schemas';

/** A signed amount within the `int` column. */
const amount = (description: string) =>
  ({ type: 'integer', minimum: -INT4_MAX - 1, maximum: INT4_MAX, description }) as const;
const reference = (description: string) => text({ minLength: 1, maxLength: 200 }, { description });

export const xpLedgerEntry = object({
  id,
  user_id: id,
  amount: { type: 'integer' },
  entry_type: { type: 'string', enum: [...XP_ENTRY_TYPES] },
  reference: { type: 'string' },
  description: { type: 'string' },
  payload: jsonObject,
  ticket_id: { ...nullableInt, description: 'payload.ticket_id, when the entry belongs to a ticket' },
  created_at: dateTime,
});

function entryOut(row: XpLedgerRow) {
  return {
    id: row.id,
    user_id: row.userId,
    amount: row.amount,
    entry_type: row.entryType,
    reference: row.reference,
    description: row.description,
    payload: row.payload,
    ticket_id: row.ticketId,
    created_at: row.createdAt,
  };
}

export const xpLedgerRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/xp/ledger',
    {
      schema: apiSchema(
        {
          tags: ['xp'],
          summary: 'XP ledger entries, filtered and ordered (anyone’s: staff; else your own)',
          description:
            'Without `user_id`, staff (master, ops manager, super admin) read every user’s entries and anyone else ' +
            'their own; asking for another user’s entries without being staff is refused (403), as for ' +
            '`/users/{id}/xp/history`. Ranges are `from` ≤ created_at ' +
            '< `to` and `min_amount` ≤ amount ≤ `max_amount`. Ordered by `order` then id, both in `direction`.',
          querystring: object(
            {
              user_id: id,
              ticket_id: id,
              entry_type: { type: 'string', enum: [...XP_ENTRY_TYPES] },
              reference: reference('Exact reference'),
              reference_prefix: reference('References starting with this text'),
              from: { ...dateTime, description: 'Entries created at or after this moment' },
              to: { ...dateTime, description: 'Entries created before this moment' },
              min_amount: amount('Amount at least'),
              max_amount: amount('Amount at most'),
              order: { type: 'string', enum: ['created_at', 'amount'], default: 'created_at' },
              direction: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
              ...pageQuery,
            },
            [],
          ),
          response: { 200: page(xpLedgerEntry) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      const q = request.query;
      const from = q.from === undefined ? undefined : new Date(q.from);
      const to = q.to === undefined ? undefined : new Date(q.to);
      if (from && to && from.getTime() > to.getTime()) {
        throw new InvalidInputError({ from: 'Must not be after `to`.' }, 'The request does not match the schema.');
      }
      if (q.min_amount !== undefined && q.max_amount !== undefined && q.min_amount > q.max_amount) {
        throw new InvalidInputError(
          { min_amount: 'Must not be above `max_amount`.' },
          'The request does not match the schema.',
        );
      }
      const result = await readXpLedger(ctx.em(), actorOf(request), {
        userId: q.user_id,
        ticketId: q.ticket_id,
        entryType: q.entry_type,
        reference: q.reference,
        referencePrefix: q.reference_prefix,
        from,
        to,
        minAmount: q.min_amount,
        maxAmount: q.max_amount,
        order: q.order,
        direction: q.direction,
        limit: q.limit,
        offset: q.offset,
      });
      return { total: result.total, limit: q.limit, offset: q.offset, items: result.items.map(entryOut) };
    },
  );
};
