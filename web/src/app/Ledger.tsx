// The XP ledger, newest first, filtered by user and entry type.
import { useState } from 'react';
import { MAX_PAGE, query } from '../shared/api';
import { when } from '../shared/format';
import type { Page } from '../shared/types';
import { useLabel, useLoad, useT } from './hooks';
import { TableHead } from './TableHead';

interface LedgerEntry {
  id: number;
  user_id: number;
  amount: number;
  entry_type: string;
  reference: string;
  description: string;
  ticket_id: number | null;
  created_at: string;
}

export function Ledger() {
  const t = useT();
  const label = useLabel();
  const [userId, setUserId] = useState('');
  const { data, error } = useLoad(
    (a) => a.get<Page<LedgerEntry>>(`/xp/ledger${query({ user_id: userId, limit: MAX_PAGE })}`),
    [userId],
  );
  return (
    <>
      <h2>{t('console-page-ledger')}</h2>
      <input
        value={userId}
        onChange={(e) => setUserId(e.target.value.replace(/\D/g, ''))}
        placeholder={t('console-user-id')}
      />
      {error ? <p className="error">{error}</p> : null}
      <table>
        <TableHead
          columns={[
            t('console-when'),
            t('console-user'),
            t('console-amount'),
            t('console-type'),
            t('console-description'),
            t('console-ticket'),
          ]}
        />
        <tbody>
          {data?.items.map((e) => (
            <tr key={e.id}>
              <td>{when(e.created_at)}</td>
              <td>#{e.user_id}</td>
              <td>{e.amount}</td>
              <td>{label(e.entry_type)}</td>
              <td>{e.description}</td>
              <td>{e.ticket_id ? <a href={`#/tickets/${e.ticket_id}`}>#{e.ticket_id}</a> : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
