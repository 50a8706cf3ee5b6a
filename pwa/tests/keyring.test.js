// The keyring (src/db/keyring.js) with real PBKDF2 and AES-GCM: password and PIN unlock the same
// data, a wrong secret is refused and counted, a changed password re-wraps the key; and the
// session's login, lock and unlock around it (src/sync/session.js).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db, wipeDatabase } from '../src/db/database.js';
import { hasDataKey, setDataKey } from '../src/db/encryption.js';
import {
  FREE_FAILURES, createKeyring, forgetKeyring, hasPin, lockKeyring, openWithLoginPassword, readKeyring, retryDelay,
  setPin, unlockWith,
} from '../src/db/keyring.js';
import { currentToken, loadSession, lock, login, PROTECT_NOTICE, session, unlock } from '../src/sync/session.js';

const setupKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

beforeEach(async () => {
  forgetKeyring();
  setDataKey(setupKey);
  await wipeDatabase();
});
afterAll(() => {
  forgetKeyring();
  setDataKey(setupKey);
});

const note = () => db.meta.put({ key: 'note', value: 'Clés chez la gardienne, Mme Roux' });
const readNote = async () => (await db.meta.get('note')).value;

describe('the keyring', () => {
  it('stores salts and wrapped keys, never the key, and the password unlocks the data', async () => {
    await createKeyring('mot de passe 1', 7);
    await note();
    const ring = readKeyring();
    expect(Object.keys(ring).sort()).toEqual(['failures', 'password', 'pin', 'retryAt', 'sealed', 'user', 'v']);
    expect(ring.user).toBe(7);
    expect(ring.password.iterations).toBe(600000);
    expect(Object.keys(ring.password).sort()).toEqual(['iterations', 'iv', 'salt', 'wrapped']);
    expect(atob(ring.password.wrapped)).toHaveLength(32 + 16); // the key (32 bytes) and its tag

    lockKeyring();
    expect(hasDataKey()).toBe(false);
    await expect(readNote()).rejects.toMatchObject({ code: 'locked' });
    expect(await unlockWith('mot de passe 1')).toBe('password');
    expect(await readNote()).toBe('Clés chez la gardienne, Mme Roux');
  });

  it('a PIN unlocks the same data, and the password keeps working', async () => {
    await createKeyring('mot de passe 1', 7);
    await note();
    await expect(setPin('12345')).rejects.toMatchObject({ code: 'invalid_pin', message: 'Le code PIN doit compter de 6 à 12 chiffres.' });
    await setPin('246810');
    expect(hasPin()).toBe(true);
    lockKeyring();
    expect(await unlockWith('246810')).toBe('pin');
    expect(await readNote()).toBe('Clés chez la gardienne, Mme Roux');
    lockKeyring();
    expect(await unlockWith('mot de passe 1')).toBe('password');
    expect(await readNote()).toBe('Clés chez la gardienne, Mme Roux');
  });

  it('refuses a wrong secret; after five, each try waits longer, and a right one resets the count', async () => {
    await createKeyring('mot de passe 1', 7);
    await setPin('246810');
    lockKeyring();
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < FREE_FAILURES - 1; i += 1) {
      await expect(unlockWith('135791', t0)).rejects.toMatchObject({ code: 'wrong_secret', message: 'Code ou mot de passe incorrect.' });
    }
    expect(retryDelay(t0)).toBe(0);
    await expect(unlockWith('mauvais', t0)).rejects.toMatchObject({ code: 'wrong_secret' });
    expect(retryDelay(t0)).toBe(30000);
    await expect(unlockWith('246810', t0 + 1000)).rejects.toMatchObject({ code: 'retry_later', message: "Trop d'essais : réessayez dans 29 s." });
    await expect(unlockWith('000000', t0 + 30000)).rejects.toMatchObject({ code: 'wrong_secret' });
    expect(retryDelay(t0 + 30000)).toBe(60000);
    expect(hasDataKey()).toBe(false);
    expect(await unlockWith('246810', t0 + 90000)).toBe('pin');
    expect(readKeyring()).toMatchObject({ failures: 0, retryAt: 0 });
  });

  it('a password changed on the server re-wraps the key when the device is unlocked, not when locked', async () => {
    await createKeyring('ancien', 7);
    await note();
    await openWithLoginPassword('nouveau');
    lockKeyring();
    await expect(unlockWith('ancien')).rejects.toMatchObject({ code: 'wrong_secret' });
    await unlockWith('nouveau');
    expect(await readNote()).toBe('Clés chez la gardienne, Mme Roux');
    lockKeyring();
    await expect(openWithLoginPassword('encore un autre')).rejects.toMatchObject({ code: 'locked' });
  });
});

