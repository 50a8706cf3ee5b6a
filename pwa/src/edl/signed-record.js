// A record signed on its own over its canonical content (an EDL addendum, a witness statement),
// gathered from the device: its photos, the signatures that name it, the server's refusals, then
// its canonical text and hash (the bytes the server hashes too).
import { issuesOfRecord } from '../db/queries.js';
import { recordsOfParent } from '../db/records.js';
import { ownedSignaturesOf } from '../db/signatures.js';
import { CanonicalError, contentHash } from '../lib/canonical.js';
import { asPulled } from './document.js';

const byTakenAt = (a, b) => String(a.taken_at || '').localeCompare(String(b.taken_at || '')) || String(a.id).localeCompare(String(b.id));

/** `{[key]: row, photos, signatures, refusals: [French messages], text, hash, error}`, not hashed yet. */
export async function readSignedRecord(entity, key, row) {
  const [photos, signatures, issues] = await Promise.all([
    recordsOfParent('photo', row.id), ownedSignaturesOf(entity, row.id), issuesOfRecord(row.id),
  ]);
  return {
    [key]: row, photos: photos.filter((p) => p.owner_entity === entity).sort(byTakenAt), signatures,
    refusals: issues.filter((i) => i.kind === 'rejected').map((i) => i.message), text: null, hash: null, error: null,
  };
}

/**
 * Fill `doc.text` and `doc.hash` from `canonical(record, photos)` (pull-shaped), or `doc.error` in
 * French naming `what` ("l'addendum") when the content has no canonical form.
 */
export async function hashSignedRecord(doc, key, canonical, what) {
  try {
    doc.text = canonical(asPulled(doc[key]), doc.photos.map(asPulled));
    doc.hash = await contentHash(doc.text);
  } catch (e) {
    if (!(e instanceof CanonicalError)) throw e;
    doc.error = `Le contenu de ${what} ne peut pas être figé (${e.message}) : corrigez la saisie.`;
  }
  return doc;
}
