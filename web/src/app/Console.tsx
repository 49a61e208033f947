// The office console: sign-in with the bot's one-time link, then the pages over /api.
import { useEffect, useMemo, useState } from 'react';
import { Api, errorText } from '../shared/api';
import { LOCALES, type Locale, pickLocale, translator } from '../shared/i18n';
import { Analytics } from './Analytics';
import { Attendance } from './Attendance';
import { ApiContext, go, TranslateContext, useLabel, useRoute } from './hooks';
import { Inventory } from './Inventory';
import { Ledger } from './Ledger';
import { People } from './People';
import { Rules } from './Rules';
import { NewTicket, TicketBoard, TicketPage } from './Tickets';

const PAGES = ['tickets', 'new-ticket', 'inventory', 'people', 'rules', 'attendance', 'analytics', 'ledger'] as const;

/**
 * The code of a sign-in link (`#signin=<code>&lang=<locale>`, the language the bot speaks to the
 * person), removed from the address bar at once.
 */
function takeSignIn(): { code: string; locale: string | null } | null {
  const match = /^#signin=([\w-]+)(?:&lang=(\w+))?$/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', `${window.location.pathname}#/tickets`);
  return { code: match[1]!, locale: match[2] ?? null };
}

const LOCALE_KEY = 'console-locale';
const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский', uz: 'Oʻzbekcha' };

/** The language chosen here before, else the one of the sign-in link, else the browser's. */
function initialLocale(signInLocale: string | null | undefined): Locale {
  if (signInLocale) localStorage.setItem(LOCALE_KEY, pickLocale(signInLocale));
  return pickLocale(localStorage.getItem(LOCALE_KEY) ?? navigator.language);
}

export function Console() {
  const [, setSignedIn] = useState(0);
  const api = useMemo(() => new Api('console', { onSignedOut: () => setSignedIn((n) => n + 1) }), []);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [signIn] = useState(takeSignIn);
  const code = signIn?.code ?? null;
  const [locale, setLocale] = useState(() => initialLocale(signIn?.locale));
  const t = useMemo(() => translator(locale), [locale]);
  const route = useRoute();
  const choose = (chosen: Locale) => {
    localStorage.setItem(LOCALE_KEY, chosen);
    setLocale(chosen);
  };

  useEffect(() => {
    if (!code) return;
    api.signIn({ code }).then(
      () => setSignedIn((n) => n + 1),
      (err: unknown) => setSignInError(errorText(err, t)),
    );
  }, [api, code]);

  if (!api.user) {
    return (
      <main className="container">
        <h1>{t('console-title')}</h1>
        {signInError ? <p className="error">{signInError}</p> : null}
        {code && !signInError ? (
          <p aria-busy="true">{t('console-signing-in')}</p>
        ) : (
          <p>{t('console-how-to-sign-in')}</p>
        )}
      </main>
    );
  }

  const [page = 'tickets', id] = route;
  return (
    <TranslateContext.Provider value={t}>
      <ApiContext.Provider value={api}>
        <header className="container-fluid">
          <nav>
            <ul>
              <li>
                <strong>ticketflow</strong>
              </li>
              {PAGES.map((slug) => (
                <li key={slug}>
                  <a href={`#/${slug}`} aria-current={page === slug ? 'page' : undefined}>
                    {t(`console-page-${slug}`)}
                  </a>
                </li>
              ))}
            </ul>
            <ul>
              <li data-testid="signed-in-as">
                {api.user.first_name} {api.user.last_name} (<Roles roles={api.user.roles} />)
              </li>
              <li>
                <select
                  value={locale}
                  onChange={(e) => choose(e.target.value as Locale)}
                  aria-label={t('console-language')}
                  name="language"
                >
                  {LOCALES.map((l) => (
                    <option key={l} value={l}>
                      {LOCALE_NAMES[l]}
                    </option>
                  ))}
                </select>
              </li>
              <li>
                <a href="#/" onClick={() => api.signOut()}>
                  {t('console-sign-out')}
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
    </TranslateContext.Provider>
  );
}

function Roles({ roles }: { roles: string[] }) {
  const labelOf = useLabel();
  return <>{roles.map(labelOf).join(', ')}</>;
}
