// The troubles de voisinage family (issue 11 contract): the dossier, child of the mis en cause's
// logement; its faits, entretiens, démarches (append-only) and attestations de témoin. A fait's
// parent on the device is its logement (a gardien's fait has no dossier; attaching it later sets
// dossier_id), so the logement's page lists loose and attached faits alike. Screens: ui/troubles/.
import { formatDate, formatDateTime } from '../lib/format.js';
import { demarcheLabel, intensiteLabel, natureLabel, QUALIFICATIONS, roleLabel } from '../troubles/labels.js';

export const DOSSIER_FIELDS = ['logement_id', 'nature', 'depuis', 'frequence', 'menages_concernes', 'qualification', 'description', 'ouvert_le'];
export const FAIT_FIELDS = ['dossier_id', 'logement_id', 'survenu_le', 'fin_le', 'nature', 'intensite', 'signale_par', 'temoins', 'description', 'nuit'];
export const ENTRETIEN_FIELDS = [
  'dossier_id', 'date', 'lieu', 'mene_par', 'role', 'personne', 'faits_declares', 'preuves_remises', 'demarches_deja',
  'version_autre_partie', 'engagements', 'information_donnee', 'prochaine_action',
];
export const DEMARCHE_FIELDS = ['dossier_id', 'type', 'date', 'details', 'delai', 'consequences', 'issue'];
export const ATTESTATION_FIELDS = [
  'dossier_id', 'nom', 'prenom', 'date_naissance', 'lieu_naissance', 'adresse', 'profession', 'lien_parties', 'faits',
  'fait_a', 'fait_le', 'piece_identite', 'mention_legale',
];

export const DOSSIER_LABELS = {
  logement_id: 'Logement du mis en cause', nature: 'Nature des troubles', depuis: 'Depuis le', frequence: 'Fréquence',
  menages_concernes: 'Ménages concernés', qualification: 'Qualification', description: 'Description', ouvert_le: 'Ouvert le',
  cloture: 'Clôture', etat: 'État',
};
export const FAIT_LABELS = {
  dossier_id: 'Dossier', logement_id: 'Logement', survenu_le: 'Survenu le', fin_le: "Jusqu'à", nature: 'Nature',
  intensite: 'Intensité', signale_par: 'Signalé par', temoins: 'Témoins', description: 'Description', nuit: 'La nuit (22 h – 7 h)',
};
export const ENTRETIEN_LABELS = {
  dossier_id: 'Dossier', date: 'Date et heure', lieu: 'Lieu', mene_par: 'Mené par', role: 'Personne reçue en tant que',
  personne: 'Nom de la personne', faits_declares: 'Faits déclarés', preuves_remises: 'Preuves remises',
  demarches_deja: 'Démarches déjà faites', version_autre_partie: "Version de l'autre partie", engagements: 'Engagements',
  information_donnee: 'Information donnée', prochaine_action: 'Prochaine action',
};
export const DEMARCHE_LABELS = {
  dossier_id: 'Dossier', type: 'Type de démarche', date: 'Date', details: 'Détails', delai: 'Délai accordé',
  consequences: 'Conséquences en cas de non-respect', issue: 'Issue',
};
export const ATTESTATION_LABELS = {
  dossier_id: 'Dossier', nom: 'Nom', prenom: 'Prénoms', date_naissance: 'Date de naissance', lieu_naissance: 'Lieu de naissance',
  adresse: 'Adresse', profession: 'Profession', lien_parties: 'Lien avec les parties', faits: 'Faits constatés',
  fait_a: 'Fait à', fait_le: 'Fait le', piece_identite: "Copie de la pièce d'identité jointe", mention_legale: 'Mention légale lue',
};

