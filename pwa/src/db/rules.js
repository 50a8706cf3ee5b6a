// The server's rules (GET /api/v1/rules, also in the login response), kept in IndexedDB with their
// ETag so the device checks a record offline with the rules of its last contact.
import { db } from './database.js';

const KEY = 'rules';

/** The stored rules {schema, role, permissions, entities} or null (never fetched). */
export async function getRules() {
  return (await db.meta.get(KEY))?.value?.rules || null;
}

/** The ETag of the stored rules (null when unknown). */
export async function rulesEtag() {
  return (await db.meta.get(KEY))?.value?.etag || null;
}

/** Store rules and their ETag (inside the caller's transaction when there is one). */
export function saveRules(rules, etag = null, now = Date.now()) {
  return db.meta.put({ key: KEY, value: { rules, etag, fetched_at: now } });
}

/** The rules of one writable entity ({writable, required_on_create, fields}) or null. */
export function entityRules(rules, entity) {
  const e = rules?.entities?.[entity];
  return e && e.writable !== false ? e : null;
}
