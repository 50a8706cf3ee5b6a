// French labels of the troubles de voisinage codes (issue 11 contract: the codes are the server's).

/** Natures of a trouble, in the contract's order. */
export const NATURES_TROUBLE = [
  ['bruit', 'Bruit'], ['odeurs', 'Odeurs'], ['degradations', 'Dégradations'], ['incivilites', 'Incivilités'],
  ['menaces', 'Menaces'], ['violences', 'Violences'], ['occupation_parties_communes', 'Occupation des parties communes'],
  ['animaux', 'Animaux'], ['stationnement', 'Stationnement'], ['autre', 'Autre'],
];
export const FREQUENCES = [['ponctuel', 'Ponctuel'], ['hebdomadaire', 'Chaque semaine'], ['quotidien', 'Chaque jour'], ['permanent', 'Permanent']];
export const QUALIFICATIONS = [
  ['trouble_voisinage', 'Trouble de voisinage'], ['danger_immediat', 'Danger immédiat'], ['infraction', 'Infraction'],
];
export const INTENSITES = [['faible', 'Faible'], ['moyenne', 'Moyenne'], ['forte', 'Forte']];
export const ROLES_ENTRETIEN = [['plaignant', 'Plaignant'], ['mis_en_cause', 'Mis en cause'], ['temoin', 'Témoin']];
export const DEMARCHE_TYPES = [
  ['rappel_bail', 'Rappel au bail'], ['mise_en_demeure', 'Mise en demeure'], ['mediation', 'Médiation'],
  ['confrontation', 'Confrontation'], ['police', 'Signalement à la police'], ['conciliateur', 'Conciliateur de justice'],
  ['mairie', 'Mairie'], ['services_sociaux', 'Services sociaux'], ['secteur_psychiatrique', 'Secteur psychiatrique (orientation)'],
  ['contentieux', 'Contentieux'], ['cloture', 'Clôture'],
];
export const ISSUES_CLOTURE = [['resolu', 'Résolu'], ['sans_suite', 'Sans suite']];

export const natureLabel = (code) => Object.fromEntries(NATURES_TROUBLE)[code] || code || '';
export const demarcheLabel = (code) => Object.fromEntries(DEMARCHE_TYPES)[code] || code || 'Démarche';
export const roleLabel = (code) => Object.fromEntries(ROLES_ENTRETIEN)[code] || code || '';
export const intensiteLabel = (code) => Object.fromEntries(INTENSITES)[code] || code || '';

/** Whether a qualification calls for the police now (danger immédiat, infraction). */
export const callsPolice = (qualification) => qualification === 'danger_immediat' || qualification === 'infraction';

export const POLICE_NOW = 'Appelez la police (17) maintenant.';

/** Whether a fait happened at night (22 h to 7 h, the hour as written in the ISO value, as the server reads it). */
export function isNight(iso) {
  const m = /^\d{4}-\d{2}-\d{2}T(\d{2})/.exec(iso || '');
  if (!m) return false;
  const h = Number(m[1]);
  return h >= 22 || h < 7;
}
