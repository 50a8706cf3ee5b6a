// A witness statement as a document, gathered from the device: the attestation, its ID photos,
// the témoin's signatures, its canonical text and hash (troubles/attestation.js: the bytes the
// server hashes too) and the server's refusals of it.
import { getFieldRecord, issuesOfRecord } from '../db/queries.js';
import { recordsOfParent } from '../db/records.js';
import { ownedSignaturesOf } from '../db/signatures.js';
import { asPulled } from '../edl/document.js';
import { CanonicalError, contentHash } from '../lib/canonical.js';
import { ATTESTATION_ENTITY, canonicalAttestation } from './attestation.js';

const byTakenAt = (a, b) => String(a.taken_at || '').localeCompare(String(b.taken_at || '')) || String(a.id).localeCompare(String(b.id));

/** The records of one attestation row: {attestation, photos, signatures, refusals}, not hashed yet. */
async function readAttestation(attestation) {
  const [photos, signatures, issues] = await Promise.all([
    recordsOfParent('photo', attestation.id), ownedSignaturesOf(ATTESTATION_ENTITY, attestation.id), issuesOfRecord(attestation.id),
  ]);
  return {
    attestation, photos: photos.filter((p) => p.owner_entity === ATTESTATION_ENTITY).sort(byTakenAt), signatures,
    refusals: issues.filter((i) => i.kind === 'rejected').map((i) => i.message), text: null, hash: null, error: null,
  };
}

async function withHash(doc) {
  try {
    doc.text = canonicalAttestation(asPulled(doc.attestation), doc.photos.map(asPulled));
    doc.hash = await contentHash(doc.text);
  } catch (e) {
    if (!(e instanceof CanonicalError)) throw e;
    doc.error = `Le contenu de l'attestation ne peut pas être figé (${e.message}) : corrigez la saisie.`;
  }
  return doc;
}

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
