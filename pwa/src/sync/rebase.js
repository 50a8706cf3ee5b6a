// Rebase of pending local edits over records pulled from the server (pure functions).
//
// A record with unsynced local edits has a local state {base, pend, rej}: `pend` maps each
// locally changed field to the server value underneath it (the value at `base`), `rej` lists the
// fields of rejected mutations, still to be sent again. Pulled values replace every other field;
// pending fields keep their local value on top. The base moves to the pulled version only when
// the server did not change a pending field to a different value meanwhile (otherwise the old
// base stays, so the server sees the concurrent edit and opens a conflict instead of dropping it).

/** Deep-enough equality for field values (scalars, arrays, plain objects). */
export function sameValue(a, b) {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) {
    return (a ?? null) === (b ?? null);
  }
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/**
 * Rebase one record. `local` is the local row (its values include the pending edits), `state`
 * its local state, `pulled` = {version, fields, deleted}. Returns {row, state, bumped}.
 */
export function rebaseRecord(local, state, pulled) {
  const row = { ...(pulled.deleted ? local : pulled.fields), id: local.id, _v: pulled.version };
  const pend = { ...state.pend };
  let concurrent = !!pulled.deleted; // an edit racing a delete: the server resurrects it
  for (const f of Object.keys(pend)) {
    row[f] = local[f];
    if (pulled.deleted) continue;
    const serverValue = pulled.fields[f];
    if (!sameValue(serverValue, pend[f]) && !sameValue(serverValue, local[f])) concurrent = true;
  }
  if (concurrent) return { row, state: { ...state, pend }, bumped: false };
  for (const f of Object.keys(pend)) pend[f] = pulled.fields[f];
  return { row, state: { ...state, pend, base: pulled.version }, bumped: true };
}

/**
 * Rebase a draft {base, orig, values} over a pulled record {version, fields}: fields the draft
 * did not touch take the pulled values; touched fields keep the draft's value. Returns the draft.
 */
export function rebaseDraft(draft, pulled, fieldNames) {
  const orig = { ...draft.orig };
  const values = { ...draft.values };
  let concurrent = false;
  const touched = [];
  for (const f of fieldNames) {
    if (sameValue(values[f], orig[f])) {
      values[f] = pulled.fields[f] ?? values[f] ?? null;
      orig[f] = values[f];
    } else {
      touched.push(f);
      const serverValue = pulled.fields[f];
      if (!sameValue(serverValue, orig[f]) && !sameValue(serverValue, values[f])) concurrent = true;
    }
  }
  if (!concurrent) for (const f of touched) orig[f] = pulled.fields[f] ?? null;
  return { ...draft, orig, values, base: concurrent ? draft.base : pulled.version };
}

/** Fields whose value differs between `orig` and `values`. */
export function changedFields(orig, values, fieldNames) {
  return fieldNames.filter((f) => !sameValue(orig?.[f], values?.[f]));
}
