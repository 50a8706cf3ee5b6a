// The addenda of an EDL as documents, gathered from the device: each addendum, its photos and the
// signatures that count, its canonical content and hash (lib/canonical.js canonicalAddendumText:
// the bytes the server hashes too) and the server's refusals of it.
import { recordsOfParent } from '../db/records.js';
import { canonicalAddendumText } from '../lib/canonical.js';
import { hashSignedRecord, readSignedRecord } from './signed-record.js';

const ADDENDUM = 'edl_addendum';
const byRedigeLe = (a, b) => String(a.redige_le || '').localeCompare(String(b.redige_le || '')) || String(a.id).localeCompare(String(b.id));

const readAddendum = (row) => readSignedRecord(ADDENDUM, 'addendum', row);
const withHash = (doc) => hashSignedRecord(doc, 'addendum', canonicalAddendumText, "l'addendum");

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
