// When to sync: on open, on `online`, when the page becomes visible, after local writes
// (debounced), on the service worker's Background Sync message, and on a retry loop with
// exponential backoff (≤ 5 min) — a stopped server does not flip navigator.onLine.
import { SYNC_TAG } from '../config.js';
import { localWrites } from '../db/writes.js';
import { createRetryLoop } from './backoff.js';

/** Wire the triggers to `engine`; returns {syncNow, stop}. */
export function startTriggers(engine, { win = globalThis.window, doc = globalThis.document, nav = globalThis.navigator, debounceMs = 1000, idleMs = 2 * 60 * 1000 } = {}) {
  const loop = createRetryLoop({ run: () => engine.sync(), idle: idleMs });
  let debounce = null;
  const offs = [];
  const on = (target, type, fn) => {
    if (!target?.addEventListener) return;
    target.addEventListener(type, fn);
    offs.push(() => target.removeEventListener(type, fn));
  };

  on(win, 'online', () => {
    engine.setOnline(true);
    loop.trigger();
  });
  on(win, 'offline', () => engine.setOnline(false));
  on(doc, 'visibilitychange', () => {
    if (doc.visibilityState === 'visible') loop.trigger();
  });
  on(nav?.serviceWorker, 'message', (e) => {
    if (e.data?.type === 'SYNC') loop.trigger();
  });
  offs.push(localWrites.on((mutations) => {
    engine.refresh({ storage: (mutations || []).some((m) => m.entity === 'photo') });
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      loop.trigger();
    }, debounceMs);
    nav?.serviceWorker?.ready?.then((reg) => reg.sync?.register(SYNC_TAG)).catch(() => {});
  }));

  loop.trigger();
  return {
    /** Sync now (the "Synchroniser" button): the backoff starts again from 2 s. */
    syncNow: () => loop.trigger({ reset: true }),
    stop() {
      loop.stop();
      if (debounce) clearTimeout(debounce);
      for (const off of offs) off();
    },
  };
}
