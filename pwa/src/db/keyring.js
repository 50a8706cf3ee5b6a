// The keyring of the data key (encryption.js): stored outside the encrypted tables (localStorage
// `palier.keyring`), it holds salts, iteration counts and the data key wrapped (AES-GCM) under
// keys derived (PBKDF2-SHA-256) from the account password and, when chosen, a device PIN — never
// the key itself. Unlocking unwraps a non-extractable copy into memory; the key-encryption key
// that unlocked stays in memory too (non-extractable) so that a PIN can be added, or the password
// changed, without asking again; both go at lock.
import { hasDataKey, setDataKey } from './encryption.js';

/** PBKDF2-SHA-256 iterations of new wraps (OWASP 2023; ≈ 75 ms per derivation in headless Chromium on the dev machine). */
export const PBKDF2_ITERATIONS = 600000;
export const STORAGE_KEY = 'palier.keyring';
/** Wrong secrets accepted before each further try waits. */
export const FREE_FAILURES = 5;
const FIRST_DELAY_MS = 30 * 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;
const PIN_RE = /^\d{6,12}$/;
const AES = { name: 'AES-GCM', length: 256 };

const memory = new Map(); // where there is no localStorage (tests in Node)
const storage = () => globalThis.localStorage || {
  getItem: (k) => (memory.has(k) ? memory.get(k) : null),
  setItem: (k, v) => memory.set(k, String(v)),
  removeItem: (k) => memory.delete(k),
};

let unlocked = null; // {entry: 'password'|'pin', kek} while the data key is in memory

const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const fail = (code, message, extra = {}) => Object.assign(new Error(message), { code, ...extra });

/** The stored keyring, or null. */
export function readKeyring() {
  try {
    return JSON.parse(storage().getItem(STORAGE_KEY) || 'null');
  } catch {
    return null;
  }
}

function writeKeyring(ring) {
  storage().setItem(STORAGE_KEY, JSON.stringify(ring));
}

/** Whether a keyring exists (the device holds encrypted data). */
export const hasKeyring = () => readKeyring() !== null;

/** Whether a PIN can unlock this device. */
export const hasPin = () => !!readKeyring()?.pin;

/** Whether `pin` is an acceptable PIN (6 to 12 digits). */
export const isValidPin = (pin) => PIN_RE.test(String(pin || ''));

async function deriveKek(secret, salt, iterations) {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, AES, false, ['wrapKey', 'unwrapKey']);
}

/** Wrap `dataKey` (extractable) under a key derived from `secret`: {entry (stored), kek}. */
async function wrapUnder(dataKey, secret, iterations) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const kek = await deriveKek(secret, salt, iterations);
  const wrapped = await crypto.subtle.wrapKey('raw', dataKey, kek, { name: 'AES-GCM', iv });
  return { entry: { salt: b64(salt), iv: b64(iv), iterations, wrapped: b64(wrapped) }, kek };
}

function unwrapWith(entry, kek, extractable) {
  return crypto.subtle.unwrapKey('raw', unb64(entry.wrapped), kek, { name: 'AES-GCM', iv: unb64(entry.iv) }, AES, extractable, ['encrypt', 'decrypt']);
}

/** Derive the entry's key from `secret` and unwrap the data key: {key, kek}, or null when wrong. */
async function tryEntry(entry, secret) {
  if (!entry) return null;
  const kek = await deriveKek(secret, unb64(entry.salt), entry.iterations);
  try {
    return { key: await unwrapWith(entry, kek, false), kek };
  } catch {
    return null; // AES-GCM refused the tag: another secret
  }
}

function install(found, entry) {
  unlocked = { entry, kek: found.kek };
  setDataKey(found.key);
}

/**
 * Create the keyring of a new data key wrapped under `password`, for user `userId`, and unlock
 * with it. The extractable key exists only inside this function.
 */
export async function createKeyring(password, userId, { iterations = PBKDF2_ITERATIONS } = {}) {
  let dataKey = await crypto.subtle.generateKey(AES, true, ['encrypt', 'decrypt']);
  const { entry, kek } = await wrapUnder(dataKey, password, iterations);
  dataKey = null;
  writeKeyring({ v: 1, user: userId, password: entry, pin: null, sealed: false, failures: 0, retryAt: 0 });
  install({ key: await unwrapWith(entry, kek, false), kek }, 'password');
}

