// The état des lieux de sortie (issue 10), what the screens and the PDF compute with no I/O: the
// records of a sortie pre-filled from the signed entrée, the comparison of each element with the
// entry, its vétusté line (edl/vetuste.js partage: never another formula) and the totals.
import { nanoToString, toNano } from '../lib/decimal.js';
import { sortRows } from './ordre.js';
import { clesFor, compteursFor, elementsFor, roomsFor } from './template.js';
import { partage } from './vetuste.js';
import { ETAT_LABELS, ETATS } from './labels.js';
import { blockersOf } from './signing.js';

/** The imputations of a worse element, with their French labels. */
export const IMPUTATIONS = [
  ['degradation', 'Dégradation (locataire)'],
  ['usure_normale', 'Usure normale'],
];
export const IMPUTATION_LABELS = Object.fromEntries(IMPUTATIONS);

export const COUT_MAX = 1_000_000; // the server's limit
export const MONTANT_ATTENDU = 'Indiquez un montant en euros, par exemple 120,50.';
// The same words as the server's PDF and décompte (server/documents/sortie.py).
export const PAS_DE_GRILLE = 'Pas de grille de vétusté pour cet élément : le coût est à la charge du locataire.';
export const USURE_NORMALE = 'Usure normale : à la charge du bailleur';
export const SANS_DATE = "Date d'installation inconnue : pas de vétusté appliquée, le coût est à la charge du locataire.";

const RANK = Object.fromEntries(ETATS.map(([k], i) => [k, i]));
const fold = (s) => String(s ?? '').trim().toLocaleLowerCase('fr');

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2026-06-15": an ISO date as is, an ISO date-time with an offset as its day in Paris (as the server reads it). */
export function dayOf(iso) {
  const text = String(iso ?? '');
  const m = /^(\d{4}-\d{2}-\d{2})(T.*(Z|[+-]\d{2}:?\d{2}))?/.exec(text);
  if (!m) return null;
  if (!m[2]) return m[1];
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? m[1] : PARIS_DAY.format(at);
}

/**
 * A grille_vetuste row as vetuste.js reads it. Rates are fractions (0.10); a row whose rates
 * are written as percents (10 for 10 %, as some imports do) is read as such: a rate above 1
 * has no other meaning.
 */
function asGrille(row) {
  // The référentiel holds rates in percent (10 for 10 %), as server/documents/sortie.py reads them.
  const rate = (v) => nanoToString(toNano(v) / 100n);
  return {
    element: row.element, duree_vie: Number(row.duree_vie), franchise: Number(row.franchise),
    abattement_annuel: rate(row.abattement_annuel), part_residuelle: rate(row.part_residuelle),
  };
}

/** The grille line of an element by its `grille_element` (case-insensitive), or null. */
export function grilleOf(grilles, grilleElement) {
  const name = fold(grilleElement);
  if (!name) return null;
  const row = (grilles || []).find((g) => fold(g.element) === name);
  return row ? asGrille(row) : null;
}

/** The installation date of an element: the logement's renouvellements[grille] (any case), else `fallback`. */
export function installeLe(renouvellements, grilleElement, fallback) {
  const name = fold(grilleElement);
  const key = name ? Object.keys(renouvellements || {}).find((k) => fold(k) === name) : undefined;
  return dayOf(key !== undefined ? renouvellements[key] : null) || dayOf(fallback);
}

/**
 * How the exit condition compares with the entry's: 'worse', 'equal', 'better', or null when
 * one of them is not known. An element absent at the exit and not at the entry is worse.
 */
export function compare(el) {
  if (el?.absent && el?.etat_entree) return 'worse';
  if (!el?.etat || !el?.etat_entree || !(el.etat in RANK) || !(el.etat_entree in RANK)) return null;
  const d = RANK[el.etat] - RANK[el.etat_entree];
  return d > 0 ? 'worse' : d < 0 ? 'better' : 'equal';
}

/**
 * The writes that start an EDL de sortie of a logement (getLogement's shape). From a signed
 * `entree` ({edl, elements}): its rooms and elements in order (entry condition, installation
 * date), its parties with the locataire's new address, its meter types and numbers (new readings)
 * and its keys. Without one: the template's rooms, the current bail's locataires, entree_id null.
 * `dateEdl`: the sortie's date (ISO with offset); `newId()`: element ids; `adresse`: the new address.
 */
