// The signatures of an état des lieux on this device: reading them, writing one at once (with its
// PNG, queued for upload like a photo), and cancelling them ("Reprendre la saisie").
//
// Signatures are append-only, on the server too: it refuses to delete one (sync/merge.py,
// `record_frozen`). So cancelling drops the signatures the server never received (their queued
// creation becomes a no-op, see writes.js deleteFieldRecord), and lists every cancelled one in
// meta: a signature the server holds after all stays on it but counts no more on this device,
// and it counts no more on the server either once the content changes (its content_hash is then
// another content's).
import { REFERENTIEL } from '../config.js';
import { toIsoWithOffset } from '../lib/datetime.js';
import { uuidv7 } from '../lib/uuid.js';
import { db } from './database.js';
import { dropKeptDocument } from './documents.js';
import { getMeta } from './meta.js';
import { issuesOfRecord } from './queries.js';
import { recordsOfParent } from './records.js';
import { deleteFieldRecord, writeFieldRecords } from './writes.js';

const EDL = 'etat_des_lieux';

/** The meta key listing the signatures of an EDL cancelled on this device. */
export const cancelledKey = (edlId) => `edl_signatures_annulees:${edlId}`;

const isAccepted = (row) => row?._v !== null && row?._v !== undefined;

/** Hex SHA-256 of bytes (crypto.subtle). */
export async function sha256Bytes(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const oldestFirst = (a, b) => String(a.signed_at || '').localeCompare(String(b.signed_at || '')) || String(a.id).localeCompare(String(b.id));

/** Every signature record of an EDL on this device, oldest first. */
async function allSignatures(edlId) {
  return (await recordsOfParent('signature', edlId)).filter((s) => s.owner_entity === EDL).sort(oldestFirst);
}

/** The signatures of an EDL that count on this device (cancelled ones left out), oldest first. */
export async function signaturesOf(edlId) {
  const [rows, cancelled] = await Promise.all([allSignatures(edlId), getMeta(cancelledKey(edlId))]);
  const gone = new Set(cancelled || []);
  return rows.filter((s) => !gone.has(s.id));
}

/** The signatures of a signed record of `ownerEntity` (an addendum, an attestation) on this device, oldest first. */
export async function ownedSignaturesOf(ownerEntity, recordId) {
  return (await recordsOfParent('signature', recordId)).filter((s) => s.owner_entity === ownerEntity).sort(oldestFirst);
}

/**
 * Write one signature at once (a flat battery loses nothing signed): the record and its PNG, in
 * one transaction with its mutation. Returns the signature's id. `edlId` is the signed record's
 * id, `ownerEntity` its entity (an EDL, an addendum: 'edl_addendum', an attestation: 'attestation_temoin').
 */
export async function writeSignature({ edlId, ownerEntity = EDL, role, nom, png, contentHash, now = Date.now(), id = uuidv7(now) }) {
  const image = await sha256Bytes(png);
  const values = {
    owner_entity: ownerEntity, owner_record: edlId, role, nom, image_sha256: image, content_hash: contentHash,
    signed_at: toIsoWithOffset(new Date(now)),
  };
  await writeFieldRecords([{ entity: 'signature', id, values }], { now, blobs: [{ sha256: image, blob: new Blob([png], { type: 'image/png' }) }] });
  return id;
}

/**
 * Cancel signatures of an EDL on this device (all of them, or those of `ids`): listed as
 * cancelled, those the server never accepted dropped with their unsent PNG, and the kept PDF
 * dropped, in one transaction. Returns the number cancelled.
 */
export async function cancelSignatures(edlId, ids = null) {
  const tables = [db.records, db.blobs, db.outbox, db.meta, db.localstate, db.drafts, db.issues, ...REFERENTIEL.map((t) => db.table(t))];
  return db.transaction('rw', tables, async () => {
    const all = await allSignatures(edlId);
    const chosen = ids ? all.filter((s) => ids.includes(s.id)) : all;
    if (!chosen.length) return 0;
    const key = cancelledKey(edlId);
    const listed = new Set((await getMeta(key)) || []);
    for (const s of chosen) listed.add(s.id);
    await db.meta.put({ key, value: [...listed] });
    const dropped = chosen.filter((s) => !isAccepted(s));
    for (const s of dropped) await deleteFieldRecord('signature', s.id);
    const kept = new Set(all.filter((s) => !dropped.includes(s)).map((s) => s.image_sha256));
    for (const sha of new Set(dropped.map((s) => s.image_sha256))) {
      const blob = sha && !kept.has(sha) ? await db.blobs.get(sha) : null;
      if (blob?.state === 'queued') await db.blobs.delete(sha); // never uploaded: nothing uses it
    }
    await dropKeptDocument(edlId); // the copy of what they signed is void with them
    return chosen.length;
  });
}

/** The open refusals of signatures by the server: [{signature, code, message}]. */
export async function rejectionsOf(signatures) {
  const lists = await Promise.all(signatures.map((s) => issuesOfRecord(s.id)));
  return signatures.flatMap((signature, i) => lists[i].filter((x) => x.kind === 'rejected').map((x) => ({ signature, code: x.code, message: x.message })));
}
