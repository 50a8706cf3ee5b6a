// Wiring of the services the UI uses: API client, sync engine, triggers, session, lock, photos.
import { createApi } from './api/client.js';
import {
  currentToken, expire, hasUnsynced, loadSession, lock as dropKey, LOGGED_OUT_NOTICE, login as doLogin, session,
  storedLockSeconds, unlock as doUnlock, wipe,
} from './sync/session.js';
import { createSyncEngine } from './sync/engine.js';
import { startTriggers } from './sync/triggers.js';
import { photoBlob } from './sync/blobs.js';
import { cleanupDraftBlobs } from './db/drafts.js';
import { hasPin as keyringHasPin, isValidPin, retryDelay, setPin as keyringSetPin } from './db/keyring.js';
import { countOutbox } from './db/queries.js';
import { watchIdle } from './lib/idle.js';
import { createEmitter } from './lib/store.js';

const api = createApi({
  getToken: currentToken,
  getPending: () => engine.pendingCount(),
  onWipe: () => {
    triggers?.stop();
    triggers = null;
    return wipe();
  },
});

/** The sync engine (status store for the status bar). */
export const engine = createSyncEngine({
  api,
  onUnauthorized: () => {
    triggers?.stop();
    triggers = null;
    expire('Votre session a expiré : reconnectez-vous. Les données non synchronisées sont conservées.');
  },
});

let triggers = null;

/** Called before the app reloads for an update: forms flush their drafts. */
export const beforeUpdate = createEmitter();

function startSync() {
  if (!triggers) triggers = startTriggers(engine);
  engine.refresh();
}

function stopSync() {
  triggers?.stop();
  triggers = null;
}

let idle = null;
const flushers = new Set();

/** Register a flush (a form's draft) run before the app locks; returns the unregister function. */
export function onBeforeLock(flush) {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

function watchForLock() {
  idle?.stop();
  idle = watchIdle({ seconds: () => session.get().lockSeconds, onIdle: () => lock() });
}

/** Whatever was unlocked: start the idle watch, syncing when logged in, the cleanups. */
function afterUnlock(s) {
  watchForLock();
  cleanupDraftBlobs().catch(() => {});
  if (s?.token) startSync();
  else engine.refresh();
}

/** Load the stored session; start syncing when logged in (a device with a keyring starts locked). */
export async function boot() {
  const s = await loadSession();
  if (session.get().state === 'locked') return;
  afterUnlock(s);
}

/** Log in (online), then start syncing. */
export async function login(loginName, password, name = '') {
  await doLogin(api, loginName, password, globalThis.navigator, name);
  watchForLock();
  startSync();
}

/** Unlock with the PIN or the password; resumes syncing. Throws {code, message} when refused. */
export async function unlock(secret) {
  const s = await doUnlock(secret);
  afterUnlock(s);
}

/**
 * Lock now: the forms flush their drafts, syncing stops (it needs the token), the key leaves
 * memory and the lock screen covers the app.
 */
export async function lock() {
  idle?.stop();
  idle = null;
  await Promise.allSettled([...flushers].map((flush) => flush()));
  stopSync();
  dropKey();
}

/** Unsent changes waiting in the outbox (counted without the key: the lock screen's warning). */
export const unsentCount = () => countOutbox();

/** Milliseconds before the lock screen accepts another try (after repeated wrong secrets). */
export const unlockDelay = () => retryDelay();

/** Whether a PIN is set on this device. */
export const hasPin = () => keyringHasPin();

export { isValidPin };

/** Choose the device PIN (6 to 12 digits); the password keeps working. */
export function setPin(pin) {
  return keyringSetPin(pin);
}

/** Whether unsent work would be lost by "Changer d'utilisateur". */
export const hasUnsentWork = () => hasUnsynced();

// The idle time comes with the rules at each sync: follow it.
let syncedAt = null;
engine.status.subscribe((st) => {
  if (st.lastSyncAt === syncedAt) return;
  syncedAt = st.lastSyncAt;
  if (st.lastSyncAt && session.get().state === 'ready' && !session.get().locked) {
    storedLockSeconds().then((n) => n && n !== session.get().lockSeconds && session.set({ lockSeconds: n }), () => {});
  }
});

/**
 * Log out of this device (shared tablets): stop syncing, delete all local data (as for a revoked
 * device) and show the login screen. The UI asks first when something is still unsent.
 */
export async function logout() {
  stopSync();
  idle?.stop();
  idle = null;
  await wipe(LOGGED_OUT_NOTICE);
  await engine.refresh();
}

/** Sync now (button "Synchroniser"). */
export function syncNow() {
  if (triggers) return triggers.syncNow();
  return engine.sync();
}

/** Bytes of a photo to display (local, or fetched from the server and cached). */
export function loadPhoto(sha, thumb = true) {
  return photoBlob(api, sha, { thumb });
}

export { session };
