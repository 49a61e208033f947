// /api/access-requests: the moderation queue (ops manager, super admin). Decisions go through
// AccessRequestService, i.e. the AccessRequestWorkflow's updates, so the requester is told in
// Telegram and the moderators' cards are updated exactly as for a decision made in the bot.
import { canModerateAccess, DomainError } from '../../../domain';
import { NotFoundError } from '../../../services/errors';
import { GRANTABLE_ROLES } from '../../../domain';
import { actorOf } from '../auth';
import { type ApiContext, type RouteModule, updateIdOf } from '../context';
import { accessRequest as readAccessRequest, listAccessRequests } from '../../../reads/rest-api';
import {
  accessRequest,
  accessRequestStatus,
  apiSchema,
  idempotencyHeaders,
  idParams,
  object,
  page,
  pageQuery,
} from '../schemas';

const TAGS = ['access-requests'];

async function requestOrThrow(ctx: ApiContext, requestId: number) {
  const row = await readAccessRequest(ctx.em(), requestId);
  if (!row) throw new NotFoundError('Access request', requestId);
  return row;
}

export const accessRequestRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/access-requests',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'List access requests (ops manager, super admin)',
          description: 'Oldest first.',
          querystring: object({ status: accessRequestStatus, ...pageQuery }, []),
          response: { 200: page(accessRequest) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      if (!canModerateAccess(actorOf(request).roles)) throw new DomainError('role.forbidden');
      const { status, limit, offset } = request.query;
      return listAccessRequests(ctx.em(), { status, limit, offset });
    },
  );

  app.get(
    '/access-requests/:id',
    {
      schema: apiSchema(
        { tags: TAGS, summary: 'An access request', params: idParams, response: { 200: accessRequest } },
        [400, 403, 404],
      ),
    },
    async (request) => {
      if (!canModerateAccess(actorOf(request).roles)) throw new DomainError('role.forbidden');
      return requestOrThrow(ctx, request.params.id);
    },
  );

  app.post(
    '/access-requests/:id/approve',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Approve with roles: the user is activated, gets the roles and is told in Telegram',
          params: idParams,
          headers: idempotencyHeaders,
          body: object({
            roles: {
              type: 'array',
              minItems: 1,
              maxItems: GRANTABLE_ROLES.length,
              uniqueItems: true,
              items: { type: 'string', enum: [...GRANTABLE_ROLES] },
            },
          }),
          response: { 200: accessRequest },
        },
        [400, 403, 404, 409, 503],
      ),
    },
    async (request) => {
      const requestId = request.params.id;
      await ctx.accessRequests.approve(actorOf(request), requestId, request.body.roles, {
        updateId: updateIdOf(request, `access-request-${requestId}:approve`),
      });
      return requestOrThrow(ctx, requestId);
    },
  );

  app.post(
    '/access-requests/:id/reject',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Reject: the user stays inactive, is told in Telegram and may ask again',
          params: idParams,
          headers: idempotencyHeaders,
          response: { 200: accessRequest },
        },
        [400, 403, 404, 409, 503],
      ),
    },
    async (request) => {
      const requestId = request.params.id;
      await ctx.accessRequests.reject(actorOf(request), requestId, {
        updateId: updateIdOf(request, `access-request-${requestId}:reject`),
      });
      return requestOrThrow(ctx, requestId);
    },
  );
};
