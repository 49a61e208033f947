// The Mini App: a technician's queue and ticket card (start, pause, resume, stop, send to QC, with
// the session's live timer and the parts), a QC inspector's queue (pass, or fail with a reason),
// a master's intake (Intake.tsx).
// Every action is the REST API's, as the signed-in user; the chat's copies of the card follow.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Api, errorText, query } from '../shared/api';
import { clock } from '../shared/format';
import { pickLocale, slugLabel, translator, type Translate } from '../shared/i18n';
import { activeSeconds, type Page, type Ticket, type TicketDetail } from '../shared/types';
import { Intake } from './Intake';
import type { Telegram } from './telegram';

type Action = 'start' | 'pause' | 'resume' | 'stop' | 'send-to-qc' | 'qc-pass' | 'qc-fail';

const TECHNICIAN_QUEUE = ['assigned', 'in_progress', 'rework'];

/** What the card offers, from the ticket's state and its open session (the server decides anyway). */
function actionsFor(ticket: TicketDetail, roles: string[]): Action[] {
  const session = ticket.work_sessions.find((s) => s.status !== 'stopped');
  const actions: Action[] = [];
  if (roles.includes('technician') && ['assigned', 'in_progress', 'rework'].includes(ticket.status)) {
    if (!session) actions.push('start');
    if (session?.status === 'running') actions.push('pause', 'stop');
    if (session?.status === 'paused') actions.push('resume', 'stop');
    if (!session && ticket.status === 'in_progress') actions.push('send-to-qc');
  }
  if (roles.includes('qc_inspector') && ticket.status === 'waiting_qc') actions.push('qc-pass', 'qc-fail');
  return actions;
}

function Timer({ ticket }: { ticket: TicketDetail }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="timer" data-testid="timer">
      {clock(ticket.work_sessions.reduce((sum, s) => sum + activeSeconds(s, now), 0))}
    </div>
  );
}

function Card(props: { api: Api; t: Translate; telegram: Telegram; id: number; onBack: () => void }) {
  const { api, t, telegram, id, onBack } = props;
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const load = useCallback(
    () => api.get<TicketDetail>(`/tickets/${id}`).then(setTicket, (err: unknown) => setError(errorText(err, t))),
    [api, id, t],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const run = useCallback(
    async (action: Action) => {
      setBusy(true);
      setError(null);
      setNotice(null);
      telegram.haptic('tap');
      try {
        const body = action === 'qc-fail' ? { reason: reason.trim() || null } : undefined;
        setTicket(await api.call<TicketDetail>('POST', `/tickets/${id}/actions/${action}`, body));
        setNotice(t('miniapp-done', { action: t(`miniapp-action-${action}`) }));
        telegram.haptic('success');
      } catch (err) {
        setError(errorText(err, t));
        telegram.haptic('error');
      } finally {
        setBusy(false);
      }
    },
    [api, id, reason, t, telegram],
  );

  const actions = ticket ? actionsFor(ticket, api.user?.roles ?? []) : [];
  const primary = actions[0];
  useEffect(() => {
    telegram.setBackButton(onBack);
    telegram.setMainButton(primary && !busy ? t(`miniapp-action-${primary}`) : null, () => void run(primary!));
    return () => telegram.setMainButton(null);
  }, [telegram, onBack, primary, busy, run, t]);

  if (!ticket) return error ? <p className="error">{error}</p> : <p aria-busy="true" />;
  const session = ticket.work_sessions.find((s) => s.status !== 'stopped') ?? ticket.work_sessions.at(-1);
  return (
    <article data-testid="card">
      <header>
        <strong>
          #{ticket.id} {ticket.serial_number}
        </strong>{' '}
        · {ticket.item_name}
      </header>
      <p data-testid="status">{t('miniapp-status', { status: slugLabel(t, ticket.status) })}</p>
      <p data-testid="session">
        {t('miniapp-session', { state: t(`miniapp-session-${session ? session.status : 'none'}`) })}
      </p>
      <small>{t('miniapp-active-time')}</small>
      <Timer ticket={ticket} />
      <h6>{t('miniapp-parts')}</h6>
      <ul>
        {ticket.part_specs.map((p) => (
          <li key={p.id}>
            {p.part_name} · {p.minutes} min
          </li>
        ))}
      </ul>
      {notice ? <p data-testid="notice">{notice}</p> : null}
      {error ? <p className="error">{error}</p> : null}
      {actions.includes('qc-fail') ? (
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('miniapp-fail-reason')}
          name="reason"
          maxLength={1000}
        />
      ) : null}
      <div className="actions">
        {actions.map((action) => (
          <button
            key={action}
            data-action={action}
            className={action === 'qc-fail' || action === 'stop' ? 'secondary' : undefined}
            disabled={busy}
            onClick={() => void run(action)}
          >
            {t(`miniapp-action-${action}`)}
          </button>
        ))}
      </div>
    </article>
  );
}

