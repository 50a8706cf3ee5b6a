// In-memory search index over logements: résidence name/code, addresses, logement number,
// tenant names. Built from IndexedDB on first use, rebuilt after the référentiel changes.
import { createEmitter } from '../lib/store.js';
import { fold } from '../lib/format.js';
import { db } from './database.js';

let cache = null;
let building = null;

/** Emits when the index was invalidated (the UI reruns its search). */
export const searchChanged = createEmitter();

/** Mark the index stale (after a pull touched the référentiel). */
export function invalidateSearch() {
  cache = null;
  building = null;
  searchChanged.emit();
}

/** The current bail of a logement among `baux` (started, not ended; latest start wins). */
export function currentBail(baux, today = new Date().toISOString().slice(0, 10)) {
  const live = baux.filter((b) => (!b.debut || b.debut.slice(0, 10) <= today) && (!b.fin || b.fin.slice(0, 10) >= today));
  live.sort((a, b) => String(b.debut || '').localeCompare(String(a.debut || '')));
  return live[0] || null;
}

/** Compare logement numbers naturally ("2" < "10", "A2" < "A10"). */
export const byNumero = (a, b) => String(a.numero ?? '').localeCompare(String(b.numero ?? ''), 'fr', { numeric: true });

async function build() {
  const [residences, batiments, logements, baux, locataires] = await Promise.all([
    db.residence.toArray(), db.batiment.toArray(), db.logement.toArray(), db.bail.toArray(), db.locataire.toArray(),
  ]);
  const res = new Map(residences.map((r) => [r.id, r]));
  const bat = new Map(batiments.map((b) => [b.id, b]));
  const loc = new Map(locataires.map((l) => [l.id, l]));
  const bauxBy = new Map();
  for (const b of baux) {
    if (!bauxBy.has(b.logement_id)) bauxBy.set(b.logement_id, []);
    bauxBy.get(b.logement_id).push(b);
  }
  const entries = logements.map((l) => {
    const r = res.get(l.residence_id) || {};
    const b = bat.get(l.batiment_id) || {};
    const bail = currentBail(bauxBy.get(l.id) || []);
    const tenants = (bail?.locataire_ids || []).map((id) => loc.get(id)).filter(Boolean)
      .map((t) => [t.prenom, t.nom].filter(Boolean).join(' '));
    const haystack = fold([
      r.nom, r.code, r.adresse, r.code_postal, r.ville, b.nom, b.code, b.adresse, l.numero, ...tenants,
    ].filter(Boolean).join(' | '));
    return { logement: l, residence: r, batiment: b, tenants, haystack, numero: fold(l.numero) };
  });
  entries.sort((a, b) => String(a.residence.nom || '').localeCompare(String(b.residence.nom || ''), 'fr')
    || String(a.batiment.nom || '').localeCompare(String(b.batiment.nom || ''), 'fr')
    || byNumero(a.logement, b.logement));
  return { entries, byId: new Map(entries.map((e) => [e.logement.id, e])) };
}

/** The index (built once, reused until invalidated). */
export async function getIndex() {
  if (cache) return cache;
  if (!building) {
    const p = build().then((idx) => {
      if (building === p) cache = idx;
      return idx;
    });
    building = p;
  }
  return building;
}

/** Search logements: every word of `query` must appear; exact logement numbers come first. */
export async function searchLogements(query, limit = 50) {
  const idx = await getIndex();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const hits = [];
  for (const e of idx.entries) {
    if (words.every((w) => e.haystack.includes(w))) hits.push(e);
  }
  hits.sort((a, b) => (words.includes(b.numero) ? 1 : 0) - (words.includes(a.numero) ? 1 : 0));
  return hits.slice(0, limit);
}

/** Index entries (logement, residence, batiment, tenants) of a bâtiment, sorted by number. */
export async function logementsOfBatiment(batimentId) {
  const idx = await getIndex();
  return idx.entries.filter((e) => e.logement.batiment_id === batimentId);
}
