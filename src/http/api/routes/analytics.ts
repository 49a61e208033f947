// /api/analytics: the fleet snapshot and the team snapshot over a rolling window (ops managers and
// super admins), read by reads/analytics.ts.
import { DomainError } from '../../../domain';
import { canSeeAnalytics, FIRST_PASS_TREND_WEEKS, TEAM_WINDOW_DAYS } from '../../../domain/analytics';
import { fleetSnapshot, teamSnapshot } from '../../../reads/analytics';
import { actorOf } from '../auth';
import type { RouteModule } from '../context';
import { apiSchema, dateTime, id, int4, itemStatus, nullableInt, object, ticketColor } from '../schemas';

const TAGS = ['analytics'];
const count = { type: 'integer', minimum: 0 } as const;
const rate = { type: 'number', nullable: true, minimum: 0, maximum: 1, description: 'null: nothing decided' } as const;
const firstPass = object({ decided: count, first_pass: count, rate });

const fleet = object({
  at: dateTime,
  time_zone: { type: 'string', description: 'Rules time zone of the local weeks' },
  items_by_status: { type: 'array', items: object({ status: itemStatus, count }) },
  backlog_by_flag: {
    type: 'array',
    description: 'Tickets not done, by flag colour',
    items: object({ color: ticketColor, count }),
  },
  waiting_qc: object({
    count,
    oldest_seconds: { ...nullableInt, description: 'Since the oldest waiting ticket was sent to QC' },
    p50_seconds: { ...nullableInt, description: 'Median wait' },
    past_sla: { ...count, description: 'Waiting at least sla_minutes' },
    sla_minutes: { type: 'integer', minimum: 1 },
    oldest_ticket_id: nullableInt,
  }),
  first_pass_trend: {
    type: 'array',
    description: 'Tickets whose first QC decision fell in each local week (Monday–Sunday), oldest first',
    items: object({ week_start: dateTime, week_end: dateTime, decided: count, first_pass: count, rate }),
  },
});

const team = object({
  from: dateTime,
  to: dateTime,
  days: { type: 'integer', minimum: TEAM_WINDOW_DAYS.min, maximum: TEAM_WINDOW_DAYS.max },
  technicians: {
    type: 'array',
    items: object({
      technician_id: id,
      name: { type: 'string' },
      tickets_done: { ...count, description: 'Tickets that passed QC in the window' },
      active_seconds: { ...count, description: 'Active work-session time in the window' },
      first_pass: firstPass,
      xp: { type: 'integer', description: 'XP earned in the window' },
      pauses: object({ count, seconds: count }),
    }),
  },
});

function requireAnalytics(roles: Parameters<typeof canSeeAnalytics>[0]): void {
  if (!canSeeAnalytics(roles)) throw new DomainError('role.forbidden');
}

/** The routes; the QC SLA is the deployment's QC_SLA_MINUTES. */
export function analyticsRoutes(options: { qcSlaMinutes: number }): RouteModule {
  return (app, ctx) => {
    app.get(
      '/analytics/fleet',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary:
              'Fleet snapshot: items, backlog, QC waiting and SLA pressure, first-pass trend (ops manager, super admin)',
            querystring: object(
              {
                weeks: int4(
                  { minimum: FIRST_PASS_TREND_WEEKS.min, maximum: FIRST_PASS_TREND_WEEKS.max },
                  { default: FIRST_PASS_TREND_WEEKS.default, description: 'Weeks of the first-pass trend' },
                ),
              },
              [],
            ),
            response: { 200: fleet },
          },
          [400, 403],
        ),
      },
      async (request) => {
        requireAnalytics(actorOf(request).roles);
        const s = await fleetSnapshot(ctx.em(), { weeks: request.query.weeks, qcSlaMinutes: options.qcSlaMinutes });
        return {
          at: s.at,
          time_zone: s.timeZone,
          items_by_status: s.itemsByStatus,
          backlog_by_flag: s.backlogByFlag,
          waiting_qc: {
            count: s.waitingQc.count,
            oldest_seconds: s.waitingQc.oldestSeconds,
            p50_seconds: s.waitingQc.p50Seconds,
            past_sla: s.waitingQc.pastSla,
            sla_minutes: s.waitingQc.slaMinutes,
            oldest_ticket_id: s.waitingQc.oldestTicketId,
          },
          first_pass_trend: s.firstPassTrend.map((w) => ({
            week_start: w.weekStart,
            week_end: w.weekEnd,
            decided: w.decided,
            first_pass: w.firstPass,
            rate: w.rate,
          })),
        };
      },
    );

    app.get(
      '/analytics/team',
      {
        schema: apiSchema(
          {
            tags: TAGS,
            summary: 'Team snapshot per technician over the last `days` days (ops manager, super admin)',
            querystring: object(
              {
                days: int4(
                  { minimum: TEAM_WINDOW_DAYS.min, maximum: TEAM_WINDOW_DAYS.max },
                  { default: TEAM_WINDOW_DAYS.default, description: 'Rolling window: the last days × 24 h' },
                ),
              },
              [],
            ),
            response: { 200: team },
          },
          [400, 403],
        ),
      },
      async (request) => {
        requireAnalytics(actorOf(request).roles);
        const s = await teamSnapshot(ctx.em(), { days: request.query.days });
        return {
          from: s.from,
          to: s.to,
          days: s.days,
          technicians: s.rows.map((r) => ({
            technician_id: r.technicianId,
            name: r.name,
            tickets_done: r.ticketsDone,
            active_seconds: r.activeSeconds,
            first_pass: { decided: r.firstPass.decided, first_pass: r.firstPass.firstPass, rate: r.firstPass.rate },
            xp: r.xp,
            pauses: r.pauses,
          })),
        };
      },
    );
  };
}
