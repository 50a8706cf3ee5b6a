// The Dexie database: synced records per entity, drafts, outbox, blobs, meta, issues.
import Dexie from 'dexie';
import { SEP, chunkBuckets } from './buckets.js';

export const DB_NAME = 'palier';

/**
 * Tables:
 * - one per entity (référentiel + photo): rows are `{id, ...fields, _v}` where `_v` is the
 *   server version last seen (null for a record the server has never accepted);
 * - visite_buckets: visite rows (see records.js and buckets.js), in group buckets of ≤ 64
 *   visites of a logement `{k: "logement_id#n", rows: {id: row}, ids, corriger}` (large writes)
 *   and patches `{k: "!<descending seq>", rows, ids, corriger, pids, gs}` (one per small write)
 *   whose rows override the older copies;
 * - extra: records of entities this version does not know, keyed "entity:id";
 * - localstate: per record with unsynced local edits `{id, entity, base, pend: {field: server value
 *   underneath}, rej: [fields of rejected mutations]}`;
 * - outbox: mutations keyed by seq (gap-free from 1 per device);
 * - drafts: visite forms being edited (autosaved);
 * - blobs: photo bytes `{sha256, blob, size, state: draft|queued|uploaded|remote, type}`;
 * - meta: `{key, value}` (session, seq, clock, cursor, lastSyncAt);
 * - issues: rejected mutations and conflicts to show the user; `open: 1` while neither resolved
 *   nor dismissed (`open: 0` after), indexed so the status bar counts them without reading them.
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

// v2: group buckets capped at 64 rows (v1: one bucket per logement, keyed by its id) and patches
// (indexes pids, gs); issues.open.
db.version(2).stores({ visite_buckets: 'k, *ids, *corriger, *pids, *gs', issues: '++id, record, kind, open' }).upgrade(async (tx) => {
  const buckets = tx.table('visite_buckets');
  const keys = (await buckets.toCollection().primaryKeys()).filter((k) => !k.includes(SEP));
  for (let i = 0; i < keys.length; i += 50) {
    const old = (await buckets.bulkGet(keys.slice(i, i + 50))).filter(Boolean);
    await buckets.bulkDelete(old.map((b) => b.k));
    await buckets.bulkPut(old.flatMap((b) => chunkBuckets(b.k, Object.values(b.rows))));
  }
  await tx.table('issues').toCollection().modify((i) => {
    i.open = i.resolved || i.dismissed ? 0 : 1;
  });
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
