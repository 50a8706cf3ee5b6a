// Wiring of the services the UI uses: API client, sync engine, triggers, session, photos.
import { createApi } from './api/client.js';
import { currentToken, expire, loadSession, LOGGED_OUT_NOTICE, login as doLogin, session, wipe } from './sync/session.js';
import { createSyncEngine } from './sync/engine.js';
import { startTriggers } from './sync/triggers.js';
import { photoBlob } from './sync/blobs.js';
import { cleanupDraftBlobs } from './db/drafts.js';
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

/** Load the stored session; start syncing when logged in. */
export async function boot() {
  const s = await loadSession();
  cleanupDraftBlobs().catch(() => {});
  if (s?.token) startSync();
  else engine.refresh();
}

/** Log in (online), then start syncing. */
export async function login(loginName, password, name = '') {
  await doLogin(api, loginName, password, globalThis.navigator, name);
  startSync();
}

/**
 * Log out of this device (shared tablets): stop syncing, delete all local data (as for a revoked
 * device) and show the login screen. The UI asks first when something is still unsent.
 */
export async function logout() {
  triggers?.stop();
  triggers = null;
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
