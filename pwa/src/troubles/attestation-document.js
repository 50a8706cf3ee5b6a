// A witness statement as a document, gathered from the device: the attestation, its ID photos,
// the témoin's signatures, its canonical text and hash (troubles/attestation.js: the bytes the
// server hashes too) and the server's refusals of it.
import { getFieldRecord } from '../db/queries.js';
import { recordsOfParent } from '../db/records.js';
import { hashSignedRecord, readSignedRecord } from '../edl/signed-record.js';
import { ATTESTATION_ENTITY, canonicalAttestation } from './attestation.js';

const readAttestation = (row) => readSignedRecord(ATTESTATION_ENTITY, 'attestation', row);
const withHash = (doc) => hashSignedRecord(doc, 'attestation', canonicalAttestation, "l'attestation");

/**
 * The attestation `id` as the device holds it: {attestation, photos (of the ID), signatures,
 * refusals (French messages), text, hash, error}; `error` (French) when its content has no
 * canonical form. Null when the device has no such record (a draft only). Every read comes
 * before the hash (a live query follows them all).
 */
export async function loadAttestation(id) {
  const attestation = await getFieldRecord(ATTESTATION_ENTITY, id);
  return attestation ? withHash(await readAttestation(attestation)) : null;
}

/** The attestations of a dossier as documents (drafts left out), each as loadAttestation's. */
export async function loadAttestationsOf(dossierId) {
  const rows = await recordsOfParent(ATTESTATION_ENTITY, dossierId);
  const docs = await Promise.all(rows.map(readAttestation));
  for (const doc of docs) await withHash(doc);
  return docs;
}
