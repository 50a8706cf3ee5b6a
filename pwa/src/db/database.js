// The Dexie database: synced records per entity, drafts, outbox, blobs, meta, issues.
import Dexie from 'dexie';

export const DB_NAME = 'palier';

/**
 * Tables:
 * - one per entity (référentiel + photo): rows are `{id, ...fields, _v}` where `_v` is the
 *   server version last seen (null for a record the server has never accepted);
 * - visite_buckets: visite rows grouped by logement `{k: logement_id, rows: {id: row}, ids,
 *   corriger}` (see records.js: tens of thousands of rows, written as hundreds of objects);
 * - extra: records of entities this version does not know, keyed "entity:id";
 * - localstate: per record with unsynced local edits `{id, entity, base, pend: {field: server value
 *   underneath}, rej: [fields of rejected mutations]}`;
 * - outbox: mutations keyed by seq (gap-free from 1 per device);
 * - drafts: visite forms being edited (autosaved);
 * - blobs: photo bytes `{sha256, blob, size, state: draft|queued|uploaded|remote, type}`;
 * - meta: `{key, value}` (session, seq, clock, cursor, lastSyncAt);
 * - issues: rejected mutations and conflicts to show the user.
 */
export const db = new Dexie(DB_NAME);

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

/** Tables holding synced records. */
export const RECORD_TABLES = [
  'residence', 'batiment', 'logement', 'locataire', 'bail', 'grille_vetuste', 'visite_buckets', 'photo',
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
