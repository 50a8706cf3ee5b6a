// Issue 9: the tenant's copy of an EDL, drawn on the tablet with pdf-lib: parties, rooms,
// conditions, photos, signatures, accented names, and the content hash on every page.
import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderEdlPdf } from '../src/edl/pdf.js';
import { formatDateTime, formatIndex, printable } from '../src/edl/pdf-text.js';
import { elementsFor, roomsFor } from '../src/edl/template.js';

// A 16×12 JPEG and a 40×16 transparent PNG (made once with Pillow).
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAMABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCnrGpTaf5PkqjeZuzvBPTHv70aPqU2oed5yovl7cbAR1z7+1X5YIZ8edCkm3pvUHFEUEMGfJhSPd12KBmvL9vh/qvs+T3+/wA/8tD2vZVfb8/N7vb5H//Z', 'base64');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAACgAAAAQCAYAAABk1z2tAAAAh0lEQVR4nGNgGAWjAAG45X3/I9P0AEzEKkR3HK0ciW4uUQ5E1vT14WZGXIZR6jBs5jFiU0yq45DFyXUcLnPwGkzIEZQ6Ep/D8DoQPajxGUCKWmx6CKmnWqgQo48cs1EUUSvKsOknJjrxOpBaiR7dHHIdhuJAauZIdPOoZSbVC1561jajAB8AALMDZB4oC4YvAAAAAElFTkSuQmCC', 'base64');
const HASH = '3f0a9c1e5b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468';
const EDL_ID = '0190f3a2-0000-7000-8000-00000000e003';

/** A signed T3 EDL with accented names, 2 photos (one on an element), 2 signatures. */
function t3() {
  let n = 0;
  const elements = elementsFor(EDL_ID, roomsFor('T3', ['cave']), () => `el-${String(++n).padStart(3, '0')}`);
  elements.forEach((e, i) => Object.assign(e, { etat: ['bon', 'usage', 'neuf'][i % 3] }));
  const sol = elements.find((e) => e.piece === 'Cuisine' && e.element === 'Sol');
  Object.assign(sol, { etat: 'mauvais', sale: true, observations: 'Lino déchiré devant l\u2019évier — « trou » de 3\u202fcm 👍' });
  Object.assign(elements.find((e) => e.piece === 'WC' && e.element === 'Cuvette'), { etat: null, non_teste: true });
  const edl = {
    id: EDL_ID, logement_id: 'log-1', sens: 'entree', date_edl: '2026-03-02T09:30:00+01:00',
    parties: [
      { role: 'locataire', nom: 'Hélène Lefèvre-Çelik', adresse: null },
      { role: 'locataire', nom: 'Zoë Łukasz', adresse: '3 rue de l\u2019Œuvre, Lyon' },
    ],
    bailleur_representant: 'François Mercier', bailleur_adresse: '12 rue des Tilleuls, 69100 Villeurbanne', mandataire: null,
    compteurs: [
      { type: 'eau_froide', numero: 'EF-2231', index: 123.45, photo_id: null },
      { type: 'electricite_hp', numero: '0912', index: null, photo_id: null },
    ],
    cles: [{ type: 'Porte palière', nombre: 3, destination: 'Logement' }, { type: 'Badge ou Vigik', nombre: 1, destination: 'Hall' }],
    observations: 'Logement repeint à neuf.\nChaudière révisée en février.',
  };
  const photos = [
    { id: 'ph-2', owner_entity: 'etat_des_lieux', owner_record: EDL_ID, sha256: 'b'.repeat(64), caption: 'Façade côté cour', taken_at: '2026-03-02T09:40:00+01:00', thumbnail: JPEG },
    { id: 'ph-1', owner_entity: 'edl_element', owner_record: sol.id, sha256: 'a'.repeat(64), caption: 'Déchirure', taken_at: '2026-03-02T09:35:00+01:00', thumbnail: new Uint8Array(JPEG) },
  ];
  const signatures = [
    { role: 'locataire', nom: 'Hélène Lefèvre-Çelik', signed_at: '2026-03-02T10:15:00+01:00', image_sha256: 'c'.repeat(64), png: PNG },
    { role: 'bailleur', nom: 'François Mercier', signed_at: '2026-03-02T10:16:00+01:00', image_sha256: 'd'.repeat(64), png: PNG },
  ];
  const context = { logement: { numero: '12', etage: 2, typologie: 'T3', batiment: 'Bâtiment A', residence: 'Les Verchères', adresse: '5 place Jean Moulin', code_postal: '69200', ville: 'Vénissieux' }, bailleur: 'Palier Habitat' };
  return { edl, elements, photos, signatures, context, content_hash: HASH };
}

