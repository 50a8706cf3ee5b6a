// The Dexie database: the référentiel per entity, field records of every family, drafts, outbox,
// blobs, meta, issues.
import Dexie from 'dexie';
import { encryptionMiddleware, onPlaintextWrite } from './encryption.js';
import { markSealed } from './keyring.js';
import { toV2, toV3 } from './migrations.js';

export const DB_NAME = 'palier';

/**
 * Tables:
 * - one per référentiel entity: rows are `{id, ...fields, _v}` where `_v` is the server version
 *   last seen (null for a record the server has never accepted);
 * - records: the field records of every family and the photos, rows as above, in group buckets of
 *   ≤ 64 records of one entity and one parent `{k: "visite:<logement_id>#n", rows: {ref: row}, ids,
 *   corriger, tags}` (large writes) and patches `{k: "!<descending seq>", rows, ids, corriger,
 *   tags, pids, gs}` (one per small write) whose rows override the older copies (see buckets.js);
 * - extra: records of entities this version does not know, keyed "entity:id";
 * - localstate: per record with unsynced local edits `{id, entity, base, pend: {field: server value
 *   underneath}, rej: [fields of rejected mutations]}`;
 * - outbox: mutations keyed by seq (gap-free from 1 per device);
 * - drafts: forms being edited (autosaved) `{id, entity, parent, group, base, orig, values, photos}`;
 * - blobs: photo bytes `{sha256, blob, size, state: draft|queued|uploaded|remote, type}`;
 * - meta: `{key, value}` (session, seq, clock, cursor, lastSyncAt);
 * - issues: rejected mutations and conflicts to show the user; `open: 1` while neither resolved
 *   nor dismissed (`open: 0` after), indexed so the status bar counts them without reading them.
 *
 * Encrypted at rest (encryption.js): every row's values are AES-GCM ciphertext except its primary
 * key and index fields, which IndexedDB must read. What stays in clear is therefore: record ids
 * and parent ids (référentiel tables, `records.ids/pids/corriger`, `localstate.id`,
 * `outbox.record`, `drafts.id`), bucket keys and groups ("visite:<logement id>#0003"), the tags
 * of `records` (declared by the families: `photo.sha256=<hex>` and
 * `reclamation.logement_id=<id>` — a hash and an id, no personal data), outbox seq numbers,
 * blob hashes and states (`draft|queued|uploaded|remote|document`), meta key names (`session`,
 * `cursor`…, never their values), and issue ids, records, kinds and open flags. Names,
 * addresses, observations, signatures, photo bytes, the token: all encrypted.
 */
export const db = new Dexie(DB_NAME);
// Closest to IndexedDB: rows written by a schema upgrade while locked stay in clear until the
// key is back (the keyring then asks for the seal pass).
db.use(encryptionMiddleware);
onPlaintextWrite(() => markSealed(false));

db.version(1).stores({
  residence: 'id',
  batiment: 'id, residence_id',
  logement: 'id, batiment_id, residence_id',
  locataire: 'id',
  bail: 'id, logement_id',
  grille_vetuste: 'id',
  visite_buckets: 'k, *ids, *corriger',
  photo: 'id, owner_record, sha256',
  extra: 'key',
  localstate: 'id',
  outbox: 'seq, record',
  drafts: 'id, logement_id',
  blobs: 'sha256, state',
  meta: 'key',
  issues: '++id, record, kind',
});

// v2: group buckets capped at 64 rows (v1: one bucket per logement, keyed by its id) and patches
// (indexes pids, gs); issues.open.
db.version(2).stores({ visite_buckets: 'k, *ids, *corriger, *pids, *gs', issues: '++id, record, kind, open' }).upgrade(toV2);

// v3: record families — every field record (visites, photos, the entities families declare) in
// one table keyed by entity and parent; drafts indexed by group. v4 drops the v2 tables, once
// their rows have moved (v3's upgrade reads them).
db.version(3).stores({ records: 'k, *ids, *corriger, *pids, *gs, *tags', drafts: 'id, group' }).upgrade(toV3);
db.version(4).stores({ visite_buckets: null, photo: null });

/** Tables holding synced records. */
export const RECORD_TABLES = [
  'residence', 'batiment', 'logement', 'locataire', 'bail', 'grille_vetuste', 'records',
];

/** Delete every local table and data, then reopen an empty database. */
export async function wipeDatabase() {
  await db.delete();
  await db.open();
}

/** Open the database (idempotent). */
export async function openDatabase() {
  if (!db.isOpen()) await db.open();
  return db;
}
