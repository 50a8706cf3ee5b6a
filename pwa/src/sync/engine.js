// The sync cycle: upload blobs → push the outbox in order → pull until more=false (rebasing
// pending local edits). Single-flight; publishes its state in a store for the status bar.
import { db } from '../db/database.js';
import { getMeta, getSession } from '../db/meta.js';
import { cleanupKeptDocuments } from '../db/documents.js';
import { attentionCount, pendingSummary } from '../db/queries.js';
import { createStore } from '../lib/store.js';
import { isNetworkError } from '../api/client.js';
import { uploadBlobs } from './blobs.js';
import { pullAll, readCursor } from './pull.js';
import { pushOutbox } from './push.js';
import { refreshRules } from './rules.js';

/** The storage estimate is refreshed at most this often (ms), and after large pulls. */
export const ESTIMATE_EVERY = 60 * 1000;
/** A pull of this many changes or more refreshes the storage estimate. */
const BIG_PULL = 1000;
/** Cycles run again after one that was asked for while it ran, at most. */
export const MAX_RERUNS = 2;

/** Initial status shown before the first refresh. */
export function initialStatus(nav = globalThis.navigator) {
  return {
    online: nav?.onLine !== false, reachable: true, serverError: false, syncing: false, phase: null,
    progress: null, lastSyncAt: null, error: null, upgradeRequired: false,
    pending: { records: 0, photos: 0, blobs: 0, bytes: 0 }, attention: 0, storage: null,
  };
}

/**
 * Create the sync engine around an injected `api` (see api/client.js). Returns
 * {status, sync(), refresh(), setOnline(), pendingCount()}: sync() resolves true when a full
 * cycle succeeded. `reachable` is false after a request that got no answer (whatever
 * navigator.onLine says), `serverError` true after a 5xx answer.
 */
export function createSyncEngine({ api, nav = globalThis.navigator, now = () => Date.now(), onUnauthorized }) {
  const status = createStore(initialStatus(nav));
  let running = null;
  let again = false;
  let estimatedAt = null;
  let pendingNow = 0; // outbox entries + photos not uploaded, as last counted (X-Palier-Pending)

  /**
   * Reload what the status bar shows. The storage estimate is slow (tens of ms): it is taken at
   * most once per ESTIMATE_EVERY, unless `storage` is true (after large writes).
   */
  async function refresh({ storage: force = false } = {}) {
    if (!db.isOpen()) return;
    try {
      const [pending, attention, lastSyncAt] = await Promise.all([pendingSummary(), attentionCount(), getMeta('lastSyncAt')]);
      let storage = status.get().storage;
      const t = now();
      if (nav?.storage?.estimate && (force || estimatedAt === null || t - estimatedAt >= ESTIMATE_EVERY)) {
        estimatedAt = t;
        const e = await nav.storage.estimate().catch(() => null);
        if (e) storage = { usage: e.usage || 0, quota: e.quota || 0 };
      }
      pendingNow = pending.records + pending.photos + pending.blobs;
      status.set({ pending, attention, lastSyncAt: lastSyncAt || null, storage });
    } catch {
      // The database may be closing (wipe): the next refresh will do.
    }
  }

  async function cycle() {
    // What there is to send, read together (each IndexedDB round trip costs ms on a busy tablet).
    const [session, queuedBlobs, queuedMutations, cursor] = await Promise.all([
      getSession(), db.blobs.where('state').equals('queued').count(), db.outbox.count(), readCursor(),
    ]);
    if (!session?.token) return false;
    pendingNow = queuedBlobs + queuedMutations;
    if (nav && nav.onLine === false) {
      status.set({ online: false });
      return false;
    }
    status.set({ syncing: true, online: true, error: null, phase: 'photos', progress: null });
    let bigWrite = false;
    try {
      const progress = (d, t) => status.set({ progress: { value: d, max: t } });
      if (queuedBlobs) await uploadBlobs(api, { onProgress: progress });
      status.set({ phase: 'envoi', progress: null });
      if (queuedMutations) {
        await pushOutbox(api, { onProgress: progress });
        await refresh(); // show the emptied queue before a pull that may be long
      }
      status.set({ phase: 'réception', progress: null });
      await refreshRules(api, now());
      let at = null;
      const pulled = await pullAll(api, {
        onProgress: (n) => status.set({ progress: { value: n, max: null } }),
        finish: () => ({ lastSyncAt: (at = now()) }), // stored with the last pulled changes
        from: queuedMutations ? undefined : { cursor }, // else pullAll checks the outbox again
      });
      if (pulled.skipped) throw Object.assign(new Error('Des modifications restent à envoyer.'), { code: 'outbox_not_empty' });
      bigWrite = pulled.changes >= BIG_PULL;
      // The tenant's PDFs kept until their EDL synced: the pull just said which have.
      await cleanupKeptDocuments().catch((e) => console.error(e));
      status.set({ reachable: true, serverError: false, upgradeRequired: false, lastSyncAt: at });
      return true;
    } catch (e) {
      if (e.wipe || e.code === 'session_closed') return false;
      if (e.status === 401) onUnauthorized?.(e);
      const patch = { error: { code: e.code || 'error', message: e.message || 'Erreur de synchronisation.' } };
      if (e.code === 'upgrade_required') patch.upgradeRequired = true;
      patch.reachable = !isNetworkError(e);
      patch.serverError = e.status >= 500;
      status.set(patch);
      return false;
    } finally {
      status.set({ syncing: false, phase: null, progress: null });
      await refresh({ storage: bigWrite });
    }
  }

  async function runExclusive() {
    const locks = nav?.locks;
    if (locks?.request) return locks.request('palier-sync', () => cycle());
    return cycle();
  }

  /**
   * Run one sync cycle. While one runs, a call joins it and asks for one fresh cycle after it
   * (whatever its outcome: a press during a failing attempt must not be lost); at most
   * MAX_RERUNS such cycles follow each other, so a server that stays down cannot make it loop.
   */
  function sync() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ok;
      let reruns = 0;
      do {
        again = false;
        ok = await runExclusive();
      } while (again && reruns++ < MAX_RERUNS);
      again = false;
      return ok;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /** Update the online flag from the browser's events. */
  function setOnline(online) {
    status.set({ online, ...(online ? { reachable: true, serverError: false } : {}) });
  }

  /** Outbox entries + photos not uploaded yet, as last counted (sent in X-Palier-Pending). */
  const pendingCount = () => pendingNow;

  return { status, sync, refresh, setOnline, pendingCount };
}
