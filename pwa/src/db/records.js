// Record storage. The référentiel keeps one row per record in a table per entity. Field records —
// every entity a family declares, and photos — share the `records` table through one code path
// (see buckets.js): IndexedDB costs far more per object written than per byte, so a large write
// (the first sync: 50 000 records) puts them in group buckets of up to 64 records of one entity
// and one parent (the visites of a logement), and a small write (an incremental pull, a local
// edit) puts its rows, whatever their entities, in one patch instead of rewriting the buckets
// that hold them; the newest patch holding a record overrides older copies. The next large write
// folds the patches back. Every read and write of a record goes through this module.
import { childEntities, entityDecl, fieldEntities, isFieldEntity, parentOf } from '../families/index.js';
import { SEP, entityOfRef, groupKey, idOfRef, refOf, seal } from './buckets.js';
import { db } from './database.js';
import { dropRows, foldPatches, isCurrent, newestPatches, writePatch } from './patches.js';

/** Writes of this many rows or more go to group buckets, folding the patches in. */
export const FOLD_AT = 2000;
/** Patched rows kept at most (about): a small write that finds more folds them. */
export const PATCHED_MAX = 5000;

/** Whether an entity's records live in the shared bucket table (every declared field entity). */
export const isBucketed = isFieldEntity;

/** The Dexie table holding an entity's records. */
export function tableOf(entity) {
  return isBucketed(entity) ? db.records : db.table(entity);
}

/** A row's group ("<entity>:<parent id>") and tags, after its family's declaration. */
const INDEX = {
  group(ref, row) {
    const entity = entityOfRef(ref);
    const decl = entityDecl(entity);
    return groupKey(entity, decl ? parentOf(decl, row) : null);
  },
  tags(ref, row) {
    const entity = entityOfRef(ref);
    const decl = entityDecl(entity);
    if (!decl?.tags.length) return [];
    return decl.tags.filter((f) => row[f] !== null && row[f] !== undefined).map((f) => tagOf(entity, f, row[f]));
  },
};

const tagOf = (entity, field, value) => `${entity}.${field}=${value}`;
const byKey = (a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);

/** The current row of a ref, or undefined. */
async function getByRef(ref) {
  const found = await db.records.where('ids').equals(ref).toArray();
  return found.sort(byKey)[0]?.rows[ref]; // the newest patch first, else the group bucket
}

/** One record row, or undefined. */
export function getRecord(entity, id) {
  if (!isBucketed(entity)) return db.table(entity).get(id);
  return getByRef(refOf(entity, id));
}

/** Several record rows by id (missing ones are undefined), in the order of `ids`. */
export async function getRecords(entity, ids) {
  if (!isBucketed(entity)) return db.table(entity).bulkGet(ids);
  return Promise.all(ids.map((id) => getByRef(refOf(entity, id))));
}

/**
 * Write rows and delete ids of several entities at once: `sets` is a list of {entity, rows,
 * deletedIds} (a row wins over a deletion of the same record). The field records of every set
 * make ONE write: fewer than FOLD_AT rows make one patch (deletions leave every object at once);
 * more, or `fold`, go to group buckets with the patches. Call inside a rw transaction.
 */
export async function writeRecordSets(sets, { fold = false } = {}) {
  const latest = new Map(); // ref → row; one record twice: the last row wins
  const dead = new Set();
  for (const { entity, rows = [], deletedIds = [] } of sets) {
    if (!isBucketed(entity)) {
      if (rows.length) await db.table(entity).bulkPut(rows);
      if (deletedIds.length) await db.table(entity).bulkDelete(deletedIds);
      continue;
    }
    for (const r of rows) latest.set(refOf(entity, r.id), r);
    for (const id of deletedIds) dead.add(refOf(entity, id));
  }
  for (const ref of latest.keys()) dead.delete(ref);
  if (!latest.size && !dead.size) return;
  const table = db.records;
  if (fold || latest.size >= FOLD_AT) {
    await foldPatches(table, INDEX, [...latest], [...dead]);
    return;
  }
  if (dead.size) await dropRows(table, INDEX, [...dead]);
  if (latest.size && (await writePatch(table, INDEX, [...latest])) > PATCHED_MAX) {
    await foldPatches(table, INDEX, [], []);
  }
}

