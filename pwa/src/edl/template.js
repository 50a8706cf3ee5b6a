// The default layout of an état des lieux by typologie (DOMAIN.md "Default template": rooms, their
// elements with the grille de vétusté line that prices their wear, meters, keys), and the edits
// made on site (add, rename, remove, reorder rooms and elements). Pure functions: the edits return
// the edl_element changes to write, the caller writes them.
import { ORDRE_STEP, planOrdre, sortRows } from './ordre.js';

export { ORDRE_STEP } from './ordre.js';

const el = (element, grille_element = null) => ({ element, grille_element });

/** Elements of every room of the home, door first, then floor to ceiling, then fittings. */
export const COMMON_ELEMENTS = [
  el('Porte et serrure', 'Portes intérieures'),
  // "Parquet, Carrelage, Revêtement de sol souple or Moquette, as found": the usual one by default.
  el('Sol', 'Revêtement de sol souple'),
  el('Plinthes'),
  el('Murs', 'Peinture'),
  el('Plafond', 'Peinture'),
  el('Fenêtres et vitrages'),
  el('Volets ou stores', 'Volets'),
  el('Radiateur'),
  el('Prises et interrupteurs', 'Équipements électriques'),
  el('Éclairage', 'Équipements électriques'),
  el('Placards'),
];
const common = (...names) => COMMON_ELEMENTS.filter((e) => names.includes(e.element));
const CUISINE = [
  el('Évier'), el('Robinetterie', 'Robinetterie'), el('Plan de travail'), el('Meubles'), el('Hotte ou VMC'),
  el('Plaques ou arrivée de gaz'),
];
const SALLE_EAU = [
  el('Baignoire ou douche', 'Appareils sanitaires'), el('Lavabo', 'Appareils sanitaires'),
  el('Robinetterie', 'Robinetterie'), el('Faïence', 'Carrelage'), el('VMC'), el('Chauffe-eau', 'Chauffe-eau'),
];
const WC = [el('Cuvette', 'Appareils sanitaires'), el('Abattant', 'Appareils sanitaires'), el("Chasse d'eau", 'Appareils sanitaires')];
// Annexes get only the common elements they can have (a cave has no radiator nor shutters).
const ANNEXE = common('Porte et serrure', 'Sol', 'Murs', 'Plafond', 'Éclairage');
const EXTERIEUR = common('Sol', 'Murs', 'Plafond');

/** Room kinds (the "Ajouter une pièce" choices) with their default name and elements. */
export const ROOM_KINDS = {
  entree: { piece: 'Entrée', elements: COMMON_ELEMENTS },
  piece_principale: { piece: 'Pièce principale', elements: COMMON_ELEMENTS },
  cuisine: { piece: 'Cuisine', elements: [...COMMON_ELEMENTS, ...CUISINE] },
  degagement: { piece: 'Dégagement', elements: COMMON_ELEMENTS },
  chambre: { piece: 'Chambre', elements: COMMON_ELEMENTS },
  salle_eau: { piece: "Salle d'eau", elements: [...COMMON_ELEMENTS, ...SALLE_EAU] },
  wc: { piece: 'WC', elements: [...COMMON_ELEMENTS, ...WC] },
  cellier: { piece: 'Cellier', elements: ANNEXE },
  balcon: { piece: 'Balcon / loggia', elements: EXTERIEUR },
  cave: { piece: 'Cave', elements: ANNEXE },
  parking: { piece: 'Parking', elements: ANNEXE },
  autre: { piece: 'Autre pièce', elements: COMMON_ELEMENTS },
};

/** The annexes a logement may have, in the order they are visited (keys of ROOM_KINDS). */
export const EXTRAS = ['cellier', 'balcon', 'cave', 'parking'];

/** A fresh copy of a room kind's elements. */
export function elementsOfKind(kind) {
  const k = ROOM_KINDS[kind];
  if (!k) throw new TypeError(`unknown room kind: ${kind}`);
  return k.elements.map((e) => ({ ...e }));
}

/** The number in "T3" (1 when missing or unreadable: the smallest home). */
export function typologieRank(typologie) {
  const m = /^\s*T?\s*([1-9])\s*$/i.exec(String(typologie ?? ''));
  return m ? Number(m[1]) : 1;
}

/**
 * The default rooms of a logement, in walking order: entrée, pièce principale, cuisine,
 * dégagement (T3+), one chambre per T above T1, salle d'eau, WC, then its annexes (`extras`:
 * keys of EXTRAS, "loggia" is "balcon"). Returns [{piece, elements: [{element, grille_element}]}].
 */
