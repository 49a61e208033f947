// Editing the inventory's pieces: categories and inventories (create, rename, archive, restore) and
// one item's parts (add, rename, archive, restore). Archived ones stay listed here, marked, since
// this is where they come back; pickers and intake leave them out.
import { useState } from 'react';
import type { Item } from '../shared/types';
import { useAction, useApi, useLoad, useT } from './hooks';

interface Archivable {
  id: number;
  name: string;
  archived_at: string | null;
}

/** A name that can be changed in place, with an archive/restore button beside it. */
function EditableRow(props: { entry: Archivable; path: string; label: string; onChanged: () => void }) {
  const { entry, path, label, onChanged } = props;
  const api = useApi();
  const t = useT();
  const action = useAction();
  const [name, setName] = useState(entry.name);
  const change = (body: object) => action.run(() => api.call('PATCH', path, body)).then((ok) => ok && onChanged());
  return (
    <tr data-name={entry.name} className={entry.archived_at ? 'archived' : undefined}>
      <td>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('console-name-of', { label })} />
      </td>
      <td>{entry.archived_at ? t('console-archived') : ''}</td>
      <td>
        <div role="group">
          <button
            className="secondary"
            disabled={action.busy || name.trim() === '' || name === entry.name}
            onClick={() => change({ name })}
          >
            {t('console-rename')}
          </button>
          <button
            className="secondary outline"
            disabled={action.busy}
            onClick={() => change({ archived: !entry.archived_at })}
          >
            {t(entry.archived_at ? 'console-restore' : 'console-archive')}
          </button>
        </div>
        {action.error ? <small className="error">{action.error}</small> : null}
      </td>
    </tr>
  );
}

/** A one-field form that creates something by name. */
function AddByName(props: {
  placeholder: string;
  button: string;
  name: string;
  onAdd: (name: string) => Promise<unknown>;
}) {
  const action = useAction();
  const [name, setName] = useState('');
  const add = () => action.run(() => props.onAdd(name.trim())).then((ok) => ok && setName(''));
  return (
    <>
      <div role="group">
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={props.placeholder}
          name={props.name}
        />
        <button disabled={action.busy || name.trim() === ''} onClick={add}>
          {props.button}
        </button>
      </div>
      {action.error ? <p className="error">{action.error}</p> : null}
    </>
  );
}

/** Categories or inventories, archived ones included and marked. */
export function CatalogList({ kind }: { kind: 'categories' | 'inventories' }) {
  const api = useApi();
  const t = useT();
  const { data, error, reload } = useLoad(
    (client) => client.get<{ items: Archivable[] }>(`/${kind}?include_archived=true`),
    [kind],
  );
  return (
    <section data-testid={`catalog-${kind}`}>
      <h4>{t(`console-${kind}`)}</h4>
      {error ? <p className="error">{error}</p> : null}
      <table>
        <tbody>
          {data?.items.map((entry) => (
            <EditableRow
              key={`${entry.id}:${entry.name}`}
              entry={entry}
              path={`/${kind}/${entry.id}`}
              label={entry.name}
              onChanged={reload}
            />
          ))}
        </tbody>
      </table>
      <AddByName
        placeholder={t(`console-new-${kind}`)}
        button={t('console-add')}
        name={`new-${kind}`}
        onAdd={(name) => api.call('POST', `/${kind}`, { name }).then(reload)}
      />
    </section>
  );
}

/** One item's parts, archived ones included and marked. */
export function ItemParts({ itemId, onClose }: { itemId: number; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const { data, error, reload } = useLoad(
    (client) => client.get<Omit<Item, 'parts'> & { parts: Archivable[] }>(`/items/${itemId}?include_archived=true`),
    [itemId],
  );
  return (
    <article data-testid="item-parts">
      <header>
        {t('console-parts-of', { serial: data?.serial_number ?? '…' })}{' '}
        <a href="#/inventory" onClick={onClose}>
          {t('console-close')}
        </a>
      </header>
      {error ? <p className="error">{error}</p> : null}
      <table>
        <tbody>
          {data?.parts.map((part) => (
            <EditableRow
              key={`${part.id}:${part.name}`}
              entry={part}
              path={`/items/${itemId}/parts/${part.id}`}
              label={part.name}
              onChanged={reload}
            />
          ))}
        </tbody>
      </table>
      <AddByName
        placeholder={t('console-new-part')}
        button={t('console-add')}
        name="new-part"
        onAdd={(name) => api.call('POST', `/items/${itemId}/parts`, { name }).then(reload)}
      />
    </article>
  );
}
