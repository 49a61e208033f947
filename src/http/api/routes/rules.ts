// /api/rules: the active rules config, updates (validated into a new version with diff and
// checksum), rollback to an earlier version, and the version history.
import { DomainError, isStaff } from '../../../domain';
import type { RulesVersionView } from '../../../services/rules';
import { actorOf, requireSomeRole } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, int4, object, page, pageQuery, rulesVersion } from '../schemas';

const TAGS = ['rules'];
const version = int4({ minimum: 1 });

function versionOut(v: RulesVersionView) {
  return {
    version: v.version,
    action: v.action,
    is_active: v.isActive,
    checksum: v.checksum,
    config: v.config,
    diff: v.diff,
    created_by_id: v.createdById,
    created_at: v.createdAt,
  };
}

/**
 * The update body: the whole rules document. Leaves are not typed here on purpose, so the domain
 * validator reports every problem with its own wording (`config.<section>.<key>` fields).
 */
const configBody = {
  type: 'object',
  description:
    'The full rules document: ticket_xp, attendance, work_session (required) and progression (optional). ' +
    'Integers where the defaults are integers, HH:MM cutoffs with on_time ≤ grace, IANA time zones.',
  properties: {
    ticket_xp: { type: 'object' },
    attendance: { type: 'object' },
    work_session: { type: 'object' },
    progression: { type: 'object' },
  },
} as const;

export const rulesRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/rules',
    {
      schema: apiSchema({ tags: TAGS, summary: 'The active rules version', response: { 200: rulesVersion } }, [403]),
    },
    async (request) => {
      requireSomeRole(actorOf(request));
      return versionOut(await ctx.rules.active());
    },
  );

  app.put(
    '/rules',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Activate a new rules version (ops manager, super admin)',
          description:
            'Validated field by field; a config equal to the active one is refused. Takes effect at once ' +
            '(pause budgets, intake metrics, XP).',
          body: object({ config: configBody }),
          response: { 200: rulesVersion },
        },
        [400, 403],
      ),
    },
    async (request) => versionOut(await ctx.rules.update(actorOf(request), request.body.config)),
  );

  app.post(
    '/rules/rollback',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Roll back to an earlier version’s config (ops manager, super admin)',
          description: 'Activates that config as a new version (action `rollback`); history stays append-only.',
          body: object({ version }),
          response: { 200: rulesVersion },
        },
        [400, 403, 404, 409],
      ),
    },
    async (request) => versionOut(await ctx.rules.rollback(actorOf(request), request.body.version)),
  );

  app.get(
    '/rules/versions',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'Rules versions, newest first (staff)',
          querystring: object({ ...pageQuery }, []),
          response: { 200: page(rulesVersion) },
        },
        [400, 403],
      ),
    },
    async (request) => {
      if (!isStaff(actorOf(request).roles)) throw new DomainError('role.forbidden');
      const { limit, offset } = request.query;
      const result = await ctx.rules.versions(limit, offset);
      return { total: result.total, limit, offset, items: result.items.map(versionOut) };
    },
  );

  app.get(
    '/rules/versions/:version',
    {
      schema: apiSchema(
        {
          tags: TAGS,
          summary: 'One rules version (staff)',
          params: object({ version }),
          response: { 200: rulesVersion },
        },
        [400, 403, 404],
      ),
    },
    async (request) => {
      if (!isStaff(actorOf(request).roles)) throw new DomainError('role.forbidden');
      return versionOut(await ctx.rules.version(request.params.version));
    },
  );
};