/** The strings drawn in each page's content streams (pdf-lib writes them as <hex> Tj, WinAnsi bytes). */
function pageTexts(bytes) {
  const pdf = Buffer.from(bytes).toString('latin1');
  // WinAnsi is Latin-1 but for 0x80–0x9F (Node's TextDecoder reads windows-1252 as Latin-1).
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  const win = { decode: (buf) => [...buf].map((b) => (b >= 0x80 && b < 0xa0 ? high[b - 0x80] : String.fromCharCode(b))).join('') };
  const out = [];
  for (const m of pdf.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let text;
    try {
      text = inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      continue; // an image
    }
    if (!text.includes(' Tj')) continue;
    out.push([...text.matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((t) => win.decode(Buffer.from(t[1], 'hex'))));
  }
  return out;
}

describe('renderEdlPdf', () => {
  it('draws a T3 with accented names, conditions, photos and the hash on every page', async () => {
    const { bytes, pages } = await renderEdlPdf(t3(), { compress: false });
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    expect(pages).toHaveLength(doc.getPageCount());
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    const all = pages.flat();
    for (const s of [
      "État des lieux d'entrée", 'Établi le 02/03/2026 à 09h30', 'Hélène Lefèvre-Çelik', 'Zoë Lukasz',
      '3 rue de l\u2019Œuvre, Lyon', 'Palier Habitat, représenté par François Mercier', 'Eau froide', '123,45',
      'Électricité (heures pleines)', 'Porte palière', 'Dégagement', 'Chambre 2', 'Cave', 'Mauvais état', 'Sale',
      'Non testé', 'État d\u2019usage'.replace('\u2019', "'"), 'Revêtement de sol souple', 'Sol — Déchirure',
      'Façade côté cour', 'Chaudière révisée en février.', 'Signé le 02/03/2026 à 10h15',
      'Logement 12 (T3), étage 2, Bâtiment A, résidence Les Verchères',
    ]) expect(all, s).toContain(s);
    expect(all.join('\n')).toContain('Lino déchiré devant l\u2019évier — « trou » de 3 cm ?');
    pages.forEach((texts, i) => {
      expect(texts).toContain(`Empreinte SHA-256 : ${HASH}`);
      expect(texts).toContain(`Page ${i + 1} / ${pages.length}`);
    });
    // The file itself says the same: its page streams hold the text logged, the hash on each page.
    const drawn = pageTexts(bytes);
    expect(drawn).toHaveLength(pages.length);
    drawn.forEach((texts) => expect(texts).toContain(`Empreinte SHA-256 : ${HASH}`));
    expect(drawn.flat()).toContain('Hélène Lefèvre-Çelik');
    expect(drawn.flat()).toEqual(all);
  });

  it('prints missing photos and signatures as such, a room running onto the next page with "(suite)"', async () => {
    const data = t3();
    data.photos[1].thumbnail = null;
    data.photos[0].thumbnail = new Uint8Array([1, 2, 3]);
    data.signatures[1].png = null;
    data.elements.forEach((e) => { e.observations = 'Rayures légères. '.repeat(12); });
    const { pages } = await renderEdlPdf(data);
    const all = pages.flat();
    expect(all.filter((s) => s === 'photo non reçue')).toHaveLength(2);
    expect(all).toContain('signature non reçue');
    expect(all.some((s) => / \(suite\)$/.test(s))).toBe(true);
    expect(pages.length).toBeGreaterThan(5);
  });

  it('an EDL with nothing yet still renders', async () => {
    const { bytes, pages } = await renderEdlPdf({ edl: { id: EDL_ID, sens: 'sortie' }, content_hash: HASH });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    expect(pages[0]).toEqual(expect.arrayContaining([
      'État des lieux de sortie', 'Établi le — · document non signé (brouillon)', 'Aucune partie renseignée',
      'Aucun compteur relevé', 'Aucune clé remise', 'Aucun élément relevé.', 'Aucune.', 'Aucune signature.',
    ]));
  });
});

describe('PDF text', () => {
  it('replaces what WinAnsi cannot print, never throws', () => {
    const winAnsi = new Set([...Array(0x7f - 0x20)].map((_, i) => 0x20 + i).concat([...Array(0x60)].map((_, i) => 0xa0 + i), [0x153, 0x152, 0x2019, 0x2014, 0x20ac]));
    expect(printable('Zoë Łódź 👍\u202fœ « ½ » 10\u00a0€\u200b — l\u2019été\nfin\tici', winAnsi)).toBe('Zoë Lódz ? œ « ½ » 10\u00a0€ — l\u2019été fin ici');
    expect(printable('Nguyễn Văn Đức', winAnsi)).toBe('Nguyên Van Dúc');
    expect(printable(null, winAnsi)).toBe('');
  });

  it('formats dates in Paris time and indexes with a decimal comma, like the server', () => {
    expect(formatDateTime('2026-03-02T09:30:00+01:00')).toBe('02/03/2026 à 09h30');
    expect(formatDateTime('2026-07-01T08:05:00Z')).toBe('01/07/2026 à 10h05');
    expect(formatDateTime('2026-07-01T08:05:00')).toBe('01/07/2026 à 08h05');
    expect(formatDateTime('2026-03-02')).toBe('02/03/2026');
    expect(formatDateTime('hier')).toBe('hier');
    expect(formatIndex(1234.5)).toBe('1234,5');
    expect(formatIndex(null)).toBe('—');
  });
});
