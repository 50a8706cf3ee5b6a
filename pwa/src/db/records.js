// Record storage. Most entities keep one row per record in their own table. Visites — the bulk of
// a secteur (tens of thousands) — are bucketed (see buckets.js): IndexedDB costs far more per
// object written than per byte, so a large write (the first sync: 50 000 records) puts them in
// group buckets of up to 64 visites of one logement (about a thousand objects), and a small write
// (an incremental pull, a local edit) puts its rows in one patch instead of rewriting the buckets
// that hold them; the newest patch holding a visite overrides older copies. The next large write
// folds the patches back. Every read and write of a record goes through this module.
import { SEP, seal } from './buckets.js';
import { db } from './database.js';
import { dropRows, foldPatches, isCurrent, newestPatches, writePatch } from './patches.js';

/** Bucketed entities: entity → {table, key: field that groups rows into buckets}. */
export const BUCKETED = { visite: { table: 'visite_buckets', key: 'logement_id' } };

/** Writes of this many rows or more go to group buckets, folding the patches in. */
export const FOLD_AT = 2000;
/** Patched rows kept at most (about): a small write that finds more folds them. */
export const PATCHED_MAX = 5000;

/** The Dexie table holding an entity's records. */
export function tableOf(entity) {
  return db.table(BUCKETED[entity]?.table || entity);
}

const groupFn = (entity) => (row) => row?.[BUCKETED[entity].key] ?? '_';
const byKey = (a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);

/** One record row, or undefined. */
export async function getRecord(entity, id) {
  if (!BUCKETED[entity]) return db.table(entity).get(id);
  const found = await tableOf(entity).where('ids').equals(id).toArray();
  return found.sort(byKey)[0]?.rows[id]; // the newest patch first, else the group bucket
}

/** Several record rows by id (missing ones are undefined), in the order of `ids`. */
export async function getRecords(entity, ids) {
  if (!BUCKETED[entity]) return db.table(entity).bulkGet(ids);
  return Promise.all(ids.map((id) => getRecord(entity, id)));
}

/**
 * Write rows and delete ids of one entity (a row wins over a deletion of the same id). Bucketed
 * entities: fewer than FOLD_AT rows make one patch (deletions leave every object at once); more,
 * or `fold`, go to group buckets with the patches. Call inside a rw transaction.
 */
export async function writeRecords(entity, rows, deletedIds = [], { fold = false } = {}) {
  const table = tableOf(entity);
  if (!BUCKETED[entity]) {
    if (rows.length) await table.bulkPut(rows);
    if (deletedIds.length) await table.bulkDelete(deletedIds);
    return;
  }
  const latest = new Map(rows.map((r) => [r.id, r])); // one id twice: the last row wins
  const dead = [...new Set(deletedIds)].filter((id) => !latest.has(id));
  if (!latest.size && !dead.length) return;
  const groupOf = groupFn(entity);
  if (fold || latest.size >= FOLD_AT) {
    await foldPatches(table, groupOf, [...latest.values()], dead);
    return;
  }
  if (dead.length) await dropRows(table, groupOf, dead);
  if (latest.size && (await writePatch(table, groupOf, [...latest.values()])) > PATCHED_MAX) {
    await foldPatches(table, groupOf, [], []);
  }
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

/** All rows of a group, across its buckets and the patches (e.g. the visites of a logement). */
export async function recordsInBucket(entity, key) {
  const table = tableOf(entity);
  const groupOf = groupFn(entity);
  const [buckets, patches, newest] = await Promise.all([
    table.where('k').startsWith(key + SEP).toArray(), table.where('gs').equals(key).toArray(), newestPatches(table),
  ]);
  const rows = buckets.flatMap((b) => Object.values(b.rows)).filter((r) => !newest.has(r.id));
  for (const p of patches) {
    for (const r of Object.values(p.rows)) if (groupOf(r) === key && newest.get(r.id) === p.k) rows.push(r);
  }
  return rows;
}

/** Visites sent back "à corriger" by the back office. */
export async function visitesACorriger() {
  const table = tableOf('visite');
  const [buckets, newest] = await Promise.all([table.where('corriger').above('').toArray(), newestPatches(table)]);
  const seen = new Set();
  const out = [];
  for (const b of buckets) {
    if (seen.has(b.k)) continue;
    seen.add(b.k);
    for (const id of b.corriger) if (isCurrent(newest, id, b.k)) out.push(b.rows[id]);
  }
  return out;
}

/** Number of visites "à corriger" (entries of the multi-entry index that are current). */
export async function countACorriger() {
  const table = tableOf('visite');
  const index = table.where('corriger').above('');
  const newest = await newestPatches(table);
  if (!newest.size) return index.count();
  let n = 0;
  await index.eachKey((id, cursor) => {
    if (isCurrent(newest, id, cursor.primaryKey)) n += 1;
  });
  return n;
}

/** Number of records of an entity. */
export async function countRecords(entity) {
  if (!BUCKETED[entity]) return db.table(entity).count();
  return (await tableOf(entity).orderBy('ids').uniqueKeys()).length;
}

/** Keep only the rows `keep(row)` accepts, for every record of an entity. */
export async function filterRecords(entity, keep) {
  const table = tableOf(entity);
  if (!BUCKETED[entity]) {
    await table.filter((r) => !keep(r)).delete();
    return;
  }
  const groupOf = groupFn(entity);
  const newest = await newestPatches(table);
  const puts = [];
  const dels = [];
  await table.each((b) => {
    // Older copies (overridden by a newer patch) go too, whatever `keep` says of them.
    const rows = Object.entries(b.rows).filter(([id, r]) => isCurrent(newest, id, b.k) && keep(r));
    if (rows.length === b.ids.length) return;
    if (rows.length) puts.push({ ...b, rows: Object.fromEntries(rows) });
    else dels.push(b.k);
  });
  if (puts.length) await table.bulkPut(puts.map((b) => seal(b, groupOf)));
  if (dels.length) await table.bulkDelete(dels);
}
