// Patches of bucketed records (see buckets.js): one object per small write, folded back into the
// group buckets by large writes. Call inside a rw transaction for atomicity. Rows are keyed by
// their ref ("visite:<id>"); `index` names a row's group and tags (see buckets.js seal).
import { writeBuckets } from './bucket-write.js';
import { PATCH, isPatch, patchKey, seal, seqOfKey } from './buckets.js';

const patchRange = (table) => table.where('k').startsWith(PATCH);

/** ref → key of the newest patch holding it, for every record that has a patch (keys only). */
export async function newestPatches(table) {
  const newest = new Map();
  // Index order: by ref, then by key (newest patch first).
  await table.orderBy('pids').eachKey((ref, cursor) => {
    if (!newest.has(ref)) newest.set(ref, cursor.primaryKey);
  });
  return newest;
}

/** Whether the copy of `ref` in the object keyed `k` is its current row. */
export const isCurrent = (newest, ref, k) => (isPatch(k) ? newest.get(ref) === k : !newest.has(ref));

/** Write `entries` ([ref, row] pairs) as one new patch. Resolves with the number of patched rows (about). */
export async function writePatch(table, index, entries) {
  const [newest] = await patchRange(table).limit(1).primaryKeys();
  const patch = seal({ k: patchKey(newest ? seqOfKey(newest) + 1 : 1), rows: Object.fromEntries(entries) }, index);
  const [, count] = await Promise.all([table.put(patch), table.orderBy('pids').count()]);
  return count;
}

/** Delete `refs` from every object holding them (patches and group buckets). */
export async function dropRows(table, index, refs) {
  const keys = await Promise.all(refs.map((ref) => table.where('ids').equals(ref).primaryKeys()));
  const objects = (await table.bulkGet([...new Set(keys.flat())])).filter(Boolean);
  const puts = [];
  const dels = [];
  for (const b of objects) {
    for (const ref of refs) delete b.rows[ref];
    if (Object.keys(b.rows).length) puts.push(seal(b, index));
    else dels.push(b.k);
  }
  if (puts.length) await table.bulkPut(puts);
  if (dels.length) await table.bulkDelete(dels);
}

/**
 * Fold every patch (their current rows), then `entries`, into the group buckets, deleting
 * `deadRefs` everywhere; no patch stays.
 */
export async function foldPatches(table, index, entries, deadRefs) {
  const patches = await patchRange(table).toArray(); // newest first
  const merged = new Map();
  for (const p of patches) for (const ref of p.ids) if (!merged.has(ref)) merged.set(ref, p.rows[ref]);
  for (const ref of deadRefs) merged.delete(ref);
  for (const [ref, r] of entries) merged.set(ref, r);
  await writeBuckets(table, index, [...merged], deadRefs);
  if (patches.length) await table.bulkDelete(patches.map((p) => p.k));
}
