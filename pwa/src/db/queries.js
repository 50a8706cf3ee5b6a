// Read helpers for the UI (the UI never touches IndexedDB itself).
import { db } from './database.js';
import { countACorriger, getRecord, recordsInBucket, visitesACorriger as aCorriger } from './records.js';
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

const visiteDate = (v) => v.realisee_le || v.prevue_le || '';

/** Visites of a logement (most recent first) with drafts and unsynced flags. */
export async function visitesOfLogement(logementId) {
  const [visites, drafts] = await Promise.all([
    recordsInBucket('visite', logementId),
    db.drafts.where('logement_id').equals(logementId).toArray(),
  ]);
  const pending = new Set((await db.localstate.bulkGet(visites.map((v) => v.id))).filter(Boolean).map((s) => s.id));
  const draftIds = new Set(drafts.map((d) => d.id));
  const list = visites.map((v) => ({ ...v, unsynced: pending.has(v.id), hasDraft: draftIds.has(v.id) }));
  for (const d of drafts) {
    if (!visites.some((v) => v.id === d.id)) list.push({ ...d.values, id: d.id, draftOnly: true, hasDraft: true });
  }
  list.sort((a, b) => String(visiteDate(b)).localeCompare(String(visiteDate(a))));
  return list;
}

/** A visite record (or undefined). */
export function getVisite(id) {
  return getRecord('visite', id);
}

/** Photo records by id (missing ones skipped). */
export async function getPhotos(ids) {
  return (await db.photo.bulkGet(ids || [])).filter(Boolean);
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

/** Visites sent back by the back office ("à corriger"). */
export function visitesACorriger() {
  return aCorriger();
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
    if (m.dropped) return; // a deleted visite's no-op, nothing of the user's
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

/** Number of things needing the user: open issues + visites "à corriger". */
export async function attentionCount() {
  const [issues, aCorriger] = await Promise.all([db.issues.where('open').equals(1).count(), countACorriger()]);
  return issues + aCorriger;
}

/**
 * What a card says its record is: {visite, numero, type, date} for a visite (or the visite of a
 * photo), from the device's copy, else from the values the card keeps.
 */
async function describe(entity, id, fields = {}) {
  let visiteId = id;
  let known = fields;
  if (entity === 'photo') {
    visiteId = fields.owner_record || (await db.photo.get(id))?.owner_record || null;
    known = {};
  }
  const v = (visiteId && (await getRecord('visite', visiteId))) || null;
  const draft = !v && visiteId ? await db.drafts.get(visiteId) : null;
  const src = { ...known, ...(draft?.values || {}), ...(v || {}) };
  const logement = src.logement_id ? await db.logement.get(src.logement_id) : null;
  return { visite: visiteId, numero: logement?.numero ?? null, type: src.type ?? null, date: src.realisee_le || src.prevue_le || null };
}

/**
 * Everything the "À traiter" screen lists: open issues, visites à corriger, and what each card's
 * record is (`about`: key → {visite, numero, type, date}, keyed by issue id or visite id).
 */
export async function attentionItems() {
  const [issues, aCorriger] = await Promise.all([openIssues(), visitesACorriger()]);
  const about = new Map();
  for (const i of issues) about.set(`issue:${i.id}`, await describe(i.entity, i.record, i.fields || {}));
  for (const v of aCorriger) about.set(`visite:${v.id}`, await describe('visite', v.id, v));
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
