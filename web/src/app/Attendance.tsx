// One business day's attendance (check-in and -out, punctuality, XP), as the API lists it.
import { useState } from 'react';
import { query } from '../shared/api';
import { when } from '../shared/format';
import { useLabel, useLoad, useT } from './hooks';

/** The domain's punctualities (src/domain/attendance.ts). */
const PUNCTUALITIES = ['early', 'on_time', 'late'] as const;

interface AttendanceDay {
  date: string;
  time_zone: string;
  items: {
    id: number;
    user_name: string;
    check_in_at: string;
    check_out_at: string | null;
    punctuality: string;
    xp_amount: number;
  }[];
}

export function Attendance() {
  const t = useT();
  const label = useLabel();
  const [date, setDate] = useState('');
  const [punctuality, setPunctuality] = useState('');
  const { data, error } = useLoad(
    (a) => a.get<AttendanceDay>(`/attendance${query({ date, punctuality })}`),
    [date, punctuality],
  );
  return (
    <>
      <h2>
        {t('console-page-attendance')} {data ? `· ${data.date} (${data.time_zone})` : ''}
      </h2>
      <div className="filters">
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-label={t('console-date')} />
        <select
          value={punctuality}
          onChange={(e) => setPunctuality(e.target.value)}
          aria-label={t('console-punctuality')}
        >
          <option value="">{t('console-any-punctuality')}</option>
          {PUNCTUALITIES.map((p) => (
            <option key={p} value={p}>
              {label(p)}
            </option>
          ))}
        </select>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>{t('console-technician')}</th>
            <th>{t('console-check-in')}</th>
            <th>{t('console-check-out')}</th>
            <th>{t('console-punctuality')}</th>
            <th>XP</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((r) => (
            <tr key={r.id}>
              <td>{r.user_name}</td>
              <td>{when(r.check_in_at)}</td>
              <td>{when(r.check_out_at)}</td>
              <td>{label(r.punctuality)}</td>
              <td>{r.xp_amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
