// French labels of the état des lieux (the EDL data contract): conditions, marks, meters, roles.

/** The condition scale (DOMAIN.md), in order, with its French labels. */
export const ETATS = [
  ['neuf', 'Neuf'],
  ['bon', 'Bon état'],
  ['usage', "État d'usage"],
  ['mauvais', 'Mauvais état'],
  ['hors_service', 'Hors service'],
];
export const ETAT_LABELS = Object.fromEntries(ETATS);

/** The marks an element may carry besides (or instead of) its condition. */
export const MARQUES = [
  ['non_teste', 'Non testé'],
  ['absent', 'Absent'],
  ['sale', 'Sale'],
];

export const COMPTEUR_LABELS = {
  eau_froide: 'Eau froide',
  eau_chaude: 'Eau chaude',
  electricite: 'Électricité',
  electricite_hp: 'Électricité (heures pleines)',
  electricite_hc: 'Électricité (heures creuses)',
  gaz: 'Gaz',
  chauffage: 'Chauffage (répartiteur)', // as the server's PDF prints it
};

export const ROLE_LABELS = { locataire: 'Locataire', bailleur: 'Bailleur', mandataire: 'Mandataire', temoin: 'Témoin' };

/** The roles a partie of an EDL may have (a témoin only signs). */
export const PARTY_ROLES = ['locataire', 'bailleur', 'mandataire'];

/** Usual keys and access means, offered when one is added (any other type may be typed). */
export const CLE_TYPES = [
  "Clé de la porte d'entrée",
  "Badge d'accès",
  'Clé de boîte aux lettres',
  'Clé de cave',
  'Télécommande de parking',
  'Clé de local vélos',
];

export const SENS_TITRES = { entree: "État des lieux d'entrée", sortie: 'État des lieux de sortie' };

/** "Bon état · Sale", "Non testé", "" from an element's etat and marks. */
export function conditionText(el) {
  const parts = [];
  if (el?.etat) parts.push(ETAT_LABELS[el.etat] || el.etat);
  for (const [mark, label] of MARQUES) if (el?.[mark]) parts.push(label);
  return parts.join(' · ');
}
