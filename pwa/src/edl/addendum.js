// The addenda of a signed EDL d'entrée (issue 10), what the screens compute with no I/O: their
// types, the device's view of the 10-day window of a complement (the server decides: it refuses
// out of its windows with `hors_delai`), who signs and where an addendum stands.
import { signingState } from './signing.js';

/** The types of addendum with their French names. */
export const ADDENDUM_TYPES = [
  ['complement', "Complément à l'état des lieux d'entrée"],
  ['chauffage', 'État du chauffage'],
];
export const ADDENDUM_LABELS = Object.fromEntries(ADDENDUM_TYPES);

/** The server's limit of an addendum's text. */
export const TEXTE_MAX = 5000;
/** Calendar days after the entry's date during which the tenant may complete it. */
export const COMPLEMENT_DAYS = 10;

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Paris ("2026-06-15"). */
export const parisDay = (date) => PARIS_DAY.format(date);

/** "2026-06-25": an ISO day plus `n` calendar days. */
export function addDays(day, n) {
  const [y, m, d] = String(day).slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The last day a complement may be written: the entry's date (as written) + 10 days. */
export function complementDeadline(dateEdl) {
  const m = /^\d{4}-\d{2}-\d{2}/.exec(String(dateEdl ?? ''));
  return m ? addDays(m[0], COMPLEMENT_DAYS) : null;
}

/** Whether a complement may still be written on `now` (a Date) for an entry dated `dateEdl`. */
export function complementOpen(dateEdl, now) {
  const last = complementDeadline(dateEdl);
  return !!last && parisDay(now) <= last;
}

/**
 * Where an addendum stands (signing.js signingState): its signers are the entry's locataires and
 * the bailleur's representative (no mandataire); `addendum` carries the server's statut and hash.
 */
export function addendumSigning(entree, addendum, signatures, hash) {
  const edl = {
    parties: entree?.parties || [], bailleur_representant: entree?.bailleur_representant || '', mandataire: null,
    statut: addendum?.statut, content_hash: addendum?.content_hash,
  };
  return signingState({ edl, signatures, hash });
}

/** Where an addendum stands, in words (its signing state and a refusal by the server, if any). */
export function addendumStatus(state, refusal = null) {
  if (refusal) return `Refusé par le serveur : ${refusal}`;
  if (state.sameAsServer) return 'Signé — reçu par le serveur';
  if (state.serverSigned) return 'Signé sur le serveur avec une autre empreinte';
  if (state.complete) return "Signé sur cet appareil — en attente d'envoi";
  if (state.current.length) return `En signature : ${state.current.length} signature${state.current.length > 1 ? 's' : ''} sur ${state.signers.length}`;
  return 'Brouillon, à faire signer';
}
