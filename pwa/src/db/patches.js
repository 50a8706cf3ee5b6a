// Patches of bucketed records (see buckets.js): one object per small write, folded back into the
// group buckets by large writes. Call inside a rw transaction for atomicity.
import { writeBuckets } from './bucket-write.js';
import { PATCH, isPatch, patchKey, seal, seqOfKey } from './buckets.js';

const patchRange = (table) => table.where('k').startsWith(PATCH);

/** id → key of the newest patch holding it, for every record that has a patch (keys only). */
export async function newestPatches(table) {
  const newest = new Map();
  // Index order: by id, then by key (newest patch first).
  await table.orderBy('pids').eachKey((id, cursor) => {
    if (!newest.has(id)) newest.set(id, cursor.primaryKey);
  });
  return newest;
}

/** Whether the copy of `id` in the object keyed `k` is its current row. */
export const isCurrent = (newest, id, k) => (isPatch(k) ? newest.get(id) === k : !newest.has(id));

/** Write `rows` as one new patch. Resolves with the number of patched rows (about). */
export async function writePatch(table, groupOf, rows) {
  const [newest] = await patchRange(table).limit(1).primaryKeys();
  const patch = seal({ k: patchKey(newest ? seqOfKey(newest) + 1 : 1), rows: Object.fromEntries(rows.map((r) => [r.id, r])) }, groupOf);
  const [, count] = await Promise.all([table.put(patch), table.orderBy('pids').count()]);
  return count;
}

/** Delete `ids` from every object holding them (patches and group buckets). */
export async function dropRows(table, groupOf, ids) {
  const keys = await Promise.all(ids.map((id) => table.where('ids').equals(id).primaryKeys()));
  const objects = (await table.bulkGet([...new Set(keys.flat())])).filter(Boolean);
  const puts = [];
  const dels = [];
  for (const b of objects) {
    for (const id of ids) delete b.rows[id];
    if (Object.keys(b.rows).length) puts.push(seal(b, groupOf));
    else dels.push(b.k);
  }
  if (puts.length) await table.bulkPut(puts);
  if (dels.length) await table.bulkDelete(dels);
}

/**
 * Fold every patch (their current rows), then `rows`, into the group buckets, deleting `dead`
 * everywhere; no patch stays.
 */
export async function foldPatches(table, groupOf, rows, dead) {
  const patches = await patchRange(table).toArray(); // newest first
  const merged = new Map();
  for (const p of patches) for (const id of p.ids) if (!merged.has(id)) merged.set(id, p.rows[id]);
  for (const id of dead) merged.delete(id);
  for (const r of rows) merged.set(r.id, r);
  await writeBuckets(table, groupOf, [...merged.values()], dead);
  if (patches.length) await table.bulkDelete(patches.map((p) => p.k));
}
