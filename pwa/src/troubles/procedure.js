// The procedure of a dossier de troubles (issue 11 contract), mirroring sync/procedure.py (same
// steps, same sentences): the current step is the furthest reached by the dossier's entretiens
// (by role) and démarches (by type); the next one is said in a French sentence.

export const STEPS = [
  'qualification', 'entretien_plaignant', 'rappel_bail', 'entretien_mis_en_cause', 'mediation',
  'mise_en_demeure', 'partenaires', 'contentieux',
];

export const STEP_NAMES = {
  qualification: 'Qualification du trouble',
  entretien_plaignant: 'Entretien avec le plaignant',
  rappel_bail: 'Rappel au bail',
  entretien_mis_en_cause: 'Entretien avec le mis en cause',
  mediation: 'Médiation ou confrontation',
  mise_en_demeure: 'Mise en demeure',
  partenaires: 'Partenaires saisis',
  contentieux: 'Contentieux',
  cloture: 'Clôturé',
};

const PARTENAIRES = ['police', 'conciliateur', 'mairie', 'services_sociaux', 'secteur_psychiatrique'];
const STEP_OF_ROLE = { plaignant: 'entretien_plaignant', mis_en_cause: 'entretien_mis_en_cause' };
const STEP_OF_TYPE = {
  rappel_bail: 'rappel_bail', mediation: 'mediation', confrontation: 'mediation', mise_en_demeure: 'mise_en_demeure',
  contentieux: 'contentieux', ...Object.fromEntries(PARTENAIRES.map((t) => [t, 'partenaires'])),
};
const NEXT_SENTENCE = {
  entretien_plaignant: 'Prochaine étape : entretien avec le plaignant.',
  rappel_bail: 'Prochaine étape : rappel au bail au mis en cause.',
  entretien_mis_en_cause: 'Prochaine étape : entretien avec le mis en cause.',
  mediation: 'Prochaine étape : médiation ou confrontation entre les parties.',
  mise_en_demeure: 'Prochaine étape : mise en demeure du mis en cause.',
  partenaires: 'Prochaine étape : saisir les partenaires (police, conciliateur, mairie, services sociaux).',
  contentieux: 'Prochaine étape : transmission au contentieux ou clôture du dossier.',
};
export const CLOSED_SENTENCE = 'Dossier clos : aucune étape à venir.';

/** Where a dossier stands from its entretiens and démarches: {step, name, next, sentence, closed}. */
export function procedureStep(entretiens = [], demarches = []) {
  const types = new Set(demarches.map((d) => d.type));
  if (types.has('cloture')) return { step: 'cloture', name: STEP_NAMES.cloture, next: null, sentence: CLOSED_SENTENCE, closed: true };
  const reached = [...entretiens.map((e) => STEP_OF_ROLE[e.role]), ...[...types].map((t) => STEP_OF_TYPE[t])].filter(Boolean);
  const rank = Math.max(0, ...reached.map((s) => STEPS.indexOf(s)));
  const step = STEPS[rank];
  if (rank === STEPS.length - 1) return { step, name: STEP_NAMES[step], next: null, sentence: CLOSED_SENTENCE, closed: true };
  const next = STEPS[rank + 1];
  return { step, name: STEP_NAMES[step], next, sentence: NEXT_SENTENCE[next], closed: false };
}

/**
 * One chronology of a dossier: faits (survenu_le), entretiens (date), démarches (date) and
 * attestations (fait_le), oldest first, undated last: [{kind, date, row}].
 */
export function chronology({ faits = [], entretiens = [], demarches = [], attestations = [] }) {
  const items = [
    ...faits.map((row) => ({ kind: 'fait', date: row.survenu_le, row })),
    ...entretiens.map((row) => ({ kind: 'entretien', date: row.date, row })),
    ...demarches.map((row) => ({ kind: 'demarche', date: row.date, row })),
    ...attestations.map((row) => ({ kind: 'attestation_temoin', date: row.fait_le, row })),
  ];
  const t = (x) => (x.date ? Date.parse(x.date) || 0 : Number.MAX_SAFE_INTEGER);
  return items.sort((a, b) => t(a) - t(b) || String(a.row.id).localeCompare(String(b.row.id)));
}
