// Session: login (device token), the revoked-device wipe, the lock (the data key dropped after
// an idle time) and the session store for the UI.
import { db, openDatabase, wipeDatabase } from '../db/database.js';
import { hasDataKey, sealPlaintextRows } from '../db/encryption.js';
import { createKeyring, forgetKeyring, keyringUser, lockKeyring, markSealed, needsSeal, openWithLoginPassword, readKeyring, unlockWith } from '../db/keyring.js';
import { getSession } from '../db/meta.js';
import { adoptExtras } from '../db/records.js';
import { saveRules } from '../db/rules.js';
import { invalidateSearch } from '../db/search.js';
import { deviceName } from '../lib/device.js';
import { createStore } from '../lib/store.js';

export const REVOKED_NOTICE = 'Cet appareil a été révoqué : ses données locales ont été effacées.';
export const PROTECT_NOTICE = 'Palier chiffre désormais les données de cet appareil : reconnectez-vous (réseau nécessaire). Vos saisies non envoyées sont conservées.';
export const LOGGED_OUT_NOTICE = 'Vous êtes déconnecté : les données de cet appareil ont été effacées.';

/** Idle seconds before the lock when the server has not said (PALIER_DEVICE_LOCK_SECONDS). */
export const DEFAULT_LOCK_SECONDS = 300;

/**
 * {state: 'loading'|'locked'|'anonymous'|'ready', locked, user, deviceId, notice, lockSeconds}.
 * 'locked': a page opened on encrypted data, nothing read yet; `locked` with another state: the
 * app was in use, its screens stay mounted under the lock screen.
 */
export const session = createStore({ state: 'loading', locked: false, user: null, deviceId: null, notice: null, lockSeconds: DEFAULT_LOCK_SECONDS });

/** Load the stored session at startup (or once unlocked); 'locked' while the key is not in memory. */
export async function loadSession() {
  await openDatabase();
  if (readKeyring() && !hasDataKey()) {
    session.set({ state: 'locked', locked: true });
    return null;
  }
  const s = await getSession();
  const lockSeconds = (await storedLockSeconds()) || s?.lock_seconds || DEFAULT_LOCK_SECONDS;
  if (s?.token && !readKeyring()) {
    // Data of a version before encryption: no key to write with until a login creates one.
    session.set({ state: 'anonymous', locked: false, user: null, deviceId: null, lockSeconds, notice: PROTECT_NOTICE });
  } else if (s?.token) session.set({ state: 'ready', locked: false, user: s.user, deviceId: s.device_id, lockSeconds });
  else session.set({ state: 'anonymous', locked: false, user: null, deviceId: null, lockSeconds });
  // Records of a family this version declares that an older one kept aside as unknown (after
  // the first screen: the lists update when they move).
  adoptExtras().catch((e) => console.error(e));
  return s;
}

/** The Bearer token (null before login, and while locked). */
export async function currentToken() {
  if (!db.isOpen() || (readKeyring() && !hasDataKey())) return null;
  return (await getSession())?.token || null;
}

/** Whether unsent work is on the device (counted from the indexes: works while locked). */
export async function hasUnsynced() {
  return (await db.outbox.count()) > 0 || (await db.localstate.count()) > 0 || (await db.drafts.count()) > 0;
}

/**
 * Log the device in. Keeps local data for the same user (renumbering the outbox from 1 when the
 * server gave a new device id); refuses when another user's unsynced data is on the device.
 */
export async function login(api, loginName, password, nav = globalThis.navigator, name = '') {
  const res = await api.login(loginName, password, name.trim().slice(0, 200) || deviceName(nav?.userAgent));
  // The keyring says whose data this is (readable while locked); a device from before
  // encryption says it in its session.
  const previousUser = readKeyring() ? keyringUser() : (await getSession())?.user?.id ?? null;
  if (previousUser !== null && previousUser !== res.user?.id) {
    if (await hasUnsynced()) {
      throw Object.assign(new Error(
        "Des données non synchronisées d'un autre utilisateur sont présentes sur cet appareil : " +
        'reconnectez-vous avec son identifiant pour les envoyer.'), { code: 'other_user_data' });
    }
    forgetKeyring();
    await wipeDatabase();
    invalidateSearch();
  }
  if (readKeyring()) await openWithLoginPassword(password); // re-wraps a changed password
  else await createKeyring(password, res.user?.id ?? null);
  await sealIfNeeded();
  const prev = await getSession();
  const lockSeconds = positive(res.lock_seconds) || positive(res.rules?.lock_seconds) || DEFAULT_LOCK_SECONDS;
  const value = { token: res.token, device_id: res.device_id, user: res.user, schema: res.schema, agence: res.agence || '', lock_seconds: lockSeconds };
  await db.transaction('rw', db.meta, db.outbox, async () => {
    if (!prev || prev.device_id !== res.device_id) {
      // A new device id on the server: its seq starts at 1 again.
      const queued = await db.outbox.orderBy('seq').toArray();
      await db.outbox.clear();
      let seq = 0;
      for (const m of queued) await db.outbox.add({ ...m, seq: ++seq });
      await db.meta.put({ key: 'seq', value: seq });
      await db.meta.delete('cursor');
    }
    await db.meta.put({ key: 'session', value });
    // The role's rules come with the login; each sync cycle then checks them (ETag).
    if (res.rules && typeof res.rules === 'object') await saveRules(res.rules, null);
  });
  session.set({ state: 'ready', locked: false, user: res.user, deviceId: res.device_id, notice: null, lockSeconds });
  try {
    await nav?.storage?.persist?.();
  } catch {
    // Persistence is a request, not a guarantee.
  }
  return value;
}

/** Delete ALL local data (records, outbox, drafts, blobs, the keyring) and go back to the login screen. */
export async function wipe(notice = REVOKED_NOTICE) {
  forgetKeyring();
  session.set({ state: 'anonymous', locked: false, user: null, deviceId: null, notice });
  await wipeDatabase();
  invalidateSearch();
}

/** Mark the session expired (401 without wipe): keep data, ask to log in again. */
export async function expire(message) {
  session.set({ state: 'anonymous', notice: message });
  if (!hasDataKey()) return; // locked meanwhile: the stored token is refused at the next sync anyway
  const s = await getSession();
  if (s) await db.meta.put({ key: 'session', value: { ...s, token: null } });
}

const positive = (n) => (Number.isInteger(n) && n > 0 ? n : null);

/** The seal pass, when rows were written in clear (a database from before encryption, an upgrade while locked). */
async function sealIfNeeded() {
  if (!needsSeal()) return;
  await sealPlaintextRows();
  markSealed();
}

/** Unlock with the PIN or the password (see keyring.js unlockWith), then load the session. */
export async function unlock(secret) {
  await unlockWith(secret);
  await sealIfNeeded();
  if (session.get().state === 'locked') return loadSession();
  session.set({ locked: false });
  return getSession();
}

/** Drop the key from memory and show the lock screen (the screens stay mounted under it). */
export function lock() {
  if (!readKeyring()) return;
  lockKeyring();
  session.set({ locked: true });
}

/** The idle time of the lock from the stored rules (refreshed each sync), or null. */
export async function storedLockSeconds() {
  return positive((await db.meta.get('rules'))?.value?.rules?.lock_seconds);
}
