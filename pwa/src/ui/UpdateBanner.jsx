import { useEffect } from 'preact/hooks';
import { beforeUpdate, engine } from '../app.js';
import { applyUpdate, checkForUpdate, swState } from '../lib/sw-client.js';
import { useStore } from './hooks.js';

/** "Nouvelle version disponible": applies itself when nothing waits, or on the user's request. */
export function UpdateBanner({ editing }) {
  const sw = useStore(swState);
  const s = useStore(engine.status);
  const empty = !s.pending.records && !s.pending.photos && !s.syncing;
  useEffect(() => {
    if (s.upgradeRequired) checkForUpdate();
  }, [s.upgradeRequired]);
  useEffect(() => {
    if (sw.waiting && empty && !editing) applyUpdate();
  }, [sw.waiting, empty, editing]);
  if (!sw.waiting) return null;
  const now = () => {
    beforeUpdate.emit();
    setTimeout(applyUpdate, 100);
  };
  return (
    <div class="banner" role="region" aria-label="Nouvelle version">
      <strong>Nouvelle version disponible</strong>
      <span class="small">{empty ? ' Installation…' : ' Elle sera installée dès que les données en attente seront envoyées.'}</span>
      <button type="button" onClick={now}>Mettre à jour maintenant</button>
    </div>
  );
}
