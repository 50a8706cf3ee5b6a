// Drafts of forms, any family: autosaved in IndexedDB until the user validates them. A draft is
// `{id, entity, parent, group, isNew, base, orig, values, photos}`: `group` ("visite:<logement>")
// lists it on its parent's page.
import { entityDecl, parentOf } from '../families/index.js';
import { sameValue } from '../sync/rebase.js';
import { groupKey } from './buckets.js';
import { db } from './database.js';
import { getRecord, recordsByTag } from './records.js';

/** The values of a record's writable fields (lists default to empty ones, as a new record's). */
function pick(decl, row) {
  const empty = decl.empty(parentOf(decl, row));
  return Object.fromEntries(decl.fields.map((f) => [f, row[f] ?? (Array.isArray(empty[f]) ? [] : null)]));
}

/**
 * Load the draft of the `entity` record `id`, or start one (not saved until the first change)
 * from the local record, or a new record under `parentId`. Returns null when nothing matches.
 */
export async function openDraft(entity, id, parentId) {
  const saved = await db.drafts.get(id);
  if (saved) return { ...saved, saved: true };
  const decl = entityDecl(entity);
  if (!decl) return null;
  const row = await getRecord(entity, id);
  if (row) {
    const values = pick(decl, row);
    const parent = parentOf(decl, row);
    return {
      id, entity, parent, group: groupKey(entity, parent), isNew: false, base: row._v ?? null,
      orig: values, values: { ...values }, photos: [], saved: false,
    };
  }
  if (!parentId) return null;
  const values = { ...decl.empty(parentId), [decl.parent]: parentId };
  return {
    id, entity, parent: parentId, group: groupKey(entity, parentId), isNew: true, base: null,
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
  await db.transaction('rw', db.drafts, db.blobs, db.records, async () => {
    const d = await db.drafts.get(id);
    if (!d) return;
    await db.drafts.delete(id);
    for (const p of d.photos || []) {
      const b = await db.blobs.get(p.sha256);
      if (b && b.state === 'draft' && !(await recordsByTag('photo', 'sha256', p.sha256)).length) await db.blobs.delete(p.sha256);
    }
  });
}

/** Drafts of the `entity` records of a parent (new and edited records not validated yet). */
export function draftsOfParent(entity, parentId) {
  return db.drafts.where('group').equals(groupKey(entity, parentId)).toArray();
}

/**
 * Save a draft, keeping what a pull rebased meanwhile (the stored base/orig win; the fields the
 * user changed in `draft` stay on top). Returns the draft as stored.
 */
export async function saveDraftMerged(draft) {
  const fields = entityDecl(draft.entity)?.fields || Object.keys(draft.values);
  return db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(draft.id);
    let next = draft;
    if (stored && (stored.base !== draft.base || !sameValue(stored.orig, draft.orig))) {
      const values = { ...stored.values };
      for (const f of fields) if (!sameValue(draft.values[f], draft.orig[f])) values[f] = draft.values[f];
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
