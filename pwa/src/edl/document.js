// An état des lieux as one document, gathered from the device (issue 9): its records, its
// canonical content and hash (lib/canonical.js: the bytes the server hashes too), and what the
// tablet's PDF needs (edl/pdf.js renderEdlPdf's `data`).
import { getBlobRow, getFieldRecord, getLogement } from '../db/queries.js';
import { getSession } from '../db/meta.js';
import { recordsOfParent } from '../db/records.js';
import { signaturesOf } from '../db/signatures.js';
import { CanonicalError, canonicalText, contentHash } from '../lib/canonical.js';
import { pdfFileName } from './signing.js';
import { bytesOf, photoThumbnail } from './thumbnail.js';

/** A device row ({id, ...fields, _v}) in the shape the pull delivers ({record, deleted, fields}). */
export const asPulled = (row) => ({ record: row.id, deleted: false, fields: row });

/** The canonical text of an EDL from device rows, and its SHA-256 (hex): {text, hash}. */
export async function contentOf(edl, elements, photos) {
  const text = canonicalText(asPulled(edl), elements.map(asPulled), photos.map(asPulled));
  return { text, hash: await contentHash(text) };
}

/** The photos of an EDL and of its elements (device rows). */
async function photosOf(edlId, elements) {
  const lists = await Promise.all([edlId, ...elements.map((e) => e.id)].map((id) => recordsOfParent('photo', id)));
  return lists.flat().filter((p) => ['etat_des_lieux', 'edl_element'].includes(p.owner_entity));
}

/**
 * An EDL as the device holds it: {edl, elements, photos, signatures (those that count here),
 * text, hash, error}; `error` (French) when its content has no canonical form. Null when the
 * device has no such EDL. Every read comes before the hash (a live query follows them all).
 */
export async function loadEdlDocument(edlId) {
  const edl = await getFieldRecord('etat_des_lieux', edlId);
  if (!edl) return null;
  const [elements, signatures] = await Promise.all([recordsOfParent('edl_element', edlId), signaturesOf(edlId)]);
  const photos = await photosOf(edlId, elements);
  const doc = { edl, elements, photos, signatures, text: null, hash: null, error: null };
  try {
    Object.assign(doc, await contentOf(edl, elements, photos));
  } catch (e) {
    if (!(e instanceof CanonicalError)) throw e;
    doc.error = `Le contenu de l'état des lieux ne peut pas être figé (${e.message}) : corrigez la saisie.`;
  }
  return doc;
}

/** What the PDF prints of the logement (getLogement's shape) and the bailleur. */
export function pdfContext(found, bailleur = null) {
  const { logement, batiment, residence } = found || {};
  return {
    logement: {
      numero: logement?.numero ?? '', typologie: logement?.typologie ?? '', etage: logement?.etage ?? '',
      batiment: batiment?.nom ?? '', residence: residence?.nom ?? '',
      adresse: batiment?.adresse || residence?.adresse || '', code_postal: residence?.code_postal ?? '', ville: residence?.ville ?? '',
    },
    bailleur: bailleur || 'Bailleur', // the session's `agence` (the server's PALIER_AGENCY_NAME) when set
  };
}

/**
 * renderEdlPdf's data for a loaded document (loadEdlDocument), and the file's name: {data,
 * filename}. Images come from the device; `fetchBlob(sha, thumb)` (optional: app.js loadPhoto)
 * fetches what it lacks when there is a network, else the PDF says "non reçue".
 */
export async function pdfDataOf(doc, { fetchBlob = null } = {}) {
  const { edl, elements, photos, signatures, hash } = doc;
  const found = edl.logement_id ? await getLogement(edl.logement_id) : null;
  const local = async (key) => (await getBlobRow(key))?.blob ?? null;
  const remote = async (sha, thumb) => (fetchBlob ? fetchBlob(sha, thumb).catch(() => null) : null);
  const pngs = await Promise.all(signatures.map(async (s) => (await bytesOf(await local(s.image_sha256))) || bytesOf(await remote(s.image_sha256, false))));
  const thumbnail = async (sha) => (await photoThumbnail(sha, { readBlob: local })) || bytesOf(await remote(sha, true));
  return {
    data: {
      edl, elements, photos, signatures: signatures.map((s, i) => ({ ...s, png: pngs[i] })),
      context: pdfContext(found, (await getSession())?.agence), content_hash: hash, thumbnail,
    },
    filename: pdfFileName(edl, found?.logement?.numero),
  };
}
