// What the tablet's PDF prints, grouped, ordered and labelled the same way as the server's
// (server/documents/edl_pdf.py edl_view): the two copies of one signed EDL read alike.
import { COMPTEUR_LABELS, ETAT_LABELS, MARQUES, ROLE_LABELS, SENS_TITRES } from './labels.js';
import { formatDateTime, formatIndex } from './pdf-text.js';

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

function pieces(elements, photos) {
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
      element: str(e.element), grille: str(e.grille_element), etat: ETAT_LABELS[e.etat] || '—',
      marques: MARQUES.filter(([m]) => e[m]).map(([, label]) => label), observations: str(e.observations),
    });
    for (const p of byElement.get(e.id) || []) room.photos.push(photoView(p, str(e.element)));
  }
  return [...rooms.values()];
}

/**
 * The printed view of an EDL from plain data: {edl, elements, signatures, photos, context:
 * {logement, bailleur, date_entree}, content_hash}. Photos carry `thumbnail` bytes, signatures
 * `png` bytes (either may be missing: the PDF says so).
 */
export function edlView({ edl, elements = [], signatures = [], photos = [], context = {}, content_hash = '' }) {
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
    pieces: pieces(live(elements), livePhotos),
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
