// Preact hooks: stores, live queries, hash routing.
import { useEffect, useState } from 'preact/hooks';
import { observe } from '../db/live.js';

/** Subscribe to a store created with lib/store.js. */
export function useStore(store) {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}

/** Result of a live query (undefined while loading), re-run when `deps` change. */
export function useLive(query, deps) {
  const [value, setValue] = useState(undefined);
  useEffect(() => {
    setValue(undefined);
    return observe(query, setValue);
  }, deps);
  return value;
}

/** Parse "#/visite/abc?logement=x" into {parts: ['visite', 'abc'], query}. */
export function parseHash(hash) {
  const h = String(hash || '').replace(/^#/, '') || '/logements';
  const [path, q = ''] = h.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

/** The current hash route, updated on hashchange. */
export function useRoute() {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Go to a hash route ("#/logement/…"); `replace` keeps history clean. */
export function navigate(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}
