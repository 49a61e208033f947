// The office console: sign-in with the bot's one-time link, then the pages over /api.
import { useEffect, useMemo, useState } from 'react';
import { Api, errorText } from '../shared/api';
import { Analytics } from './Analytics';
import { Attendance } from './Attendance';
import { ApiContext, go, useRoute } from './hooks';
import { Inventory } from './Inventory';
import { Ledger } from './Ledger';
import { People } from './People';
import { Rules } from './Rules';
import { NewTicket, TicketBoard, TicketPage } from './Tickets';

const PAGES = [
  ['tickets', 'Tickets'],
  ['new-ticket', 'New ticket'],
  ['inventory', 'Inventory'],
  ['people', 'People'],
  ['rules', 'Rules'],
  ['attendance', 'Attendance'],
  ['analytics', 'Analytics'],
  ['ledger', 'XP ledger'],
] as const;

/** The code of a sign-in link (`#signin=<code>`), removed from the address bar at once. */
function takeSignInCode(): string | null {
  const match = /^#signin=([\w-]+)$/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', `${window.location.pathname}#/tickets`);
  return match[1]!;
}

export function Console() {
  const [, setSignedIn] = useState(0);
  const api = useMemo(() => new Api('console', { onSignedOut: () => setSignedIn((n) => n + 1) }), []);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [code] = useState(takeSignInCode);
  const route = useRoute();

  useEffect(() => {
    if (!code) return;
    api.signIn({ code }).then(
      () => setSignedIn((n) => n + 1),
      (err: unknown) => setSignInError(errorText(err)),
    );
  }, [api, code]);

  if (!api.user) {
    return (
      <main className="container">
        <h1>ticketflow console</h1>
        {signInError ? <p className="error">{signInError}</p> : null}
        {code && !signInError ? (
          <p aria-busy="true">Signing in…</p>
        ) : (
          <p>
            Send <code>/console</code> to the bot: it answers with a one-time sign-in link.
          </p>
        )}
      </main>
    );
  }

  const [page = 'tickets', id] = route;
  return (
    <ApiContext.Provider value={api}>
      <header className="container-fluid">
        <nav>
          <ul>
            <li>
              <strong>ticketflow</strong>
            </li>
            {PAGES.map(([slug, title]) => (
              <li key={slug}>
                <a href={`#/${slug}`} aria-current={page === slug ? 'page' : undefined}>
                  {title}
                </a>
              </li>
            ))}
          </ul>
          <ul>
            <li data-testid="signed-in-as">
              {api.user.first_name} {api.user.last_name} ({api.user.roles.join(', ')})
            </li>
            <li>
              <a href="#/" onClick={() => api.signOut()}>
                Sign out
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <main className="container-fluid">
        {page === 'tickets' && id ? <TicketPage id={Number(id)} /> : null}
        {page === 'tickets' && !id ? <TicketBoard /> : null}
        {page === 'new-ticket' ? <NewTicket onCreated={(ticketId) => go(`tickets/${ticketId}`)} /> : null}
        {page === 'inventory' ? <Inventory /> : null}
        {page === 'people' ? <People /> : null}
        {page === 'rules' ? <Rules /> : null}
        {page === 'attendance' ? <Attendance /> : null}
        {page === 'analytics' ? <Analytics /> : null}
        {page === 'ledger' ? <Ledger /> : null}
      </main>
    </ApiContext.Provider>
  );
}
