// /api progression (issue 15): manual XP adjustments and level changes (super admin, ops manager),
// the weekly level evaluations, and a staff-triggered evaluation run of a given week.
import { isWeekStart, MANUAL_XP_MAX, PROGRESSION_COMMENT_MAX } from '../../../domain/progression';
import { DomainError } from '../../../domain';
import type {
  LevelChangeView,
  LevelEvaluationView,
  ProgressionService,
  XpAdjustmentView,
} from '../../../services/progression';
import { actorOf, principalOf, requireSomeRole } from '../auth';
import type { RouteModule } from '../context';
import {
  apiSchema,
  dateTime,
  id,
  idempotencyHeaders,
  idParams,
  int4,
  levelEvaluation,
  object,
  page,
  pageParams,
  text,
  weekStart,
} from '../schemas';

const TAGS = ['progression'];
const comment = text({ maxLength: PROGRESSION_COMMENT_MAX, minLength: 1, notBlank: true });

const xpAdjustment = object({
  id,
  user_id: id,
  amount: { type: 'integer' },
  comment: { type: 'string' },
  reference: { type: 'string' },
  total_xp: { type: 'integer' },
  created_at: dateTime,
});

const levelChange = object({
  id,
  user_id: id,
  from_level: { type: 'integer', minimum: 1, maximum: 5 },
  to_level: { type: 'integer', minimum: 1, maximum: 5 },
  reason: { type: 'string', enum: ['manual'] },
  comment: { type: 'string' },
  actor_id: id,
  created_at: dateTime,
});

const evaluationRun = object({
  workflow_id: { type: 'string' },
  week_start: { type: 'string', format: 'date' },
  started: { type: 'boolean' },
});

const adjustmentOut = (v: XpAdjustmentView) => ({
  id: v.id,
  user_id: v.userId,
  amount: v.amount,
  comment: v.comment,
  reference: v.reference,
  total_xp: v.totalXp,
  created_at: v.createdAt,
});

const levelChangeOut = (v: LevelChangeView) => ({
  id: v.id,
  user_id: v.userId,
  from_level: v.fromLevel,
  to_level: v.toLevel,
  reason: 'manual',
  comment: v.comment,
  actor_id: v.actorId,
  created_at: v.createdAt,
});

export const evaluationOut = (v: LevelEvaluationView) => ({
  id: v.id,
  user_id: v.userId,
  week_start: v.weekStart,
  status: v.status,
  previous_level: v.previousLevel,
  new_level: v.newLevel,
  week_xp: v.weekXp,
  cumulative_xp: v.cumulativeXp,
  rules_version: v.rulesVersion,
  coupon_amount: v.couponAmount,
  warning_active: v.warningActive,
  created_at: v.createdAt,
});

/** A Monday, or the domain's refusal naming the field. */
function requireWeekStart(value: string): string {
  if (!isWeekStart(value)) throw new DomainError('progression.week_start_invalid', {}, 'week_start');
  return value;
}

export const progressionRoutes =
  (service: ProgressionService): RouteModule =>
  (app) => {
    app.post(
      '/users/:id/xp/adjustments',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Adjust a user’s XP by hand (ops manager, super admin)',
            description:
              'Appends a `manual_adjustment` row to the XP ledger and tells the person in Telegram, with the ' +
              'amount and the comment. With an Idempotency-Key, a retry appends nothing more.',
            params: idParams,
            headers: idempotencyHeaders,
            body: object({
              amount: {
                type: 'integer',
                minimum: -MANUAL_XP_MAX,
                maximum: MANUAL_XP_MAX,
                description: 'Signed, not 0',
              },
              comment,
            }),
            response: { 201: xpAdjustment },
          },
          [400, 403, 404],
        ),
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const scoped =
          typeof key === 'string' && key !== '' ? `api:user-${principalOf(request).userId}:${key}` : undefined;
        const view = await service.adjustXp(actorOf(request), request.params.id, request.body, scoped);
        return reply.code(201).send(adjustmentOut(view));
      },
    );

    app.put(
      '/users/:id/level',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Set a user’s level by hand (ops manager, super admin)',
            description: 'Records the change (reason `manual`) with its comment and tells the person in Telegram.',
            params: idParams,
            body: object({ level: int4({ minimum: 1, maximum: 5 }), comment }),
            response: { 200: levelChange },
          },
          [400, 403, 404],
        ),
      },
      async (request) => levelChangeOut(await service.setLevel(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/progression/evaluations',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Weekly level evaluations, newest week first',
            description: 'Staff see everyone’s; anyone else only their own.',
            querystring: object({ ...pageParams(), week_start: weekStart, user_id: id }, []),
            response: { 200: page(levelEvaluation) },
          },
          [400, 403],
        ),
      },
      async (request) => {
        const actor = actorOf(request);
        requireSomeRole(actor);
        const { limit, offset } = request.query;
        const weekStart =
          request.query.week_start === undefined ? undefined : requireWeekStart(request.query.week_start);
        const result = await service.listEvaluations(actor, {
          limit,
          offset,
          weekStart,
          userId: request.query.user_id,
        });
        return { total: result.total, limit, offset, items: result.items.map(evaluationOut) };
      },
    );

    app.post(
      '/progression/evaluations',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Run the weekly level evaluation for a week (ops manager, super admin)',
            description:
              'Starts the workflow `level-evaluation-<week_start>`, the same one the weekly schedule runs. A week ' +
              'already evaluated (or being evaluated) is left as it is: `started` is false and nothing changes.',
            body: object({ week_start: weekStart }),
            response: { 202: evaluationRun },
          },
          [400, 403, 503],
        ),
      },
      async (request, reply) => {
        const run = await service.startEvaluation(actorOf(request), requireWeekStart(request.body.week_start));
        return reply.code(202).send({ workflow_id: run.workflowId, week_start: run.weekStart, started: run.started });
      },
    );
  };
