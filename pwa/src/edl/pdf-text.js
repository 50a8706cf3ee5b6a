// Text for the tablet's PDF: what the standard PDF fonts can print (WinAnsi), line wrapping, and
// the French formats the server's PDF uses too (server/documents/edl_pdf.py).

// Characters with no WinAnsi glyph but an obvious stand-in (NFKD does the accented rest).
const STAND_INS = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u2032': "'", '\u2033': '"',
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T', ŀ: 'l', Ŀ: 'L', ĸ: 'k',
  ȷ: 'j', ə: 'e', Ə: 'E', ʼ: "'", '\u02bb': "'", '\u2044': '/', '\u2215': '/',
};
const SPACES = /[\u2000-\u200a\u202f\u205f\u3000\t]/g;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const MARK = /[\u0300-\u036f]/;

/** A printable stand-in for one character: the letter with one accent it has (ễ → ê), without (ă → a), or "?". */
function standIn(ch, supported) {
  const ok = (s) => s && [...s].every((c) => supported.has(c.codePointAt(0)));
  const parts = [...ch.normalize('NFKD')];
  const base = parts.filter((c) => !MARK.test(c)).join('');
  for (const mark of parts.filter((c) => MARK.test(c))) {
    const composed = (base + mark).normalize('NFC');
    if ([...composed].length === 1 && ok(composed)) return composed;
  }
  if (ok(base)) return base;
  return STAND_INS[ch] ?? '?';
}

/**
 * `text` with every character the font cannot encode replaced (never throws): unusual spaces
 * become spaces, accented letters outside WinAnsi lose their accent (ő → o), the rest is "?".
 * `supported`: the font's code points (pdf-lib's font.getCharacterSet()). Line breaks become spaces.
 */
export function printable(text, supported) {
  const src = String(text ?? '').normalize('NFC').replace(/\r\n?|\n/g, ' ').replace(SPACES, ' ').replace(INVISIBLE, '');
  let out = '';
  for (const ch of src) {
    if (supported.has(ch.codePointAt(0))) {
      out += ch;
      continue;
    }
    out += standIn(ch, supported);
  }
  return out;
}

/**
 * `text` cut into lines no wider than `width` at `size` (its own line breaks kept; a word wider
 * than a line, like a hash, is cut anywhere). `measure(s)` is the width of s at that size.
 */
export function wrap(text, width, measure, toPrintable = (s) => s) {
  const lines = [];
  for (const para of String(text ?? '').split(/\r\n?|\n/)) {
    const words = toPrintable(para).split(' ');
    let line = '';
    for (let word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      while (measure(word) > width && word.length > 1) {
        let cut = word.length - 1;
        while (cut > 1 && measure(word.slice(0, cut)) > width) cut -= 1;
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      line = word;
    }
    lines.push(line);
  }
  return lines;
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  hourCycle: 'h23',
});
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO date or date-time as French text in Paris time ("12/03/2025 à 14h05"), as the server prints it. */
export function formatDateTime(value) {
  if (!value) return '';
  const text = String(value);
  const m = ISO.exec(text);
  if (!m) return text; // print what was recorded rather than lose it
  const [, y, mo, d, h, mi, zone] = m;
  if (h === undefined) return `${d}/${mo}/${y}`;
  if (!zone) return `${d}/${mo}/${y} à ${h}h${mi}`; // no offset: the wall clock as written
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  const p = Object.fromEntries(PARIS.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} à ${p.hour}h${p.minute}`;
}

/** A meter index the French way: decimal comma, no rounding; "—" when not read. */
export function formatIndex(value) {
  if (value === null || value === undefined || value === '') return '—';
  return String(value).replace('.', ',');
}
