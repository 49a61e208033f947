// Inventory: items (search, archived or not) and the CSV import of items with their parts, with a
// preview of every row's problems before anything is written and each row's outcome after; the
// categories and inventories, and an item's parts, to create, rename, archive and restore.
import { useState } from 'react';
import { errorText, MAX_PAGE, query } from '../shared/api';
import { INVENTORY_ITEM_STATUSES as ITEM_STATUSES, type Item, type Named, type Page } from '../shared/types';
import { CatalogList, ItemParts } from './Catalog';
import { importRows, type ImportRow } from './csv';
import { useAction, useApi, useLabel, useLoad, useT } from './hooks';
import { TableHead } from './TableHead';

type Outcome = { state: 'pending' | 'done' } | { state: 'failed'; error: string };

function CsvImport({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const t = useT();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<ImportRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  const importing = useAction();

  const preview = () => {
    const parsed = importRows(text);
    setOutcomes({});
    if (!Array.isArray(parsed)) return (setProblem(t(parsed.id, parsed.args)), setRows(null));
    setProblem(null);
    setRows(parsed);
  };
  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };
  const valid = rows?.filter((r) => r.errors.length === 0) ?? [];

  const runImport = () =>
    importing.run(async () => {
      const known = (
        await api.get<{ items: (Named & { archived_at: string | null })[] }>('/categories?include_archived=true')
      ).items;
      const categories = new Map(known.map((c) => [c.name.toLowerCase(), c.id]));
      const archived = new Set(known.filter((c) => c.archived_at).map((c) => c.name.toLowerCase()));
      for (const row of valid) {
        if (archived.has(row.category.toLowerCase())) {
          const error = t('console-csv-category-archived', { category: row.category });
          setOutcomes((o) => ({ ...o, [row.line]: { state: 'failed', error } }));
          continue;
        }
        setOutcomes((o) => ({ ...o, [row.line]: { state: 'pending' } }));
        try {
          let categoryId = categories.get(row.category.toLowerCase());
          if (categoryId === undefined) {
            categoryId = (await api.call<Named>('POST', '/categories', { name: row.category })).id;
            categories.set(row.category.toLowerCase(), categoryId);
          }
          const item = await api.call<Item>('POST', '/items', {
            serial_number: row.serial,
            name: row.name,
            category_id: categoryId,
          });
          for (const part of row.parts) await api.call('POST', `/items/${item.id}/parts`, { name: part });
          setOutcomes((o) => ({ ...o, [row.line]: { state: 'done' } }));
        } catch (err) {
          setOutcomes((o) => ({ ...o, [row.line]: { state: 'failed', error: errorText(err, t) } }));
        }
      }
      onImported();
    });

  const doneCount = Object.values(outcomes).filter((o) => o.state === 'done').length;
  return (
    <details open>
      <summary>{t('console-import-title')}</summary>
      <p>
        {t('console-import-columns')} <code>serial_number,name,category,parts</code> —{' '}
        {t('console-import-parts-separated')} <code>;</code>. {t('console-import-new-categories')}
      </p>
      <input type="file" accept=".csv,text/csv" onChange={(e) => readFile(e.target.files?.[0])} name="csv-file" />
      <textarea
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        name="csv"
        placeholder="serial_number,name,category,parts"
      />
      <button className="secondary" onClick={preview} disabled={!text.trim()}>
        {t('console-preview')}
      </button>
      {problem ? <p className="error">{problem}</p> : null}
      {rows ? (
        <>
          <p data-testid="import-summary">
            {t('console-import-summary', {
              rows: rows.length,
              ready: valid.length,
              errors: rows.length - valid.length,
            })}
            {doneCount ? ` · ${t('console-imported-count', { count: doneCount })}` : ''}
          </p>
          <table data-testid="import-preview">
            <TableHead
              columns={[
                t('console-line'),
                t('console-serial'),
                t('console-name'),
                t('console-category'),
                t('console-parts'),
                t('console-check'),
              ]}
            />
            <tbody>
              {rows.map((r) => {
                const outcome = outcomes[r.line];
                const failed = r.errors.length > 0 || outcome?.state === 'failed';
                return (
                  <tr key={r.line} className={failed ? 'row-error' : undefined}>
                    <td>{r.line}</td>
                    <td>{r.serial}</td>
                    <td>{r.name}</td>
                    <td>{r.category}</td>
                    <td>{r.parts.join(', ')}</td>
                    <td>
                      {r.errors.map((problem) => t(problem.id, problem.args)).join('; ') ||
                        (outcome?.state === 'failed'
                          ? outcome.error
                          : t(outcome?.state === 'done' ? 'console-row-imported' : 'console-row-ok'))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button onClick={runImport} disabled={importing.busy || valid.length === 0} aria-busy={importing.busy}>
            {t('console-import-button', { count: valid.length })}
          </button>
          {importing.error ? <p className="error">{importing.error}</p> : null}
        </>
      ) : null}
    </details>
  );
}

/** Archive or restore an item, or set its status (PATCH /items/:id). */
function ItemControls({ item, onChanged }: { item: Item & { archived_at: string | null }; onChanged: () => void }) {
  const api = useApi();
  const t = useT();
  const label = useLabel();
  const action = useAction();
  const change = (body: object) => action.run(() => api.call('PATCH', `/items/${item.id}`, body)).then(onChanged);
  return (
    <>
      <select
        value={item.status}
        aria-label={t('console-status-of', { serial: item.serial_number })}
        onChange={(e) => change({ status: e.target.value })}
        disabled={action.busy}
      >
        {ITEM_STATUSES.map((status) => (
          <option key={status} value={status}>
            {label(status)}
          </option>
        ))}
      </select>
      <button
        className="secondary outline"
        disabled={action.busy}
        onClick={() => change({ archived: !item.archived_at })}
      >
        {t(item.archived_at ? 'console-restore' : 'console-archive')}
      </button>
      {action.error ? <small className="error">{action.error}</small> : null}
    </>
  );
}

export function Inventory() {
  const t = useT();
  const label = useLabel();
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const [partsOf, setPartsOf] = useState<number | null>(null);
  const { data, error, reload } = useLoad(
    (api) =>
      api.get<Page<Item & { archived_at: string | null }>>(
        `/items${query({ q: search.trim() || undefined, include_archived: archived, limit: MAX_PAGE })}`,
      ),
    [search, archived],
  );
  return (
    <>
      <h2>{t('console-page-inventory')}</h2>
      <CsvImport onImported={reload} />
      <details>
        <summary>{t('console-catalog-title')}</summary>
        <div className="grid">
          <CatalogList kind="categories" />
          <CatalogList kind="inventories" />
        </div>
      </details>
      {partsOf !== null ? <ItemParts itemId={partsOf} onClose={() => setPartsOf(null)} /> : null}
      <div className="filters">
        <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('console-item-search')} />
        <label>
          <input
            type="checkbox"
            name="include-archived"
            checked={archived}
            onChange={(e) => setArchived(e.target.checked)}
          />{' '}
          {t('console-include-archived')}
        </label>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <p>{data ? t('console-items-total', { count: data.total }) : ''}</p>
      <table data-testid="items">
        <TableHead
          columns={[
            t('console-serial'),
            t('console-name'),
            t('console-category'),
            t('console-inventory'),
            t('console-status'),
            t('console-open-ticket'),
            '',
          ]}
        />
        <tbody>
          {data?.items.map((item) => (
            <tr key={item.id}>
              <td>{item.serial_number}</td>
              <td>{item.name}</td>
              <td>{item.category.name}</td>
              <td>{item.inventory.name}</td>
              <td>
                {item.archived_at ? t('console-archived-status', { status: label(item.status) }) : label(item.status)}
              </td>
              <td>
                {item.active_ticket_id ? (
                  <a href={`#/tickets/${item.active_ticket_id}`}>#{item.active_ticket_id}</a>
                ) : (
                  '–'
                )}
              </td>
              <td>
                <ItemControls item={item} onChanged={reload} />{' '}
                <button className="secondary outline" onClick={() => setPartsOf(item.id)}>
                  {t('console-parts')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