export function roomsFor(typologie, extras = []) {
  const n = typologieRank(typologie);
  const plan = [['entree'], ['piece_principale'], ['cuisine']];
  if (n >= 3) plan.push(['degagement']);
  for (let i = 1; i < n; i += 1) plan.push(['chambre', n === 2 ? 'Chambre' : `Chambre ${i}`]);
  plan.push(['salle_eau'], ['wc']);
  const wanted = new Set((extras || []).map((x) => (x === 'loggia' ? 'balcon' : x)));
  for (const x of wanted) if (!EXTRAS.includes(x)) throw new TypeError(`unknown annexe: ${x}`);
  for (const x of EXTRAS) if (wanted.has(x)) plan.push([x]);
  return plan.map(([kind, piece = ROOM_KINDS[kind].piece]) => ({ piece, elements: elementsOfKind(kind) }));
}

/** A new edl_element row (id and fields) with no condition yet. */
function newElement(edlId, piece, { element, grille_element = null }, id, ordre = undefined) {
  return {
    id, edl_id: edlId, piece, element, ordre, etat: null, non_teste: false, absent: false, sale: false,
    observations: '', grille_element,
  };
}

/** An error the user can fix (its message is French, for the screen). */
export class LayoutError extends Error {}

const sameName = (a, b) => a.trim().toLocaleLowerCase('fr') === b.trim().toLocaleLowerCase('fr');

function checkName(name, taken, what) {
  const clean = String(name ?? '').trim();
  if (!clean) throw new LayoutError(what === 'piece' ? 'Nommez la pièce.' : "Nommez l'élément.");
  if (taken.some((t) => sameName(t, clean))) throw new LayoutError('Une pièce porte déjà ce nom.');
  return clean;
}

/**
 * The edl_element rows of a new EDL from `rooms` (roomsFor's shape): ids from `newId()`, a global
 * `ordre` (ORDRE_STEP, 2 × ORDRE_STEP, …), no condition, no mark, empty observations.
 */
export function elementsFor(edlId, rooms, newId) {
  const seen = [];
  for (const r of rooms) seen.push(checkName(r.piece, seen, 'piece'));
  let i = 0;
  return rooms.flatMap((r, k) => r.elements.map((e) => newElement(edlId, seen[k], e, newId(), ORDRE_STEP * ++i)));
}

/** Rooms of an EDL from its element rows: [{piece, elements}], ordered by their first element. */
export function roomsOf(rows) {
  const rooms = new Map();
  for (const r of sortRows(rows)) {
    if (!rooms.has(r.piece)) rooms.set(r.piece, []);
    rooms.get(r.piece).push(r);
  }
  return [...rooms].map(([piece, elements]) => ({ piece, elements }));
}

const EDITABLE = ['piece', 'element', 'grille_element', 'ordre'];

/**
 * The changes that turn `rows` into `seq` (the wanted rows in order; new ones marked `_new`):
 * [{op: 'delete', id}, {op: 'create', id, fields}, {op: 'update', id, fields}] where update
 * fields are only what changed (piece, element, grille_element, ordre).
 */
function changesTo(rows, seq) {
  const before = new Map(rows.map((r) => [r.id, r]));
  const ordres = planOrdre(seq.map((r) => (r._new ? { id: r.id } : r)));
  const kept = new Set(seq.map((r) => r.id));
  const out = rows.filter((r) => !kept.has(r.id)).map((r) => ({ op: 'delete', id: r.id }));
  seq.forEach((r, i) => {
    const { _new, id, ...fields } = { ...r, ordre: ordres[i] };
    if (_new) {
      out.push({ op: 'create', id, fields });
      return;
    }
    const old = before.get(id);
    const diff = Object.fromEntries(EDITABLE.filter((f) => fields[f] !== old[f]).map((f) => [f, fields[f]]));
    if (Object.keys(diff).length) out.push({ op: 'update', id, fields: diff });
  });
  return out;
}

const flat = (rooms) => rooms.flatMap((r) => r.elements);
const clampIndex = (i, n) => Math.max(0, Math.min(n, i ?? n));

function findRoom(rooms, piece) {
  const i = rooms.findIndex((r) => r.piece === piece);
  if (i < 0) throw new LayoutError('Pièce introuvable.');
  return i;
}

