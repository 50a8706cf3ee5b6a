// What the tablet's PDF prints, grouped, ordered and labelled the same way as the server's
// (server/documents/edl_pdf.py edl_view): the two copies of one signed EDL read alike.
import { COMPTEUR_LABELS, ETAT_LABELS, MARQUES, ROLE_LABELS, SENS_TITRES } from './labels.js';
import { formatDateTime, formatIndex } from './pdf-text.js';
import { compare, formatEuros, IMPUTATION_LABELS, vetusteOf } from './sortie.js';

/** A pulled record ({entity, record, fields}) or plain fields → plain fields with `id`. */
const flat = (r) => (r && 'fields' in r && 'record' in r ? { ...r.fields, id: r.record } : r || {});
const live = (rows) => (rows || []).map(flat).filter((r) => !r.deleted);
const str = (v) => (v === null || v === undefined ? '' : String(v));
const byKey = (...keys) => (a, b) => {
  for (const k of keys) {
    const c = str(a[k]) < str(b[k]) ? -1 : str(a[k]) > str(b[k]) ? 1 : 0;
    if (c) return c;
  }
  return 0;
};

function logementView(l = {}) {
  const ville = [l.code_postal, l.ville].map(str).join(' ').trim();
  return {
    numero: str(l.numero), batiment: str(l.batiment), residence: str(l.residence), etage: str(l.etage),
    typologie: str(l.typologie), adresse: [str(l.adresse), ville].filter(Boolean).join(', '),
  };
}

const photoView = (p, element) => ({
  legende: [element, p.caption].filter(Boolean).join(' — '), sha256: p.sha256 ?? null, bytes: p.thumbnail ?? null,
});

/** The entry's condition beside the exit's: its label when the condition changed, else "identique". */
function entreeText(e) {
  if (!e.etat_entree) return '—';
  const c = compare(e);
  return c === 'worse' || c === 'better' ? ETAT_LABELS[e.etat_entree] || str(e.etat_entree) : c === 'equal' ? 'identique' : '—';
}

function pieces(elements, photos, sortie = false) {
  const byElement = new Map();
  for (const p of photos) {
    if (p.owner_entity !== 'edl_element') continue;
    if (!byElement.has(p.owner_record)) byElement.set(p.owner_record, []);
    byElement.get(p.owner_record).push(p);
  }
  const rooms = new Map();
  const sorted = [...elements].sort((a, b) => (a.ordre || 0) - (b.ordre || 0) || byKey('id')(a, b));
  for (const e of sorted) {
    const nom = e.piece || 'Sans pièce';
    if (!rooms.has(nom)) rooms.set(nom, { nom, elements: [], photos: [] });
    const room = rooms.get(nom);
    room.elements.push({
      element: str(e.element), grille: str(e.grille_element), etat: ETAT_LABELS[e.etat] || '—', ...(sortie && { entree: entreeText(e) }),
      marques: MARQUES.filter(([m]) => e[m]).map(([, label]) => label), observations: str(e.observations),
    });
    for (const p of byElement.get(e.id) || []) room.photos.push(photoView(p, str(e.element)));
  }
  return [...rooms.values()];
}

/** The calculation of a vétusté line in words: the grille line, the installation date, age and rate. */
function calcul(l) {
  if (l.imputation === 'usure_normale' || l.age === null) return l.text;
  return `Grille « ${l.grille} », installé le ${formatDateTime(l.installeLe)} : ${l.text}`;
}

/**
 * What a sortie prints besides (sortie.js's figures, as the screen shows them): whether it has
 * an entry, the locataires' new address, each vétusté line and the totals.
 */
function sortieView(e, elements, ctx) {
  const v = vetusteOf(elements, ctx || { grilles: [], sortieLe: e.date_edl, dateEntree: null });
  const adresses = (e.parties || []).filter((p) => p?.role === 'locataire' && str(p.adresse).trim()).map((p) => str(p.adresse).trim());
  return {
    sans_entree: !e.entree_id,
    nouvelle_adresse: [...new Set(adresses)].join(' ; '),
    lignes: v.lines.map((l) => ({
      element: `${str(l.piece)} — ${str(l.element)}`, etats: `${l.entree} / ${l.sortie}`, imputation: IMPUTATION_LABELS[l.imputation] || str(l.imputation),
      cout: formatEuros(l.cout), calcul: calcul(l), locataire: formatEuros(l.partLocataire), bailleur: formatEuros(l.partBailleur),
    })),
    totaux: { cout: formatEuros(v.total.cout), locataire: formatEuros(v.total.partLocataire), bailleur: formatEuros(v.total.partBailleur) },
  };
}

/**
 * The printed view of an EDL from plain data: {edl, elements, signatures, photos, context:
 * {logement, bailleur, date_entree}, content_hash, sortie?: {grilles, sortieLe, dateEntree} (a
 * sortie's vétusté context)}. Photos carry `thumbnail` bytes, signatures `png` bytes (either may
 * be missing: the PDF says so).
 */
export function edlView({ edl, elements = [], signatures = [], photos = [], context = {}, content_hash = '', sortie = null }) {
  const e = flat(edl);
  const livePhotos = live(photos).sort(byKey('taken_at', 'id'));
  const byId = new Map(livePhotos.map((p) => [p.id, p]));
  const compteurs = (e.compteurs || []).filter(Boolean);
  const meterPhotos = new Set(compteurs.map((c) => c.photo_id).filter(Boolean));
  const liveSignatures = live(signatures);
  const bailleur = context.bailleur;
  return {
    title: SENS_TITRES[e.sens] || SENS_TITRES.entree,
    sens: e.sens || 'entree',
    date_edl: formatDateTime(e.date_edl),
    date_entree: formatDateTime(context.date_entree),
    signe: liveSignatures.length > 0,
    logement: logementView(context.logement || {}),
    bailleur: str(typeof bailleur === 'object' && bailleur ? bailleur.nom : bailleur),
    bailleur_representant: str(e.bailleur_representant),
    bailleur_adresse: str(e.bailleur_adresse || (typeof bailleur === 'object' && bailleur ? bailleur.adresse : '')),
    mandataire: str(e.mandataire),
    parties: (e.parties || []).filter(Boolean).map((p) => ({
      role: ROLE_LABELS[p.role] || str(p.role), nom: str(p.nom), adresse: str(p.adresse),
    })),
    compteurs: compteurs.map((c) => {
      const photo = c.photo_id ? byId.get(c.photo_id) || { caption: '' } : null; // named, never received
      return {
        type: COMPTEUR_LABELS[c.type] || str(c.type), numero: str(c.numero), index: formatIndex(c.index),
        photo: photo ? photoView(photo, COMPTEUR_LABELS[c.type] || str(c.type)) : null,
      };
    }),
    cles: (e.cles || []).filter(Boolean).map((c) => ({
      type: str(c.type), nombre: str(c.nombre), destination: str(c.destination),
    })),
    pieces: pieces(live(elements), livePhotos, e.sens === 'sortie'),
    sortie: e.sens === 'sortie' ? sortieView(e, live(elements), sortie) : null,
    observations: str(e.observations),
    general_photos: livePhotos
      .filter((p) => p.owner_entity === 'etat_des_lieux' && [e.id, null, undefined].includes(p.owner_record) && !meterPhotos.has(p.id))
      .map((p) => photoView(p, '')),
    signatures: liveSignatures.map((s) => ({
      role: ROLE_LABELS[s.role] || str(s.role), nom: str(s.nom), date: formatDateTime(s.signed_at),
      sha256: s.image_sha256 ?? null, bytes: s.png ?? null,
    })),
    content_hash: str(content_hash),
  };
}
