// The `ordre` of an EDL's elements (one global integer order; rooms follow their first element).
// Edits keep as many existing values as possible, so that two tablets editing different rooms of
// the same draft write few records (DESIGN.md §4: the merge is per field, per record).

/** Spacing of `ordre` between consecutive elements: room for insertions without renumbering. */
export const ORDRE_STEP = 100;

const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0); // code points, as Python sorts: same order on both sides
const byOrdre = (a, b) => (a.ordre ?? Infinity) - (b.ordre ?? Infinity) || cmp(String(a.id), String(b.id));

/** Element rows sorted by `ordre`, then `id` (a stable order when two tablets chose the same value). */
export function sortRows(rows) {
  return [...rows].sort(byOrdre);
}

/** Which positions of `values` (integers or null) form a longest strictly increasing subsequence. */
function longestIncreasing(values) {
  const tails = []; // tails[k]: index ending the best run of length k + 1
  const prev = new Array(values.length).fill(-1);
  values.forEach((v, i) => {
    if (v === null) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < v) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  });
  const keep = new Array(values.length).fill(false);
  for (let i = tails.length ? tails[tails.length - 1] : -1; i !== -1; i = prev[i]) keep[i] = true;
  return keep;
}

/**
 * The `ordre` of each row of `seq` (the wanted order; new rows have no ordre), aligned with it:
 * the longest increasing run of existing values is kept, the others fit between their kept
 * neighbours; when they do not fit, everything is renumbered by ORDRE_STEP.
 */
export function planOrdre(seq) {
  const values = seq.map((r) => (Number.isInteger(r.ordre) ? r.ordre : null));
  const keep = longestIncreasing(values);
  const out = new Array(seq.length);
  let lo = 0;
  for (let i = 0; i < seq.length; ) {
    if (keep[i]) {
      out[i] = lo = values[i];
      i += 1;
      continue;
    }
    let j = i;
    while (j < seq.length && !keep[j]) j += 1;
    const k = j - i;
    const hi = j < seq.length ? values[j] : lo + ORDRE_STEP * (k + 1);
    if (hi - lo < k + 1) return seq.map((_, x) => ORDRE_STEP * (x + 1));
    for (let m = 1; m <= k; m += 1) out[i + m - 1] = lo + Math.floor(((hi - lo) * m) / (k + 1));
    i = j;
  }
  return out;
}
