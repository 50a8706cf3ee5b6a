// The CNIL's rule for free text, on the tablet as the user types: the same short, literal list as
// the server's (server/cnil.py, kept equal by tests/troubles-cnil.test.js), folded the same way.
// It asks to re-read; it refuses nothing (the server flags the record for review).

export const SUSPECT_TERMS = [
  'alcool', 'alcoolique', 'ivre', 'drogue', 'drogué', 'toxicomane', 'malade', 'maladie', 'dépression',
  'dépressif', 'psychiatrique', 'schizophrène', 'bipolaire', 'handicap', 'enceinte', 'séropositif', 'cancer',
  'traitement médical',
  'religion', 'musulman', 'juif', 'chrétien', 'catholique', 'islam', 'syndicat', 'ethnie',
  'délinquant', 'voleur', 'dealer', 'trafic', 'casier judiciaire', 'condamné', 'prison', 'fou', 'folle',
  'hystérique', 'sale type', 'racaille',
];

const fold = (s) => s.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

const SINGLE = new Map();
const PAIRS = new Map();
for (const term of SUSPECT_TERMS) {
  const words = fold(term).split(/\s+/);
  if (words.length === 1) {
    SINGLE.set(words[0], term);
    SINGLE.set(`${words[0]}s`, term);
  } else {
    for (const first of [words[0], `${words[0]}s`]) for (const second of [words[1], `${words[1]}s`]) PAIRS.set(`${first} ${second}`, term);
  }
}

/** The suspect terms found in a text, sorted, each once (as written in the list). */
export function suspectTerms(text) {
  if (typeof text !== 'string' || !text) return [];
  const words = fold(text).match(/[\p{L}\p{N}_]+/gu) || [];
  const found = new Set();
  words.forEach((w, i) => {
    if (SINGLE.has(w)) found.add(SINGLE.get(w));
    if (i > 0 && PAIRS.has(`${words[i - 1]} ${w}`)) found.add(PAIRS.get(`${words[i - 1]} ${w}`));
  });
  return [...found].sort();
}

/** The gentle warning under a free text, or null when nothing suspect is written. */
export function cnilWarning(text) {
  const terms = suspectTerms(text);
  if (!terms.length) return null;
  return `À relire : « ${terms.join(' », « ')} ». Décrivez des faits objectifs, sans donnée de santé, d'opinion ni d'infraction supposée.`;
}
