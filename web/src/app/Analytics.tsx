// Fleet and team analytics (ops managers, super admins): the API's snapshots as tables, with bars
// drawn in CSS for the first-pass trend and each technician's XP.
import { useState } from 'react';
import { clock } from '../shared/format';
import { useLabel, useLoad, useT } from './hooks';

type Rate = number | null;

interface Fleet {
  time_zone: string;
  items_by_status: { status: string; count: number }[];
  backlog_by_flag: { color: string; count: number }[];
  waiting_qc: {
    count: number;
    oldest_seconds: number | null;
    p50_seconds: number | null;
    past_sla: number;
    sla_minutes: number;
  };
  first_pass_trend: { week_start: string; decided: number; first_pass: number; rate: Rate }[];
}

interface Team {
  days: number;
  technicians: {
    technician_id: number;
    name: string;
    tickets_done: number;
    active_seconds: number;
    first_pass: { decided: number; first_pass: number; rate: Rate };
    xp: number;
    pauses: { count: number; seconds: number };
  }[];
}

const percent = (rate: Rate) => (rate === null ? '–' : `${Math.round(rate * 100)} %`);

function Bar({ share, text }: { share: number; text: string }) {
  return (
    <div className="bar" title={text}>
      <span style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
      <small>{text}</small>
    </div>
  );
}

export function Analytics() {
  const t = useT();
  const label = useLabel();
  const [days, setDays] = useState(30);
  const fleet = useLoad((a) => a.get<Fleet>('/analytics/fleet?weeks=8'), []);
  const team = useLoad((a) => a.get<Team>(`/analytics/team?days=${days}`), [days]);
  const maxXp = Math.max(1, ...(team.data?.technicians.map((tech) => tech.xp) ?? []));
  return (
    <>
      <h2>{t('console-page-analytics')}</h2>
      {fleet.error ? <p className="error">{fleet.error}</p> : null}
      {fleet.data ? (
        <div className="grid">
          <article>
            <header>{t('console-items-by-status')}</header>
            {fleet.data.items_by_status.map((s) => (
              <div key={s.status}>
                {label(s.status)}: <strong>{s.count}</strong>
              </div>
            ))}
          </article>
          <article>
            <header>{t('console-open-by-flag')}</header>
            {fleet.data.backlog_by_flag.map((f) => (
              <div key={f.color} className={`flag-${f.color}`}>
                &nbsp;{label(f.color)}: <strong>{f.count}</strong>
              </div>
            ))}
          </article>
          <article>
            <header>{t('console-waiting-qc')}</header>
            <strong data-testid="waiting-qc">{fleet.data.waiting_qc.count}</strong>{' '}
            {t('console-waiting-qc-facts', {
              pastSla: fleet.data.waiting_qc.past_sla,
              slaMinutes: fleet.data.waiting_qc.sla_minutes,
              oldest: fleet.data.waiting_qc.oldest_seconds === null ? '–' : clock(fleet.data.waiting_qc.oldest_seconds),
            })}
          </article>
        </div>
      ) : null}
      {fleet.data ? (
        <article>
          <header>{t('console-first-pass-by-week', { timeZone: fleet.data.time_zone })}</header>
          {fleet.data.first_pass_trend.map((w) => (
            <Bar
              key={w.week_start}
              share={w.rate ?? 0}
              text={t('console-first-pass-week', {
                week: w.week_start.slice(0, 10),
                rate: percent(w.rate),
                decided: w.decided,
              })}
            />
          ))}
        </article>
      ) : null}
      <h3>{t('console-team')}</h3>
      <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label={t('console-window')}>
        {[7, 30, 90].map((d) => (
          <option key={d} value={d}>
            {t('console-last-days', { days: d })}
          </option>
        ))}
      </select>
      {team.error ? <p className="error">{team.error}</p> : null}
      <table data-testid="team">
        <thead>
          <tr>
            <th>{t('console-technician')}</th>
            <th>{t('console-done')}</th>
            <th>{t('console-active-time')}</th>
            <th>{t('console-first-pass')}</th>
            <th>{t('console-pauses')}</th>
            <th>XP</th>
          </tr>
        </thead>
        <tbody>
          {team.data?.technicians.map((tech) => (
            <tr key={tech.technician_id}>
              <td>{tech.name}</td>
              <td>{tech.tickets_done}</td>
              <td>{clock(tech.active_seconds)}</td>
              <td>{percent(tech.first_pass.rate)}</td>
              <td>{tech.pauses.count}</td>
              <td>
                <Bar share={tech.xp / maxXp} text={String(tech.xp)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
