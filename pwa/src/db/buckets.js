// Bucket format of field records (every family's entities and photos), pure helpers (no IndexedDB).
//
// One table holds them all. A row is filed under its ref "<entity>:<id>" and its group
// "<entity>:<parent id>" (the visites of a logement, the photos of a record…). Two kinds of
// objects share the table, both `{k, rows: {ref: row}, ids, corriger, tags}`:
// - group buckets `k: "<group>#<n>"`: at most BUCKET_ROWS rows of one group, written by large
//   writes (the first sync, folds);
// - patches `k: "!<descending seq>", pids, gs`: the rows of one small write (an incremental pull,
//   a local edit), whatever their entity and group. IndexedDB costs far more per object than per
//   row, so a small write is one object. The newest patch holding a record has its current row:
//   it sorts first ("!" and a descending number), and overrides older patches and the group
//   bucket's copy (stale) until a large write folds the patches back into the group buckets.
// `ids` (every row's ref), `corriger` (refs of rows "à corriger") and `tags` (the values a family
// looks rows up by, "photo.sha256=<hex>") are indexed on both kinds; `pids` (= ids) and `gs`
// (groups of the rows) only on patches.

/** Rows per group bucket, at most. */
export const BUCKET_ROWS = 64;

export const SEP = '#';
export const PATCH = '!';
export const REF = ':';
const SEQ_MAX = 9999999999;

/** The ref of a record: "visite:<id>". */
export const refOf = (entity, id) => `${entity}${REF}${id}`;

/** Entity of a ref. */
export const entityOfRef = (ref) => ref.slice(0, ref.indexOf(REF));

/** Record id of a ref. */
export const idOfRef = (ref) => ref.slice(ref.indexOf(REF) + 1);

/** The group of the records of `entity` whose parent is `parentId` ("visite:<logement id>"). */
export const groupKey = (entity, parentId) => `${entity}${REF}${parentId ?? '_'}`;

/** Key of bucket number `n` of a group ("visite:<logement id>#0003"). */
export const bucketKey = (group, n) => `${group}${SEP}${String(n).padStart(4, '0')}`;

/** Group of a group bucket's key. */
export const groupOfKey = (k) => k.slice(0, k.lastIndexOf(SEP));

/** Number of a group bucket in its group. */
export const slotOfKey = (k) => Number(k.slice(k.lastIndexOf(SEP) + 1));

/** Key of patch number `seq` (1, 2, …): newer patches sort first. */
export const patchKey = (seq) => PATCH + String(SEQ_MAX - seq).padStart(10, '0');

/** Number of a patch from its key. */
export const seqOfKey = (k) => SEQ_MAX - Number(k.slice(PATCH.length));

/** Whether a key is a patch's (group keys start with an entity name, never with "!"). */
export const isPatch = (k) => k[0] === PATCH;

/**
 * Set the indexed fields of a bucket or a patch from its rows. `index`: {group(ref, row),
 * tags(ref, row)} (records.js builds it from the family declarations).
 */
export function seal(bucket, index) {
  const refs = Object.keys(bucket.rows);
  bucket.ids = refs;
  bucket.corriger = refs.filter((ref) => bucket.rows[ref].review_state === 'a_corriger');
  const tags = refs.flatMap((ref) => index.tags(ref, bucket.rows[ref]));
  bucket.tags = tags.length ? [...new Set(tags)] : tags;
  if (isPatch(bucket.k)) {
    bucket.pids = refs;
    bucket.gs = [...new Set(refs.map((ref) => index.group(ref, bucket.rows[ref])))];
  }
  return bucket;
}
