// Read helpers for the UI (the UI never touches IndexedDB itself).
import { REFERENTIEL } from '../config.js';
import { entityDecl, isFieldEntity, parentEntityOf, parentOf } from '../families/index.js';
import { db } from './database.js';
import { draftsOfParent } from './drafts.js';
import { countACorriger, getRecord, getRecords, recordsACorriger, recordsOfParent } from './records.js';
import { currentBail } from './search.js';

const byNom = (a, b) => String(a.nom || a.code || '').localeCompare(String(b.nom || b.code || ''), 'fr', { numeric: true });

/** Résidences sorted by name, each with its number of logements. */
export async function listResidences() {
  const rows = await db.residence.toArray();
  rows.sort(byNom);
  return Promise.all(rows.map(async (r) => ({ ...r, logements: await db.logement.where('residence_id').equals(r.id).count() })));
}

/** One résidence and its bâtiments (sorted). */
export async function getResidence(id) {
  const residence = await db.residence.get(id);
  const batiments = await db.batiment.where('residence_id').equals(id).toArray();
  batiments.sort(byNom);
  return { residence, batiments };
}

/** One bâtiment and its résidence. */
export async function getBatiment(id) {
  const batiment = await db.batiment.get(id);
  const residence = batiment ? await db.residence.get(batiment.residence_id) : null;
  return { batiment, residence };
}

/** A logement with its bâtiment, résidence, current bail and locataires. */
export async function getLogement(id) {
  const logement = await db.logement.get(id);
  if (!logement) return null;
  const [batiment, residence, baux] = await Promise.all([
    db.batiment.get(logement.batiment_id), db.residence.get(logement.residence_id),
    db.bail.where('logement_id').equals(id).toArray(),
  ]);
  const bail = currentBail(baux);
  const locataires = bail ? (await db.locataire.bulkGet(bail.locataire_ids || [])).filter(Boolean) : [];
  return { logement, batiment, residence, bail, locataires };
}

/**
 * The `entity` records of a parent (e.g. the visites of a logement), newest first after the
 * declaration's sort key, with drafts and unsynced flags: `unsynced` (local edits not sent),
 * `hasDraft`, `draftOnly` (a new record never validated).
 */
export async function recordsUnder(entity, parentId) {
  const decl = entityDecl(entity);
  const [rows, drafts] = await Promise.all([recordsOfParent(entity, parentId), draftsOfParent(entity, parentId)]);
  const pending = new Set((await db.localstate.bulkGet(rows.map((v) => v.id))).filter(Boolean).map((s) => s.id));
  const draftIds = new Set(drafts.map((d) => d.id));
  const list = rows.map((v) => ({ ...v, unsynced: pending.has(v.id), hasDraft: draftIds.has(v.id) }));
  const ids = new Set(rows.map((v) => v.id));
  for (const d of drafts) if (!ids.has(d.id)) list.push({ ...d.values, id: d.id, draftOnly: true, hasDraft: true });
  const key = (r) => String(decl?.sortKey(r) ?? '');
  list.sort((a, b) => key(b).localeCompare(key(a)));
  return list;
}

/** One field record (or undefined). */
export function getFieldRecord(entity, id) {
  return getRecord(entity, id);
}

/** The photos of a record (any family), oldest first. */
export async function photosOf(ownerId) {
  const photos = await recordsOfParent('photo', ownerId);
  const key = entityDecl('photo').sortKey;
  return photos.sort((a, b) => key(a).localeCompare(key(b)));
}

/** Photo records by id (missing ones skipped). */
export async function getPhotos(ids) {
  return (await getRecords('photo', ids || [])).filter(Boolean);
}

/** A stored blob row by sha256 (or undefined). */
export function getBlobRow(sha) {
  return db.blobs.get(sha);
}

/** Open issues (rejected mutations and conflicts), newest first. */
export async function openIssues() {
  return (await db.issues.where('open').equals(1).toArray()).reverse();
}

/** Open rejected issues of one record. */
export async function issuesOfRecord(id) {
  return (await db.issues.where('record').equals(id).toArray()).filter((i) => !i.resolved && !i.dismissed);
}

/** Hide an issue (a conflict the user has read). */
export function dismissIssue(id) {
  return db.issues.update(id, { dismissed: true, open: 0 });
}

/**
 * What waits for the server: {records, photos, blobs, bytes}: outbox entries of records and of
 * photos, photo bytes not uploaded yet, and the size of it all.
 */
