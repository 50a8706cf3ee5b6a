// Local writes. Each one is ONE Dexie transaction that updates the record(s) AND appends the
// mutation(s) to the outbox (next seq, fresh HLC), so both commit or neither does. Every family
// writes through here: what differs between them is their declaration (src/families/).
import { REFERENTIEL, SERVER_OWNED } from '../config.js';
import { childEntities, entityDecl, isFieldEntity, parentEntityOf, parentOf } from '../families/index.js';
import { appendMutation, jsonSize, toWire } from '../sync/outbox.js';
import { changedFields } from '../sync/rebase.js';
import { createEmitter } from '../lib/store.js';
import { db } from './database.js';
import { childrenOf, getRecord, putRecord, recordsByTag, writeRecordSets } from './records.js';

/** Emits after every committed local write (the sync triggers debounce on it). */
export const localWrites = createEmitter();

/** Tables a local write of a field record may touch (the référentiel: to read its parent). */
const writeTables = () => [db.records, db.blobs, db.outbox, db.meta, db.localstate, db.drafts, db.issues, ...REFERENTIEL.map((t) => db.table(t))];

const pickFields = (obj, names) => Object.fromEntries(names.filter((f) => f in obj).map((f) => [f, obj[f]]));
const isAccepted = (row) => !!row && row._v !== null && row._v !== undefined;

/**
 * Write one record and queue its mutation, inside the caller's transaction.
 * `values` are the new local values of the changed fields (or all fields for a new record).
 * Returns the mutation, or null when nothing changed.
 */
export async function writeRecordInTx(entity, id, values, { base, now = Date.now(), extra = {} } = {}) {
  const decl = entityDecl(entity);
  if (!decl) throw new Error(`No family declares the entity ${entity}.`);
  const names = decl.fields;
  // A record whose parent is the résidence itself (a permanence) declares residence_id writable: sent.
  const serverOwned = [...SERVER_OWNED.filter((f) => !names.includes(f)), ...decl.serverOwned];
  const row = await getRecord(entity, id);
  const state = (await db.localstate.get(id)) || { id, entity, base: row?._v ?? null, pend: {}, rej: [] };
  const accepted = isAccepted(row);
  const next = { ...(row || {}), ...extra, ...pickFields(values, names), id, _v: row?._v ?? null };
  const changed = row ? changedFields(row, next, names) : names.filter((f) => f in next);
  if (row && changed.length === 0 && state.rej.length === 0) return null;
  // A record the server never accepted sends all its fields; otherwise the changed ones plus
  // the fields of earlier rejected mutations (still unsynced).
  let send = accepted ? [...new Set([...changed, ...state.rej])] : names.filter((f) => f in next);
  send = send.filter((f) => !serverOwned.includes(f));
  for (const f of send) if (!(f in state.pend)) state.pend[f] = row ? row[f] ?? null : null;
  state.rej = [];
  await putRecord(entity, next);
  await db.localstate.put(state);
  const fields = Object.fromEntries(send.map((f) => [f, next[f] ?? null]));
  return appendMutation({ entity, record: id, op: 'upsert', base: accepted ? base ?? row._v : null, fields }, now);
}

/**
 * Queue again, right after their parent's mutation, the children of a record (its photos…) that
 * were refused with it (they wait for its correction: see sync/push.js). Inside the caller's
 * transaction.
 */
async function requeueWaitingChildren(entity, id, now) {
  const out = [];
  const children = await childrenOf(entity, id);
  const states = await db.localstate.bulkGet(children.map((c) => c.row.id));
  for (let i = 0; i < children.length; i++) {
    if (!states[i]?.rej?.length) continue;
    const m = await writeRecordInTx(children[i].entity, children[i].row.id, {}, { now });
    if (m) out.push(m);
  }
  return out;
}

/** The résidence of a record, from its parent (the server derives it the same way). */
async function residenceOf(decl, row) {
  const parentEntity = parentEntityOf(decl, row);
  const parentId = parentOf(decl, row);
  if (!parentEntity || !parentId) return null;
  if (parentEntity === 'residence') return parentId;
  const parent = REFERENTIEL.includes(parentEntity) ? await db.table(parentEntity).get(parentId)
    : isFieldEntity(parentEntity) ? await getRecord(parentEntity, parentId) : null;
  return parent?.residence_id ?? null;
}

/**
 * Validate a draft of any family: the record, its new photo records (with their blobs queued for
 * upload) and their mutations, in one transaction; the draft is deleted in it too.
 * Returns the appended mutations.
 */
