// Service worker registration and updates: a waiting worker activates (SKIP_WAITING) only when
// the app says so (outbox empty, or the user pressed "Mettre à jour maintenant").
import { createStore } from './store.js';

/** {supported, ready (offline-capable), waiting (new version installed)}. */
export const swState = createStore({ supported: false, ready: false, waiting: false });

let registration = null;

function watch(reg) {
  const sw = navigator.serviceWorker;
  if (reg.waiting && sw.controller) swState.set({ waiting: true });
  reg.addEventListener('updatefound', () => {
    const installing = reg.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed' && sw.controller) swState.set({ waiting: true });
    });
  });
}

/** Register /sw.js (scope "/") in production builds; reload once a new version takes over. */
export async function registerServiceWorker() {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw || !import.meta.env.PROD) return null;
  swState.set({ supported: true });
  const hadController = !!sw.controller;
  let reloading = false;
  sw.addEventListener('controllerchange', () => {
    if (hadController && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  try {
    registration = await sw.register('/sw.js', { scope: '/' });
  } catch (e) {
    console.warn('Service worker non enregistré', e);
    return null;
  }
  watch(registration);
  sw.ready.then(() => {
    swState.set({ ready: true });
    document.documentElement.dataset.offlineReady = 'true';
  });
  setInterval(() => registration.update().catch(() => {}), 30 * 60 * 1000);
  return registration;
}

/** Look for a new version now (e.g. after a 426). */
export function checkForUpdate() {
  registration?.update().catch(() => {});
}

/** Activate the waiting worker (the page reloads on controllerchange). */
export function applyUpdate() {
  const waiting = registration?.waiting;
  if (waiting) waiting.postMessage({ type: 'SKIP_WAITING' });
}
