// Solde de tout compte (DOMAIN.md): the deposit's deadline, what comes back, the late penalty —
// the same rules as sync/solde.py, checked against ../shared/vectors/solde.json.
import { centsToEuros, nanoToCents, toNano } from '../lib/decimal.js';

const pad = (n) => String(n).padStart(2, '0');
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1–12

/** An ISO date plus calendar months; a day the month lacks becomes its last day. */
export function addMonths(iso, months) {
  const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = (((index % 12) + 12) % 12) + 1;
  return `${year}-${pad(month)}-${pad(Math.min(d, daysIn(year, month)))}`;
}

/** The legal deadline to return the deposit: 1 month after the keys, 2 when not conforme. */
export const echeanceRestitution = (clesLe, conforme) => addMonths(clesLe, conforme ? 1 : 2);

/** {depot, retenues, restitution, resteDu} in euros: deposit less the retained sums. */
export function solde(depot, retenues) {
  const deposit = toNano(depot);
  const total = retenues.reduce((sum, r) => sum + toNano(r), 0n);
  if (deposit < 0n || total < 0n) throw new RangeError('montants négatifs refusés');
  const euros = (nano) => centsToEuros(nanoToCents(nano));
  return {
    depot: euros(deposit), retenues: euros(total),
    restitution: euros(deposit > total ? deposit - total : 0n), resteDu: euros(total > deposit ? total - deposit : 0n),
  };
}

/** Started months of delay after the deadline (0 when returned on time). ISO dates. */
export function moisDeRetard(echeance, restitueLe) {
  let months = 0;
  while (addMonths(echeance, months) < String(restitueLe).slice(0, 10)) months += 1;
  return months;
}

/** 10 % of the monthly rent per started month late, in euros; nothing without a new address. */
export function majoration(echeance, restitueLe, loyerHorsCharges, nouvelleAdresse) {
  if (!nouvelleAdresse) return 0;
  const months = BigInt(moisDeRetard(echeance, restitueLe));
  return centsToEuros(nanoToCents((toNano(loyerHorsCharges) * months) / 10n));
}
