// The réclamations and permanences family (issue 12 contract). A réclamation's parent on the
// device is its résidence (the server derives it from the logement or the bâtiment): the
// "Réclamations" list reads the résidences' ones, a logement's page finds its own by tag. Its
// status history is append-only reclamation_evenement records; a permanence (child of the
// résidence) holds append-only contacts. Screens: ui/reclamations/.
import { formatDateTime } from '../lib/format.js';
import { categorieLabel, CONTACT_CATEGORIES, formatEcheance, statutLabel } from '../reclamations/labels.js';

export const RECLAMATION_FIELDS = [
  'logement_id', 'batiment_id', 'cage', 'etage', 'partie_commune', 'categorie', 'urgence', 'signalee_le', 'description', 'origine',
  'contact_id', 'responsabilite', 'entreprise', 'entreprise_reference',
];
export const EVENEMENT_FIELDS = ['reclamation_id', 'statut', 'commentaire', 'le'];
export const PERMANENCE_FIELDS = ['residence_id', 'site', 'debut', 'fin', 'agents', 'chantier'];
export const CONTACT_FIELDS = [
  'permanence_id', 'heure', 'locataire_id', 'logement_id', 'anonyme', 'nom', 'categorie', 'demande', 'reponse', 'orientation', 'suite',
  'suite_id', 'rendez_vous_le', 'documents_remis', 'acces_refuse', 'nuisances_chantier', 'degats_entreprise', 'vulnerable',
];

export const RECLAMATION_LABELS = {
  logement_id: 'Logement', batiment_id: 'Bâtiment', cage: 'Cage', etage: 'Étage', partie_commune: 'Partie commune', categorie: 'Catégorie',
  urgence: 'Urgence', signalee_le: 'Signalée le', description: 'Description', origine: 'Origine', contact_id: 'Contact de permanence',
  responsabilite: 'Responsabilité', entreprise: 'Entreprise', entreprise_reference: "Référence chez l'entreprise", statut: 'Statut',
  echeance: 'Échéance',
};
export const EVENEMENT_LABELS = { reclamation_id: 'Réclamation', statut: 'Statut', commentaire: 'Commentaire', le: 'Le' };
export const PERMANENCE_LABELS = { residence_id: 'Résidence', site: 'Lieu', debut: 'Début', fin: 'Fin', agents: 'Agents présents', chantier: 'Chantier en site occupé' };
export const CONTACT_LABELS = {
  permanence_id: 'Permanence', heure: 'Heure', locataire_id: 'Locataire', logement_id: 'Logement', anonyme: 'Anonyme', nom: 'Nom',
  categorie: 'Catégorie', demande: 'Demande', reponse: 'Réponse apportée', orientation: 'Orientation', suite: 'Suite', suite_id: 'Suite donnée',
  rendez_vous_le: 'Rendez-vous le', documents_remis: 'Documents remis', acces_refuse: 'Accès refusé', nuisances_chantier: 'Nuisances du chantier',
  degats_entreprise: "Dégâts causés par l'entreprise", vulnerable: 'Personne vulnérable',
};

const contactCategorie = (c) => Object.fromEntries(CONTACT_CATEGORIES)[c] || c || 'Contact';

/** "Plomberie — U1 — 24/12/2026 à 10:00" (a réclamation). */
export const reclamationTitle = (r) => [categorieLabel(r?.categorie) || 'Réclamation', r?.urgence, r?.signalee_le ? formatDateTime(r.signalee_le) : null].filter(Boolean).join(' — ');

export const reclamations = {
  name: 'reclamations',
  label: 'Réclamations et permanences',
  entities: {
    reclamation: {
      parent: 'residence_id',
      parentEntity: 'residence',
      fields: RECLAMATION_FIELDS,
      serverOwned: ['statut', 'echeance'],
      tags: ['logement_id'],
      labels: { one: 'Réclamation', many: 'Réclamations', the: 'la réclamation', feminine: true, fields: RECLAMATION_LABELS },
      route: 'reclamation',
      title: reclamationTitle,
      card: (r) => ({
        title: `${r.urgence || ''} ${categorieLabel(r.categorie)}`.trim(),
        detail: [statutLabel(r.statut), r.echeance ? `échéance ${formatEcheance(r.echeance)}` : null].filter(Boolean).join(' · '),
      }),
      sortKey: (r) => `${r.signalee_le || ''}|${r.id}`,
    },
    reclamation_evenement: {
      parent: 'reclamation_id',
      parentEntity: 'reclamation',
      fields: EVENEMENT_FIELDS,
      appendOnly: true,
      labels: { one: 'Étape de la réclamation', many: 'Étapes de la réclamation', the: "l'étape", feminine: true, fields: EVENEMENT_LABELS },
      card: (r) => ({ title: statutLabel(r.statut), detail: r.le ? formatDateTime(r.le) : '' }),
      sortKey: (r) => `${r.le || ''}|${r.id}`,
    },
    permanence: {
      parent: 'residence_id',
      parentEntity: 'residence',
      fields: PERMANENCE_FIELDS,
      labels: { one: 'Permanence', many: 'Permanences', the: 'la permanence', feminine: true, fields: PERMANENCE_LABELS },
      route: 'permanence',
      empty: (residenceId) => ({ residence_id: residenceId, site: '', debut: null, fin: null, agents: '', chantier: false }),
      title: (r) => [`Permanence${r?.site ? ` — ${r.site}` : ''}`, r?.debut ? formatDateTime(r.debut) : null].filter(Boolean).join(' — '),
      card: (r) => ({ title: r.site || 'Permanence', detail: [r.debut ? formatDateTime(r.debut) : null, r.chantier ? 'chantier' : null].filter(Boolean).join(' · ') }),
      sortKey: (r) => `${r.debut || ''}|${r.id}`,
    },
    contact_permanence: {
      parent: 'permanence_id',
      parentEntity: 'permanence',
      fields: CONTACT_FIELDS,
      appendOnly: true,
      labels: { one: 'Contact', many: 'Contacts', the: 'le contact', feminine: false, fields: CONTACT_LABELS },
      route: 'contact_permanence',
      title: (r) => [`Contact — ${contactCategorie(r?.categorie)}`, r?.heure ? formatDateTime(r.heure) : null].filter(Boolean).join(' — '),
      card: (r) => ({ title: contactCategorie(r.categorie), detail: r.heure ? formatDateTime(r.heure) : '' }),
      sortKey: (r) => `${r.heure || ''}|${r.id}`,
    },
  },
};
