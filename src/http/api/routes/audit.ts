// /api/audit: the merged audit feed (reads/audit-feed.ts), staff only, newest first with a
// keyset cursor.
import { DomainError } from '../../../domain';
import { canReadAuditFeed } from '../../../domain/analytics';
import { AUDIT_KINDS, AUDIT_TYPES, type AuditEntry, auditFeed, decodeAuditCursor } from '../../../reads/audit-feed';
import { InvalidInputError } from '../../../services/input-errors';
import { actorOf } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, dateTime, id, int4, jsonObject, MAX_PAGE_SIZE, nullableInt, object, text } from '../schemas';

const entry = object({
  kind: { type: 'string', enum: [...AUDIT_KINDS] },
  id: { ...id, description: 'Row id within its kind' },
  at: dateTime,
  ticket_id: nullableInt,
  user_id: { ...nullableInt, description: 'Whom the entry is about (XP earner, session technician, approved user)' },
  actor_id: { ...nullableInt, description: 'Who did it; null: the system' },
  action: { type: 'string', description: 'Transition action, XP entry type, access status or rules action' },
  details: jsonObject,
});

function entryOut(e: AuditEntry) {
  return {
    kind: e.kind,
    id: e.id,
    at: e.at,
    ticket_id: e.ticketId,
    user_id: e.userId,
    actor_id: e.actorId,
    action: e.action,
    details: e.details,
  };
}

export const auditRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/audit',
    {
      schema: apiSchema(
        {
          tags: ['audit'],
          summary:
            'Audit feed: ticket and work-session transitions, XP, access decisions, rules changes, attendance, ' +
            'level changes (staff)',
          description:
            'Newest first by (at, kind, id). `before` is the `next_before` of the previous page. A ticket filter ' +
            'leaves out kinds without tickets; a user filter matches the actor (or recorder), the XP earner, the ' +
            'approved user, the technician checking in, the user whose level changed.',
          querystring: object(
            {
              ticket_id: id,
              user_id: id,
              type: { type: 'string', enum: [...AUDIT_TYPES], description: 'attendance: check-ins and check-outs' },
              before: text(
                { minLength: 1, maxLength: 200 },
                { description: 'Cursor: next_before of the previous page' },
              ),
              limit: int4({ minimum: 1, maximum: MAX_PAGE_SIZE }, { default: 50 }),
            },
            [],
          ),
          response: {
            200: object({
              items: { type: 'array', items: entry },
              next_before: { type: 'string', nullable: true, description: 'null: no older entries' },
            }),
          },
        },
        [400, 403],
      ),
    },
    async (request) => {
      if (!canReadAuditFeed(actorOf(request).roles)) throw new DomainError('role.forbidden');
      const q = request.query;
      const before = q.before === undefined ? undefined : decodeAuditCursor(q.before);
      if (before === null)
        throw new InvalidInputError({ before: 'Not a cursor of this feed.' }, 'The request does not match the schema.');
      const page = await auditFeed(ctx.em(), {
        ticketId: q.ticket_id,
        userId: q.user_id,
        type: q.type,
        before,
        limit: q.limit,
      });
      return { items: page.items.map(entryOut), next_before: page.nextBefore };
    },
  );
};
