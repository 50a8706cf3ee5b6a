// Push: send the outbox in seq order and apply the server's verdict on each mutation.
import { MAX_PUSH_BYTES, MAX_PUSH_MUTATIONS, SCHEMA } from '../config.js';
import { db } from '../db/database.js';
import { deleteRecord, getRecord, putRecord, updateRecord } from '../db/records.js';
import { entityDecl, isFieldEntity, parentEntityOf, parentOf } from '../families/index.js';
import { appendMutation, takeBatch, toWire } from './outbox.js';
import { sessionClosed } from './pull.js';

/** Error that stops the push (426 upgrade, unrecoverable 413, stalled queue…). */
export class PushStopped extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * Forget outbox entries once acknowledged, in the transaction of the caller: clears their fields
 * from the record's pending state (unless a later entry still changes them).
 */
async function forget(entries, { version, rejected } = {}) {
  for (const m of entries) {
    await db.outbox.delete(m.seq);
    let state = await db.localstate.get(m.record);
    if (!state && rejected) state = { id: m.record, entity: m.entity, base: m.base, pend: {}, rej: [] };
    const later = await db.outbox.where('record').equals(m.record).toArray();
    const stillPending = new Set(later.flatMap((x) => Object.keys(x.fields || {})));
    if (state) {
      if (rejected) {
        state.rej = [...new Set([...state.rej, ...Object.keys(m.fields || {})])];
        for (const f of state.rej) if (!(f in state.pend)) state.pend[f] = null;
      } else {
        for (const f of Object.keys(state.pend)) {
          if (!stillPending.has(f) && !state.rej.includes(f)) delete state.pend[f];
        }
      }
      if (Object.keys(state.pend).length === 0 && state.rej.length === 0) await db.localstate.delete(m.record);
      else await db.localstate.put(state);
    }
    if (version !== undefined && version !== null && !rejected) {
      const row = await getRecord(m.entity, m.record);
      // "applied": the server holds exactly our state at `version`. Otherwise only record the
      // first acceptance; the pull that follows brings the merged record and its version.
      if (row && (version.applied || row._v === null || row._v === undefined)) {
        await updateRecord(m.entity, m.record, { _v: version.value });
      }
    }
  }
}

/** Refusals no correction can lift (a signed document: DESIGN.md §9). */
export const FINAL_REFUSALS = new Set(['document_signe']);

/**
 * Settle a mutation refused for good, in the caller's transaction: its fields take back the
 * server's values on the device (a record created here only goes away), since sending it again
 * can never succeed; what was typed stays on its "À traiter" card.
 */
async function settleFinalRefusal(m) {
  await db.outbox.delete(m.seq);
  const state = await db.localstate.get(m.record);
  const later = await db.outbox.where('record').equals(m.record).toArray();
  const stillPending = new Set(later.flatMap((x) => Object.keys(x.fields || {})));
  const row = await getRecord(m.entity, m.record);
  if (row && m.op !== 'delete' && (row._v === null || row._v === undefined) && !later.length) {
    await deleteRecord(m.entity, m.record);
    await db.localstate.delete(m.record);
    return;
  }
  if (row && state) {
    const back = {};
    for (const f of Object.keys(m.fields || {})) {
      if (!(f in state.pend) || stillPending.has(f)) continue;
      back[f] = state.pend[f];
      delete state.pend[f];
    }
    state.rej = state.rej.filter((f) => !(f in back));
    if (Object.keys(back).length) await updateRecord(m.entity, m.record, back);
  }
  if (!state) return;
  if (Object.keys(state.pend).length === 0 && state.rej.length === 0) await db.localstate.delete(m.record);
  else await db.localstate.put(state);
}

/**
 * Whether a rejected record (a photo, an element…) was refused only because its parent is unknown
 * to the server while the parent itself waits for a correction on this device (never accepted,
 * rejected fields).
 */
async function waitsForParent(m, r) {
  const decl = entityDecl(m.entity);
  if (!decl || (r.code !== 'unknown_reference' && !r.errors?.[decl.parent])) return false;
  const row = { ...((await getRecord(m.entity, m.record)) || {}), ...(m.fields || {}) };
  const parentEntity = parentEntityOf(decl, row);
  const parentId = parentOf(decl, row);
  if (!parentId || !isFieldEntity(parentEntity)) return false;
  const [parent, state] = await Promise.all([getRecord(parentEntity, parentId), db.localstate.get(parentId)]);
  return !!parent && (parent._v === null || parent._v === undefined) && (state?.rej?.length || 0) > 0;
}

/**
 * A record deleted on the device before the server answered for its creation (its queued entries
 * became no-ops, see db/writes.js) that the server holds after all: queue its deletion (photos are
 * append-only: they go with their record). Runs inside the push transaction.
 */
async function deleteOnServer(m, version, now) {
  const decl = entityDecl(m.entity);
  if (!decl || decl.appendOnly) return;
  const queued = await db.outbox.where('record').equals(m.record).filter((x) => x.op === 'delete' && !x.dropped).count();
  if (!queued) await appendMutation({ entity: m.entity, record: m.record, op: 'delete', base: version, fields: {} }, now);
}

