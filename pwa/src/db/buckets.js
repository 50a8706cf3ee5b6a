// Bucket format of bucketed records (visites), pure helpers (no IndexedDB).
//
// Two kinds of objects share the table, both `{k, rows: {id: row}, ids, corriger}`:
// - group buckets `k: "<group>#<n>"`: at most BUCKET_ROWS rows of one group (logement), written
//   by large writes (the first sync, folds);
// - patches `k: "!<descending seq>", pids, gs`: the rows of one small write (an incremental pull,
//   a local edit), whatever their group. IndexedDB costs far more per object than per row, so a
//   small write is one object. The newest patch holding a record has its current row: it sorts
//   first ("!" and a descending number), and overrides older patches and the group bucket's copy
//   (stale) until a large write folds the patches back into the group buckets.
// `ids` (every row) and `corriger` (rows "à corriger") are indexed on both kinds; `pids` (= ids)
// and `gs` (groups of the rows) only on patches.

/** Rows per group bucket, at most. */
export const BUCKET_ROWS = 64;

export const SEP = '#';
export const PATCH = '!';
const SEQ_MAX = 9999999999;

/** Key of bucket number `n` of a group ("<group>#0003"). */
export const bucketKey = (group, n) => `${group}${SEP}${String(n).padStart(4, '0')}`;

/** Group of a group bucket's key. */
export const groupOfKey = (k) => k.slice(0, k.lastIndexOf(SEP));

/** Number of a group bucket in its group. */
export const slotOfKey = (k) => Number(k.slice(k.lastIndexOf(SEP) + 1));

/** Key of patch number `seq` (1, 2, …): newer patches sort first. */
export const patchKey = (seq) => PATCH + String(SEQ_MAX - seq).padStart(10, '0');

/** Number of a patch from its key. */
export const seqOfKey = (k) => SEQ_MAX - Number(k.slice(PATCH.length));

/** Whether a key is a patch's (group keys start with a record id, never with "!"). */
export const isPatch = (k) => k[0] === PATCH;

/** Set the indexed fields of a bucket (or of a patch, given `groupOf(row)`) from its rows. */
export function seal(bucket, groupOf) {
  bucket.ids = Object.keys(bucket.rows);
  bucket.corriger = bucket.ids.filter((id) => bucket.rows[id].review_state === 'a_corriger');
  if (isPatch(bucket.k)) {
    bucket.pids = bucket.ids;
    bucket.gs = [...new Set(Object.values(bucket.rows).map(groupOf))];
  }
  return bucket;
}

/** Split rows of one group into sealed buckets of BUCKET_ROWS, numbered from 0. */
export function chunkBuckets(group, rows) {
  const out = [];
  for (let i = 0; i < rows.length; i += BUCKET_ROWS) {
    const chunk = rows.slice(i, i + BUCKET_ROWS);
    out.push(seal({ k: bucketKey(group, out.length), rows: Object.fromEntries(chunk.map((r) => [r.id, r])) }));
  }
  return out;
}
