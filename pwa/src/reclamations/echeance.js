// The deadline of a réclamation, computed offline as the server does (sync/echeance.py, DESIGN.md
// §9): U1 + 4 elapsed hours, U2 + 24 elapsed hours, U3 + 5 working days at the same Paris
// wall-clock time, skipping weekends and French public holidays (date-holidays, metropolitan).
// Loaded only by the réclamation screens: date-holidays stays out of the first screen.
import Holidays from 'date-holidays';

const PARIS = 'Europe/Paris';
const HOUR = 3600000;
const ELAPSED_HOURS = { U1: 4, U2: 24 };
const WORKING_DAYS = { U3: 5 };

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** The Paris wall clock of an instant: {y, mo, d, h, mi, s} (numbers). */
function parisWall(ms) {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** Minutes Paris is ahead of UTC at an instant (60 or 120). */
function parisOffset(ms) {
  const w = parisWall(ms);
  return Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * The instant of a Paris wall-clock time. An ambiguous time (the October change) is its first
 * occurrence and a skipped one (March) takes the offset before the change, as Python's zoneinfo
 * does with fold=0, so both sides agree.
 */
function fromParisWall({ y, mo, d, h, mi, s }, ms = 0) {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s) + ms;
  const before = parisOffset(asUtc - 24 * HOUR);
  const after = parisOffset(asUtc + 24 * HOUR);
  const fits = [...new Set([after, before])].map((o) => asUtc - o * 60000)
    .filter((t) => { const w = parisWall(t); return w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi; });
  return fits.length ? Math.min(...fits) : asUtc - before * 60000;
}

/** "2026-12-24T14:00:00+01:00": an instant in Paris time with its offset. */
export function toParisIso(ms) {
  const w = parisWall(ms);
  const off = parisOffset(ms);
  const frac = ms % 1000 ? `.${pad(((ms % 1000) + 1000) % 1000, 3)}` : '';
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${frac}${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/** The instant of an ISO datetime; without an offset it is a Paris wall-clock time. NaN when invalid. */
export function parseInstant(iso) {
  const m = NAIVE.exec(String(iso ?? '').trim());
  if (m) return fromParisWall({ y: +m[1], mo: +m[2], d: +m[3], h: +m[4], mi: +m[5], s: +(m[6] || 0) }, +(m[7] || '0').padEnd(3, '0'));
  return Date.parse(iso);
}

let calendar = null;
const holidaysByYear = new Map();

/** The French public holidays of a year, as "YYYY-MM-DD". */
function publicHolidays(year) {
  if (!holidaysByYear.has(year)) {
    calendar ||= new Holidays('FR', { types: ['public'] });
    const days = (calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => String(h.date).slice(0, 10));
    holidaysByYear.set(year, new Set(days));
  }
  return holidaysByYear.get(year);
}

/** Whether a calendar day (y, month 1-12, d) is worked: not a weekend nor a public holiday. */
export function isWorkingDay(y, mo, d) {
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !publicHolidays(y).has(`${y}-${pad(mo)}-${pad(d)}`);
}

/** `n` working days after a Paris wall-clock time, at the same time of day. */
function addWorkingDays(wall, n) {
  let day = new Date(Date.UTC(wall.y, wall.mo - 1, wall.d));
  for (let left = n; left > 0;) {
    day = new Date(day.getTime() + 24 * HOUR);
    if (isWorkingDay(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate())) left -= 1;
  }
  return { ...wall, y: day.getUTCFullYear(), mo: day.getUTCMonth() + 1, d: day.getUTCDate() };
}

/** The deadline of a réclamation (ISO with its Paris offset); throws on an unknown urgence or date. */
export function echeance(urgence, signaleeLeIso) {
  const t = parseInstant(signaleeLeIso);
  if (Number.isNaN(t)) throw new Error(`Date de signalement invalide : ${signaleeLeIso}`);
  if (urgence in ELAPSED_HOURS) return toParisIso(t + ELAPSED_HOURS[urgence] * HOUR);
  if (urgence in WORKING_DAYS) return toParisIso(fromParisWall(addWorkingDays(parisWall(t), WORKING_DAYS[urgence]), ((t % 1000) + 1000) % 1000));
  throw new Error(`Urgence inconnue : ${urgence}`);
}
