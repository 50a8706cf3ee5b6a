// The réclamation's codes and status steps (issue 12 contract), mirror of sync/reclamation.py:
// the device offers only the steps the server accepts, and suggests an urgence from the category.
import { statutLabel } from './labels.js';

export const CATEGORIES = [
  'plomberie', 'electricite', 'chauffage', 'serrurerie', 'ventilation_humidite', 'nuisibles', 'ascenseur', 'eclairage',
  'proprete_encombrants', 'securite_gaz_incendie', 'vandalisme_tags', 'trouble_voisinage', 'administratif',
];

export const URGENCES = ['U1', 'U2', 'U3'];

export const PARTIES_COMMUNES = [
  'hall', 'escalier', 'palier', 'ascenseur', 'cave', 'parking', 'local_poubelles', 'espaces_verts', 'facade_toiture', 'exterieur', 'autre',
];

export const STATUTS = [
  'saisie', 'qualifiee', 'affectee', 'planifiee', 'en_cours', 'realisee', 'controlee', 'cloturee', 'en_attente', 'rejetee', 'transferee', 'reouverte',
];

const CLOSED = ['cloturee', 'rejetee', 'transferee'];

/** Every statut of a réclamation still to handle. */
export const OPEN_STATUTS = STATUTS.filter((s) => !CLOSED.includes(s));

const TRANSITIONS = {
  saisie: ['qualifiee', 'en_attente', 'rejetee', 'transferee'],
  qualifiee: ['affectee', 'planifiee', 'en_attente', 'rejetee', 'transferee'],
  affectee: ['planifiee', 'en_cours', 'en_attente', 'transferee'],
  planifiee: ['en_cours', 'en_attente'],
  en_cours: ['realisee', 'en_attente'],
  realisee: ['controlee', 'reouverte'],
  controlee: ['cloturee', 'reouverte'],
  en_attente: ['qualifiee', 'affectee', 'planifiee', 'en_cours', 'rejetee'],
  reouverte: ['qualifiee', 'affectee', 'planifiee', 'en_cours'],
  cloturee: ['reouverte'],
  rejetee: ['reouverte'],
  transferee: ['reouverte'],
};

/** The statuts that may follow `current` (empty for an unknown one). */
export const nextStatuts = (current) => [...(TRANSITIONS[current] || [])];

/** Whether `next` may follow `current`. */
export const follows = (current, next) => nextStatuts(current).includes(next);

/** Whether a statut is still open (not clôturée, rejetée nor transférée). */
export const isOpen = (statut) => OPEN_STATUTS.includes(statut || 'saisie');

const SUGGESTED = {
  securite_gaz_incendie: 'U1', plomberie: 'U2', electricite: 'U2', chauffage: 'U2', serrurerie: 'U2', ascenseur: 'U2',
};

/** The urgence the app suggests for a category (the user decides): U1, U2, else U3. */
export const suggestedUrgence = (categorie) => SUGGESTED[categorie] || 'U3';

/** The statuts a gardien may record himself (a small fix he does): the server refuses the others. */
export const GARDIEN_STATUTS = ['en_cours', 'realisee', 'controlee', 'reouverte'];

// statuts past the assignment: changing the contractor then is an edit, not a step
const ASSIGNED = ['affectee', 'planifiee', 'en_cours', 'realisee', 'controlee'];

/** The statut a qualification steps to: qualifiée from saisie or réouverte, else none. */
export const qualificationStep = (statut) => (['saisie', 'reouverte'].includes(statut) ? 'qualifiee' : null);

/** The statut an assignment steps to: affectée, unless the réclamation is already past it. */
export const affectationStep = (statut) => (ASSIGNED.includes(statut) ? null : 'affectee');

/** The server's transition_interdite message (sync/reclamation.py transition_refusal), in French. */
export function transitionRefusal(current, next) {
  const possible = nextStatuts(current).map(statutLabel).join(', ');
  return `Passage de « ${statutLabel(current)} » à « ${statutLabel(next)} » impossible : étapes possibles : ${possible}.`;
}
