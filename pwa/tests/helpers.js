// Test helpers: a fresh database with a session and a small référentiel, a root to render into.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { db, wipeDatabase } from '../src/db/database.js';
import { hasDataKey, setDataKey } from '../src/db/encryption.js';
import { putRecord } from '../src/db/records.js';
import { openDraft } from '../src/db/drafts.js';
import { validateDraft } from '../src/db/writes.js';

export const DEVICE = '0190f3a2-0000-7000-8000-00000000d001';
export const RES = '0190f3a2-0000-7000-8000-0000000000r1';
export const LOG = '0190f3a2-0000-7000-8000-0000000000l1';
export const T0 = 1764150000000;

/** Empty the database and store a session and one logement. */
export async function freshDb() {
  // A wipe (logout, revoked device) drops the key, as on a device: tests go on with a new one.
  if (!hasDataKey()) setDataKey(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
  await wipeDatabase();
  await db.meta.put({ key: 'session', value: { token: 't0k3n', device_id: DEVICE, user: { id: 'u1', login: 'agestion', name: 'A. Gestion', role: 'gestionnaire' }, schema: 1 } });
  await db.residence.put({ id: RES, code: 'R01', nom: 'Les Tilleuls', adresse: '3 rue des Lilas', code_postal: '69003', ville: 'Lyon', secteur_code: 'S1', _v: 1 });
  await db.logement.put({ id: LOG, residence_id: RES, batiment_id: 'b1', numero: '12', etage: 1, typologie: 'T3', surface: 64, nature: 'logement', _v: 1 });
}

/** Create and validate a new visite with the given values; returns its mutations. */
export async function createVisite(id, values = {}, now = T0) {
  const d = await openDraft('visite', id, LOG);
  d.values = { ...d.values, type: 'technique', ...values };
  return validateDraft(d, now);
}

/** Edit a visite through a draft (as the form does). */
export async function editVisite(id, values, now = T0) {
  const d = await openDraft('visite', id);
  d.values = { ...d.values, ...values };
  return validateDraft(d, now);
}

/** Put a synced (server-accepted) visite row. */
export async function putSyncedVisite(id, fields, version) {
  await putRecord('visite', {
    id, logement_id: LOG, residence_id: RES, type: 'technique', prevue_le: null, realisee_le: null,
    participants: '', observations: '', suites: '', photo_ids: [], candidat_nom: '', decision: null,
    motif_refus: '', equipements: '', reparations: '', cout_estime: null, responsabilite: null,
    occupants: '', defauts: '', review_state: 'recu', review_comment: '', ...fields, _v: version,
  });
}

export const BAIL = '0190f3a2-0000-7000-8000-0000000000b9';

/** The logement's current bail and its locataires ([id, prénom, nom]; Léa Müller and Noé Faure by default). */
export async function putBail(locataires = [['t1', 'Léa', 'Müller'], ['t2', 'Noé', 'Faure']]) {
  await db.bail.put({ id: BAIL, logement_id: LOG, type: 'habitation', debut: '2020-01-01', fin: null, loyer: 500, locataire_ids: locataires.map(([id]) => id), _v: 1 });
  await db.locataire.bulkPut(locataires.map(([id, prenom, nom]) => ({ id, prenom, nom, _v: 1 })));
}

/** A fresh element of the document for a screen to render into. */
export function newRoot() {
  const root = document.createElement('div');
  document.body.appendChild(root);
  return root;
}

/** Unmount what was rendered into `root` and empty the document. */
export function dropRoot(root) {
  act(() => render(null, root));
  document.body.innerHTML = '';
}