/** "2026-11-12": the device's calendar day of a Date. */
const localDay = (d) => [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');

const qualificationLabel = (q) => Object.fromEntries(QUALIFICATIONS)[q] || 'Trouble';
const natures = (list) => (Array.isArray(list) ? list.map(natureLabel).join(', ') : '');

/** "Troubles : bruit, odeurs — ouvert le 12/11/2026". */
export function dossierTitle(row) {
  return [`Troubles : ${natures(row?.nature) || 'nature à préciser'}`, row?.ouvert_le ? `ouvert le ${formatDate(row.ouvert_le)}` : 'sans date'].join(' — ');
}

/** "Bruit — 12/11/2026 23:10" (a fait). */
export const faitTitle = (row) => [natureLabel(row?.nature) || 'Fait', row?.survenu_le ? formatDateTime(row.survenu_le) : 'sans date'].join(' — ');

export const troubles = {
  name: 'troubles',
  label: 'Troubles de voisinage',
  entities: {
    dossier_trouble: {
      parent: 'logement_id',
      parentEntity: 'logement',
      fields: DOSSIER_FIELDS,
      serverOwned: ['etat', 'cloture'],
      labels: { one: 'Dossier de troubles', many: 'Dossiers de troubles', the: 'le dossier', feminine: false, fields: DOSSIER_LABELS },
      route: 'dossier_trouble',
      list: true,
      empty: (logementId) => ({ logement_id: logementId, nature: [], depuis: null, frequence: null, menages_concernes: 1, qualification: 'trouble_voisinage', description: '', ouvert_le: null }),
      title: dossierTitle,
      card: (r) => ({
        title: `${qualificationLabel(r.qualification)} : ${natures(r.nature) || 'nature à préciser'}`,
        detail: [r.ouvert_le ? `Ouvert le ${formatDate(r.ouvert_le)}` : 'Sans date', r.etat === 'clos' ? 'clos' : null].filter(Boolean).join(' · '),
      }),
      sortKey: (r) => String(r.ouvert_le || ''),
    },
    fait: {
      parent: 'logement_id',
      parentEntity: 'logement',
      fields: FAIT_FIELDS,
      labels: { one: 'Fait signalé', many: 'Faits signalés', the: 'le fait', feminine: false, fields: FAIT_LABELS },
      route: 'fait',
      list: true,
      title: faitTitle,
      card: (r) => ({
        title: faitTitle(r),
        detail: [intensiteLabel(r.intensite), r.nuit ? 'la nuit' : null, r.dossier_id ? 'rattaché à un dossier' : 'sans dossier'].filter(Boolean).join(' · '),
      }),
      sortKey: (r) => String(r.survenu_le || ''),
    },
    entretien: {
      parent: 'dossier_id',
      parentEntity: 'dossier_trouble',
      fields: ENTRETIEN_FIELDS,
      labels: { one: 'Entretien', many: 'Entretiens', the: "l'entretien", feminine: false, fields: ENTRETIEN_LABELS },
      route: 'entretien',
      empty: (dossierId) => ({
        dossier_id: dossierId, date: null, lieu: '', mene_par: '', role: null, personne: '', faits_declares: '', preuves_remises: '',
        demarches_deja: '', version_autre_partie: '', engagements: [], information_donnee: false, prochaine_action: '',
      }),
      title: (r) => [`Entretien${r?.role ? ` — ${roleLabel(r.role).toLowerCase()}` : ''}`, r?.date ? formatDate(r.date) : 'sans date'].join(' — '),
      card: (r) => ({ title: `Entretien — ${roleLabel(r.role) || 'rôle à préciser'}`, detail: r.date ? formatDateTime(r.date) : 'Sans date' }),
      sortKey: (r) => `${r.date || ''}|${r.id}`,
    },
    demarche: {
      parent: 'dossier_id',
      parentEntity: 'dossier_trouble',
      fields: DEMARCHE_FIELDS,
      appendOnly: true,
      labels: { one: 'Démarche', many: 'Démarches', the: 'la démarche', feminine: true, fields: DEMARCHE_LABELS },
      route: 'demarche',
      title: (r) => [demarcheLabel(r?.type), r?.date ? formatDate(r.date) : 'sans date'].join(' — '),
      card: (r) => ({ title: demarcheLabel(r.type), detail: r.date ? formatDateTime(r.date) : 'Sans date' }),
      sortKey: (r) => `${r.date || ''}|${r.id}`,
    },
    attestation_temoin: {
      parent: 'dossier_id',
      parentEntity: 'dossier_trouble',
      fields: ATTESTATION_FIELDS,
      serverOwned: ['statut', 'content_hash'],
      labels: { one: 'Attestation de témoin', many: 'Attestations de témoin', the: "l'attestation", feminine: true, fields: ATTESTATION_LABELS },
      // listed with its state on the dossier's page (ui/troubles/DossierScreen.jsx), not by the generic list
      route: 'attestation_temoin',
      // texts empty rather than null: the server refuses a null text (its schema), and the
      // signed content leaves nulls out but keeps "" (docs/canonical.md §3)
      empty: (dossierId) => ({
        dossier_id: dossierId, nom: '', prenom: '', date_naissance: null, lieu_naissance: '', adresse: '', profession: '',
        lien_parties: '', faits: '', fait_a: '', fait_le: localDay(new Date()), piece_identite: false, mention_legale: false,
      }),
      title: (r) => `Attestation de ${[r?.prenom, r?.nom].filter(Boolean).join(' ') || 'témoin'}`,
      card: (r) => ({ title: `Attestation — ${[r.prenom, r.nom].filter(Boolean).join(' ') || 'témoin à nommer'}`, detail: r.fait_le ? formatDate(r.fait_le) : '' }),
      sortKey: (r) => `${r.fait_le || ''}|${r.id}`,
    },
  },
};