export function sortieWrites(edlId, { logement, bail, locataires }, entree, { dateEdl, newId, adresse = '' }) {
  const address = String(adresse ?? '').trim() || null;
  const withAddress = (p) => (p?.role === 'locataire' ? { ...p, adresse: address } : p);
  const base = {
    logement_id: logement.id, sens: 'sortie', date_edl: null, bailleur_representant: '', mandataire: null, observations: '',
  };
  let edl;
  let elements;
  if (entree) {
    const e = entree.edl;
    const fallback = e.date_edl;
    edl = {
      ...base, bail_id: e.bail_id ?? bail?.id ?? null, entree_id: e.id,
      parties: (e.parties || []).filter(Boolean).map(withAddress),
      bailleur_adresse: e.bailleur_adresse ?? '',
      compteurs: (e.compteurs || []).filter(Boolean).map((c) => ({ type: c.type, numero: c.numero ?? '', index: null, photo_id: null })),
      cles: (e.cles || []).filter(Boolean).map((c) => ({ type: c.type, nombre: c.nombre ?? null, destination: c.destination ?? '' })),
    };
    elements = sortRows(entree.elements).map((x) => ({
      id: newId(), edl_id: edlId, piece: x.piece, element: x.element, ordre: x.ordre, grille_element: x.grille_element ?? null,
      etat: null, non_teste: false, absent: false, sale: false, observations: '',
      entree_element_id: x.id, etat_entree: x.etat ?? null, identique_entree: false, imputation: null, cout: null,
      installe_le: installeLe(logement.renouvellements, x.grille_element, fallback),
    }));
  } else {
    edl = {
      ...base, bail_id: bail?.id ?? null, entree_id: null,
      parties: (locataires || []).map((t) => withAddress({ role: 'locataire', nom: [t.prenom, t.nom].filter(Boolean).join(' '), adresse: null })),
      bailleur_adresse: '', compteurs: compteursFor(), cles: clesFor(),
    };
    elements = elementsFor(edlId, roomsFor(logement.typologie), newId).map((x) => ({
      ...x, entree_element_id: null, etat_entree: null, identique_entree: false, imputation: null, cout: null,
      installe_le: installeLe(logement.renouvellements, x.grille_element, null),
    }));
  }
  edl.date_edl = dateEdl;
  return [
    { entity: 'etat_des_lieux', id: edlId, values: edl },
    ...elements.map(({ id, ...values }) => ({ entity: 'edl_element', id, values })),
  ];
}

/**
 * A cost as typed ("120,50", "1 200"): {value} (a number ≥ 0 with at most 2 decimals, null when
 * empty) or {error} (French).
 */
export function parseCout(text) {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f€]/g, '');
  if (s === '') return { value: null };
  if (!/^\d+([.,]\d*)?$/.test(s)) return { error: MONTANT_ATTENDU };
  const [, decimals = ''] = s.split(/[.,]/);
  if (decimals.length > 2) return { error: 'Deux décimales au plus (les centimes), par exemple 120,50.' };
  const value = Number(s.replace(',', '.'));
  if (value > COUT_MAX) return { error: 'Le montant ne peut pas dépasser 1 000 000 €.' };
  return { value };
}

const cents = (euros) => Math.round(Number(euros) * 100);
const euros = (c) => c / 100;
const GROUP = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "1 234,50 €" (the group separator a space, as the PDF fonts can print). */
export function formatEuros(value) {
  return `${GROUP.format(Number(value) || 0).replace(/[\u202f\u00a0]/g, ' ')} €`;
}

/** "6 ans, 50 % à la charge du locataire". */
export function rateText(age, taux) {
  const pct = String(Math.round(taux * 1000) / 10).replace('.', ',');
  return `${age} ${age > 1 ? 'ans' : 'an'}, ${pct} % à la charge du locataire`;
}

/**
 * Whether an element may be charged: its exit condition is given and not known to be as good as
 * the entry's (a worse one, or one with no entry to compare with), as the server judges it.
 */
export function chargeable(el) {
  const c = compare(el);
  return c === 'worse' || (c === null && !!(el?.etat || el?.absent));
}

/**
 * The vétusté line of an element of a sortie, or null when none applies (not chargeable, or no
 * imputation or cost yet): {imputation, cout, age, taux, partLocataire, partBailleur, installeLe,
 * grille, text}. `ctx`: {grilles, sortieLe (ISO), dateEntree (ISO, the entry's date)}.
 * `cout` overrides the element's (a value being typed). The same rules as the server's
 * sortie_lines: a dégradation with no grille line or no date is the tenant's whole cost.
 */
