// The sync cycle: upload blobs → push the outbox in order → pull until more=false (rebasing
// pending local edits). Single-flight; publishes its state in a store for the status bar.
import { db } from '../db/database.js';
import { getMeta, getSession, setMeta } from '../db/meta.js';
import { attentionCount, pendingSummary } from '../db/queries.js';
import { createStore } from '../lib/store.js';
import { uploadBlobs } from './blobs.js';
import { pullAll } from './pull.js';
import { pushOutbox } from './push.js';

/** Initial status shown before the first refresh. */
export function initialStatus(nav = globalThis.navigator) {
  return {
    online: nav?.onLine !== false, reachable: true, syncing: false, phase: null, progress: null,
    lastSyncAt: null, error: null, upgradeRequired: false,
    pending: { records: 0, photos: 0, bytes: 0 }, attention: 0, storage: null,
  };
}

/**
 * Create the sync engine around an injected `api` (see api/client.js). Returns
 * {status, sync(), refresh()}: sync() resolves true when a full cycle succeeded.
 */
export function createSyncEngine({ api, nav = globalThis.navigator, now = () => Date.now(), onUnauthorized }) {
  const status = createStore(initialStatus(nav));
  let running = null;
  let again = false;

  async function refresh() {
    if (!db.isOpen()) return;
    try {
      const [pending, attention, lastSyncAt] = await Promise.all([pendingSummary(), attentionCount(), getMeta('lastSyncAt')]);
      let storage = status.get().storage;
      if (nav?.storage?.estimate) {
        const e = await nav.storage.estimate().catch(() => null);
        if (e) storage = { usage: e.usage || 0, quota: e.quota || 0 };
      }
      status.set({ pending, attention, lastSyncAt: lastSyncAt || null, storage });
    } catch {
      // The database may be closing (wipe): the next refresh will do.
    }
  }

  async function cycle() {
    const session = await getSession();
    if (!session?.token) return false;
    if (nav && nav.onLine === false) {
      status.set({ online: false });
      return false;
    }
    status.set({ syncing: true, online: true, error: null, phase: 'photos', progress: null });
    try {
      await uploadBlobs(api, { onProgress: (d, t) => status.set({ progress: { value: d, max: t } }) });
      status.set({ phase: 'envoi', progress: null });
      await pushOutbox(api, { onProgress: (d, t) => status.set({ progress: { value: d, max: t } }) });
      await refresh();
      status.set({ phase: 'réception', progress: null });
      const pulled = await pullAll(api, { onProgress: (n) => status.set({ progress: { value: n, max: null } }) });
      if (pulled.skipped) throw Object.assign(new Error('Des modifications restent à envoyer.'), { code: 'outbox_not_empty' });
      const at = now();
      await setMeta('lastSyncAt', at);
      status.set({ reachable: true, upgradeRequired: false, lastSyncAt: at });
      return true;
    } catch (e) {
      if (e.wipe) return false;
      if (e.status === 401) onUnauthorized?.(e);
      const patch = { error: { code: e.code || 'error', message: e.message || 'Erreur de synchronisation.' } };
      if (e.code === 'upgrade_required') patch.upgradeRequired = true;
      patch.reachable = e.status !== 0 && e.code !== 'network';
      status.set(patch);
      return false;
    } finally {
      status.set({ syncing: false, phase: null, progress: null });
      await refresh();
    }
  }

  async function runExclusive() {
    const locks = nav?.locks;
    if (locks?.request) return locks.request('palier-sync', () => cycle());
    return cycle();
  }

  /** Run one sync cycle (joins the running one, and runs again once after it if asked meanwhile). */
  function sync() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ok;
      do {
        again = false;
        ok = await runExclusive();
      } while (again && ok);
      return ok;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /** Update the online flag from the browser's events. */
  function setOnline(online) {
    status.set({ online, ...(online ? { reachable: true } : {}) });
  }

  return { status, sync, refresh, setOnline };
}
