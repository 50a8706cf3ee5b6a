// Session: login (device token), the revoked-device wipe, and the session store for the UI.
import { db, openDatabase, wipeDatabase } from '../db/database.js';
import { getSession } from '../db/meta.js';
import { adoptExtras } from '../db/records.js';
import { saveRules } from '../db/rules.js';
import { invalidateSearch } from '../db/search.js';
import { deviceName } from '../lib/device.js';
import { createStore } from '../lib/store.js';

export const REVOKED_NOTICE = 'Cet appareil a été révoqué : ses données locales ont été effacées.';
export const LOGGED_OUT_NOTICE = 'Vous êtes déconnecté : les données de cet appareil ont été effacées.';

/** {state: 'loading'|'anonymous'|'ready', user, deviceId, notice}. */
export const session = createStore({ state: 'loading', user: null, deviceId: null, notice: null });

/** Load the stored session at startup. */
export async function loadSession() {
  await openDatabase();
  const s = await getSession();
  if (s?.token) session.set({ state: 'ready', user: s.user, deviceId: s.device_id });
  else session.set({ state: 'anonymous', user: null, deviceId: null });
  // Records of a family this version declares that an older one kept aside as unknown (after
  // the first screen: the lists update when they move).
  adoptExtras().catch((e) => console.error(e));
  return s;
}

/** The Bearer token (null before login). */
export async function currentToken() {
  if (!db.isOpen()) return null;
  return (await getSession())?.token || null;
}

async function hasUnsynced() {
  return (await db.outbox.count()) > 0 || (await db.localstate.count()) > 0 || (await db.drafts.count()) > 0;
}

/**
 * Log the device in. Keeps local data for the same user (renumbering the outbox from 1 when the
 * server gave a new device id); refuses when another user's unsynced data is on the device.
 */
export async function login(api, loginName, password, nav = globalThis.navigator, name = '') {
  const res = await api.login(loginName, password, name.trim().slice(0, 200) || deviceName(nav?.userAgent));
  const prev = await getSession();
  if (prev?.user && prev.user.id !== res.user?.id) {
    if (await hasUnsynced()) {
      throw Object.assign(new Error(
        "Des données non synchronisées d'un autre utilisateur sont présentes sur cet appareil : " +
        'reconnectez-vous avec son identifiant pour les envoyer.'), { code: 'other_user_data' });
    }
    await wipeDatabase();
    invalidateSearch();
  }
  const value = { token: res.token, device_id: res.device_id, user: res.user, schema: res.schema, agence: res.agence || '' };
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
  session.set({ state: 'ready', user: res.user, deviceId: res.device_id, notice: null });
  try {
    await nav?.storage?.persist?.();
  } catch {
    // Persistence is a request, not a guarantee.
  }
  return value;
}

/** Delete ALL local data (records, outbox, drafts, blobs) and go back to the login screen. */
export async function wipe(notice = REVOKED_NOTICE) {
  session.set({ state: 'anonymous', user: null, deviceId: null, notice });
  await wipeDatabase();
  invalidateSearch();
}

/** Mark the session expired (401 without wipe): keep data, ask to log in again. */
export async function expire(message) {
  session.set({ state: 'anonymous', notice: message });
  const s = await getSession();
  if (s) await db.meta.put({ key: 'session', value: { ...s, token: null } });
}
