import { engine, syncNow } from '../app.js';
import { formatBytes, formatDateTime, pendingText } from '../lib/format.js';
import { useStore } from './hooks.js';

const LOW_BYTES = 200 * 1000 * 1000;

/** Storage figures and whether space runs low (< 10 % or < 200 Mo left). */
export function storageInfo(storage) {
  if (!storage || !storage.quota) return null;
  const free = Math.max(0, storage.quota - storage.usage);
  return { used: storage.usage, free, low: free < storage.quota * 0.1 || free < LOW_BYTES };
}

/** The status bar, always visible (role="status"). */
export function StatusBar({ loggedIn = true }) {
  const s = useStore(engine.status);
  const online = s.online && s.reachable;
  const storage = storageInfo(s.storage);
  const state = s.syncing ? 'syncing' : s.error ? 'error' : 'idle';
  const phase = { photos: 'envoi des photos', envoi: 'envoi des modifications', réception: 'réception des données' }[s.phase];
  return (
    <section class="statusbar" role="status" aria-label="État de la synchronisation" data-sync-state={state}>
      <span class={`pill ${online ? 'ok' : 'off'}`} data-testid="connexion">
        {online ? 'En ligne' : s.online ? 'Serveur injoignable' : 'Hors ligne'}
      </span>
      <span class="pending" data-testid="en-attente">{pendingText(s.pending)}</span>
      <span class="last" data-testid="derniere-synchro">
        Dernière synchronisation : {s.lastSyncAt ? formatDateTime(s.lastSyncAt) : 'jamais'}
      </span>
      {s.syncing && (
        <span class="syncing">
          <progress aria-label="Synchronisation en cours" {...(s.progress?.max ? { value: s.progress.value, max: s.progress.max } : {})} />
          <span class="small">
            Synchronisation en cours{phase ? ` : ${phase}` : ''}
            {s.progress && !s.progress.max && s.progress.value ? ` (${s.progress.value.toLocaleString('fr-FR')})` : ''}…
          </span>
        </span>
      )}
      {loggedIn && (
        <button type="button" onClick={() => syncNow()} aria-busy={s.syncing ? 'true' : 'false'}>Synchroniser</button>
      )}
      {loggedIn && (
        <a class={`attention ${s.attention ? 'has' : ''}`} href="#/a-traiter">À traiter ({s.attention})</a>
      )}
      {storage && (
        <span class="storage small">
          Stockage : {formatBytes(storage.used)} utilisés, {formatBytes(storage.free)} disponibles
        </span>
      )}
      {storage?.low && (
        <strong class="warn" role="alert">
          Attention : l'espace de stockage est presque plein. Synchronisez puis libérez de la place sur l'appareil.
        </strong>
      )}
      {s.upgradeRequired && (
        <strong class="warn" role="alert">Mise à jour requise : la synchronisation est suspendue jusqu'à l'installation de la nouvelle version.</strong>
      )}
      {s.error && !s.upgradeRequired && s.error.code !== 'network' && (
        <span class="error small">Erreur de synchronisation : {s.error.message}</span>
      )}
    </section>
  );
}
