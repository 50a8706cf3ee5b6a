import { useState } from 'preact/hooks';
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

/**
 * The connection as the user should read it: {label, hint, ok}. Offline is offline whichever way
 * the browser reports it: navigator.onLine false, or a request that got no answer (some browsers
 * keep onLine true without network); "Serveur indisponible" only when the server answered 5xx.
 */
export function connection(s) {
  if (!s.online) return { label: 'Hors ligne', hint: null, ok: false };
  if (!s.reachable) return { label: 'Hors ligne', hint: 'serveur injoignable', ok: false };
  if (s.serverError) return { label: 'Serveur indisponible', hint: null, ok: false };
  return { label: 'En ligne', hint: null, ok: true };
}

/**
 * The status bar, always visible (role="status"). On a phone it is one line (connection,
 * "Synchroniser", "À traiter", a "Détails" toggle); the pending items, last sync, storage and
 * the device PIN's button ("Code PIN de l'appareil", when `onPin`; on wider screens the header has
 * it) show under the toggle. Wider screens show everything.
 */
export function StatusBar({ loggedIn = true, onPin = null, pinOpen = false }) {
  const s = useStore(engine.status);
  const [open, setOpen] = useState(false);
  const link = connection(s);
  const storage = storageInfo(s.storage);
  const state = s.syncing ? 'syncing' : s.error ? 'error' : 'idle';
  const phase = { photos: 'envoi des photos', envoi: 'envoi des modifications', réception: 'réception des données' }[s.phase];
  const waiting = (s.pending?.records || 0) + (s.pending?.photos || 0);
  return (
    <section class={`statusbar${open ? ' open' : ''}`} role="status" aria-label="État de la synchronisation" data-sync-state={state}>
      <span class={`pill ${link.ok ? 'ok' : 'off'}`} data-testid="connexion">{link.label}</span>
      {s.syncing && (
        <progress aria-label="Synchronisation en cours" {...(s.progress?.max ? { value: s.progress.value, max: s.progress.max } : {})} />
      )}
      {loggedIn && (
        <button type="button" class="sync" onClick={() => syncNow()} aria-busy={s.syncing ? 'true' : 'false'}>Synchroniser</button>
      )}
      {loggedIn && (
        <a class={`attention ${s.attention ? 'has' : ''}`} href="#/a-traiter">À traiter ({s.attention})</a>
      )}
      <button type="button" class="more" aria-expanded={open ? 'true' : 'false'} aria-controls="statusbar-details"
        aria-label="Détails de la synchronisation" onClick={() => setOpen(!open)}>
        {waiting > 0 && <span class="badge" aria-hidden="true">{waiting}</span>}
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <span id="statusbar-details" class="details">
        {link.hint && <span class="net-hint small">({link.hint})</span>}
        <span class="pending" data-testid="en-attente">{pendingText(s.pending)}</span>
        <span class="last" data-testid="derniere-synchro">
          Dernière synchronisation : {s.lastSyncAt ? formatDateTime(s.lastSyncAt) : 'jamais'}
        </span>
        {s.syncing && (
          <span class="syncing small">
            Synchronisation en cours{phase ? ` : ${phase}` : ''}
            {s.progress && !s.progress.max && s.progress.value ? ` (${s.progress.value.toLocaleString('fr-FR')})` : ''}…
          </span>
        )}
        {onPin && (
          <button type="button" class="pin small" aria-expanded={pinOpen ? 'true' : 'false'} onClick={onPin}>Code PIN de l'appareil</button>
        )}
        {storage && (
          <span class="storage small">
            Stockage : {formatBytes(storage.used)} utilisés, {formatBytes(storage.free)} disponibles
          </span>
        )}
        {s.error && !s.upgradeRequired && s.error.code !== 'network' && (
          <span class="error small">Erreur de synchronisation : {s.error.message}</span>
        )}
      </span>
      {storage?.low && (
        <strong class="warn" role="alert">
          Attention : l'espace de stockage est presque plein. Synchronisez puis libérez de la place sur l'appareil.
        </strong>
      )}
      {s.upgradeRequired && (
        <strong class="warn" role="alert">Mise à jour requise : la synchronisation est suspendue jusqu'à l'installation de la nouvelle version.</strong>
      )}
    </section>
  );
}