export async function pendingSummary() {
  let records = 0;
  let photos = 0;
  let blobs = 0;
  let bytes = 0;
  await db.outbox.each((m) => {
    if (m.dropped) return; // a deleted record's no-op, nothing of the user's
    if (m.entity === 'photo') photos += 1;
    else records += 1;
    bytes += m.size || 0;
  });
  await db.blobs.where('state').equals('queued').each((b) => {
    blobs += 1;
    bytes += b.size || 0;
  });
  return { records, photos, blobs, bytes };
}

/** Number of things needing the user: open issues + records "à corriger". */
export async function attentionCount() {
  const [issues, aCorriger] = await Promise.all([db.issues.where('open').equals(1).count(), countACorriger()]);
  return issues + aCorriger;
}

/** The parent record of a row: a référentiel row or a field record (null when unknown). */
async function parentRecord(decl, row) {
  const entity = parentEntityOf(decl, row);
  const id = parentOf(decl, row);
  if (!entity || !id) return null;
  if (REFERENTIEL.includes(entity)) return (await db.table(entity).get(id)) || null;
  return isFieldEntity(entity) ? (await getRecord(entity, id)) || null : null;
}

/**
 * What a card says its record is: {entity, record, row, title} — the record to open and its
 * title after its family's declaration ("Visite technique — logement 12 — 15/06/2026"), from the
 * device's copy, else its draft, else the values the card keeps. A record whose family gives no
 * title (a photo) is named by its parent's.
 */
export async function describeRecord(entity, id, fields = {}) {
  let decl = entityDecl(entity);
  let known = fields;
  for (let depth = 0; decl && !decl.title && depth < 3; depth += 1) {
    const row = { ...((await getRecord(entity, id)) || {}), ...known };
    const parentEntity = parentEntityOf(decl, row);
    const parentId = parentOf(decl, row);
    if (!isFieldEntity(parentEntity) || !parentId) break;
    [entity, id, known, decl] = [parentEntity, parentId, {}, entityDecl(parentEntity)];
  }
  const row = id ? await getRecord(entity, id) : null;
  const draft = !row && id ? await db.drafts.get(id) : null;
  const src = { ...known, ...(draft?.values || {}), ...(row || {}) };
  const title = decl?.title ? decl.title(src, { parent: decl ? await parentRecord(decl, src) : null }) : decl?.labels.one || entity;
  return { entity, record: id, row: src, title };
}

/**
 * Everything the "À traiter" screen lists: open issues, records of every family à corriger, and
 * what each card's record is (`about`: key → describeRecord(), keyed "issue:<id>" or "<entity>:<id>").
 */
export async function attentionItems() {
  const [issues, aCorriger] = await Promise.all([openIssues(), recordsACorriger()]);
  const about = new Map();
  for (const i of issues) about.set(`issue:${i.id}`, await describeRecord(i.entity, i.record, i.fields || {}));
  for (const { entity, row } of aCorriger) about.set(`${entity}:${row.id}`, await describeRecord(entity, row.id, row));
  return { issues, aCorriger, about };
}

/**
 * What logging out would lose: {modifications, photos, drafts, refused}: queued changes and
 * photos, drafts not validated, and records refused by the server that wait for a correction
 * (their photos counted with the photos).
 */
export async function unsentSummary() {
  const [{ records, photos }, drafts, states] = await Promise.all([pendingSummary(), db.drafts.count(), db.localstate.toArray()]);
  const waiting = states.filter((s) => s.rej?.length);
  const waitingPhotos = waiting.filter((s) => s.entity === 'photo').length;
  return { modifications: records, photos: photos + waitingPhotos, drafts, refused: waiting.length - waitingPhotos };
}

/** The grille de vétusté of the référentiel (every line). */
export function grilleVetuste() {
  return db.grille_vetuste.toArray();
}

/**
 * The latest signed EDL d'entrée of a logement on this device (statut 'signe', the server's
 * word), with its elements: {edl, elements}, or null when there is none.
 */
export async function latestSignedEntree(logementId) {
  const edls = await recordsOfParent('etat_des_lieux', logementId);
  const signed = edls.filter((e) => e.sens === 'entree' && e.statut === 'signe');
  if (!signed.length) return null;
  signed.sort((a, b) => String(b.date_edl || '').localeCompare(String(a.date_edl || '')) || String(b.id).localeCompare(String(a.id)));
  const edl = signed[0];
  return { edl, elements: await recordsOfParent('edl_element', edl.id) };
}

/** Number of outbox entries (an index count: works while the app is locked). */
export function countOutbox() {
  return db.outbox.count();
}
