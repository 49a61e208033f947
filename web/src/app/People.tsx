// People: users and roles, pending access requests (approve with roles, reject), a user's API tokens.
import { useState } from 'react';
import { MAX_PAGE, query } from '../shared/api';
import { when } from '../shared/format';
import { fullName, type Page, ROLE_SLUGS, type User } from '../shared/types';
import { useAction, useApi, useLabel, useLoad, useT } from './hooks';
import { TableHead } from './TableHead';

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
  const t = useT();
  const label = useLabel();
  const { data, error, reload } = useLoad(
    (a) => a.get<Page<AccessRequest>>(`/access-requests${query({ status: 'pending' })}`),
    [],
  );
  const [roles, setRoles] = useState<Record<number, string>>({});
  const action = useAction();
  return (
    <>
      <h3>{t('console-access-requests')}</h3>
      {error || action.error ? <p className="error">{error ?? action.error}</p> : null}
      {data?.items.length === 0 ? <p>{t('console-no-requests')}</p> : null}
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
                  {t('console-approve')}
                </button>{' '}
                <button
                  className="secondary"
                  disabled={action.busy}
                  onClick={() => action.run(() => api.call('POST', `/access-requests/${r.id}/reject`)).then(reload)}
                >
                  {t('console-reject')}
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
  const t = useT();
  const { data, error, reload } = useLoad((a) => a.get<{ items: Token[] }>(`/users/${user.id}/tokens`), [user.id]);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<string | null>(null);
  const action = useAction();
  return (
    <article>
      <header>{t('console-tokens-of', { name: fullName(user) })}</header>
      {error || action.error ? <p className="error">{error ?? action.error}</p> : null}
      {issued ? (
        <p>
          {t('console-new-token')} <code>{issued}</code>
        </p>
      ) : null}
      <table>
        <tbody>
          {data?.items.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{t('console-token-created', { when: when(token.created_at) })}</td>
              <td>{t('console-token-expires', { when: when(token.expires_at) })}</td>
              <td>
                {token.revoked_at
                  ? t('console-token-revoked', { when: when(token.revoked_at) })
                  : t('console-token-last-used', { when: when(token.last_used_at) })}
              </td>
              <td>
                {token.revoked_at ? null : (
                  <button
                    className="secondary"
                    onClick={() => action.run(() => api.call('DELETE', `/tokens/${token.id}`)).then(reload)}
                  >
                    {t('console-revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset role="group">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('console-token-name')} />
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
          {t('console-issue')}
        </button>
      </fieldset>
    </article>
  );
}

export function People() {
  const t = useT();
  const label = useLabel();
  const [role, setRole] = useState('');
  const [selected, setSelected] = useState<User | null>(null);
  const { data, error } = useLoad((a) => a.get<Page<User>>(`/users${query({ role, limit: MAX_PAGE })}`), [role]);
  return (
    <>
      <h2>{t('console-page-people')}</h2>
      <AccessRequests />
      <h3>{t('console-users')}</h3>
      <select value={role} onChange={(e) => setRole(e.target.value)}>
        <option value="">{t('console-every-role')}</option>
        {ROLE_SLUGS.map((r) => (
          <option key={r} value={r}>
            {label(r)}
          </option>
        ))}
      </select>
      {error ? <p className="error">{error}</p> : null}
      <table>
        <TableHead
          columns={[
            t('console-name'),
            t('console-username'),
            t('console-roles'),
            t('console-level'),
            t('console-is-active'),
            '',
          ]}
        />
        <tbody>
          {data?.items.map((u) => (
            <tr key={u.id}>
              <td>{fullName(u)}</td>
              <td>{u.username}</td>
              <td>{u.roles.map(label).join(', ')}</td>
              <td>{u.level}</td>
              <td>{t(u.is_active ? 'console-yes' : 'console-no')}</td>
              <td>
                <a href="#/people" onClick={() => setSelected(u)}>
                  {t('console-tokens')}
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
