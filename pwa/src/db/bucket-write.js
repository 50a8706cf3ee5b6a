// Writes into group buckets (large writes: the first sync, folds of patches). Each touched
// bucket is read and written once: a row stays in its bucket while its group (entity and parent)
// is unchanged; new rows (and rows whose group changed) go to the last bucket of their group, or
// to a new one when it is full.
import { BUCKET_ROWS, SEP, bucketKey, groupOfKey, isPatch, seal, slotOfKey } from './buckets.js';

/** Above this many rows to locate, scan the index instead of looking each one up. */
const LOOKUP_MAX = 5000;
/** Above this many groups to extend, read all bucket keys instead of a range per group. */
const GROUP_LOOKUP_MAX = 50;

const size = (b) => Object.keys(b.rows).length;

/** Group buckets holding `refs`: {where: ref → bucket key, empty: true when the table is empty}. */
async function locate(table, ids) {
  const where = new Map();
  if (ids.length <= LOOKUP_MAX) {
    // Point lookups, issued together (IndexedDB pipelines them): ~0.1 ms each.
    const keys = await Promise.all(ids.map((id) => table.where('ids').equals(id).primaryKeys()));
    keys.forEach((ks, i) => {
      const k = ks.find((x) => !isPatch(x));
      if (k !== undefined) where.set(ids[i], k);
    });
    return { where, empty: false };
  }
  if (!(await table.toCollection().limit(1).primaryKeys()).length) return { where, empty: true };
  // One ordered pass over the whole index (~1 s for 50 000 rows) beats more lookups.
  const wanted = new Set(ids);
  await table.orderBy('ids').eachKey((id, cursor) => {
    if (wanted.has(id) && !isPatch(cursor.primaryKey)) where.set(id, cursor.primaryKey);
  });
  return { where, empty: false };
}

/** Add rows (group → [ref, row] pairs) to the last bucket of their group while it has room, then new ones. */
async function place(table, groups, buckets, dirty, empty) {
  const last = new Map([...groups.keys()].map((g) => [g, -1]));
  const note = (k) => {
    if (isPatch(k)) return;
    const g = groupOfKey(k);
    if (last.has(g)) last.set(g, Math.max(last.get(g), slotOfKey(k)));
  };
  if (!empty) {
    if (groups.size > GROUP_LOOKUP_MAX) (await table.toCollection().primaryKeys()).forEach(note);
    else {
      const ranges = await Promise.all([...groups.keys()].map((g) => table.where('k').startsWith(g + SEP).primaryKeys()));
      ranges.flat().forEach(note);
    }
  }
  const toLoad = [...last].filter(([, n]) => n >= 0).map(([g, n]) => bucketKey(g, n)).filter((k) => !buckets.has(k));
  if (toLoad.length) (await table.bulkGet(toLoad)).forEach((b) => b && buckets.set(b.k, b));
  for (const [g, rows] of groups) {
    let n = last.get(g);
    let b = n >= 0 ? buckets.get(bucketKey(g, n)) : null;
    let count = b ? size(b) : 0;
    for (const [ref, r] of rows) {
      if (!b || count >= BUCKET_ROWS) {
        n += 1;
        b = { k: bucketKey(g, n), rows: {} };
        buckets.set(b.k, b);
        count = 0;
      }
      b.rows[ref] = r;
      count += 1;
      dirty.add(b.k);
    }
  }
}

/**
 * Write `entries` ([ref, row] pairs, unique refs) into group buckets and remove `deadRefs` from
 * them; `index` names a row's group and tags (see buckets.js seal). Patches are left alone (the
 * caller deletes them).
 */
export async function writeBuckets(table, index, entries, deadRefs) {
  const { where, empty } = await locate(table, [...entries.map(([ref]) => ref), ...deadRefs]);
  const buckets = new Map();
  const keys = [...new Set(where.values())];
  if (keys.length) (await table.bulkGet(keys)).forEach((b) => b && buckets.set(b.k, b));
  const dirty = new Set();
  const drop = (ref) => {
    const b = buckets.get(where.get(ref));
    if (b && ref in b.rows) {
      delete b.rows[ref];
      dirty.add(b.k);
    }
  };
  for (const ref of deadRefs) drop(ref);
  const groups = new Map(); // group → [ref, row] pairs to place
  for (const [ref, r] of entries) {
    const g = index.group(ref, r);
    const b = buckets.get(where.get(ref));
    if (b && groupOfKey(b.k) === g) {
      b.rows[ref] = r;
      dirty.add(b.k);
      continue;
    }
    drop(ref);
    (groups.get(g) || groups.set(g, []).get(g)).push([ref, r]);
  }
  if (groups.size) await place(table, groups, buckets, dirty, empty);
  const puts = [];
  const dels = [];
  for (const k of dirty) {
    const b = buckets.get(k);
    if (size(b)) puts.push(seal(b, index));
    else dels.push(k);
  }
  if (puts.length) await table.bulkPut(puts);
  if (dels.length) await table.bulkDelete(dels);
}
