// Exact decimal amounts for the vétusté and the solde (sync/vetuste.py computes the same cents):
// values are BigInt counts of 10⁻⁹, never binary floats.

export const SCALE = 1_000_000_000n;
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]{1,9})?$/;

/** A number or a plain decimal string ("349.99", up to 9 decimals) as BigInt nano-units. */
export function toNano(value) {
  if (typeof value !== 'number' && typeof value !== 'string') throw new RangeError(`nombre attendu : ${value}`);
  const text = String(value);
  if (!PLAIN_NUMBER.test(text)) throw new RangeError(`nombre attendu : ${value}`);
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const nano = BigInt(whole) * SCALE + BigInt(frac.padEnd(9, '0'));
  return negative ? -nano : nano;
}

/** Round a non-negative BigInt `value / divisor` half up. */
export function divHalfUp(value, divisor) {
  return (value * 2n + divisor) / (divisor * 2n);
}

/** Nano-units → cents, half up (non-negative amounts). */
export const nanoToCents = (nano) => divHalfUp(nano, 10_000_000n);

/** BigInt cents → a Number of euros (349.99), for display and JSON. */
export const centsToEuros = (cents) => Number(cents) / 100;

/** BigInt nano-units → a plain decimal string ("0.125"), exact. */
export function nanoToString(nano) {
  const sign = nano < 0n ? '-' : '';
  const abs = nano < 0n ? -nano : nano;
  const frac = String(abs % SCALE).padStart(9, '0').replace(/0+$/, '');
  return `${sign}${abs / SCALE}${frac ? `.${frac}` : ''}`;
}