/** An API whose login answers for `user` (id, login). */
const apiFor = (user, lockSeconds = 120) => ({
  login: async () => ({ token: `jeton-${user.id}`, device_id: 'd1', user: { ...user, name: user.login, role: 'gardien' }, schema: 1, lock_seconds: lockSeconds }),
});

describe('login, lock and unlock', () => {
  it('the first login creates the keyring; the lock hides the token; the password unlocks', async () => {
    await login(apiFor({ id: 3, login: 'gardien' }), 'gardien', 'secret', { userAgent: '' });
    expect(readKeyring().user).toBe(3);
    expect(session.get()).toMatchObject({ state: 'ready', locked: false, lockSeconds: 120 });
    expect(await currentToken()).toBe('jeton-3');
    lock();
    expect(session.get()).toMatchObject({ state: 'ready', locked: true });
    expect(await currentToken()).toBe(null);
    await expect(unlock('faux')).rejects.toMatchObject({ code: 'wrong_secret' });
    await unlock('secret');
    expect(session.get().locked).toBe(false);
    expect(await currentToken()).toBe('jeton-3');
  });

  it('a device from before encryption keeps its data: the login seals it', async () => {
    setDataKey(null); // the old version had no key: its rows are in clear
    // Rows written in clear, as the old version left them.
    await new Promise((resolve) => {
      const req = indexedDB.open('palier');
      req.onsuccess = () => {
        const tx = req.result.transaction('meta', 'readwrite');
        tx.objectStore('meta').put({ key: 'session', value: { token: 'vieux', device_id: 'd1', user: { id: 3 } } });
        tx.objectStore('meta').put({ key: 'note', value: 'Clés chez la gardienne, Mme Roux' });
        tx.oncomplete = () => { req.result.close(); resolve(); };
      };
    });
    await loadSession();
    expect(session.get()).toMatchObject({ state: 'anonymous', notice: PROTECT_NOTICE }); // no key to write with yet
    await login(apiFor({ id: 3, login: 'gardien' }), 'gardien', 'secret', { userAgent: '' });
    expect(readKeyring().sealed).toBe(true);
    const raw = await new Promise((resolve) => {
      const req = indexedDB.open('palier');
      req.onsuccess = () => {
        const r = req.result.transaction('meta').objectStore('meta').get('note');
        r.onsuccess = () => { req.result.close(); resolve(r.result); };
      };
    });
    expect(Object.keys(raw).sort()).toEqual(['$ct', '$iv', 'key']);
    expect(await readNote()).toBe('Clés chez la gardienne, Mme Roux');
  });

  it('another user: refused while unsent changes are on the device, else a new keyring', async () => {
    await login(apiFor({ id: 3, login: 'gardien' }), 'gardien', 'secret', { userAgent: '' });
    await db.outbox.add({ seq: 1, record: 'r1', entity: 'visite' });
    lock();
    await expect(login(apiFor({ id: 4, login: 'autre' }), 'autre', 'x', { userAgent: '' })).rejects.toMatchObject({ code: 'other_user_data' });
    expect(readKeyring().user).toBe(3);
    await db.outbox.clear();
    await login(apiFor({ id: 4, login: 'autre' }), 'autre', 'x', { userAgent: '' });
    expect(readKeyring().user).toBe(4);
    expect(await currentToken()).toBe('jeton-4');
  });
});
