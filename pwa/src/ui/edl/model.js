// What the EDL screens compute (no I/O): the records of a new EDL d'entrée, progress per room,
// and where an interrupted EDL resumes.
import { clesFor, compteursFor, elementsFor, roomsFor } from '../../edl/template.js';
import { toIsoWithOffset } from '../../lib/datetime.js';

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
