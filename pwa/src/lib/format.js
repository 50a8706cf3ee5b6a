// French formatting helpers: sizes, counts, dates.

const nf1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** Format a byte count in French units ("1,2 Mo", "350 ko", "12 o"). */
export function formatBytes(n) {
  const v = Math.max(0, Number(n) || 0);
  if (v >= 1e9) return `${nf1.format(v / 1e9)} Go`;
  if (v >= 1e6) return `${nf1.format(v / 1e6)} Mo`;
  if (v >= 1e3) return `${nf1.format(Math.round(v / 1e3))} ko`;
  return `${v} o`;
}

/** "1 élément", "3 éléments": count with a French noun, plural with -s. */
export function plural(n, singular, pluralForm = `${singular}s`) {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}

/** Sentence for the status bar: "3 éléments et 2 photos en attente (1,2 Mo)". */
export function pendingText({ records = 0, photos = 0, bytes = 0 }) {
  if (!records && !photos) return 'Rien en attente';
  const parts = [];
  if (records) parts.push(plural(records, 'élément'));
  if (photos) parts.push(plural(photos, 'photo'));
  return `${parts.join(' et ')} en attente (${formatBytes(bytes)})`;
}

/** Format a date/time (ms, Date or ISO string) as "26/11/2026 à 09:30". */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const date = d.toLocaleDateString('fr-FR');
  const time = d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
  return `${date} à ${time}`;
}

/** Format an ISO date (YYYY-MM-DD…) as "26/11/2026". */
export function formatDate(value) {
  if (!value) return '';
  const d = new Date(value.length === 10 ? `${value}T12:00:00` : value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleDateString('fr-FR');
}

/** Lower-case, accent-free version of a string, for searching. */
export function fold(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const SPACES = /[\s\u00a0\u202f]/g;
const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/**
 * Parse a number typed the French or the English way: "350,50", "350.50", "1 000,5" → 350.5 /
 * 1000.5; "" → null; anything else (two separators, letters…) → NaN.
 */
export function parseDecimal(text) {
  if (text === null || text === undefined) return null;
  if (typeof text === 'number') return Number.isFinite(text) ? text : NaN;
  const s = String(text).replace(SPACES, '');
  if (s === '') return null;
  if (!DECIMAL.test(s)) return NaN;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : NaN;
}

/** A stored number as a French input value: 350.5 → "350,5"; null → "". */
export function formatDecimalInput(value) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'number') return String(value);
  return String(value).replace('.', ',');
}
