// The paused-session sweep's activity (workflows/session-sweep.ts): finds paused sessions whose
// daily pause budget ran out at least GRACE_MS ago and resumes each through its own workflow, with
// update-with-start so a lost workflow is started again from Postgres. The update re-checks the
// budget in the session's transaction and is idempotent per session and moment (its update id).
import { Context } from '@temporalio/activity';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pauseBudgetExhaustedAt, personName, resolveWorkSessionRules } from '../src/domain';
import { sql } from '../src/db/sql';
import type { Logger } from '../src/logger';
import { activeRules } from '../src/reads/rules-store';
import { resumeIfBudgetSpentUpdate, workSessionStart, type PausedSessionSweepResult } from '../src/contracts/messages';
import { pauseHistory } from './sessions';

/** A session's own timer resumes it within milliseconds; the sweep leaves it this long to do so. */
export const GRACE_MS = 60_000;

interface PausedRow {
  id: number;
  ticket_id: number;
  technician_id: number;
  paused_at: Date;
  serial: string;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
}

export function createSessionSweepActivities(deps: { orm: { em: EntityManager }; temporal: Client; logger: Logger }) {
  return {
    /** Resumes every paused session whose budget ran out by `now - GRACE_MS` (`now`: workflow time). */
    async resumeOverduePausedSessions({ now }: { now: number }): Promise<PausedSessionSweepResult> {
      const em = deps.orm.em.fork();
      const { config } = await activeRules(em);
      const { daily_pause_limit_minutes: limitMinutes, timezone: timeZone } = resolveWorkSessionRules(config);
      const paused = await sql<PausedRow>(
        em,
        `select s.id, s.ticket_id, s.technician_id, p.paused_at, i.serial_number as serial,
                u.first_name, u.last_name, u.username
         from work_session s
         join lateral (
           select max(t.event_at) as paused_at from work_session_transition t
           where t.session_id = s.id and t.action = 'paused'
         ) p on true
         join ticket k on k.id = s.ticket_id
         join inventory_item i on i.id = k.inventory_item_id
         join app_user u on u.id = s.technician_id
         where s.status = 'paused' and p.paused_at is not null`,
      );
      const taskQueue = Context.current().info.taskQueue;
      const resumed: number[] = [];
      for (const row of paused) {
        const pausedAt = new Date(row.paused_at).getTime();
        // The moment this pause spent the budget, as the pause armed the session's timer.
        const sessions = await pauseHistory(em, row.technician_id, pausedAt, timeZone);
        const exhaustedAt = pauseBudgetExhaustedAt({ sessions, limitMinutes, timeZone, now: pausedAt });
        if (exhaustedAt === null || exhaustedAt > now - GRACE_MS) continue;
        const technicianName = personName({
          id: row.technician_id,
          firstName: row.first_name,
          lastName: row.last_name,
          username: row.username,
        });
        const view = await deps.temporal.workflow.executeUpdateWithStart(resumeIfBudgetSpentUpdate, {
          args: [{ exhaustedAt }],
          updateId: `sweep-${row.id}-${exhaustedAt}`,
          startWorkflowOperation: new WithStartWorkflowOperation('workSessionWorkflow', {
            ...workSessionStart({
              sessionId: row.id,
              ticketId: row.ticket_id,
              technicianId: row.technician_id,
              status: 'paused',
              pauseBudgetExhaustsAt: exhaustedAt,
              serial: row.serial,
              technicianName,
            }),
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
        if (view.status !== 'paused') {
          resumed.push(row.id);
          deps.logger.warn(
            { session_id: row.id, ticket_id: row.ticket_id, exhausted_at: new Date(exhaustedAt).toISOString() },
            'paused session resumed by the sweep: its own timer did not fire',
          );
        }
      }
      return { paused: paused.length, resumed };
    },
  };
}
