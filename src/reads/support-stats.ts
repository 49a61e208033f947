// Support desk statistics read straight from Postgres (for /stats and the API): CSAT per technician
// from the surveys of the tickets they were assigned when the ticket closed.
import { personName } from '../domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql';

export interface TechnicianCsat {
  technicianId: number;
  username: string;
  name: string;
  /** Surveys with all three scores (completed, or expired after the last score). */
  surveys: number;
  /** Mean of the three scores over those surveys, 1–5, two decimals. */
  averageScore: number;
  /** CSAT: the share of those surveys whose mean score is 4 or more, in percent (one decimal). */
  satisfiedPercent: number;
  /** Surveys where any score was below 5 and the client left a comment. */
  comments: number;
}

interface Row {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  surveys: string | number;
  average: string | number;
  satisfied: string | number;
  comments: string | number;
}

/** CSAT per technician, best first; `since` limits it to tickets closed from then on. */
export async function csatByTechnician(em: EntityManager, options: { since?: Date } = {}): Promise<TechnicianCsat[]> {
  const rows = await sql<Row>(
    em,
    `select u.id, u.username, u.first_name, u.last_name,
            count(*) as surveys,
            round(avg((f.q1 + f.q2 + f.q3) / 3.0), 2) as average,
            round(100.0 * avg(case when (f.q1 + f.q2 + f.q3) / 3.0 >= 4 then 1 else 0 end), 1) as satisfied,
            count(f.comment) as comments
       from feedback f
       join support_ticket t on t.id = f.support_ticket_id
       join app_user u on u.id = t.technician_id
      where f.q1 is not null and f.q2 is not null and f.q3 is not null
        and (?::timestamptz is null or t.closed_at >= ?::timestamptz)
      group by u.id, u.username, u.first_name, u.last_name
      order by average desc, surveys desc, u.id`,
    [options.since ?? null, options.since ?? null],
  );
  return rows.map((row) => ({
    technicianId: row.id,
    username: row.username,
    name: personName({ firstName: row.first_name, lastName: row.last_name, username: row.username }),
    surveys: Number(row.surveys),
    averageScore: Number(row.average),
    satisfiedPercent: Number(row.satisfied),
    comments: Number(row.comments),
  }));
}
