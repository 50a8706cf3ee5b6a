// The tenant's copy of an état des lieux, produced on the tablet, offline, at signature (issue 9):
// an A4 PDF drawn with pdf-lib, the content hash on every page, photos as thumbnails. pdf-lib is
// imported inside renderEdlPdf so that Vite ships it in a chunk of its own, loaded on that screen.
import { edlView } from './pdf-view.js';
import { printable, wrap } from './pdf-text.js';
import { drawSortieHead, drawVetuste, SORTIE_COLS, sortieRow } from './pdf-sortie.js';

const A4 = [595.28, 841.89];
const M = { top: 45, right: 40, bottom: 57, left: 40 }; // 16 mm, 14 mm, 20 mm: as the server's
const WIDTH = A4[0] - M.left - M.right;
const LEADING = 1.3;
const PAD = 3;

/** Bytes of a Uint8Array, ArrayBuffer or Blob (null for anything else). */
async function toBytes(x) {
  if (!x) return null;
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  if (typeof x.arrayBuffer === 'function') return new Uint8Array(await x.arrayBuffer());
  return null;
}

const isJpeg = (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** Draws flowing content top to bottom, page after page, and logs the text of each page. */
class Writer {
  constructor(lib, doc, fonts) {
    Object.assign(this, { lib, doc, fonts, pages: [], log: [] });
    this.supported = new Set(fonts.regular.getCharacterSet());
    this.grey = lib.rgb(0.35, 0.35, 0.35);
    this.black = lib.rgb(0, 0, 0);
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    this.log.push([]);
    this.y = A4[1] - M.top;
  }

  fits(h) {
    return this.y - h >= M.bottom;
  }

  ensure(h) {
    if (!this.fits(h)) this.newPage();
  }

  p(text) {
    return printable(text, this.supported);
  }

  /** One line of text whose top is at `top`; logged as drawn. */
  draw(text, x, top, { font = this.fonts.regular, size = 10, color = this.black } = {}) {
    const t = this.p(text);
    if (!t) return;
    this.page.drawText(t, { x, y: top - size, size, font, color });
    this.log[this.log.length - 1].push(t);
  }

  lines(text, width, font, size) {
    return wrap(text, width, (s) => font.widthOfTextAtSize(s, size), (s) => this.p(s));
  }

  paragraph(text, { font = this.fonts.regular, size = 10, color, indent = 0, after = 3 } = {}) {
    const lh = size * LEADING;
    for (const line of this.lines(text, WIDTH - indent, font, size)) {
      this.ensure(lh);
      this.draw(line, M.left + indent, this.y, { font, size, color });
      this.y -= lh;
    }
    this.y -= after;
  }

  /** "Label : value", the label in bold, the value wrapped under itself. */
  labelled(label, value, size = 10) {
    const { bold, regular } = this.fonts;
    const lead = `${label} : `;
    const w = bold.widthOfTextAtSize(this.p(lead), size);
    const lh = size * LEADING;
    this.lines(value, WIDTH - w, regular, size).forEach((line, i) => {
      this.ensure(lh);
      if (i === 0) this.draw(lead, M.left, this.y, { font: bold, size });
      this.draw(line, M.left + w, this.y, { size });
      this.y -= lh;
    });
    this.y -= 2;
  }

  heading(text, size = 13) {
    this.y -= 8;
    this.ensure(size * LEADING + 90); // never alone at the foot of a page: a table header and rows follow
    this.draw(text, M.left, this.y, { font: this.fonts.bold, size });
    this.y -= size * LEADING + 2;
  }

  /** A cell's lines: a string, or parts [{text, bold, size, grey}] stacked. */
  cellLines(cell, width, size) {
    const parts = typeof cell === 'string' ? [{ text: cell }] : cell;
    return parts.flatMap((part) => {
      const font = part.bold ? this.fonts.bold : this.fonts.regular;
      const s = part.size || size;
      const color = part.grey ? this.grey : this.black;
      return this.lines(part.text, width - 2 * PAD, font, s).map((text) => ({ text, font, size: s, color }));
    });
  }

  /** A table; `cols`: [{label, width (fraction)}]; the header (and `repeat()`) again on each new page. */
  table(cols, rows, { size = 9, repeat = () => {} } = {}) {
    const widths = cols.map((c) => c.width * WIDTH);
    const lh = size * LEADING;
    const header = () => {
      repeat();
      this.row(cols.map((c) => [{ text: c.label, bold: true }]), widths, size, { fill: true });
    };
    this.ensure(2 * (lh + 2 * PAD) + 4 * lh);
    header();
    for (const cells of rows) this.row(cells, widths, size, { header });
  }

  row(cells, widths, size, { fill = false, header = null } = {}) {
    const lh = size * LEADING;
    const lines = cells.map((c, i) => this.cellLines(c, widths[i], size));
    const total = Math.max(1, ...lines.map((l) => l.length));
    const capacity = A4[1] - M.top - M.bottom - 4 * lh;
    if (!this.fits(total * lh + 2 * PAD) && total * lh <= capacity && header) {
      this.newPage();
      header();
    }
    // A row taller than what is left (a long observation) continues on the next page.
    for (let start = 0; start < total; ) {
      const room = Math.max(1, Math.floor((this.y - M.bottom - 2 * PAD) / lh));
      const n = Math.min(room, total - start);
      const h = n * lh + 2 * PAD;
      if (fill) this.page.drawRectangle({ x: M.left, y: this.y - h, width: WIDTH, height: h, color: this.lib.rgb(0.92, 0.92, 0.92) });
      let x = M.left;
      lines.forEach((cellLines, i) => {
        cellLines.slice(start, start + n).forEach((l, k) => this.draw(l.text, x + PAD, this.y - PAD - k * lh, l));
        x += widths[i];
      });
      this.y -= h;
      this.page.drawLine({ start: { x: M.left, y: this.y }, end: { x: M.left + WIDTH, y: this.y }, thickness: 0.5, color: this.grey });
      start += n;
      if (start < total) {
        this.newPage();
        header?.();
      }
    }
  }

  /** Thumbnails four to a row, each with its caption; a frame saying so when the photo is missing. */
  photos(list) {
    const cellW = WIDTH / 4;
    const boxW = cellW - 8;
    const boxH = boxW * 0.75;
    const capSize = 7;
    const rowH = boxH + 2 * capSize * LEADING + 10;
    for (let i = 0; i < list.length; i += 4) {
      this.ensure(rowH);
      list.slice(i, i + 4).forEach((ph, k) => {
        const x = M.left + k * cellW;
        if (ph.image) {
          const s = Math.min(boxW / ph.image.width, boxH / ph.image.height);
          const w = ph.image.width * s;
          const h = ph.image.height * s;
          this.page.drawImage(ph.image, { x: x + (boxW - w) / 2, y: this.y - boxH + (boxH - h) / 2, width: w, height: h });
        } else {
          this.page.drawRectangle({ x, y: this.y - boxH, width: boxW, height: boxH, borderColor: this.grey, borderWidth: 0.5 });
          this.draw('photo non reçue', x + 6, this.y - boxH / 2 + 4, { size: 8, color: this.grey });
        }
        this.lines(ph.legende, boxW, this.fonts.regular, capSize).slice(0, 2).forEach((line, n) => {
          this.draw(line, x, this.y - boxH - 3 - n * capSize * LEADING, { size: capSize, color: this.grey });
        });
      });
      this.y -= rowH;
    }
  }

  /** The signatures two to a row: role and name, date, the drawn image. */
  signatures(list) {
    const boxW = WIDTH / 2 - 10;
    const imgH = 70;
    const rowH = 2 * 10 * LEADING + imgH + 14;
    for (let i = 0; i < list.length; i += 2) {
      this.ensure(rowH);
      list.slice(i, i + 2).forEach((s, k) => {
        const x = M.left + k * (boxW + 20);
        const { bold } = this.fonts;
        const lead = `${this.p(s.role)} : `;
        this.draw(lead, x, this.y, { font: bold });
        this.draw(this.lines(s.nom, boxW - bold.widthOfTextAtSize(lead, 10), this.fonts.regular, 10)[0], x + bold.widthOfTextAtSize(lead, 10), this.y);
        this.draw(`Signé le ${s.date || '—'}`, x, this.y - 10 * LEADING, { size: 9, color: this.grey });
        const top = this.y - 2 * 10 * LEADING - 2;
        this.page.drawRectangle({ x, y: top - imgH, width: boxW, height: imgH, borderColor: this.grey, borderWidth: 0.5 });
        if (s.image) {
          const sc = Math.min((boxW - 8) / s.image.width, (imgH - 8) / s.image.height);
          this.page.drawImage(s.image, { x: x + 4, y: top - imgH + 4, width: s.image.width * sc, height: s.image.height * sc });
        } else {
          this.draw('signature non reçue', x + 6, top - imgH / 2 + 4, { size: 8, color: this.grey });
        }
      });
      this.y -= rowH;
    }
  }

  /** The content hash and "Page i / n" at the foot of every page. */
  footers(hash) {
    const n = this.pages.length;
    this.pages.forEach((page, i) => {
      this.page = page;
      const text = `Empreinte SHA-256 : ${hash || '—'}`;
      this.log[i].push(this.p(text));
      page.drawText(this.p(text), { x: M.left, y: 30, size: 6.5, font: this.fonts.mono, color: this.grey });
      const num = `Page ${i + 1} / ${n}`;
      this.log[i].push(num);
      page.drawText(num, { x: M.left + WIDTH - this.fonts.regular.widthOfTextAtSize(num, 7.5), y: 30, size: 7.5, font: this.fonts.regular, color: this.grey });
    });
  }
}

/** Embed each distinct image once (JPEG or PNG); null for missing or unreadable bytes. */
function imageEmbedder(doc, thumbnail) {
  const cache = new Map();
  return async (item) => {
    const key = item.sha256 || item;
    if (cache.has(key)) return cache.get(key);
    let image = null;
    try {
      const bytes = (await toBytes(item.bytes)) || (item.sha256 && thumbnail ? await toBytes(await thumbnail(item.sha256)) : null);
      if (bytes && isJpeg(bytes)) image = await doc.embedJpg(bytes);
      else if (bytes && isPng(bytes)) image = await doc.embedPng(bytes);
    } catch {
      image = null; // a damaged thumbnail prints as "photo non reçue", it never stops the copy
    }
    cache.set(key, image);
    return image;
  };
}

const withImages = async (list, embed) => Promise.all(list.map(async (x) => ({ ...x, image: await embed(x) })));

/**
 * The tenant's copy: {bytes: Uint8Array (A4 PDF), pages: [[text drawn on each page]]}.
 * `data`: {edl, elements, signatures (with `png` bytes), photos (with `thumbnail` JPEG bytes),
 * context: {logement, bailleur, date_entree}, content_hash, thumbnail?: async sha256 → bytes,
 * sortie?: a sortie's vétusté context {grilles, sortieLe, dateEntree}}.
 * `compress: false` writes no object streams (tests read the file).
 */
export async function renderEdlPdf(data, { compress = true } = {}) {
  const lib = await import('pdf-lib');
  const v = edlView(data);
  const doc = await lib.PDFDocument.create();
  const fonts = {
    regular: await doc.embedFont(lib.StandardFonts.Helvetica),
    bold: await doc.embedFont(lib.StandardFonts.HelveticaBold),
    mono: await doc.embedFont(lib.StandardFonts.Courier),
  };
  const embed = imageEmbedder(doc, data.thumbnail);
  const w = new Writer(lib, doc, fonts);
  const l = v.logement;

  w.paragraph(v.title, { font: fonts.bold, size: 18, after: 4 });
  w.paragraph(`Établi le ${v.date_edl || '—'}${v.signe ? '' : ' · document non signé (brouillon)'}`);
  w.paragraph(`Empreinte SHA-256 du contenu : ${v.content_hash || '—'}`, { font: fonts.mono, size: 8, after: 6 });

  w.heading('Logement');
  w.paragraph([
    `Logement ${l.numero || '—'}${l.typologie ? ` (${l.typologie})` : ''}`, l.etage && `étage ${l.etage}`, l.batiment,
    l.residence && `résidence ${l.residence}`,
  ].filter(Boolean).join(', '));
  if (l.adresse) w.paragraph(l.adresse);
  if (v.sortie) drawSortieHead(w, v);

  w.heading('Parties');
  const parties = v.parties.map((p) => [p.role, p.nom, p.adresse || '—']);
  if (parties.length) w.table([{ label: 'Qualité', width: 0.2 }, { label: 'Nom', width: 0.35 }, { label: 'Adresse', width: 0.45 }], parties);
  else w.paragraph('Aucune partie renseignée');
  w.y -= 6;
  w.labelled('Bailleur', `${v.bailleur || '—'}${v.bailleur_representant ? `, représenté par ${v.bailleur_representant}` : ''}`);
  w.labelled('Adresse du bailleur', v.bailleur_adresse || '—');
  w.labelled('Mandataire', v.mandataire || 'aucun');

  w.heading('Relevés des compteurs');
  const compteurs = await withImages(v.compteurs.map((c) => c.photo || {}), embed);
  const meterRows = v.compteurs.map((c, i) => [c.type, c.numero || '—', c.index, !c.photo ? '—' : compteurs[i].image ? 'ci-dessous' : 'photo non reçue']);
  if (meterRows.length) {
    w.table([{ label: 'Compteur', width: 0.34 }, { label: 'Numéro', width: 0.26 }, { label: 'Index', width: 0.2 }, { label: 'Photo', width: 0.2 }], meterRows);
  } else w.paragraph('Aucun compteur relevé');
  const meterPhotos = compteurs.filter((c, i) => v.compteurs[i].photo);
  if (meterPhotos.length) {
    w.y -= 6;
    w.photos(meterPhotos);
  }

  w.heading("Clés et moyens d'accès remis");
  const cles = v.cles.map((c) => [c.type, c.nombre, c.destination || '—']);
  if (cles.length) w.table([{ label: 'Type', width: 0.4 }, { label: 'Nombre', width: 0.15 }, { label: 'Destination', width: 0.45 }], cles);
  else w.paragraph('Aucune clé remise');

  w.heading('Pièces et éléments');
  if (!v.pieces.length) w.paragraph('Aucun élément relevé.');
  const cols = v.sortie ? SORTIE_COLS
    : [{ label: 'Élément', width: 0.27 }, { label: 'État', width: 0.16 }, { label: 'Mentions', width: 0.17 }, { label: 'Observations', width: 0.4 }];
  for (const piece of v.pieces) {
    w.y -= 6;
    const rows = piece.elements.map((e) => (v.sortie ? sortieRow(e) : [
      [{ text: e.element }, ...(e.grille ? [{ text: e.grille, size: 7.5, grey: true }] : [])],
      e.etat, e.marques.join(', '), e.observations,
    ]));
    // The room's name heads its table, and again with "(suite)" on each page it runs onto.
    let pages = 0;
    const name = () => w.paragraph(`${piece.nom}${pages++ ? ' (suite)' : ''}`, { font: fonts.bold, size: 11, after: 2 });
    w.ensure(120);
    w.table(cols, rows, { repeat: name });
    if (piece.photos.length) {
      w.y -= 6;
      w.photos(await withImages(piece.photos, embed));
    }
  }

  if (v.sortie) drawVetuste(w, v.sortie);

  w.heading('Observations générales');
  w.paragraph(v.observations || 'Aucune.');
  if (v.general_photos.length) {
    w.y -= 4;
    w.photos(await withImages(v.general_photos, embed));
  }

  w.heading('Signatures');
  w.paragraph("Les parties signataires reconnaissent l'exactitude du présent état des lieux, établi contradictoirement, "
    + `dont le contenu a pour empreinte SHA-256 ${v.content_hash || '—'}.`, { size: 9, after: 8 });
  if (!v.signatures.length) w.paragraph('Aucune signature.');
  w.signatures(await withImages(v.signatures, embed));

  w.footers(v.content_hash);
  doc.setTitle(w.p(`${v.title} — ${l.residence} ${l.numero}`.trim()));
  doc.setLanguage('fr-FR');
  doc.setCreator('Palier');
  doc.setProducer('Palier');
  doc.setSubject(`Empreinte SHA-256 : ${v.content_hash}`);
  const bytes = await doc.save({ useObjectStreams: compress });
  return { bytes, pages: w.log };
}
