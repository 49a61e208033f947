// Rules: the active version as a form (every leaf of the document, typed as it is), the version
// history with each version's diff, and rollback to an earlier version.
import { useEffect, useState } from 'react';
import { label, when } from '../shared/format';
import type { Page } from '../shared/types';
import { useAction, useApi, useLabel, useLoad, useT } from './hooks';
import { TableHead } from './TableHead';

type Leaf = string | number;
type Doc = { [key: string]: Leaf | Doc };

interface RulesVersion {
  version: number;
  action: string;
  is_active: boolean;
  config: Doc;
  diff: Record<string, { before: unknown; after: unknown }>;
  created_at: string;
}

/** Every leaf of the document by dotted path. */
function leaves(doc: Doc, prefix = ''): [string, Leaf][] {
  return Object.entries(doc).flatMap(([key, value]) =>
    typeof value === 'object' ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, Leaf]],
  );
}

function withLeaf(doc: Doc, path: string[], value: Leaf): Doc {
  const [head, ...rest] = path;
  return { ...doc, [head!]: rest.length === 0 ? value : withLeaf(doc[head!] as Doc, rest, value) };
}

export function Rules() {
  const api = useApi();
  const t = useT();
  const labelOf = useLabel();
  const active = useLoad((a) => a.get<RulesVersion>('/rules'), []);
  const versions = useLoad((a) => a.get<Page<RulesVersion>>('/rules/versions?limit=50'), []);
  const [draft, setDraft] = useState<Doc | null>(null);
  const save = useAction();
  useEffect(() => {
    if (active.data) setDraft(active.data.config);
  }, [active.data]);
  const reload = () => {
    active.reload();
    versions.reload();
  };
  if (active.error) return <p className="error">{active.error}</p>;
  if (!draft || !active.data) return <p aria-busy="true">{t('console-loading')}</p>;
  const original = new Map(leaves(active.data.config));
  const changed = leaves(draft).filter(([path, value]) => original.get(path) !== value);
  return (
    <>
      <h2>
        {t('console-page-rules')}{' '}
        <small data-testid="rules-version">
          {t('console-rules-version', { version: String(active.data.version) })}
        </small>
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(() => api.call('PUT', '/rules', { config: draft })).then(reload);
        }}
      >
        <div className="grid">
          {Object.entries(draft).map(([section, fields]) => (
            <fieldset key={section}>
              <legend>
                <strong>{label(section)}</strong>
              </legend>
              {leaves(fields as Doc, `${section}.`).map(([path, value]) => (
                <label key={path}>
                  {label(path.slice(section.length + 1))}
                  <input
                    name={path}
                    type={typeof value === 'number' ? 'number' : 'text'}
                    value={value}
                    required
                    onChange={(e) =>
                      setDraft(
                        withLeaf(
                          draft,
                          path.split('.'),
                          typeof value === 'number' ? Number(e.target.value) : e.target.value,
                        ),
                      )
                    }
                  />
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        {save.error ? <p className="error">{save.error}</p> : null}
        <button type="submit" disabled={changed.length === 0 || save.busy}>
          {t('console-rules-save', { changed: changed.length })}
        </button>
      </form>
      <h3>{t('console-history')}</h3>
      <table data-testid="rules-history">
        <TableHead columns={[t('console-version'), t('console-action'), t('console-when'), t('console-changes'), '']} />
        <tbody>
          {versions.data?.items.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <td>
                {v.version} {v.is_active ? <mark>{t('console-rules-active')}</mark> : null}
              </td>
              <td>{labelOf(v.action)}</td>
              <td>{when(v.created_at)}</td>
              <td>
                {Object.entries(v.diff).map(([path, d]) => (
                  <div key={path}>
                    <code>{path}</code>: {JSON.stringify(d.before)} → {JSON.stringify(d.after)}
                  </div>
                ))}
              </td>
              <td>
                {v.is_active ? null : (
                  <button
                    className="secondary"
                    disabled={save.busy}
                    onClick={() =>
                      save.run(() => api.call('POST', '/rules/rollback', { version: v.version })).then(reload)
                    }
                  >
                    {t('console-roll-back', { version: String(v.version) })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
