// French words of the réclamations and permanences (issue 12 contract), and how a deadline and a
// place read on the phone. No date library here: this module ships with the first screen.
import { etageLabel } from '../lib/labels.js';

export const CATEGORIE_LABELS = {
  plomberie: 'Plomberie', electricite: 'Électricité', chauffage: 'Chauffage', serrurerie: 'Serrurerie',
  ventilation_humidite: 'Ventilation / humidité', nuisibles: 'Nuisibles', ascenseur: 'Ascenseur', eclairage: 'Éclairage',
  proprete_encombrants: 'Propreté / encombrants', securite_gaz_incendie: 'Sécurité gaz / incendie',
  vandalisme_tags: 'Vandalisme / tags', trouble_voisinage: 'Trouble de voisinage', administratif: 'Administratif',
};

export const URGENCE_TEXTS = {
  U1: "Sous 4 h : fuite de gaz, fuite d'eau importante, plus d'électricité, porte qui ne ferme plus",
  U2: 'Sous 24 h : panne gênante sans danger immédiat',
  U3: 'Sous 5 jours ouvrés : le reste',
};

export const PARTIE_COMMUNE_LABELS = {
  hall: 'Hall', escalier: 'Escalier', palier: 'Palier', ascenseur: 'Ascenseur', cave: 'Cave', parking: 'Parking',
  local_poubelles: 'Local poubelles', espaces_verts: 'Espaces verts', facade_toiture: 'Façade / toiture', exterieur: 'Extérieur',
  autre: 'Autre',
};

export const STATUT_LABELS = {
  saisie: 'Saisie', qualifiee: 'Qualifiée', affectee: 'Affectée', planifiee: 'Planifiée', en_cours: 'En cours',
  realisee: 'Réalisée', controlee: 'Contrôlée', cloturee: 'Clôturée', en_attente: 'En attente', rejetee: 'Rejetée',
  transferee: 'Transférée', reouverte: 'Réouverte',
};

export const ORIGINE_LABELS = { ronde: 'Ronde du gardien', locataire: 'Locataire', permanence: 'Permanence' };

export const RESPONSABILITE_LABELS = { bailleur: 'Bailleur', locataire: 'Locataire', entreprise: 'Entreprise', assureur: 'Assureur' };

export const CONTACT_CATEGORIES = [
  ['technique', 'Technique'], ['loyer_charges', 'Loyer / charges'], ['troubles', 'Troubles'], ['administratif', 'Administratif'],
  ['information', 'Information'], ['chantier', 'Chantier'], ['autre', 'Autre'],
];

/** The suites chosen on the contact itself (a réclamation or a fait is created from its buttons). */
export const SUITES = [['rendez_vous', 'Rendez-vous'], ['aucune', 'Aucune suite']];

export const SUITE_LABELS = { reclamation: 'Réclamation créée', fait: 'Fait signalé', rendez_vous: 'Rendez-vous', aucune: 'Aucune suite' };

/** "Plomberie" (the code itself when unknown). */
export const categorieLabel = (c) => CATEGORIE_LABELS[c] || c || '';

/** "Qualifiée"; a réclamation without statut yet is "Saisie". */
export const statutLabel = (s) => STATUT_LABELS[s || 'saisie'] || s;

const PARIS = 'Europe/Paris';
const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'short', day: '2-digit', month: '2-digit' });
const HOUR = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "jeu. 24/12 à 14 h 00" (Paris time), "" when unknown. */
export function formatEcheance(iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  const [h, m] = HOUR.format(d).split(':');
  return `${DAY.format(d)} à ${h} h ${m}`;
}

/** "En retard de 3 h" / "En retard de 2 j" when `iso` is past at `now`, else null. */
export function lateText(iso, now = Date.now()) {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t) || t >= now) return null;
  const hours = Math.floor((now - t) / 3600000);
  if (hours < 1) return "En retard de moins d'une heure";
  return hours < 48 ? `En retard de ${hours} h` : `En retard de ${Math.floor(hours / 24)} j`;
}

/**
 * Where a réclamation is, in words: "Logement 12 — Les Tilleuls" or "Bâtiment A, cage 2, 3e étage —
 * Hall". `refs` gives the référentiel rows found on the device ({logement, batiment, residence}).
 */
export function lieuText(row, refs = {}) {
  if (row?.logement_id) {
    const l = refs.logement;
    return [l ? `Logement ${l.numero}` : 'Logement', refs.residence?.nom].filter(Boolean).join(' — ');
  }
  const b = refs.batiment;
  const where = [
    b ? b.nom || `Bâtiment ${b.code}` : 'Bâtiment', row?.cage ? `cage ${row.cage}` : null,
    row?.etage !== null && row?.etage !== undefined ? etageLabel(row.etage) : null,
  ].filter(Boolean).join(', ');
  return [where, PARTIE_COMMUNE_LABELS[row?.partie_commune] || null].filter(Boolean).join(' — ');
}