/** Milliseconds to wait before the next try (0: now). */
export function retryDelay(now = Date.now()) {
  return Math.max(0, (readKeyring()?.retryAt || 0) - now);
}

function noteFailure(ring, now) {
  const failures = (ring.failures || 0) + 1;
  const over = failures - FREE_FAILURES;
  const retryAt = over >= 0 ? now + Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** over) : 0;
  writeKeyring({ ...ring, failures, retryAt });
}

/**
 * Unlock with a PIN or the password. Throws {code: 'wrong_secret'} (counted; after FREE_FAILURES
 * each try waits longer, across reloads), {code: 'retry_later', waitMs}, {code: 'no_keyring'}.
 * Resolves 'pin' or 'password'.
 */
export async function unlockWith(secret, now = Date.now()) {
  const ring = readKeyring();
  if (!ring) throw fail('no_keyring', 'Aucune donnée protégée sur cet appareil.');
  const wait = retryDelay(now);
  if (wait > 0) throw fail('retry_later', `Trop d'essais : réessayez dans ${Math.ceil(wait / 1000)} s.`, { waitMs: wait });
  const tries = [['password', ring.password]];
  if (ring.pin && isValidPin(secret)) tries.unshift(['pin', ring.pin]);
  const results = await Promise.all(tries.map(([, entry]) => tryEntry(entry, String(secret))));
  const i = results.findIndex(Boolean);
  if (i < 0) {
    noteFailure(readKeyring() || ring, now);
    throw fail('wrong_secret', 'Code ou mot de passe incorrect.');
  }
  writeKeyring({ ...readKeyring(), failures: 0, retryAt: 0 });
  install(results[i], tries[i][0]);
  return tries[i][0];
}

/**
 * At an online login of the keyring's user: unlock with the password; when it no longer unwraps
 * (changed on the server) and the device is unlocked, wrap the key under the new one. Throws
 * {code: 'locked'} when neither works.
 */
export async function openWithLoginPassword(password) {
  const ring = readKeyring();
  const found = await tryEntry(ring.password, password);
  if (found) {
    install(found, 'password');
    writeKeyring({ ...readKeyring(), failures: 0, retryAt: 0 });
    return;
  }
  if (!unlocked || !hasDataKey()) {
    throw fail('locked', 'Les données de cet appareil sont protégées par un autre mot de passe : déverrouillez-les avec votre code PIN ou votre ancien mot de passe.');
  }
  await rewrap('password', password);
}

/** Wrap the in-memory key under a new secret for `slot` ('password' or 'pin'). */
async function rewrap(slot, secret) {
  const ring = readKeyring();
  if (!ring || !unlocked) throw fail('locked', "Palier est verrouillé : déverrouillez l'application d'abord.");
  let extractable = await unwrapWith(ring[unlocked.entry], unlocked.kek, true);
  const { entry, kek } = await wrapUnder(extractable, secret, PBKDF2_ITERATIONS);
  extractable = null;
  writeKeyring({ ...readKeyring(), [slot]: entry });
  if (unlocked.entry === slot) unlocked = { entry: slot, kek };
}

/** Choose (or change) the device PIN: 6 to 12 digits. The device must be unlocked. */
export async function setPin(pin) {
  if (!isValidPin(pin)) throw fail('invalid_pin', 'Le code PIN doit compter de 6 à 12 chiffres.');
  await rewrap('pin', pin);
}

/** Whether the seal pass still has to run (rows written in clear). */
export const needsSeal = () => readKeyring()?.sealed === false;

/** Record the seal pass as done (true), or needed again (false). */
export function markSealed(sealed = true) {
  const ring = readKeyring();
  if (ring && ring.sealed !== sealed) writeKeyring({ ...ring, sealed });
}

/** Drop the key from memory (the keyring stays). */
export function lockKeyring() {
  unlocked = null;
  setDataKey(null);
}

/** Remove the keyring and the key (wipe, logout). */
export function forgetKeyring() {
  lockKeyring();
  storage().removeItem(STORAGE_KEY);
}

/** The user the keyring belongs to (id), or null. */
export const keyringUser = () => readKeyring()?.user ?? null;
