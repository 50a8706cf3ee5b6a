// What the EDL screens compute (no I/O): the records of a new EDL d'entrée, progress per room,
// where an interrupted EDL resumes, and the checks of the values typed in its lists.
import { clesFor, compteursFor, elementsFor, roomsFor } from '../../edl/template.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { parseDecimal } from '../../lib/format.js';

/** Whether an element is filled in: a condition, or marked non testé or absent. */
export const isDone = (el) => !!(el?.etat || el?.non_teste || el?.absent);

/** "3/11": filled-in elements of a room over its elements. */
export function progressText(elements) {
  return `${elements.filter(isDone).length}/${elements.length}`;
}

/** The meta key holding where an EDL was left ({piece, element}). */
export const positionKey = (edlId) => `edl_position:${edlId}`;

/**
 * The writes that start an EDL d'entrée of a logement (getLogement's shape): the EDL (its bail and
 * locataires filled in, the bailleur's fields empty), then its elements from the typologie's rooms.
 */
export function startWrites(edlId, { logement, bail, locataires }, now, newId) {
  const parties = (locataires || []).map((t) => ({
    role: 'locataire', nom: [t.prenom, t.nom].filter(Boolean).join(' '), adresse: null,
  }));
  const edl = {
    logement_id: logement.id, bail_id: bail?.id ?? null, sens: 'entree', date_edl: toIsoWithOffset(new Date(now)),
    entree_id: null, parties, bailleur_representant: '', bailleur_adresse: '', mandataire: null,
    compteurs: compteursFor(), cles: clesFor(), observations: '',
  };
  const elements = elementsFor(edlId, roomsFor(logement.typologie), newId);
  return [
    { entity: 'etat_des_lieux', id: edlId, values: edl },
    ...elements.map(({ id, ...values }) => ({ entity: 'edl_element', id, values })),
  ];
}

/** The index of the room to resume in (from a saved position), or -1 when none matches. */
export function resumeRoom(rooms, position) {
  if (!position?.piece) return -1;
  return rooms.findIndex((r) => r.piece === position.piece);
}

/** Whether removing an element loses something: a condition, a mark, observations or photos. */
export const hasContent = (el, photoCount = 0) => isDone(el) || !!el?.sale || !!String(el?.observations ?? '').trim() || photoCount > 0;

/** `list` with item `i` merged with `patch`. */
export const replaceAt = (list, i, patch) => (list || []).map((x, k) => (k === i ? { ...x, ...patch } : x));

/** `list` without item `i`. */
export const removeAt = (list, i) => (list || []).filter((_, k) => k !== i);

/** A French message when `text` is longer than `max` characters (the server's limits), else null. */
export const tooLong = (text, max) => (String(text ?? '').length > max ? `Texte trop long (${max} caractères au plus).` : null);

/**
 * A partie's name as typed: {value} to save, or {error} (a partie needs a name, ≤ 200 characters;
 * `saved` is the name kept meanwhile).
 */
export function partyName(text, saved = '') {
  if (!String(text ?? '').trim()) {
    return { error: saved ? `Indiquez le nom : le nom enregistré reste « ${saved} ».` : "Indiquez le nom : la partie n'est enregistrée qu'avec un nom." };
  }
  const long = tooLong(text, 200);
  return long ? { error: long } : { value: text };
}

/** A meter index as typed ("1 234,5"): {value} (a number, null when empty) or {error}. */
export function meterIndex(text) {
  const n = parseDecimal(text);
  if (Number.isNaN(n) || (n !== null && (n < 0 || n > 1e9))) return { error: 'Index attendu : un nombre positif, par exemple 1234,5.' };
  return { value: n };
}

/** A number of keys as typed: {value} (an integer 0..1000, null when empty) or {error}. */
export function keyCount(text) {
  const s = String(text ?? '').trim();
  if (s === '') return { value: null };
  if (!/^\d+$/.test(s) || Number(s) > 1000) return { error: 'Nombre entier attendu (de 0 à 1000).' };
  return { value: Number(s) };
}

/** The names of meters on screen: their type's label, numbered when a type comes twice ("Gaz 2"). */
export function meterNames(compteurs, labels) {
  const total = {};
  for (const c of compteurs) total[c.type] = (total[c.type] || 0) + 1;
  const seen = {};
  return compteurs.map((c) => {
    const label = labels[c.type] || c.type;
    seen[c.type] = (seen[c.type] || 0) + 1;
    return total[c.type] > 1 ? `${label} ${seen[c.type]}` : label;
  });
}
