// The tenant's copy of a signed état des lieux, kept on the device (issue 9) until the EDL has
// synced. It lives in the blobs table under its own key and state ('document'): the upload
// (state 'queued'), the photo caches (sha256 keys, states 'remote'/'uploaded') and the draft
// cleanup (state 'draft') never touch it. Its bytes are a Uint8Array (a clone of any engine).
import { db } from './database.js';
import { getRecord, recordsOfParent } from './records.js';

export const DOCUMENT_STATE = 'document';

/** The blobs key of an EDL's kept PDF. */
export const documentKey = (edlId) => `document:edl:${edlId}`;

/** Keep the PDF of an EDL: {bytes: Uint8Array, contentHash, filename}. */
export function keepDocument(edlId, { bytes, contentHash, filename, now = Date.now() }) {
  return db.blobs.put({
    sha256: documentKey(edlId), bytes, size: bytes.length, type: 'application/pdf', state: DOCUMENT_STATE,
    edl_id: edlId, content_hash: contentHash, filename, created_at: now,
  });
}

/** The kept PDF of an EDL {bytes, content_hash, filename, created_at}, or null. */
export async function getKeptDocument(edlId) {
  const row = await db.blobs.get(documentKey(edlId));
  return row?.state === DOCUMENT_STATE ? row : null;
}

/** Forget the kept PDF of an EDL. */
export function dropKeptDocument(edlId) {
  return db.blobs.delete(documentKey(edlId));
}

/** The ids of an EDL's records: itself, its elements, signatures and the photos of both. */
async function recordIds(edlId) {
  const [elements, signatures, photos] = await Promise.all([
    recordsOfParent('edl_element', edlId), recordsOfParent('signature', edlId), recordsOfParent('photo', edlId),
  ]);
  const elementPhotos = await Promise.all(elements.map((e) => recordsOfParent('photo', e.id)));
  return [edlId, ...[...elements, ...signatures, ...photos, ...elementPhotos.flat()].map((r) => r.id)];
}

/**
 * Whether the server holds what the kept copy shows: the EDL pulled as signed with the same
 * content hash, and nothing of it left in the outbox. An EDL gone from the device (deleted or out
 * of scope, which only a pull does) has synced too.
 */
async function hasSynced(doc) {
  const edl = await getRecord('etat_des_lieux', doc.edl_id);
  if (edl && (edl.statut !== 'signe' || edl.content_hash !== doc.content_hash)) return false;
  const ids = await recordIds(doc.edl_id);
  const waiting = await db.outbox.where('record').anyOf(ids).filter((m) => !m.dropped).count();
  return waiting === 0;
}

/** Drop the kept PDFs of the EDLs that have synced (run after a pull). Returns the number dropped. */
export async function cleanupKeptDocuments() {
  const kept = await db.blobs.where('state').equals(DOCUMENT_STATE).toArray();
  let dropped = 0;
  for (const doc of kept) {
    if (!(await hasSynced(doc))) continue;
    await db.blobs.delete(doc.sha256);
    dropped += 1;
  }
  return dropped;
}
