// Drafts of visite forms: autosaved in IndexedDB until the user validates them.
import { VISITE_FIELDS } from '../config.js';
import { sameValue } from '../sync/rebase.js';
import { db } from './database.js';
import { getRecord } from './records.js';

/** Empty values of a new visite. */
export function emptyVisite(logementId) {
  const v = Object.fromEntries(VISITE_FIELDS.map((f) => [f, null]));
  for (const f of ['participants', 'observations', 'suites', 'candidat_nom', 'motif_refus',
    'equipements', 'reparations', 'occupants', 'defauts']) v[f] = '';
  v.photo_ids = [];
  v.logement_id = logementId;
  return v;
}

function pick(row) {
  return Object.fromEntries(VISITE_FIELDS.map((f) => [f, row[f] ?? (f === 'photo_ids' ? [] : null)]));
}

/**
 * Load the draft of visite `id`, or start one (not saved until the first change) from the local
 * record, or a new visite of `logementId`. Returns null when nothing matches.
 */
export async function openDraft(id, logementId) {
  const saved = await db.drafts.get(id);
  if (saved) return { ...saved, saved: true };
  const row = await getRecord('visite', id);
  if (row) {
    const values = pick(row);
    return {
      id, entity: 'visite', isNew: false, logement_id: row.logement_id, base: row._v ?? null,
      orig: values, values: { ...values }, photos: [], saved: false,
    };
  }
  if (!logementId) return null;
  const values = emptyVisite(logementId);
  return {
    id, entity: 'visite', isNew: true, logement_id: logementId, base: null,
    orig: { ...values }, values, photos: [], saved: false,
  };
}

/** Save (autosave) a draft. */
export async function saveDraft(draft) {
  const { saved, ...rest } = draft;
  await db.drafts.put({ ...rest, updated_at: Date.now() });
}

/** Add a photo to a draft: its bytes (state 'draft') and the draft, in one transaction. */
export async function addDraftPhoto(draft, photo, blob) {
  await db.transaction('rw', db.drafts, db.blobs, async () => {
    const existing = await db.blobs.get(photo.sha256);
    if (!existing) {
      await db.blobs.put({ sha256: photo.sha256, blob, size: blob.size, type: blob.type, state: 'draft', created_at: Date.now() });
    }
    const { saved, ...rest } = draft;
    await db.drafts.put({ ...rest, updated_at: Date.now() });
  });
}

/** Delete a draft and the bytes of its photos that nothing else uses. */
export async function discardDraft(id) {
  await db.transaction('rw', db.drafts, db.blobs, db.photo, async () => {
    const d = await db.drafts.get(id);
    if (!d) return;
    await db.drafts.delete(id);
    for (const p of d.photos || []) {
      const b = await db.blobs.get(p.sha256);
      const used = await db.photo.where('sha256').equals(p.sha256).count();
      if (b && b.state === 'draft' && !used) await db.blobs.delete(p.sha256);
    }
  });
}

/** Drafts of a logement (new and edited visites not validated yet). */
export function draftsOfLogement(logementId) {
  return db.drafts.where('logement_id').equals(logementId).toArray();
}

/**
 * Save a draft, keeping what a pull rebased meanwhile (the stored base/orig win; the fields the
 * user changed in `draft` stay on top). Returns the draft as stored.
 */
export async function saveDraftMerged(draft) {
  return db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(draft.id);
    let next = draft;
    if (stored && (stored.base !== draft.base || !sameValue(stored.orig, draft.orig))) {
      const values = { ...stored.values };
      for (const f of VISITE_FIELDS) if (!sameValue(draft.values[f], draft.orig[f])) values[f] = draft.values[f];
      next = { ...draft, base: stored.base, orig: stored.orig, values };
    }
    const { saved, ...rest } = next;
    await db.drafts.put({ ...rest, updated_at: Date.now() });
    return { ...next, saved: true };
  });
}

/** Delete photo bytes left by drafts that no longer use them (photos removed before validation). */
export async function cleanupDraftBlobs() {
  await db.transaction('rw', db.drafts, db.blobs, async () => {
    const used = new Set((await db.drafts.toArray()).flatMap((d) => (d.photos || []).map((p) => p.sha256)));
    const orphans = await db.blobs.where('state').equals('draft').filter((b) => !used.has(b.sha256)).primaryKeys();
    await db.blobs.bulkDelete(orphans);
  });
}
