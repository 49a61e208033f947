// /api/tickets: intake, list, detail, and every step of the lifecycle as the token's user, through
// TicketService (the same Temporal updates the bot runs). Each write answers with the ticket as
// Postgres has it afterwards.
import type { FastifyRequest } from 'fastify';
import { TICKET_COLORS, TICKET_STATUSES } from '../../../domain';
import { NotFoundError } from '../../../services/errors';
import { actorOf, requireSomeRole } from '../auth';
import { type ApiContext, type RouteModule, updateIdOf } from '../context';
import { listTickets, ticketDetail } from '../../../reads/rest-api';
import {
  apiSchema,
  id,
  idempotencyHeaders,
  idParams,
  int4,
  MAX_TICKET_XP,
  nullableEnum,
  object,
  page,
  pageQuery,
  text,
  ticket,
  ticketColor,
  ticketDetail as ticketDetailSchema,
  ticketStatus,
} from '../schemas';

const TAGS = ['tickets'];

export const TICKET_ACTIONS = ['start', 'pause', 'resume', 'stop', 'send-to-qc', 'qc-pass', 'qc-fail'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

const createBody = object(
  {
    serial_number: text(
      { minLength: 1, maxLength: 64 },
      { description: 'Normalized: spaces removed, upper-cased (then at most 32 characters)' },
    ),
    part_specs: {
      type: 'array',
      maxItems: 100,
      items: object(
        {
          part_id: id,
          color: ticketColor,
          minutes: int4({ minimum: 1, maximum: 10_000 }),
          comment: { ...text({ maxLength: 1000 }), nullable: true },
        },
        ['part_id', 'color', 'minutes'],
      ),
    },
    flag_color: nullableEnum(TICKET_COLORS, { description: 'Manual override (with xp_amount)' }),
    xp_amount: int4({ maximum: MAX_TICKET_XP }, { nullable: true, description: 'Manual override (with flag_color)' }),
    approve_review: { type: 'boolean', description: 'Approve the review at creation (ops manager, super admin)' },
    title: { ...text({ maxLength: 200 }), nullable: true },
    confirm_create_inventory_item: { type: 'boolean', description: 'Create the item when the serial is unknown' },
    inventory_item_creation_reason: { ...text({ maxLength: 1000 }), nullable: true },
  },
  ['serial_number', 'part_specs'],
);

const ticketParams = idParams;
const actionParams = object({ id, action: { type: 'string', enum: [...TICKET_ACTIONS] } });

async function detailOrThrow(ctx: ApiContext, ticketId: number) {
  const detail = await ticketDetail(ctx.em(), ticketId);
  if (!detail) throw new NotFoundError('Ticket', ticketId);
  return detail;
}

function runAction(
  ctx: ApiContext,
  request: FastifyRequest,
  ticketId: number,
  action: TicketAction,
  reason: string | null,
) {
  const actor = actorOf(request);
  const options = { updateId: updateIdOf(request, `ticket-${ticketId}:${action}`), metadata: { source: 'api' } };
  switch (action) {
    case 'start':
      return ctx.tickets.start(actor, ticketId, options);
    case 'pause':
      return ctx.tickets.pause(actor, ticketId, options);
    case 'resume':
      return ctx.tickets.resume(actor, ticketId, options);
    case 'stop':
      return ctx.tickets.stop(actor, ticketId, options);
    case 'send-to-qc':
      return ctx.tickets.sendToQc(actor, ticketId, options);
    case 'qc-pass':
      return ctx.tickets.qcPass(actor, ticketId, options);
    case 'qc-fail':
      return ctx.tickets.qcFail(actor, ticketId, reason, options);
  }
}

export const ticketRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/tickets',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'List tickets',
          description: 'Newest first. Filters combine; `status` may repeat.',
          querystring: object(
            {
              status: {
                type: 'array',
                items: ticketStatus,
                maxItems: TICKET_STATUSES.length,
                description: 'One or more statuses',
              },
              technician_id: id,
              master_id: id,
              serial: text({ minLength: 1, maxLength: 64 }, { description: 'Exact serial (normalized)' }),
              ...pageQuery,
            },
            [],
          ),
          response: { 200: page(ticket) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      const q = request.query;
      return listTickets(ctx.em(), {
        status: q.status,
        technicianId: q.technician_id,
        masterId: q.master_id,
        serial: q.serial,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.post(
    '/tickets',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Create a ticket (intake)',
          description:
            'Intake rules of the bot: master, ops manager or super admin; metrics from the part specs unless ' +
            'both flag_color and xp_amount are given. The ticket starts in under_review.',
          body: createBody,
          response: { 201: ticketDetailSchema },
        },
        [400, 403, 409, 503],
      ),
    },
    async (request, reply) => {
      const body = request.body;
      const created = await ctx.tickets.createTicket(actorOf(request), {
        serial: body.serial_number,
        partSpecs: body.part_specs.map((s) => ({
          partId: s.part_id,
          color: s.color,
          minutes: s.minutes,
          comment: s.comment ?? null,
        })),
        manual:
          body.flag_color == null && body.xp_amount == null
            ? undefined
            : { flagColor: body.flag_color ?? null, xpAmount: body.xp_amount ?? null },
        approveReview: body.approve_review,
        title: body.title ?? null,
        confirmCreateItem: body.confirm_create_inventory_item,
        itemCreationReason: body.inventory_item_creation_reason ?? null,
      });
      return reply.code(201).send(await detailOrThrow(ctx, created.ticket.id));
    },
  );

  app.get(
    '/tickets/:id',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'A ticket with part specs, transitions, work sessions and XP',
          params: ticketParams,
          response: { 200: ticketDetailSchema },
        },
        [400, 403, 404],
      ),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      return detailOrThrow(ctx, request.params.id);
    },
  );

  app.post(
    '/tickets/:id/approve-review',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Approve the review (under_review → new)',
          params: ticketParams,
          headers: idempotencyHeaders,
          response: { 200: ticketDetailSchema },
        },
        [400, 403, 404, 409, 503],
      ),
    },
    async (request) => {
      const ticketId = request.params.id;
      await ctx.tickets.approveReview(actorOf(request), ticketId, {
        updateId: updateIdOf(request, `ticket-${ticketId}:approve-review`),
      });
      return detailOrThrow(ctx, ticketId);
    },
  );

  app.post(
    '/tickets/:id/assign',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Assign (or reassign) a technician',
          params: ticketParams,
          headers: idempotencyHeaders,
          body: object({ technician_id: id }),
          response: { 200: ticketDetailSchema },
        },
        [400, 403, 404, 409, 503],
      ),
    },
    async (request) => {
      const ticketId = request.params.id;
      await ctx.tickets.assign(actorOf(request), ticketId, request.body.technician_id, {
        updateId: updateIdOf(request, `ticket-${ticketId}:assign`),
      });
      return detailOrThrow(ctx, ticketId);
    },
  );

  app.put(
    '/tickets/:id/metrics',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Set manual metrics (flag color and XP)',
          params: ticketParams,
          headers: idempotencyHeaders,
          body: object({ flag_color: ticketColor, xp_amount: int4({ maximum: MAX_TICKET_XP }) }),
          response: { 200: ticketDetailSchema },
        },
        [400, 403, 404, 409, 503],
      ),
    },
    async (request) => {
      const ticketId = request.params.id;
      await ctx.tickets.setManualMetrics(
        actorOf(request),
        ticketId,
        { flagColor: request.body.flag_color, xpAmount: request.body.xp_amount },
        { updateId: updateIdOf(request, `ticket-${ticketId}:metrics`) },
      );
      return detailOrThrow(ctx, ticketId);
    },
  );

  app.post(
    '/tickets/:id/actions/:action',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'A technician or QC action as the token’s user',
          description:
            'start, pause, resume, stop, send-to-qc: the assigned technician. qc-pass, qc-fail: a QC inspector ' +
            '(or super admin); qc-fail takes an optional `reason` the technician sees.',
          params: actionParams,
          headers: idempotencyHeaders,
          body: object({ reason: { ...text({ maxLength: 1000 }), nullable: true } }, []),
          response: { 200: ticketDetailSchema },
        },
        [400, 403, 404, 409, 503],
      ),
    },
    async (request) => {
      const { id: ticketId, action } = request.params;
      const reason = request.body.reason?.trim() || null;
      await runAction(ctx, request, ticketId, action, reason);
      return detailOrThrow(ctx, ticketId);
    },
  );
};