/** A free name for a new room of a kind: "Chambre 3" after "Chambre 1" and "Chambre 2". */
export function nextRoomName(rows, base) {
  const names = roomsOf(rows).map((r) => r.piece);
  const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: (\\d+))?$`, 'i');
  const used = names.map((n) => re.exec(n.trim())).filter(Boolean).map((m) => Number(m[1] || 1));
  return used.length ? `${base} ${Math.max(...used) + 1}` : base;
}

/**
 * Add a room at position `index` among the rooms (the end by default) with `elements` (a room
 * kind's by default). Returns the changes; throws LayoutError for an empty or taken name.
 */
export function addRoom(rows, { edlId, piece, kind = 'autre', elements = elementsOfKind(kind), index }, newId) {
  const rooms = roomsOf(rows);
  const name = checkName(piece, rooms.map((r) => r.piece), 'piece');
  const added = { piece: name, elements: elements.map((e) => ({ ...newElement(edlId, name, e, newId()), _new: true })) };
  rooms.splice(clampIndex(index, rooms.length), 0, added);
  return changesTo(rows, flat(rooms));
}

/** Rename a room (all its elements). Throws LayoutError for an empty or taken name. */
export function renameRoom(rows, piece, newName) {
  const rooms = roomsOf(rows);
  const i = findRoom(rooms, piece);
  const name = checkName(newName, rooms.filter((_, k) => k !== i).map((r) => r.piece), 'piece');
  rooms[i] = { piece: name, elements: rooms[i].elements.map((e) => ({ ...e, piece: name })) };
  return changesTo(rows, flat(rooms));
}

/** Remove a room and its elements (the caller confirms first when some are filled in). */
export function removeRoom(rows, piece) {
  const rooms = roomsOf(rows);
  rooms.splice(findRoom(rooms, piece), 1);
  return changesTo(rows, flat(rooms));
}

/** Move a room to position `index` among the rooms (0 = first). */
export function moveRoom(rows, piece, index) {
  const rooms = roomsOf(rows);
  const [room] = rooms.splice(findRoom(rooms, piece), 1);
  rooms.splice(clampIndex(index, rooms.length), 0, room);
  return changesTo(rows, flat(rooms));
}

/** Add an element to a room at position `index` in it (the end by default). */
export function addElement(rows, { edlId, piece, element, grille_element = null, index }, newId) {
  const rooms = roomsOf(rows);
  const room = rooms[findRoom(rooms, piece)];
  const name = checkName(element, [], 'element');
  const row = { ...newElement(edlId, piece, { element: name, grille_element }, newId()), _new: true };
  room.elements.splice(clampIndex(index, room.elements.length), 0, row);
  return changesTo(rows, flat(rooms));
}

/** Rename an element (and change its grille line when `grille_element` is given). */
export function renameElement(rows, id, newName, grille_element = undefined) {
  const name = checkName(newName, [], 'element');
  const seq = sortRows(rows).map((r) => (r.id !== id ? r : { ...r, element: name, ...(grille_element !== undefined && { grille_element }) }));
  return changesTo(rows, flat(roomsOf(seq)));
}

/** Remove an element (its room goes with its last element). */
export function removeElement(rows, id) {
  return changesTo(rows, flat(roomsOf(rows.filter((r) => r.id !== id))));
}

/** Move an element to position `index` within its room (0 = first). */
export function moveElement(rows, id, index) {
  const rooms = roomsOf(rows);
  const room = rooms.find((r) => r.elements.some((e) => e.id === id));
  if (!room) throw new LayoutError('Élément introuvable.');
  const at = room.elements.findIndex((e) => e.id === id);
  const [row] = room.elements.splice(at, 1);
  room.elements.splice(clampIndex(index, room.elements.length), 0, row);
  return changesTo(rows, flat(rooms));
}

/** Rows after `changes` (for a screen that shows an edit before it is written). */
export function applyChanges(rows, changes) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const c of changes) {
    if (c.op === 'delete') byId.delete(c.id);
    else byId.set(c.id, { ...(byId.get(c.id) || {}), id: c.id, ...c.fields });
  }
  return sortRows([...byId.values()]);
}

/** Default meter readings to fill (DOMAIN.md: water, electricity peak and off-peak, gas, heating). */
export function compteursFor() {
  return ['eau_froide', 'eau_chaude', 'electricite_hp', 'electricite_hc', 'gaz', 'chauffage'].map((type) => ({
    type, numero: '', index: null, photo_id: null,
  }));
}

/** Default keys and access means, private and common parts; cave and parking ones with those annexes. */
export function clesFor(extras = []) {
  const has = new Set(extras || []);
  const cles = [
    ['Porte palière', 'Logement'],
    ['Boîte aux lettres', 'Boîte aux lettres (parties communes)'],
    ['Badge ou Vigik', 'Hall et accès (parties communes)'],
  ];
  if (has.has('cave')) cles.push(['Cave', 'Cave']);
  if (has.has('parking')) cles.push(['Garage', 'Parking'], ['Télécommande de parking', 'Parking (parties communes)']);
  return cles.map(([type, destination]) => ({ type, nombre: 0, destination }));
}
