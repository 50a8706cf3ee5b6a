// Key/value metadata: session (token, device, user), seq counter, clock, pull cursor, last sync.
import { db } from './database.js';

/** Read one meta value (undefined when absent). */
export async function getMeta(key) {
  const row = await db.meta.get(key);
  return row?.value;
}

/** Write one meta value. */
export function setMeta(key, value) {
  return db.meta.put({ key, value });
}

/** Delete one meta value. */
export function deleteMeta(key) {
  return db.meta.delete(key);
}

/** The stored session {token, device_id, user, schema} or null. */
export async function getSession() {
  return (await getMeta('session')) || null;
}
