// Fleet and team analytics (ops managers, super admins): the API's snapshots as tables, with bars
// drawn in CSS for the first-pass trend and each technician's XP.
import { useState } from 'react';
import { clock, label } from '../shared/format';
import { useLoad } from './hooks';

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
  const [days, setDays] = useState(30);
  const fleet = useLoad((a) => a.get<Fleet>('/analytics/fleet?weeks=8'), []);
  const team = useLoad((a) => a.get<Team>(`/analytics/team?days=${days}`), [days]);
  const maxXp = Math.max(1, ...(team.data?.technicians.map((t) => t.xp) ?? []));
  return (
    <>
      <h2>Analytics</h2>
      {fleet.error ? <p className="error">{fleet.error}</p> : null}
      {fleet.data ? (
        <div className="grid">
          <article>
            <header>Items by status</header>
            {fleet.data.items_by_status.map((s) => (
              <div key={s.status}>
                {label(s.status)}: <strong>{s.count}</strong>
              </div>
            ))}
          </article>
          <article>
            <header>Open tickets by flag</header>
            {fleet.data.backlog_by_flag.map((f) => (
              <div key={f.color} className={`flag-${f.color}`}>
                &nbsp;{f.color}: <strong>{f.count}</strong>
              </div>
            ))}
          </article>
          <article>
            <header>Waiting for QC</header>
            <strong data-testid="waiting-qc">{fleet.data.waiting_qc.count}</strong> waiting,{' '}
            {fleet.data.waiting_qc.past_sla} past the {fleet.data.waiting_qc.sla_minutes}-minute SLA; oldest{' '}
            {fleet.data.waiting_qc.oldest_seconds === null ? '–' : clock(fleet.data.waiting_qc.oldest_seconds)}
          </article>
        </div>
      ) : null}
      {fleet.data ? (
        <article>
          <header>First-pass rate by week ({fleet.data.time_zone})</header>
          {fleet.data.first_pass_trend.map((w) => (
            <Bar
              key={w.week_start}
              share={w.rate ?? 0}
              text={`${w.week_start.slice(0, 10)}: ${percent(w.rate)} of ${w.decided}`}
            />
          ))}
        </article>
      ) : null}
      <h3>Team</h3>
      <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Window">
        {[7, 30, 90].map((d) => (
          <option key={d} value={d}>
            last {d} days
          </option>
        ))}
      </select>
      {team.error ? <p className="error">{team.error}</p> : null}
      <table data-testid="team">
        <thead>
          <tr>
            <th>Technician</th>
            <th>Done</th>
            <th>Active time</th>
            <th>First pass</th>
            <th>Pauses</th>
            <th>XP</th>
          </tr>
        </thead>
        <tbody>
          {team.data?.technicians.map((t) => (
            <tr key={t.technician_id}>
              <td>{t.name}</td>
              <td>{t.tickets_done}</td>
              <td>{clock(t.active_seconds)}</td>
              <td>{percent(t.first_pass.rate)}</td>
              <td>{t.pauses.count}</td>
              <td>
                <Bar share={t.xp / maxXp} text={String(t.xp)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
