// People: users and roles, pending access requests (approve with roles, reject), a user's API tokens.
import { useState } from 'react';
import { MAX_PAGE, query } from '../shared/api';
import { label, when } from '../shared/format';
import { fullName, type Page, ROLE_SLUGS, type User } from '../shared/types';
import { useAction, useApi, useLoad } from './hooks';

interface AccessRequest {
  id: number;
  telegram_id: number;
  first_name: string;
  last_name: string;
  phone: string;
  status: string;
  created_at: string;
}

interface Token {
  id: number;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

function AccessRequests() {
  const api = useApi();
  const { data, error, reload } = useLoad(
    (a) => a.get<Page<AccessRequest>>(`/access-requests${query({ status: 'pending' })}`),
    [],
  );
  const [roles, setRoles] = useState<Record<number, string>>({});
  const action = useAction();
  return (
    <>
      <h3>Access requests</h3>
      {error || action.error ? <p className="error">{error ?? action.error}</p> : null}
      {data?.items.length === 0 ? <p>No pending requests.</p> : null}
      <table>
        <tbody>
          {data?.items.map((r) => (
            <tr key={r.id}>
              <td>
                {r.first_name} {r.last_name}
              </td>
              <td>{r.phone}</td>
              <td>{when(r.created_at)}</td>
              <td>
                <select
                  value={roles[r.id] ?? 'technician'}
                  onChange={(e) => setRoles({ ...roles, [r.id]: e.target.value })}
                >
                  {ROLE_SLUGS.map((role) => (
                    <option key={role} value={role}>
                      {label(role)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  disabled={action.busy}
                  onClick={() =>
                    action
                      .run(() =>
                        api.call('POST', `/access-requests/${r.id}/approve`, { roles: [roles[r.id] ?? 'technician'] }),
                      )
                      .then(reload)
                  }
                >
                  Approve
                </button>{' '}
                <button
                  className="secondary"
                  disabled={action.busy}
                  onClick={() => action.run(() => api.call('POST', `/access-requests/${r.id}/reject`)).then(reload)}
                >
                  Reject
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Tokens({ user }: { user: User }) {
  const api = useApi();
  const { data, error, reload } = useLoad((a) => a.get<{ items: Token[] }>(`/users/${user.id}/tokens`), [user.id]);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<string | null>(null);
  const action = useAction();
  return (
    <article>
      <header>API tokens of {fullName(user)}</header>
      {error || action.error ? <p className="error">{error ?? action.error}</p> : null}
      {issued ? (
        <p>
          New token (shown once): <code>{issued}</code>
        </p>
      ) : null}
      <table>
        <tbody>
          {data?.items.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>created {when(t.created_at)}</td>
              <td>expires {when(t.expires_at)}</td>
              <td>{t.revoked_at ? `revoked ${when(t.revoked_at)}` : `last used ${when(t.last_used_at)}`}</td>
              <td>
                {t.revoked_at ? null : (
                  <button
                    className="secondary"
                    onClick={() => action.run(() => api.call('DELETE', `/tokens/${t.id}`)).then(reload)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset role="group">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Token name" />
        <button
          disabled={!name.trim() || action.busy}
          onClick={() =>
            action
              .run(async () => {
                const res = await api.call<{ token: string }>('POST', `/users/${user.id}/tokens`, {
                  name: name.trim(),
                });
                setIssued(res.token);
              })
              .then(reload)
          }
        >
          Issue
        </button>
      </fieldset>
    </article>
  );
}

export function People() {
  const [role, setRole] = useState('');
  const [selected, setSelected] = useState<User | null>(null);
  const { data, error } = useLoad((a) => a.get<Page<User>>(`/users${query({ role, limit: MAX_PAGE })}`), [role]);
  return (
    <>
      <h2>People</h2>
      <AccessRequests />
      <h3>Users</h3>
      <select value={role} onChange={(e) => setRole(e.target.value)}>
        <option value="">Every role</option>
        {ROLE_SLUGS.map((r) => (
          <option key={r} value={r}>
            {label(r)}
          </option>
        ))}
      </select>
      {error ? <p className="error">{error}</p> : null}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Username</th>
            <th>Roles</th>
            <th>Level</th>
            <th>Active</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.items.map((u) => (
            <tr key={u.id}>
              <td>{fullName(u)}</td>
              <td>{u.username}</td>
              <td>{u.roles.map(label).join(', ')}</td>
              <td>{u.level}</td>
              <td>{u.is_active ? 'yes' : 'no'}</td>
              <td>
                <a href="#/people" onClick={() => setSelected(u)}>
                  tokens
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected ? <Tokens user={selected} /> : null}
    </>
  );
}
