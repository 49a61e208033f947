// Tickets: the board by status (filters, refreshed every few seconds), a ticket's page (parts,
// transitions, work sessions, XP, its workflow in the Temporal Web UI; review, assign, actions) and
// intake (the bot's rules: the API's POST /tickets).
import { useEffect, useState } from 'react';
import { MAX_PAGE, query } from '../shared/api';
import { clock, when } from '../shared/format';
import {
  activeSeconds,
  fullName,
  type Item,
  type Page,
  TICKET_COLORS,
  TICKET_STATUSES,
  type Ticket,
  type TicketDetail,
  type User,
} from '../shared/types';
import { useAction, useApi, useLabel, useLoad, useT } from './hooks';
import { TableHead } from './TableHead';

const DAY_MS = 24 * 60 * 60_000;

function useTechnicians() {
  return useLoad((api) => api.get<Page<User>>(`/users${query({ role: 'technician', limit: MAX_PAGE })}`), []).data
    ?.items;
}

export function TicketBoard() {
  const t = useT();
  const label = useLabel();
  const technicians = useTechnicians();
  const [technician, setTechnician] = useState('');
  const [serial, setSerial] = useState('');
  const [flag, setFlag] = useState('');
  const [olderThanDays, setOlderThanDays] = useState('');
  const { data, error } = useLoad(
    (api) =>
      api.get<Page<Ticket>>(
        `/tickets${query({ technician_id: technician, serial: serial.trim() || undefined, limit: MAX_PAGE })}`,
      ),
    [technician, serial],
    5000,
  );
  const cutoff = olderThanDays ? Date.now() - Number(olderThanDays) * DAY_MS : null;
  const tickets = (data?.items ?? []).filter(
    (ticket) => (!flag || ticket.flag_color === flag) && (cutoff === null || Date.parse(ticket.created_at) <= cutoff),
  );
  const techName = (id: number | null) => {
    const tech = technicians?.find((tt) => tt.id === id);
    return tech ? fullName(tech) : id ? `#${id}` : '–';
  };
  return (
    <>
      <h2>{t('console-page-tickets')}</h2>
      <div className="filters">
        <label>
          {t('console-technician')}
          <select value={technician} onChange={(e) => setTechnician(e.target.value)} name="technician">
            <option value="">{t('console-anyone')}</option>
            {technicians?.map((tech) => (
              <option key={tech.id} value={tech.id}>
                {fullName(tech)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console-flag')}
          <select value={flag} onChange={(e) => setFlag(e.target.value)} name="flag">
            <option value="">{t('console-any')}</option>
            {TICKET_COLORS.map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console-serial')}
          <input value={serial} onChange={(e) => setSerial(e.target.value)} placeholder="RM-…" name="serial" />
        </label>
        <label>
          {t('console-older-than-days')}
          <input
            type="number"
            min={0}
            value={olderThanDays}
            onChange={(e) => setOlderThanDays(e.target.value)}
            name="age"
          />
        </label>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <div className="board" aria-busy={!data}>
        {TICKET_STATUSES.map((status) => (
          <section key={status} data-status={status}>
            <h6>{label(status)}</h6>
            {tickets
              .filter((ticket) => ticket.status === status)
              .map((ticket) => (
                <article key={ticket.id} className={`flag-${ticket.flag_color}`}>
                  <a href={`#/tickets/${ticket.id}`}>
                    #{ticket.id} {ticket.serial_number}
                  </a>
                  <br />
                  <small>
                    {ticket.item_name} · {techName(ticket.technician_id)} · {ticket.xp_amount} XP
                  </small>
                </article>
              ))}
          </section>
        ))}
      </div>
    </>
  );
}

/** The live active time of the ticket's sessions, ticking every second while one runs. */
function SessionTime({ ticket }: { ticket: TicketDetail }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const total = ticket.work_sessions.reduce((sum, s) => sum + activeSeconds(s, now), 0);
  return <span data-testid="active-time">{clock(total)}</span>;
}

const ACTIONS = ['start', 'pause', 'resume', 'stop', 'send-to-qc', 'qc-pass', 'qc-fail'] as const;

export function TicketPage({ id }: { id: number }) {
  const api = useApi();
  const t = useT();
  const label = useLabel();
  const { data: ticket, error, reload } = useLoad((a) => a.get<TicketDetail>(`/tickets/${id}`), [id], 5000);
  const technicians = useTechnicians();
  const [technician, setTechnician] = useState('');
  const [reason, setReason] = useState('');
  const [metrics, setMetrics] = useState<{ flag: string; xp: string } | null>(null);
  const action = useAction();
  if (error) return <p className="error">{error}</p>;
  if (!ticket) return <p aria-busy="true">{t('console-loading')}</p>;
  const act = (run: () => Promise<unknown>) => action.run(run).then(reload);
  const workflowUrl = api.workflowsUrl ? `${api.workflowsUrl}/ticket-${ticket.id}` : null;
  return (
    <>
      <h2>{t('console-ticket-heading', { id: String(ticket.id), serial: ticket.serial_number })}</h2>
      <p>
        <mark data-testid="ticket-status">{label(ticket.status)}</mark> · {ticket.item_name} ·{' '}
        {t('console-ticket-facts', {
          flag: label(ticket.flag_color),
          xp: ticket.xp_amount,
          potential: ticket.potential_xp,
          acquired: ticket.acquired_xp,
        })}{' '}
        <SessionTime ticket={ticket} />
        {workflowUrl ? (
          <>
            {' · '}
            <a href={workflowUrl} target="_blank" rel="noreferrer">
              {t('console-workflow-link')}
            </a>
          </>
        ) : null}
      </p>
      {action.error ? <p className="error">{action.error}</p> : null}
      <div className="filters">
        {ticket.status === 'under_review' ? (
          <button disabled={action.busy} onClick={() => act(() => api.call('POST', `/tickets/${id}/approve-review`))}>
            {t('console-approve-review')}
          </button>
        ) : null}
        {['new', 'assigned'].includes(ticket.status) ? (
          <>
            <select value={technician} onChange={(e) => setTechnician(e.target.value)} name="assign-technician">
              <option value="">{t('console-pick-technician')}</option>
              {technicians?.map((tech) => (
                <option key={tech.id} value={tech.id}>
                  {fullName(tech)}
                </option>
              ))}
            </select>
            <button
              disabled={!technician || action.busy}
              onClick={() =>
                act(() => api.call('POST', `/tickets/${id}/assign`, { technician_id: Number(technician) }))
              }
            >
              {t('console-assign')}
            </button>
          </>
        ) : null}
      </div>
      <details>
        <summary>{t('console-manual-metrics')}</summary>
        <div className="filters">
          <select
            value={metrics?.flag ?? ticket.flag_color}
            onChange={(e) => setMetrics({ flag: e.target.value, xp: metrics?.xp ?? String(ticket.xp_amount) })}
            name="metrics-flag"
          >
            {TICKET_COLORS.map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </select>
          <input
            type="number"
            min={0}
            value={metrics?.xp ?? ticket.xp_amount}
            onChange={(e) => setMetrics({ flag: metrics?.flag ?? ticket.flag_color, xp: e.target.value })}
            name="metrics-xp"
          />
          <button
            disabled={!metrics || action.busy}
            onClick={() =>
              act(() =>
                api.call('PUT', `/tickets/${id}/metrics`, {
                  flag_color: metrics!.flag,
                  xp_amount: Number(metrics!.xp),
                }),
              ).then(() => setMetrics(null))
            }
          >
            {t('console-set-metrics')}
          </button>
        </div>
      </details>
      <details>
        <summary>{t('console-ticket-actions')}</summary>
        <div className="filters">
          {ACTIONS.map((name) => (
            <button
              key={name}
              className="secondary"
              disabled={action.busy}
              onClick={() =>
                act(() =>
                  api.call('POST', `/tickets/${id}/actions/${name}`, name === 'qc-fail' ? { reason } : undefined),
                )
              }
            >
              {label(name)}
            </button>
          ))}
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('console-qc-fail-reason')}
            aria-label={t('console-qc-fail-reason')}
          />
        </div>
      </details>
      <h4>{t('console-parts')}</h4>
      <table>
        <TableHead columns={[t('console-part'), t('console-flag'), t('console-minutes'), t('console-comment')]} />
        <tbody>
          {ticket.part_specs.map((p) => (
            <tr key={p.id}>
              <td>{p.part_name}</td>
              <td>{label(p.color)}</td>
              <td>{p.minutes}</td>
              <td>{p.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('console-work-sessions')}</h4>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('console-status')}</th>
            <th>{t('console-started')}</th>
            <th>{t('console-ended')}</th>
            <th>{t('console-active')}</th>
          </tr>
        </thead>
        <tbody>
          {ticket.work_sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.id}</td>
              <td>{label(s.status)}</td>
              <td>{when(s.started_at)}</td>
              <td>{when(s.ended_at)}</td>
              <td>{clock(activeSeconds(s))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('console-transitions')}</h4>
      <table>
        <TableHead columns={[t('console-when'), t('console-action'), t('console-from-to'), t('console-note')]} />
        <tbody>
          {ticket.transitions.map((tr) => (
            <tr key={tr.id}>
              <td>{when(tr.created_at)}</td>
              <td>{label(tr.action)}</td>
              <td>
                {tr.from_status ? label(tr.from_status) : '–'} → {label(tr.to_status)}
              </td>
              <td>{tr.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface SpecDraft {
  part_id: number;
  name: string;
  chosen: boolean;
  color: string;
  minutes: number;
}

export function NewTicket({ onCreated }: { onCreated: (id: number) => void }) {
  const api = useApi();
  const t = useT();
  const label = useLabel();
  const [serial, setSerial] = useState('');
  const [item, setItem] = useState<Item | null>(null);
  const [specs, setSpecs] = useState<SpecDraft[]>([]);
  const [title, setTitle] = useState('');
  const find = useAction();
  const create = useAction();

  const lookUp = () =>
    find.run(async () => {
      const found = await api.get<Page<Item>>(`/items${query({ serial: serial.trim() })}`);
      if (found.items.length === 0) throw new Error(t('console-no-item'));
      const detail = await api.get<Item>(`/items/${found.items[0]!.id}`);
      setItem(detail);
      setSpecs(
        (detail.parts ?? []).map((p) => ({ part_id: p.id, name: p.name, chosen: false, color: 'green', minutes: 30 })),
      );
    });
  const update = (index: number, change: Partial<SpecDraft>) =>
    setSpecs((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const submit = () =>
    create.run(async () => {
      const created = await api.call<TicketDetail>('POST', '/tickets', {
        serial_number: serial.trim(),
        title: title || null,
        part_specs: specs
          .filter((s) => s.chosen)
          .map((s) => ({ part_id: s.part_id, color: s.color, minutes: s.minutes })),
      });
      onCreated(created.id);
    });

  return (
    <>
      <h2>{t('console-page-new-ticket')}</h2>
      <fieldset role="group">
        <input
          value={serial}
          onChange={(e) => setSerial(e.target.value)}
          placeholder={t('console-serial-placeholder')}
          name="serial"
        />
        <button onClick={lookUp} disabled={find.busy}>
          {t('console-find-item')}
        </button>
      </fieldset>
      {find.error ? <p className="error">{find.error}</p> : null}
      {item ? (
        <>
          <p>
            {item.name} · {item.category.name} · {label(item.status)}
          </p>
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder={t('console-title-optional')}
            name="title"
          />
          <table>
            <TableHead columns={[t('console-repair'), t('console-part'), t('console-flag'), t('console-minutes')]} />
            <tbody>
              {specs.map((s, i) => (
                <tr key={s.part_id}>
                  <td>
                    <input
                      type="checkbox"
                      checked={s.chosen}
                      aria-label={`repair ${s.name}`}
                      onChange={(e) => update(i, { chosen: e.target.checked })}
                    />
                  </td>
                  <td>{s.name}</td>
                  <td>
                    <select value={s.color} onChange={(e) => update(i, { color: e.target.value })}>
                      {TICKET_COLORS.map((c) => (
                        <option key={c} value={c}>
                          {label(c)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      value={s.minutes}
                      onChange={(e) => update(i, { minutes: Number(e.target.value) })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {create.error ? <p className="error">{create.error}</p> : null}
          <button onClick={submit} disabled={create.busy || !specs.some((s) => s.chosen)}>
            {t('console-create-ticket')}
          </button>
        </>
      ) : null}
    </>
  );
}
