// Record storage. Most entities keep one row per record in their own table. Visites — the bulk of
// a secteur (tens of thousands) — are kept in buckets, one per logement: IndexedDB costs far more
// per object written than per byte, so a sync writes hundreds of buckets instead of tens of
// thousands of rows. Every read and write of a record goes through this module.
import { db } from './database.js';

/** Bucketed entities: entity → {table, key: field that groups rows into one bucket}. */
export const BUCKETED = { visite: { table: 'visite_buckets', key: 'logement_id' } };

/** The Dexie table holding an entity's records. */
export function tableOf(entity) {
  return db.table(BUCKETED[entity]?.table || entity);
}

/** Above this many rows to locate, scan the index instead of looking each one up. */
const LOOKUP_MAX = 5000;

const keyOf = (entity, row) => row?.[BUCKETED[entity].key] ?? '_';

function seal(bucket) {
  bucket.ids = Object.keys(bucket.rows);
  bucket.corriger = bucket.ids.filter((id) => bucket.rows[id].review_state === 'a_corriger');
  return bucket;
}

/** One record row, or undefined. */
export async function getRecord(entity, id) {
  if (!BUCKETED[entity]) return db.table(entity).get(id);
  const b = await tableOf(entity).where('ids').equals(id).first();
  return b?.rows[id];
}

/** Several record rows by id (missing ones are undefined), in the order of `ids`. */
export async function getRecords(entity, ids) {
  if (!BUCKETED[entity]) return db.table(entity).bulkGet(ids);
  const rows = await Promise.all(ids.map((id) => getRecord(entity, id)));
  return rows;
}

/**
 * Write rows and delete ids of one entity. For bucketed entities each bucket is read and written
 * once (a row whose bucket key changed moves). Call inside a rw transaction for atomicity.
 */
export async function writeRecords(entity, rows, deletedIds = []) {
  const table = tableOf(entity);
  if (!BUCKETED[entity]) {
    if (rows.length) await table.bulkPut(rows);
    if (deletedIds.length) await table.bulkDelete(deletedIds);
    return;
  }
  const touched = [...rows.map((r) => r.id), ...deletedIds];
  if (!touched.length) return;
  const buckets = new Map();
  const where = new Map(); // id → current bucket key
  const targets = [...new Set(rows.map((r) => keyOf(entity, r)))];
  (await table.bulkGet(targets)).forEach((b) => {
    if (!b) return;
    buckets.set(b.k, b);
    for (const id of b.ids) where.set(id, b.k);
  });
  // Rows that are not in their target bucket may sit in another one (a move, a deletion).
  const unresolved = new Set(touched.filter((id) => !where.has(id)));
  if (unresolved.size && (await table.count())) {
    if (unresolved.size <= LOOKUP_MAX) {
      // Point lookups, issued together (IndexedDB pipelines them): ~0.1 ms each.
      const ids = [...unresolved];
      const keys = await Promise.all(ids.map((id) => table.where('ids').equals(id).primaryKeys()));
      keys.forEach((k, i) => k.length && where.set(ids[i], k[0]));
    } else {
      // One ordered pass over the whole index (~1 s for 50 000 rows) beats more lookups.
      await table.orderBy('ids').eachKey((id, cursor) => {
        if (unresolved.has(id)) where.set(id, cursor.primaryKey);
      });
    }
    const missing = [...new Set([...unresolved].map((id) => where.get(id)).filter((k) => k !== undefined && !buckets.has(k)))];
    (await table.bulkGet(missing)).forEach((b) => b && buckets.set(b.k, b));
  }
  const bucket = (k) => {
    if (!buckets.has(k)) buckets.set(k, { k, rows: {} });
    return buckets.get(k);
  };
  for (const id of deletedIds) {
    if (where.has(id)) delete bucket(where.get(id)).rows[id];
  }
  for (const r of rows) {
    const k = keyOf(entity, r);
    const old = where.get(r.id);
    if (old !== undefined && old !== k) delete bucket(old).rows[r.id];
    bucket(k).rows[r.id] = r;
  }
  const puts = [];
  const dels = [];
  for (const b of buckets.values()) {
    if (Object.keys(b.rows).length) puts.push(seal(b));
    else dels.push(b.k);
  }
  if (puts.length) await table.bulkPut(puts);
  if (dels.length) await table.bulkDelete(dels);
}

/** Put one record row. */
export function putRecord(entity, row) {
  return writeRecords(entity, [row]);
}

/** Delete one record. */
export function deleteRecord(entity, id) {
  return writeRecords(entity, [], [id]);
}

/** Update fields of an existing record (no-op when absent). */
export async function updateRecord(entity, id, changes) {
  const row = await getRecord(entity, id);
  if (row) await putRecord(entity, { ...row, ...changes });
}

/** All rows of a bucket (e.g. the visites of a logement). */
export async function recordsInBucket(entity, key) {
  const b = await tableOf(entity).get(key);
  return b ? Object.values(b.rows) : [];
}

/** Visites sent back "à corriger" by the back office. */
export async function visitesACorriger() {
  const buckets = await tableOf('visite').where('corriger').above('').toArray();
  const seen = new Set();
  const out = [];
  for (const b of buckets) {
    if (seen.has(b.k)) continue;
    seen.add(b.k);
    for (const id of b.corriger) out.push(b.rows[id]);
  }
  return out;
}

/** Number of visites "à corriger" (entries of the multi-entry index). */
export function countACorriger() {
  return tableOf('visite').where('corriger').above('').count();
}

/** Number of records of an entity. */
export async function countRecords(entity) {
  if (!BUCKETED[entity]) return db.table(entity).count();
  let n = 0;
  await tableOf(entity).each((b) => {
    n += b.ids.length;
  });
  return n;
}

/** Keep only the rows `keep(row)` accepts, for every record of an entity. */
export async function filterRecords(entity, keep) {
  const table = tableOf(entity);
  if (!BUCKETED[entity]) {
    await table.filter((r) => !keep(r)).delete();
    return;
  }
  const puts = [];
  const dels = [];
  await table.each((b) => {
    const rows = Object.fromEntries(Object.entries(b.rows).filter(([, r]) => keep(r)));
    if (Object.keys(rows).length === b.ids.length) return;
    if (Object.keys(rows).length) puts.push(seal({ k: b.k, rows }));
    else dels.push(b.k);
  });
  if (puts.length) await table.bulkPut(puts);
  if (dels.length) await table.bulkDelete(dels);
}
