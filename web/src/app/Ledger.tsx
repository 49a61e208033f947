// The XP ledger, newest first, filtered by user and entry type.
import { useState } from 'react';
import { MAX_PAGE, query } from '../shared/api';
import { when } from '../shared/format';
import type { Page } from '../shared/types';
import { useLoad } from './hooks';

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
  const [userId, setUserId] = useState('');
  const { data, error } = useLoad(
    (a) => a.get<Page<LedgerEntry>>(`/xp/ledger${query({ user_id: userId, limit: MAX_PAGE })}`),
    [userId],
  );
  return (
    <>
      <h2>XP ledger</h2>
      <input value={userId} onChange={(e) => setUserId(e.target.value.replace(/\D/g, ''))} placeholder="User id" />
      {error ? <p className="error">{error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>User</th>
            <th>Amount</th>
            <th>Type</th>
            <th>Description</th>
            <th>Ticket</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((e) => (
            <tr key={e.id}>
              <td>{when(e.created_at)}</td>
              <td>#{e.user_id}</td>
              <td>{e.amount}</td>
              <td>{e.entry_type}</td>
              <td>{e.description}</td>
              <td>{e.ticket_id ? <a href={`#/tickets/${e.ticket_id}`}>#{e.ticket_id}</a> : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
