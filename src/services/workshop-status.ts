// The public status page's numbers: aggregates only (no names, serials or ids), for a screen in the
// shop. "Today" and "this week" are the workshop's local day and Monday–Sunday week (the rules time
// zone, as /stats and the pause budget count days), not the database's UTC ones.
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Instant, localDayWindow, toEpochMs } from '../domain';
import { evaluationWeek, weekStartOf } from '../domain/progression';
import { sqlOne } from '../db/sql';
import { workshopTimeZone } from '../reads/stats';

export interface WorkshopStatus {
  doneToday: number;
  doneThisWeek: number;
  /** Average minutes from intake to done, over the tickets done in the last 7 days; null without any. */
  averageTurnaroundMinutes: number | null;
  /** Share (0..1) of the tickets done in the last 7 days that passed QC at the first inspection. */
  firstPassRate: number | null;
  inProgress: number;
  waitingQc: number;
}

export async function workshopStatus(em: EntityManager, now: Instant = Date.now()): Promise<WorkshopStatus> {
  const timeZone = await workshopTimeZone(em);
  const todayStart = new Date(localDayWindow(now, timeZone).start);
  const weekStart = new Date(evaluationWeek(weekStartOf(now, timeZone), timeZone).window.start);
  const at = new Date(toEpochMs(now));
  const row = await sqlOne<{
    done_today: string;
    done_week: string;
    turnaround_minutes: string | null;
    first_pass: string | null;
    in_progress: string;
    waiting_qc: string;
  }>(
    em,
    `with recent as (
       select t.id, t.created_at, t.finished_at,
              not exists (select 1 from ticket_transition tt where tt.ticket_id = t.id and tt.action = 'qc_fail') as first_pass
         from ticket t
        where t.status = 'done' and t.deleted_at is null and t.finished_at >= ?::timestamptz - interval '7 days'
     )
     select (select count(*) from ticket where status = 'done' and deleted_at is null
               and finished_at >= ?) as done_today,
            (select count(*) from ticket where status = 'done' and deleted_at is null
               and finished_at >= ?) as done_week,
            (select avg(extract(epoch from finished_at - created_at) / 60) from recent) as turnaround_minutes,
            (select avg(case when first_pass then 1.0 else 0.0 end) from recent) as first_pass,
            (select count(*) from ticket where status = 'in_progress' and deleted_at is null) as in_progress,
            (select count(*) from ticket where status = 'waiting_qc' and deleted_at is null) as waiting_qc`,
    [at, todayStart, weekStart],
  );
  return {
    doneToday: Number(row?.done_today ?? 0),
    doneThisWeek: Number(row?.done_week ?? 0),
    averageTurnaroundMinutes: row?.turnaround_minutes == null ? null : Math.round(Number(row.turnaround_minutes)),
    firstPassRate: row?.first_pass == null ? null : Number(row.first_pass),
    inProgress: Number(row?.in_progress ?? 0),
    waitingQc: Number(row?.waiting_qc ?? 0),
  };
}
