// Vétusté (DOMAIN.md): the tenant's share of a repair once wear from age is deducted, to the cent
// — the same formula and rounding as sync/vetuste.py, checked against ../shared/vectors/.
import { centsToEuros, divHalfUp, SCALE, toNano } from '../lib/decimal.js';

const parseDay = (iso) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ''));
  if (!m) throw new RangeError(`date attendue : ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

/** Whole years completed from `depuis` to `jusquAu` (ISO dates; 0 when the exit is earlier). */
export function ageEnAnnees(depuis, jusquAu) {
  const [y1, m1, d1] = parseDay(depuis);
  const [y2, m2, d2] = parseDay(jusquAu);
  const years = y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
  return Math.max(0, years);
}

/** The fraction (nano-units) of the cost left to the tenant after `age` years. */
export function tauxLocataire(grille, age) {
  const worn = SCALE - toNano(grille.abattement_annuel) * BigInt(Math.max(0, age - Number(grille.franchise)));
  const floor = toNano(grille.part_residuelle);
  return worn > floor ? worn : floor;
}

/**
 * Share a repair: {age, taux (0–1), partLocataire, partBailleur} in euros to the cent.
 * Normal wear (`degradation` false) costs the tenant nothing; a negative cost is refused.
 */
export function partage(grille, installeLe, sortieLe, cout, degradation) {
  const amount = toNano(cout);
  if (amount < 0n) throw new RangeError('le coût ne peut pas être négatif');
  const age = ageEnAnnees(installeLe, sortieLe);
  const rate = degradation ? tauxLocataire(grille, age) : 0n;
  const tenant = divHalfUp(amount * rate, SCALE * 10_000_000n);
  const total = divHalfUp(amount, 10_000_000n);
  return { age, taux: Number(rate) / 1e9, partLocataire: centsToEuros(tenant), partBailleur: centsToEuros(total - tenant) };
}