export async function validateDraft(draft, now = Date.now()) {
  const decl = entityDecl(draft.entity);
  if (!decl) throw new Error(`No family declares the entity ${draft.entity}.`);
  const mutations = await db.transaction('rw', writeTables(), async () => {
    const out = [];
    const current = await getRecord(draft.entity, draft.id);
    const values = pickFields(draft.values, decl.fields);
    let toWrite = values;
    if (isAccepted(current)) {
      // Only what the user changed in this draft (base = version seen when it was opened).
      toWrite = pickFields(values, changedFields(draft.orig, values, decl.fields));
    }
    const extra = { residence_id: current?.residence_id ?? (await residenceOf(decl, { ...current, ...values })) };
    if (!current) extra.review_state = null;
    const m = await writeRecordInTx(draft.entity, draft.id, toWrite, { base: draft.base, now, extra });
    if (m) out.push(m, ...(await requeueWaitingChildren(draft.entity, draft.id, now)));
    const listed = decl.photoField ? values[decl.photoField] || [] : null;
    for (const p of draft.photos || []) {
      if (listed && !listed.includes(p.id)) continue; // removed before validation
      const photo = {
        sha256: p.sha256, owner_entity: draft.entity, owner_record: draft.id,
        caption: p.caption || '', taken_at: p.taken_at,
      };
      const blob = await db.blobs.get(p.sha256);
      if (blob && blob.state === 'draft') await db.blobs.update(p.sha256, { state: 'queued' });
      if (await getRecord('photo', p.id)) continue; // append-only: created once
      const pm = await writeRecordInTx('photo', p.id, photo, { now, extra: { residence_id: extra.residence_id } });
      if (pm) out.push(pm);
    }
    await db.drafts.delete(draft.id);
    return out;
  });
  if (mutations.length) localWrites.emit(mutations);
  return mutations;
}

/** The records under `entity` `id`, at every depth (photos of its elements too): [{entity, row}]. */
async function descendants(entity, id) {
  const out = [];
  let level = [{ entity, id }];
  while (level.length) {
    const next = [];
    for (const x of level) {
      for (const c of await childrenOf(x.entity, x.id)) {
        out.push(c);
        if (childEntities(c.entity).length) next.push({ entity: c.entity, id: c.row.id });
      }
    }
    level = next;
  }
  return out;
}

/**
 * Delete a field record on the user's request, in one transaction. A record the server has
 * accepted gets a `delete` mutation (the row comes back if the server refuses it). One the server
 * never accepted is dropped with its children never accepted either (photos…), their bytes, its
 * draft and its cards; their queued entries become no-op deletions (the seq stays gap-free and
 * nothing of it is sent). Returns the appended mutation, or null.
 */
export async function deleteFieldRecord(entity, id, now = Date.now()) {
  const m = await db.transaction('rw', writeTables(), async () => {
    const row = await getRecord(entity, id);
    const draft = await db.drafts.get(id);
    if (!row && !draft) return null;
    let mutation = null;
    const gone = [];
    if (isAccepted(row)) {
      mutation = await appendMutation({ entity, record: id, op: 'delete', base: row._v, fields: {} }, now);
      await db.outbox.update(mutation.seq, { restore: row });
    } else {
      gone.push(...(await descendants(entity, id)).filter((c) => !isAccepted(c.row)));
      const ids = [id, ...gone.map((c) => c.row.id)];
      const queued = await db.outbox.where('record').anyOf(ids).toArray();
      await db.outbox.bulkPut(queued.map((q) => {
        const noop = { ...q, op: 'delete', base: null, fields: {}, dropped: true };
        return { ...noop, size: jsonSize(toWire(noop)) };
      }));
      await db.localstate.bulkDelete(ids);
      await db.issues.where('record').anyOf(ids).modify({ resolved: true, open: 0 });
    }
    const sets = [{ entity, deletedIds: row ? [id] : [] }, ...gone.map((c) => ({ entity: c.entity, deletedIds: [c.row.id] }))];
    await writeRecordSets(sets);
    if (!isAccepted(row)) {
      const shas = [...gone.filter((c) => c.entity === 'photo').map((c) => c.row.sha256), ...(draft?.photos || []).map((p) => p.sha256)];
      await dropUnusedBytes(shas, id);
    }
    await db.localstate.delete(id);
    await db.drafts.delete(id);
    return mutation;
  });
  localWrites.emit(m ? [m] : []);
  return m;
}

/** Delete photo bytes that no photo record nor another draft uses (bytes only on this device too). */
async function dropUnusedBytes(shas, draftId) {
  const others = (await db.drafts.toArray()).filter((d) => d.id !== draftId);
  const inDrafts = new Set(others.flatMap((d) => (d.photos || []).map((p) => p.sha256)));
  for (const sha of new Set(shas.filter(Boolean))) {
    if (inDrafts.has(sha) || (await recordsByTag('photo', 'sha256', sha)).length) continue;
    await db.blobs.bulkDelete([sha, `${sha}:thumb`]);
  }
}

/**
 * Write field records of any family at once, outside any draft (an EDL and its elements, one
 * element's condition, a photo taken in place), in ONE transaction with their mutations: every
 * item is `{entity, id, values}` (new records: all their fields; others: the changed ones), in
 * parent-first order; `blobs` ([{sha256, blob}]) are the new photos' bytes, queued for upload.
 * Returns the appended mutations.
 */
export async function writeFieldRecords(items, { now = Date.now(), blobs = [] } = {}) {
  const mutations = await db.transaction('rw', writeTables(), async () => {
    for (const { sha256, blob } of blobs) {
      if (await db.blobs.get(sha256)) continue;
      await db.blobs.put({ sha256, blob, size: blob.size, type: blob.type, state: 'queued', created_at: now });
    }
    const out = [];
    for (const { entity, id, values } of items) {
      const decl = entityDecl(entity);
      if (!decl) throw new Error(`No family declares the entity ${entity}.`);
      const current = await getRecord(entity, id);
      if (current && decl.appendOnly) continue; // created once
      const extra = current ? {} : { residence_id: await residenceOf(decl, values), review_state: null };
      const m = await writeRecordInTx(entity, id, values, { now, extra });
      if (m) out.push(m);
    }
    return out;
  });
  if (mutations.length) localWrites.emit(mutations);
  return mutations;
}
