// The visites family: one entity, `visite`, child of a logement; its screen is ui/visite/.
import { formatDate, formatDateTime } from '../lib/format.js';

/** Device-writable fields of a visite. */
export const VISITE_FIELDS = [
  'logement_id', 'type', 'prevue_le', 'realisee_le', 'participants', 'observations', 'suites',
  'photo_ids', 'candidat_nom', 'decision', 'motif_refus', 'equipements', 'reparations',
  'cout_estime', 'responsabilite', 'occupants', 'defauts',
];

/** Visite types with their French names. */
export const VISITE_TYPES = [
  ['candidat', 'Visite candidat'],
  ['courtoisie', 'Visite de courtoisie'],
  ['conseil', 'Visite conseil (pré-état des lieux)'],
  ['technique', 'Visite technique'],
  ['enquete_occupation', "Enquête d'occupation"],
  ['logement_temoin', 'Logement témoin'],
];

export const TYPE_LABELS = Object.fromEntries(VISITE_TYPES);

export const DECISIONS = [['accepte', 'Accepté'], ['refuse', 'Refusé']];
export const RESPONSABILITES = [['bailleur', 'Bailleur'], ['locataire', 'Locataire'], ['entreprise', 'Entreprise'], ['assureur', 'Assureur']];

export const VISITE_FIELD_LABELS = {
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
};

/** Label of a visite field for a visite type ("reparations" reads "Travaux à commander" for technique). */
export function visiteFieldLabel(field, type) {
  if (field === 'reparations' && type === 'technique') return 'Travaux à commander';
  return VISITE_FIELD_LABELS[field] || field;
}

const TEXT_FIELDS = ['participants', 'observations', 'suites', 'candidat_nom', 'motif_refus',
  'equipements', 'reparations', 'occupants', 'defauts'];

/** Empty values of a new visite of a logement. */
export function emptyVisite(logementId) {
  const v = Object.fromEntries(VISITE_FIELDS.map((f) => [f, null]));
  for (const f of TEXT_FIELDS) v[f] = '';
  v.photo_ids = [];
  v.logement_id = logementId;
  return v;
}

/**
 * The record a card is about, in words: "Visite technique — logement 12 — 15/06/2026" (missing
 * parts are said so).
 */
export function visiteTitle(row, { parent } = {}) {
  const date = row?.realisee_le || row?.prevue_le;
  return [
    TYPE_LABELS[row?.type] || 'Visite (type à préciser)',
    parent?.numero ? `logement ${parent.numero}` : 'logement inconnu',
    date ? formatDate(date) : 'sans date',
  ].join(' — ');
}

export const visites = {
  name: 'visites',
  label: 'Visites',
  entities: {
    visite: {
      parent: 'logement_id',
      parentEntity: 'logement',
      fields: VISITE_FIELDS,
      photoField: 'photo_ids',
      labels: { one: 'Visite', many: 'Visites', the: 'la visite', new: 'Nouvelle visite', feminine: true, fields: VISITE_FIELD_LABELS },
      fieldLabel: (field, row) => visiteFieldLabel(field, row.type),
      route: 'visite',
      list: true,
      empty: emptyVisite,
      title: visiteTitle,
      card: (v) => ({
        title: TYPE_LABELS[v.type] || 'Visite (type à préciser)',
        detail: v.realisee_le ? `Réalisée le ${formatDateTime(v.realisee_le)}` : v.prevue_le ? `Prévue le ${formatDateTime(v.prevue_le)}` : 'Sans date',
      }),
      sortKey: (v) => String(v.realisee_le || v.prevue_le || ''),
    },
  },
};
