// Local writes. Each one is ONE Dexie transaction that updates the record(s) AND appends the
// mutation(s) to the outbox (next seq, fresh HLC), so both commit or neither does.
import { FIELDS, SERVER_OWNED, VISITE_FIELDS } from '../config.js';
import { appendMutation, jsonSize, toWire } from '../sync/outbox.js';
import { changedFields } from '../sync/rebase.js';
import { createEmitter } from '../lib/store.js';
import { db } from './database.js';
import { deleteRecord, getRecord, putRecord } from './records.js';

/** Emits after every committed local write (the sync triggers debounce on it). */
export const localWrites = createEmitter();

const pickFields = (obj, names) => Object.fromEntries(names.filter((f) => f in obj).map((f) => [f, obj[f]]));

/**
 * Write one record and queue its mutation, inside the caller's transaction.
 * `values` are the new local values of the changed fields (or all fields for a new record).
 * Returns the mutation, or null when nothing changed.
 */
export async function writeRecordInTx(entity, id, values, { base, now = Date.now(), extra = {} } = {}) {
  const names = FIELDS[entity];
  const row = await getRecord(entity, id);
  const state = (await db.localstate.get(id)) || { id, entity, base: row?._v ?? null, pend: {}, rej: [] };
  const accepted = row && row._v !== null && row._v !== undefined;
  const next = { ...(row || {}), ...extra, ...pickFields(values, names), id, _v: row?._v ?? null };
  const changed = row ? changedFields(row, next, names) : names.filter((f) => f in next);
  if (row && changed.length === 0 && state.rej.length === 0) return null;
  // A record the server never accepted sends all its fields; otherwise the changed ones plus
  // the fields of earlier rejected mutations (still unsynced).
  let send = accepted ? [...new Set([...changed, ...state.rej])] : names.filter((f) => f in next);
  send = send.filter((f) => !SERVER_OWNED.includes(f));
  for (const f of send) if (!(f in state.pend)) state.pend[f] = row ? row[f] ?? null : null;
  state.rej = [];
  await putRecord(entity, next);
  await db.localstate.put(state);
  const fields = Object.fromEntries(send.map((f) => [f, next[f] ?? null]));
  return appendMutation({ entity, record: id, op: 'upsert', base: accepted ? base ?? row._v : null, fields }, now);
}

/**
 * Queue again, right after their visite's mutation, the photos of a visite that were refused with
 * it (they wait for its correction: see sync/push.js). Inside the caller's transaction.
 */
async function requeueWaitingPhotos(visiteId, now) {
  const out = [];
  const photos = await db.photo.where('owner_record').equals(visiteId).toArray();
  const states = await db.localstate.bulkGet(photos.map((p) => p.id));
  for (let i = 0; i < photos.length; i++) {
    if (!states[i]?.rej?.length) continue;
    const pm = await writeRecordInTx('photo', photos[i].id, {}, { now });
    if (pm) out.push(pm);
  }
  return out;
}

/**
 * Validate a visite draft: the visite, its new photo records (with their blobs queued for
 * upload) and their mutations, in one transaction; the draft is deleted in it too.
 * Returns the appended mutations.
 */
export async function validateVisiteDraft(draft, now = Date.now()) {
  const tables = [db.visite_buckets, db.photo, db.blobs, db.outbox, db.meta, db.localstate, db.drafts, db.logement];
  const mutations = await db.transaction('rw', tables, async () => {
    const out = [];
    const logement = await db.logement.get(draft.values.logement_id);
    const current = await getRecord('visite', draft.id);
    const values = pickFields(draft.values, VISITE_FIELDS);
    let toWrite = values;
    if (current && current._v !== null && current._v !== undefined) {
      // Only what the user changed in this draft (base = version seen when it was opened).
      toWrite = pickFields(values, changedFields(draft.orig, values, VISITE_FIELDS));
    }
    const extra = { residence_id: current?.residence_id ?? logement?.residence_id ?? null };
    if (!current) extra.review_state = null;
    const m = await writeRecordInTx('visite', draft.id, toWrite, { base: draft.base, now, extra });
    if (m) out.push(m);
    if (m) out.push(...(await requeueWaitingPhotos(draft.id, now)));
    for (const p of draft.photos || []) {
      if (!(values.photo_ids || []).includes(p.id)) continue; // removed before validation
      const photo = {
        sha256: p.sha256, owner_entity: 'visite', owner_record: draft.id,
        caption: p.caption || '', taken_at: p.taken_at,
      };
      const blob = await db.blobs.get(p.sha256);
      if (blob && blob.state === 'draft') await db.blobs.update(p.sha256, { state: 'queued' });
      if (await db.photo.get(p.id)) continue; // append-only: created once
      const pm = await writeRecordInTx('photo', p.id, photo, { now, extra: { residence_id: extra.residence_id } });
      if (pm) out.push(pm);
    }
    await db.drafts.delete(draft.id);
    return out;
  });
  if (mutations.length) localWrites.emit(mutations);
  return mutations;
}

const isAccepted = (row) => !!row && row._v !== null && row._v !== undefined;

/**
 * Delete a visite, in one transaction. A visite the server has accepted gets a `delete` mutation
 * (the row comes back if the server refuses it). One the server never accepted is dropped with
 * its photos, their bytes, its draft and its cards; its queued entries become no-op deletions
 * (the seq stays gap-free and nothing of it is sent). Returns the appended mutation, or null.
 */
export async function deleteVisite(id, now = Date.now()) {
  const tables = [db.visite_buckets, db.photo, db.blobs, db.outbox, db.meta, db.localstate, db.drafts, db.issues];
  const m = await db.transaction('rw', tables, async () => {
    const row = await getRecord('visite', id);
    const draft = await db.drafts.get(id);
    if (!row && !draft) return null;
    const photos = await db.photo.where('owner_record').equals(id).toArray();
    let mutation = null;
    if (isAccepted(row)) {
      mutation = await appendMutation({ entity: 'visite', record: id, op: 'delete', base: row._v, fields: {} }, now);
      await db.outbox.update(mutation.seq, { restore: row });
    } else {
      const ids = [id, ...photos.filter((p) => !isAccepted(p)).map((p) => p.id)];
      const queued = await db.outbox.where('record').anyOf(ids).toArray();
      await db.outbox.bulkPut(queued.map((q) => {
        const noop = { ...q, op: 'delete', base: null, fields: {}, dropped: true };
        return { ...noop, size: jsonSize(toWire(noop)) };
      }));
      await db.photo.bulkDelete(ids.slice(1));
      await db.localstate.bulkDelete(ids);
      await db.issues.where('record').anyOf(ids).modify({ resolved: true, open: 0 });
      await dropUnusedBytes([...photos.map((p) => p.sha256), ...(draft?.photos || []).map((p) => p.sha256)], id);
    }
    if (row) await deleteRecord('visite', id);
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
    if (inDrafts.has(sha) || (await db.photo.where('sha256').equals(sha).count())) continue;
    await db.blobs.bulkDelete([sha, `${sha}:thumb`]);
  }
}
