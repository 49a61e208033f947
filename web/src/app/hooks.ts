import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { type Api, errorText } from '../shared/api';
import { slugLabel, translator, type Translate } from '../shared/i18n';

export const ApiContext = createContext<Api>(null as unknown as Api);
export const useApi = () => useContext(ApiContext);

/** The console's texts in the chosen language (locales/<lang>/web.ftl). */
export const TranslateContext = createContext<Translate>(translator('en'));
export const useT = () => useContext(TranslateContext);

/** A slug (status, role, action…) in the console's language (see slugLabel). */
export function useLabel(): (slug: string) => string {
  const t = useT();
  return (slug) => slugLabel(t, slug);
}

/** The hash route: `#/tickets/12` → ['tickets', '12']. */
export function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const go = (path: string) => {
  window.location.hash = `#/${path}`;
};

/** Loads with the API, again when `deps` change or `reload()` is called; every `pollMs` when given. */
export function useLoad<T>(load: (api: Api) => Promise<T>, deps: unknown[], pollMs?: number) {
  const api = useApi();
  const t = useT();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    load(api).then(
      (value) => live && (setData(value), setError(null)),
      (err: unknown) => live && setError(errorText(err, t)),
    );
    const timer = pollMs ? setInterval(reload, pollMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [api, t, tick, ...deps]);
  return { data, error, reload };
}

/** Runs an action, keeping its error for display and its busy state for the button. */
export function useAction() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorText(err, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
