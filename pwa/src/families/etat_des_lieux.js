// The états des lieux family (the EDL data contract): the EDL itself, child of a logement; its
// elements (one per room element, child of the EDL); its addenda (a dated complement or heating
// state, child of the signed EDL d'entrée); the parties' signatures (append-only, child of the
// document signed: an EDL or an addendum). Its screens are ui/edl/.
import { SENS_TITRES } from '../edl/labels.js';
import { formatDate, formatDateTime } from '../lib/format.js';

/** Device-writable fields of an état des lieux (statut and content_hash are the server's). */
export const EDL_FIELDS = [
  'logement_id', 'bail_id', 'sens', 'date_edl', 'entree_id', 'parties', 'bailleur_representant',
  'bailleur_adresse', 'mandataire', 'compteurs', 'cles', 'observations',
];

/** Device-writable fields of an element of an EDL. */
export const EDL_ELEMENT_FIELDS = [
  'edl_id', 'piece', 'element', 'ordre', 'etat', 'non_teste', 'absent', 'sale', 'observations', 'grille_element',
  // at a sortie: the entry's element and condition, "identique à l'entrée", and the repair
  'entree_element_id', 'etat_entree', 'identique_entree', 'imputation', 'cout', 'installe_le',
];

/** Device-writable fields of an addendum (statut and content_hash are the server's). */
export const EDL_ADDENDUM_FIELDS = ['edl_id', 'type', 'redige_le', 'texte'];

/** Device-writable fields of a signature (append-only). */
export const SIGNATURE_FIELDS = ['owner_entity', 'owner_record', 'role', 'nom', 'image_sha256', 'content_hash', 'signed_at'];

export const EDL_FIELD_LABELS = {
  logement_id: 'Logement', bail_id: 'Bail', sens: 'Sens', date_edl: 'Date', entree_id: "État des lieux d'entrée",
  parties: 'Parties', bailleur_representant: 'Représentant du bailleur', bailleur_adresse: 'Adresse du bailleur',
  mandataire: 'Mandataire', compteurs: 'Compteurs', cles: 'Clés et moyens d’accès', observations: 'Observations générales',
  statut: 'Statut', content_hash: 'Empreinte',
};

export const EDL_ELEMENT_LABELS = {
  edl_id: 'État des lieux', piece: 'Pièce', element: 'Élément', ordre: 'Ordre', etat: 'État',
  non_teste: 'Non testé', absent: 'Absent', sale: 'Sale', observations: 'Observations', grille_element: 'Grille de vétusté',
  entree_element_id: "Élément de l'entrée", etat_entree: "État à l'entrée", identique_entree: "Identique à l'entrée",
  imputation: 'Imputation', cout: 'Coût de la remise en état (€)', installe_le: 'Installé ou renouvelé le',
};

export const EDL_ADDENDUM_LABELS = {
  edl_id: "État des lieux d'entrée", type: "Type d'addendum", redige_le: 'Rédigé le', texte: "Texte de l'addendum",
  statut: 'Statut', content_hash: 'Empreinte',
};

const ADDENDUM_TITRES = { complement: "Complément à l'état des lieux d'entrée", chauffage: 'État du chauffage' };

/** "État des lieux d'entrée — logement 12 — 15/06/2026" (missing parts are said so). */
export function edlTitle(row, { parent } = {}) {
  return [
    SENS_TITRES[row?.sens] || 'État des lieux',
    parent?.numero ? `logement ${parent.numero}` : 'logement inconnu',
    row?.date_edl ? formatDate(row.date_edl) : 'sans date',
  ].join(' — ');
}

export const etatsDesLieux = {
  name: 'etats_des_lieux',
  label: 'États des lieux',
  entities: {
    etat_des_lieux: {
      parent: 'logement_id',
      parentEntity: 'logement',
      fields: EDL_FIELDS,
      serverOwned: ['statut', 'content_hash'],
      labels: {
        one: 'État des lieux', many: 'États des lieux', the: "l'état des lieux", new: "Nouvel état des lieux d'entrée",
        feminine: false, fields: EDL_FIELD_LABELS,
      },
      route: 'etat_des_lieux',
      list: true,
      title: edlTitle,
      card: (r) => ({
        title: SENS_TITRES[r.sens] || 'État des lieux',
        detail: [r.date_edl ? `Le ${formatDateTime(r.date_edl)}` : 'Sans date', r.statut === 'signe' ? 'signé' : null].filter(Boolean).join(' · '),
      }),
      sortKey: (r) => String(r.date_edl || ''),
    },
    edl_element: {
      parent: 'edl_id',
      parentEntity: 'etat_des_lieux',
      fields: EDL_ELEMENT_FIELDS,
      labels: { one: 'Élément', many: 'Éléments', the: "l'élément", feminine: false, fields: EDL_ELEMENT_LABELS },
      title: (r) => [r?.piece, r?.element].filter(Boolean).join(' — ') || 'Élément',
      card: (r) => ({ title: `${r.piece} — ${r.element}`, detail: '' }),
      sortKey: (r) => String(r.ordre ?? '').padStart(12, '0'),
    },
    edl_addendum: {
      parent: 'edl_id',
      parentEntity: 'etat_des_lieux',
      fields: EDL_ADDENDUM_FIELDS,
      serverOwned: ['statut', 'content_hash'],
      labels: { one: 'Addendum', many: 'Addenda', the: "l'addendum", feminine: false, fields: EDL_ADDENDUM_LABELS },
      title: (r) => [ADDENDUM_TITRES[r?.type] || 'Addendum', r?.redige_le ? formatDate(r.redige_le) : 'sans date'].join(' — '),
      card: (r) => ({
        title: ADDENDUM_TITRES[r.type] || 'Addendum',
        detail: [r.redige_le ? `Rédigé le ${formatDateTime(r.redige_le)}` : 'Sans date', r.statut === 'signe' ? 'signé' : null].filter(Boolean).join(' · '),
      }),
      sortKey: (r) => `${r.redige_le || ''}|${r.id}`,
    },
    signature: {
      parent: 'owner_record',
      owner: 'owner_entity', // an EDL's or an addendum's
      fields: SIGNATURE_FIELDS,
      appendOnly: true,
      labels: {
        one: 'Signature', many: 'Signatures', the: 'la signature', feminine: true,
        fields: { role: 'Rôle', nom: 'Nom', image_sha256: 'Image', content_hash: 'Empreinte', signed_at: 'Signée le' },
      },
      card: (r) => ({ title: `Signature — ${r.nom || ''}`, detail: r.signed_at ? formatDateTime(r.signed_at) : '' }),
      sortKey: (r) => `${r.signed_at || ''}|${r.id}`,
    },
  },
};
