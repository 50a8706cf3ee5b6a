// French labels of the visite fields and types.
import { VISITE_TYPES } from '../config.js';
import { formatDate } from './format.js';

export const TYPE_LABELS = Object.fromEntries(VISITE_TYPES);

export const FIELD_LABELS = {
  logement_id: 'Logement',
  type: 'Type de visite',
  prevue_le: 'Prévue le',
  realisee_le: 'Réalisée le',
  participants: 'Participants',
  observations: 'Observations',
  suites: 'Suites à donner',
  photo_ids: 'Photos',
  candidat_nom: 'Nom du candidat',
  decision: 'Décision',
  motif_refus: 'Motif du refus',
  equipements: 'Équipements et contrats',
  reparations: 'Réparations à prévoir',
  cout_estime: 'Coût estimé (€)',
  responsabilite: 'Responsabilité',
  occupants: 'Occupants constatés',
  defauts: 'Défauts constatés',
  sha256: 'Photo', owner_record: 'Visite', caption: 'Légende', taken_at: 'Prise le', owner_entity: 'Objet',
};

/** Label of a field for a visite type ("reparations" reads "Travaux à commander" for technique). */
export function fieldLabel(field, type) {
  if (field === 'reparations' && type === 'technique') return 'Travaux à commander';
  return FIELD_LABELS[field] || field;
}

export const DECISIONS = [['accepte', 'Accepté'], ['refuse', 'Refusé']];
export const RESPONSABILITES = [['bailleur', 'Bailleur'], ['locataire', 'Locataire'], ['entreprise', 'Entreprise'], ['assureur', 'Assureur']];
export const ENTITY_LABELS = { visite: 'Visite', photo: 'Photo' };

/** "1er étage", "2e étage", "Rez-de-chaussée". */
export function etageLabel(etage) {
  if (etage === null || etage === undefined || etage === '') return '';
  const n = Number(etage);
  if (n === 0) return 'Rez-de-chaussée';
  if (n < 0) return `Sous-sol ${-n}`;
  return n === 1 ? '1er étage' : `${n}e étage`;
}

/** French names of a logement's nature. */
export const NATURES = { logement: 'Logement', commerce: 'Commerce', parking: 'Parking', cave: 'Cave' };

/**
 * The record a card is about, in words: "Visite technique — logement 12 — 15/06/2026" (from
 * {type, numero, date}; missing parts are said so).
 */
export function recordTitle({ type, numero, date } = {}) {
  return [
    TYPE_LABELS[type] || 'Visite (type à préciser)',
    numero ? `logement ${numero}` : 'logement inconnu',
    date ? formatDate(date) : 'sans date',
  ].join(' — ');
}