/** Write rows and delete ids of one entity (see writeRecordSets). Call inside a rw transaction. */
export function writeRecords(entity, rows, deletedIds = [], options = {}) {
  return writeRecordSets([{ entity, rows, deletedIds }], options);
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

/** Current rows of a group ("<entity>:<parent>"), across its buckets and the patches. */
async function rowsOfGroup(group) {
  const table = db.records;
  const [buckets, patches, newest] = await Promise.all([
    table.where('k').startsWith(group + SEP).toArray(), table.where('gs').equals(group).toArray(), newestPatches(table),
  ]);
  const rows = [];
  for (const b of buckets) for (const ref of b.ids) if (!newest.has(ref)) rows.push(b.rows[ref]);
  for (const p of patches) {
    for (const ref of p.ids) if (newest.get(ref) === p.k && INDEX.group(ref, p.rows[ref]) === group) rows.push(p.rows[ref]);
  }
  return rows;
}

/** The records of `entity` whose parent is `parentId` (e.g. the visites of a logement). */
export function recordsOfParent(entity, parentId) {
  return rowsOfGroup(groupKey(entity, parentId));
}

/** The field records whose parent is the `entity` record `id` (its photos…): [{entity, row}]. */
export async function childrenOf(entity, id) {
  const out = [];
  for (const d of childEntities(entity)) {
    const rows = await recordsOfParent(d.entity, id);
    for (const row of rows) if (!d.owner || row[d.owner] === entity) out.push({ entity: d.entity, row });
  }
  return out;
}

/** Current records of `entity` whose `field` (one of its declared tags) holds `value`. */
export async function recordsByTag(entity, field, value) {
  const objects = await db.records.where('tags').equals(tagOf(entity, field, value)).toArray();
  const prefix = refOf(entity, '');
  const refs = new Set(objects.flatMap((b) => b.ids.filter((ref) => ref.startsWith(prefix) && b.rows[ref][field] === value)));
  const rows = await Promise.all([...refs].map(getByRef)); // the copy found may be stale
  return rows.filter((r) => r && r[field] === value);
}

/** Records sent back by the back office "à corriger", of every family: [{entity, row}]. */
export async function recordsACorriger() {
  const table = db.records;
  const [buckets, newest] = await Promise.all([table.where('corriger').above('').toArray(), newestPatches(table)]);
  const seen = new Set();
  const out = [];
  for (const b of buckets) {
    if (seen.has(b.k)) continue;
    seen.add(b.k);
    for (const ref of b.corriger) if (isCurrent(newest, ref, b.k)) out.push({ entity: entityOfRef(ref), row: b.rows[ref] });
  }
  return out;
}

/** Number of records "à corriger" (entries of the multi-entry index that are current). */
export async function countACorriger() {
  const table = db.records;
  const index = table.where('corriger').above('');
  const newest = await newestPatches(table);
  if (!newest.size) return index.count();
  let n = 0;
  await index.eachKey((ref, cursor) => {
    if (isCurrent(newest, ref, cursor.primaryKey)) n += 1;
  });
  return n;
}

/** Number of records of an entity. */
export async function countRecords(entity) {
  if (!isBucketed(entity)) return db.table(entity).count();
  // The whole index, not a range of it: fake-indexeddb walks ranges of a multi-entry index
  // slowly, and the other entities' refs cost little beside the visites'.
  const prefix = refOf(entity, '');
  return (await db.records.orderBy('ids').uniqueKeys()).filter((ref) => ref.startsWith(prefix)).length;
}

/**
 * Keep only the rows `keep(row, entity)` accepts, for every record of `entities` (one entity or a
 * list; every declared one by default). Older copies of their records go too. Call inside a rw
 * transaction (or alone).
 */
export async function filterRecords(entities, keep) {
  const list = entities === undefined ? fieldEntities() : [].concat(entities);
  const plain = list.filter((e) => !isBucketed(e));
  for (const e of plain) await db.table(e).filter((r) => !keep(r, e)).delete();
  const bucketed = new Set(list.filter(isBucketed));
  if (!bucketed.size) return;
  const table = db.records;
  const newest = await newestPatches(table);
  const puts = [];
  const dels = [];
  await table.each((b) => {
    // Older copies (overridden by a newer patch) go too, whatever `keep` says of them.
    const rows = Object.entries(b.rows).filter(([ref, r]) => {
      const entity = entityOfRef(ref);
      return !bucketed.has(entity) || (isCurrent(newest, ref, b.k) && keep(r, entity));
    });
    if (rows.length === b.ids.length) return;
    if (rows.length) puts.push({ ...b, rows: Object.fromEntries(rows) });
    else dels.push(b.k);
  });
  if (puts.length) await table.bulkPut(puts.map((b) => seal(b, INDEX)));
  if (dels.length) await table.bulkDelete(dels);
}

/**
 * Move the records a previous version kept aside as unknown (`extra`: pulled before this version
 * declared their family) into the storage of their now declared entity. Cheap when there are
 * none. Returns the number moved.
 */
export async function adoptExtras() {
  const entities = fieldEntities();
  return db.transaction('rw', db.extra, db.records, async () => {
    if (!(await db.extra.count())) return 0;
    const found = await Promise.all(entities.map((e) => db.extra.where('key').startsWith(`${e}:`).toArray()));
    const sets = entities.map((entity, i) => ({ entity, rows: found[i].map((x) => ({ ...x.fields, id: x.id ?? idOfRef(x.key), _v: x._v })) }));
    const keys = found.flat().map((x) => x.key);
    if (!keys.length) return 0;
    await writeRecordSets(sets.filter((s) => s.rows.length));
    await db.extra.bulkDelete(keys);
    return keys.length;
  });
}