const INTAKE_ROLES = ['master', 'ops_manager', 'super_admin'];

function Queue(props: { api: Api; t: Translate; telegram: Telegram; onOpen: (id: number) => void }) {
  const { api, t, telegram, onOpen } = props;
  const roles = api.user?.roles ?? [];
  const [mine, setMine] = useState<Ticket[] | null>(null);
  const [qc, setQc] = useState<Ticket[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const fail = (err: unknown) => setError(errorText(err, t));
    if (roles.includes('technician')) {
      api
        .get<Page<Ticket>>(`/tickets${query({ technician_id: api.user!.id, status: TECHNICIAN_QUEUE })}`)
        .then((p) => setMine(p.items), fail);
    }
    if (roles.includes('qc_inspector')) {
      api.get<Page<Ticket>>(`/tickets${query({ status: ['waiting_qc'] })}`).then((p) => setQc(p.items), fail);
    }
  }, [api]);
  const list = (title: string, tickets: Ticket[] | null, testId: string) =>
    tickets === null ? null : (
      <section data-testid={testId}>
        <h5>{title}</h5>
        {tickets.length === 0 ? <p>{t('miniapp-empty')}</p> : null}
        {tickets.map((ticket) => (
          <article key={ticket.id} onClick={() => onOpen(ticket.id)} role="button" tabIndex={0}>
            <strong>{ticket.serial_number}</strong> · {ticket.item_name}
            <br />
            <small>{slugLabel(t, ticket.status)}</small>
          </article>
        ))}
      </section>
    );
  return (
    <>
      {error ? <p className="error">{error}</p> : null}
      {roles.some((role) => INTAKE_ROLES.includes(role)) ? (
        <Intake api={api} t={t} telegram={telegram} onCreated={onOpen} />
      ) : null}
      {list(t('miniapp-my-queue'), mine, 'my-queue')}
      {list(t('miniapp-qc-queue'), qc, 'qc-queue')}
    </>
  );
}

export function MiniApp({ telegram }: { telegram: Telegram }) {
  const t = useMemo(() => translator(pickLocale(telegram.languageCode)), [telegram]);
  // A reload in Telegram brings the same initData, which may not sign in twice: the session is kept
  // per launch (its hash), so another person's launch in this browser never reuses it.
  const api = useMemo(
    () => new Api('miniapp', { launch: new URLSearchParams(telegram.initData ?? '').get('hash') ?? undefined }),
    [telegram],
  );
  const [signedIn, setSignedIn] = useState(api.user !== null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(() => {
    const start = new URLSearchParams(window.location.search).get('ticket');
    return start ? Number(start) : null;
  });
  useEffect(() => {
    if (signedIn || !telegram.initData) return;
    api.signIn({ init_data: telegram.initData }).then(
      () => setSignedIn(true),
      (err: unknown) => setError(errorText(err, t)),
    );
  }, [api, signedIn, telegram]);
  const back = useCallback(() => {
    setOpen(null);
    telegram.setBackButton(null);
  }, [telegram]);

  if (!telegram.initData && !signedIn) return <main>{t('miniapp-open-from-telegram')}</main>;
  if (error) return <main className="error">{error}</main>;
  if (!signedIn) return <main aria-busy="true">{t('miniapp-signing-in')}</main>;
  return (
    <main>
      {open === null ? (
        <Queue api={api} t={t} telegram={telegram} onOpen={setOpen} />
      ) : (
        <Card api={api} t={t} telegram={telegram} id={open} onBack={back} />
      )}
    </main>
  );
}