export function vetusteLine(el, { grilles, sortieLe, dateEntree }, cout = el?.cout) {
  const c = compare(el);
  if (c === 'equal' || c === 'better' || !['degradation', 'usure_normale'].includes(el?.imputation)) return null;
  if (cout === null || cout === undefined || cout === '') return null;
  const amount = Number(cout);
  if (!Number.isFinite(amount) || amount < 0) return null;
  const grille = grilleOf(grilles, el.grille_element);
  const installe = dayOf(el.installe_le) || dayOf(dateEntree);
  const sortie = dayOf(sortieLe);
  const base = { imputation: el.imputation, cout: amount, installeLe: installe, grille: grille?.element ?? null };
  if (grille && installe && sortie) {
    const p = partage(grille, installe, sortie, amount, el.imputation === 'degradation');
    const text = el.imputation === 'degradation' ? rateText(p.age, p.taux) : USURE_NORMALE;
    return { ...base, age: p.age, taux: p.taux, partLocataire: p.partLocataire, partBailleur: p.partBailleur, text };
  }
  if (el.imputation === 'usure_normale') return { ...base, age: null, taux: 0, partLocataire: 0, partBailleur: euros(cents(amount)), text: USURE_NORMALE };
  return { ...base, age: null, taux: 1, partLocataire: euros(cents(amount)), partBailleur: 0, text: grille ? SANS_DATE : PAS_DE_GRILLE };
}

/** What a worse element still lacks before signing: some of 'imputation', 'cout'. */
export function missingOf(el) {
  if (compare(el) !== 'worse') return [];
  const out = [];
  if (!el.imputation) out.push('imputation');
  if (el.cout === null || el.cout === undefined || el.cout === '') out.push('cout');
  return out;
}

const MISSING_WORDS = { imputation: 'imputation', cout: 'coût' };

/**
 * What keeps a sortie from being signed, one per room (as signing.js blockersOf): worse elements
 * lacking an imputation or a cost. `rooms`: roomsOf()'s shape.
 */
export function sortieBlockers(rooms) {
  const out = [];
  for (const room of rooms) {
    const todo = room.elements.map((e) => [e, missingOf(e)]).filter(([, m]) => m.length);
    if (!todo.length) continue;
    const detail = todo.slice(0, 3).map(([e, m]) => `${e.element} : ${m.map((k) => MISSING_WORDS[k]).join(', ')}`).join(' ; ');
    out.push({
      code: 'degradation_a_preciser', piece: room.piece, element: todo[0][0].id,
      text: `${room.piece} : ${todo.length === 1 ? '1 élément dégradé à préciser' : `${todo.length} éléments dégradés à préciser`} (${detail}${todo.length > 3 ? '…' : ''})`,
    });
  }
  return out;
}

/**
 * The vétusté of a whole sortie: {lines: [{id, piece, element, entree, sortie, ...vetusteLine}],
 * rooms: Map piece → {partLocataire, partBailleur}, total: {cout, partLocataire, partBailleur}}.
 * Sums are made in cents: the totals are the sums of the lines shown.
 */
export function vetusteOf(elements, ctx) {
  const lines = [];
  const rooms = new Map();
  const total = { cout: 0, partLocataire: 0, partBailleur: 0 };
  for (const el of sortRows(elements)) {
    const line = vetusteLine(el, ctx);
    if (!line) continue;
    lines.push({ id: el.id, piece: el.piece, element: el.element, entree: ETAT_LABELS[el.etat_entree] || '—', sortie: exitText(el), ...line });
    const room = rooms.get(el.piece) || { partLocataire: 0, partBailleur: 0 };
    room.partLocataire += cents(line.partLocataire);
    room.partBailleur += cents(line.partBailleur);
    rooms.set(el.piece, room);
    total.cout += cents(line.cout);
    total.partLocataire += cents(line.partLocataire);
    total.partBailleur += cents(line.partBailleur);
  }
  for (const r of rooms.values()) Object.assign(r, { partLocataire: euros(r.partLocataire), partBailleur: euros(r.partBailleur) });
  return { lines, rooms, total: { cout: euros(total.cout), partLocataire: euros(total.partLocataire), partBailleur: euros(total.partBailleur) } };
}

/** The exit condition in words ("Mauvais état", "Absent"). */
export function exitText(el) {
  if (el?.etat) return ETAT_LABELS[el.etat] || el.etat;
  return el?.absent ? 'Absent' : el?.non_teste ? 'Non testé' : '—';
}

/** The values to write when the exit condition changes: the imputation and cost go when it can no longer be charged. */
export function etatChange(el, values) {
  const next = { ...el, ...values };
  if (chargeable(next)) return values;
  const clear = {};
  if (el.imputation) clear.imputation = null;
  if (el.cout !== null && el.cout !== undefined) clear.cout = null;
  return { ...values, ...clear };
}

/**
 * Everything that keeps a loaded document (document.js's shape) from being signed: signing.js's
 * blockers, then a sortie's.
 */
export function blockersOfDocument(doc, rooms) {
  const out = blockersOf(doc.edl, rooms);
  return doc.edl.sens === 'sortie' ? [...out, ...sortieBlockers(rooms)] : out;
}
