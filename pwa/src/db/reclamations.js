// Reads of the réclamations and permanences screens (the UI never touches IndexedDB itself).
import { follows, GARDIEN_STATUTS, isOpen, STATUTS } from '../reclamations/statut.js';
import { db } from './database.js';
import { getMeta, getSession, setMeta } from './meta.js';
import { recordsUnder } from './queries.js';
import { getRecord, recordsByTag, recordsOfParent } from './records.js';
import { entityRules, getRules } from './rules.js';

const MINE = 'reclamations_signalees';
const MINE_KEPT = 500;
const byName = (a, b) => String(a.nom || a.code || '').localeCompare(String(b.nom || b.code || ''), 'fr', { numeric: true });

/** Every bâtiment of the device with its résidence, by résidence then name: [{batiment, residence}]. */
export async function listBatiments() {
  const [batiments, residences] = await Promise.all([db.batiment.toArray(), db.residence.toArray()]);
  const res = new Map(residences.map((r) => [r.id, r]));
  return batiments.sort(byName).map((b) => ({ batiment: b, residence: res.get(b.residence_id) || null }))
    .sort((a, b) => byName(a.residence || {}, b.residence || {}));
}

/** The référentiel rows naming a réclamation's place: {logement, batiment, residence} (found ones). */
export async function placeOf(row) {
  const logement = row?.logement_id ? await db.logement.get(row.logement_id) : null;
  const batiment = await db.batiment.get(logement?.batiment_id || row?.batiment_id || '');
  const residence = await db.residence.get(logement?.residence_id || batiment?.residence_id || row?.residence_id || '');
  return { logement: logement || null, batiment: batiment || null, residence: residence || null };
}

/** Remember that this device reported a réclamation (the list shows "mine" first). */
export async function markMine(id) {
  const ids = ((await getMeta(MINE)) || []).filter((x) => x !== id);
  await setMeta(MINE, [id, ...ids].slice(0, MINE_KEPT));
}

/** The steps of a réclamation, oldest first, each with `unsynced` when not sent yet. */
export async function evenementsOf(reclamationId) {
  const rows = await recordsOfParent('reclamation_evenement', reclamationId);
  const pending = new Set((await db.localstate.bulkGet(rows.map((r) => r.id))).filter(Boolean).map((s) => s.id));
  return rows.map((r) => ({ ...r, unsynced: pending.has(r.id) }))
    .sort((a, b) => String(a.le || '').localeCompare(String(b.le || '')) || String(a.id).localeCompare(String(b.id)));
}

/**
 * The statut a réclamation is at on this device: the server's, then the steps the server accepted
 * after the one that statut comes from (until the pull brings the réclamation's new version), then
 * the steps recorded here and not accepted yet. `evenements` are in order.
 */
export function currentStatut(reclamation, evenements) {
  let statut = reclamation?.statut || 'saisie';
  const accepted = (e) => e._v !== null && e._v !== undefined;
  const from = evenements.map((e) => accepted(e) && e.statut === statut).lastIndexOf(true);
  evenements.forEach((e, i) => {
    if (!accepted(e)) statut = e.statut;
    else if (i > from && follows(statut, e.statut)) statut = e.statut;
  });
  return statut;
}

/** One réclamation with its place, steps, current statut and whether it waits to be sent; null when absent. */
export async function reclamationDetail(id) {
  const row = await getRecord('reclamation', id);
  if (!row) return null;
  const [place, evenements, state] = await Promise.all([placeOf(row), evenementsOf(id), db.localstate.get(id)]);
  return { reclamation: row, place, evenements, statut: currentStatut(row, evenements), unsynced: !!state };
}

/**
 * The open réclamations of the device's résidences: the ones this device reported first, then the
 * overdue ones, then by urgence and deadline. Each: {reclamation, place, statut, mine, unsynced}.
 */
export async function openReclamations() {
  const [residences, mine] = await Promise.all([db.residence.toArray(), getMeta(MINE)]);
  const mineSet = new Set(mine || []);
  const rows = (await Promise.all(residences.map((r) => recordsUnder('reclamation', r.id)))).flat().filter((r) => !r.draftOnly);
  const out = [];
  for (const r of rows) {
    const statut = currentStatut(r, await evenementsOf(r.id));
    if (!isOpen(statut)) continue;
    out.push({ reclamation: r, place: await placeOf(r), statut, mine: mineSet.has(r.id), unsynced: !!r.unsynced });
  }
  const now = Date.now();
  const late = (r) => (r.echeance && Date.parse(r.echeance) < now ? 0 : 1);
  return out.sort((a, b) => Number(b.mine) - Number(a.mine) || late(a.reclamation) - late(b.reclamation)
    || String(a.reclamation.urgence).localeCompare(String(b.reclamation.urgence))
    || String(a.reclamation.echeance || a.reclamation.signalee_le || '').localeCompare(String(b.reclamation.echeance || b.reclamation.signalee_le || '')));
}

/** The réclamations of one logement, newest first. */
export async function reclamationsOfLogement(logementId) {
  const rows = await recordsByTag('reclamation', 'logement_id', logementId);
  return rows.sort((a, b) => String(b.signalee_le || '').localeCompare(String(a.signalee_le || '')));
}

/** The permanences of the device, newest first, each with its résidence and number of contacts. */
export async function listPermanences() {
  const residences = await db.residence.toArray();
  const out = [];
  for (const residence of residences) {
    for (const p of await recordsOfParent('permanence', residence.id)) {
      out.push({ permanence: p, residence, contacts: (await recordsOfParent('contact_permanence', p.id)).length });
    }
  }
  return out.sort((a, b) => String(b.permanence.debut || '').localeCompare(String(a.permanence.debut || '')));
}

/** A permanence with its résidence and its contacts (oldest first); null when absent. */
export async function permanenceDetail(id) {
  const permanence = await getRecord('permanence', id);
  if (!permanence) return null;
  const [residence, contacts] = await Promise.all([db.residence.get(permanence.residence_id || ''), recordsOfParent('contact_permanence', id)]);
  contacts.sort((a, b) => String(a.heure || '').localeCompare(String(b.heure || '')) || String(a.id).localeCompare(String(b.id)));
  return { permanence, residence: residence || null, contacts };
}

/**
 * The statuts this user may record on a réclamation: the server's rules say so (a gardien: the
 * small fixes he does himself), else the session's role.
 */
export async function stepsAllowed() {
  const rules = await getRules();
  if (rules) {
    const e = entityRules(rules, 'reclamation_evenement');
    const values = e?.fields?.statut?.enum;
    return e ? (Array.isArray(values) ? values : STATUTS.filter((s) => s !== 'saisie')) : [];
  }
  const role = (await getSession())?.user?.role;
  return role === 'gardien' ? GARDIEN_STATUTS : STATUTS.filter((s) => s !== 'saisie');
}
