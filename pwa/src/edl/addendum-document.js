// The addenda of an EDL as documents, gathered from the device: each addendum, its photos and the
// signatures that count, its canonical content and hash (lib/canonical.js canonicalAddendumText:
// the bytes the server hashes too) and the server's refusals of it.
import { issuesOfRecord } from '../db/queries.js';
import { recordsOfParent } from '../db/records.js';
import { addendumSignaturesOf } from '../db/signatures.js';
import { CanonicalError, canonicalAddendumText, contentHash } from '../lib/canonical.js';
import { asPulled } from './document.js';

const ADDENDUM = 'edl_addendum';
const byRedigeLe = (a, b) => String(a.redige_le || '').localeCompare(String(b.redige_le || '')) || String(a.id).localeCompare(String(b.id));

/** The records of one addendum: {addendum, photos, signatures, refusals: [French messages]}. */
async function readAddendum(addendum) {
  const [photos, signatures, issues] = await Promise.all([
    recordsOfParent('photo', addendum.id), addendumSignaturesOf(addendum.id), issuesOfRecord(addendum.id),
  ]);
  const own = photos.filter((p) => p.owner_entity === ADDENDUM)
    .sort((a, b) => String(a.taken_at || '').localeCompare(String(b.taken_at || '')) || String(a.id).localeCompare(String(b.id)));
  return { addendum, photos: own, signatures, refusals: issues.filter((i) => i.kind === 'rejected').map((i) => i.message), text: null, hash: null, error: null };
}

async function withHash(doc) {
  try {
    doc.text = canonicalAddendumText(asPulled(doc.addendum), doc.photos.map(asPulled));
    doc.hash = await contentHash(doc.text);
  } catch (e) {
    if (!(e instanceof CanonicalError)) throw e;
    doc.error = `Le contenu de l'addendum ne peut pas être figé (${e.message}) : corrigez la saisie.`;
  }
  return doc;
}

/**
 * The addenda of EDL `edlId`, oldest first, each {addendum, photos, signatures, refusals, text,
 * hash, error}. Every read comes before the hashes (a live query follows them all).
 */
export async function loadAddenda(edlId) {
  const rows = (await recordsOfParent(ADDENDUM, edlId)).sort(byRedigeLe);
  const docs = await Promise.all(rows.map(readAddendum));
  for (const doc of docs) await withHash(doc);
  return docs;
}
