// Screens loaded in a chunk of their own on first use (the first screen of the app stays small).
import { useEffect, useState } from 'preact/hooks';

/**
 * A component rendering export `name` of the module `load()` imports, once loaded (a loading
 * line meanwhile, a French error when the chunk cannot be fetched). The module is kept after.
 */
export function lazyScreen(load, name) {
  let loaded = null;
  return function LazyScreen(props) {
    const [mod, setMod] = useState(loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (mod) return;
      load().then((m) => {
        loaded = m;
        setMod(m);
      }, () => setFailed(true));
    }, []);
    if (failed) return <main id="contenu"><p class="error" role="alert">Cet écran n'a pas pu s'ouvrir. Rechargez l'application.</p></main>;
    if (!mod) return <main id="contenu"><p class="muted">Chargement…</p></main>;
    const Screen = mod[name];
    return <Screen {...props} />;
  };
}