/** Apply a push response {results, last_seq} to the outbox, records and issues (one transaction). */
export async function applyPushResults(batch, response, now = Date.now()) {
  const bySeq = new Map(batch.map((m) => [m.seq, m]));
  const tables = [db.outbox, db.localstate, db.issues, db.records, db.meta];
  const summary = { applied: 0, merged: 0, conflict: 0, duplicate: 0, rejected: 0 };
  await db.transaction('rw', tables, async () => {
    if (!(await db.meta.get('session'))) throw sessionClosed(); // logged out meanwhile
    for (const r of response.results || []) {
      const m = bySeq.get(r.seq);
      if (!m) continue;
      bySeq.delete(r.seq);
      const status = r.status;
      if (status in summary) summary[status] += 1;
      const dropped = (await db.outbox.get(m.seq))?.dropped || m.dropped;
      if (dropped) {
        // Its record was deleted on the device: no card; if the server holds the record after
        // all (its creation had been applied, answer lost), its deletion follows.
        await forget([m]);
        if (status !== 'rejected' && r.version !== null && r.version !== undefined) await deleteOnServer(m, r.version, now);
        continue;
      }
      if (status === 'rejected') {
        if (m.op === 'delete' && m.restore && !(await getRecord(m.entity, m.record))) {
          await putRecord(m.entity, m.restore); // the deletion was refused: the record comes back
        }
        if (await waitsForParent(m, r)) {
          // Its parent was refused too: it waits for the parent's correction, which sends it
          // again right after the parent (no card of its own).
          await forget([m], { rejected: true });
          continue;
        }
        const final = FINAL_REFUSALS.has(r.code);
        await db.issues.add({
          kind: 'rejected', entity: m.entity, record: m.record, seq: m.seq, mutation: m.id, op: m.op,
          fields: m.fields, code: r.code || null,
          message: r.message || 'Modification refusée par le serveur.',
          errors: r.errors || {}, created_at: now, resolved: false, open: 1, final,
        });
        if (final) await settleFinalRefusal(m);
        else await forget([m], { rejected: true });
        continue;
      }
      if (status === 'conflict') {
        await db.issues.add({
          kind: 'conflict', entity: m.entity, record: m.record, seq: m.seq, mutation: m.id,
          fields: m.fields, conflicts: r.conflicts || [],
          message: r.message || 'Conflit à examiner : une autre modification du même champ a eu lieu.',
          created_at: now, resolved: false, open: 1,
        });
      }
      if (status === 'applied' || status === 'merged') {
        // A later accepted change of the record resolves its earlier rejections.
        await db.issues.where('record').equals(m.record)
          .filter((i) => i.kind === 'rejected' && !i.resolved && i.seq < m.seq)
          .modify({ resolved: true, open: 0 });
      }
      await forget([m], { version: { value: r.version, applied: status === 'applied' } });
    }
    // Entries at or below last_seq without a result were applied already (results lost).
    const last = Number.isInteger(response.last_seq) ? response.last_seq : -1;
    const acked = [...bySeq.values()].filter((m) => m.seq <= last);
    await forget(acked);
  });
  return summary;
}

/** Drop entries below `expected` (already applied); renumber when the server expects less. */
async function resolveGap(expected) {
  await db.transaction('rw', db.outbox, db.localstate, db.meta, db.records, async () => {
    await forget(await db.outbox.where('seq').below(expected).toArray());
    const rest = await db.outbox.orderBy('seq').toArray();
    if (rest.length && rest[0].seq > expected) {
      // The server lost mutations it had acknowledged (restored backup): renumber the queue
      // from `expected` so it can flow again; nothing unsynced is dropped.
      await db.outbox.clear();
      let seq = expected;
      for (const m of rest) await db.outbox.add({ ...m, seq: seq++ });
      await db.meta.put({ key: 'seq', value: seq - 1 });
    }
  });
}

/**
 * Push the whole outbox, in batches (≤ 500 mutations, < 2 MiB), in order. Throws PushStopped on
 * 426 (upgrade required) and rethrows other API errors (network, 401…). Returns a summary.
 */
export async function pushOutbox(api, { onProgress, maxCount = MAX_PUSH_MUTATIONS, maxBytes = MAX_PUSH_BYTES } = {}) {
  const total = await db.outbox.count();
  const summary = { applied: 0, merged: 0, conflict: 0, duplicate: 0, rejected: 0, batches: 0 };
  if (!total) return summary;
  let limit = maxCount;
  let byteLimit = maxBytes;
  let stalls = 0;
  for (;;) {
    const batch = await takeBatch(limit, byteLimit);
    if (!batch.length) return summary;
    let response;
    try {
      response = await api.push({ schema: SCHEMA, mutations: batch.map(toWire) });
    } catch (e) {
      if (e.status === 409 && e.code === 'seq_gap' && Number.isInteger(e.data?.expected)) {
        if (++stalls > 3) throw new PushStopped('seq_gap', e.message || 'Séquence désynchronisée avec le serveur.');
        await resolveGap(e.data.expected);
        continue;
      }
      if (e.status === 413) {
        if (batch.length === 1) {
          throw new PushStopped('payload_too_large', 'Une modification est trop volumineuse pour être envoyée.');
        }
        limit = Math.max(1, Math.floor(batch.length / 2));
        byteLimit = Math.max(1024, Math.floor(byteLimit / 2));
        continue;
      }
      if (e.status === 426) throw new PushStopped('upgrade_required', e.message || 'Mise à jour requise.');
      throw e;
    }
    summary.batches += 1;
    const before = await db.outbox.count();
    const s = await applyPushResults(batch, response);
    for (const k of Object.keys(s)) summary[k] += s[k];
    const after = await db.outbox.count();
    if (after >= before) {
      if (++stalls > 3) throw new PushStopped('push_stalled', "Le serveur n'a pas accusé réception des modifications.");
    } else stalls = 0;
    onProgress?.(total - after, total);
  }
}
