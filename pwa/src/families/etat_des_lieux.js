// The états des lieux family (the EDL data contract): the EDL itself, child of a logement; its
// elements (one per room element, child of the EDL); the parties' signatures (append-only, child
// of the EDL). Its screens are ui/edl/.
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
];

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
};

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
    signature: {
      parent: 'owner_record',
      parentEntity: 'etat_des_lieux',
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
