// The canonical form of a signed document: RFC 8785 (JCS) JSON, the état des lieux and the addendum
// it covers.
// One specification, docs/canonical.md, implemented here and in sync/canonical.py; both are held
// to the same vectors (tests/vectors/canonical.json), byte for byte.

// Keys of a record's fields that are not signed content: fields the server sets (statut,
// content_hash, review), the derived résidence, and the envelope of a pulled record when a
// caller flattened it into its fields (a Dexie row `{id, ...fields, _v}`). Keys starting with "_"
// (`_conflicts`, `_v`) are left out too. sync/canonical.py holds the same list; a test compares them.
export const EXCLUDED_FIELDS = Object.freeze([
  'statut',
  'content_hash',
  'residence_id',
  'review_state',
  'review_comment',
  'id',
  'version',
  'deleted',
  'hlc',
  'updated_hlc',
  'created_by',
  'updated_by',
]);
export const EXCLUDED_PREFIX = '_';

export const EDL_ENTITY = 'etat_des_lieux';
export const ELEMENT_ENTITY = 'edl_element';
export const ELEMENT_PARENT = 'edl_id';
export const ADDENDUM_ENTITY = 'edl_addendum';

const EXCLUDED = new Set(EXCLUDED_FIELDS);
const SURROGATE = /\p{Surrogate}/u; // with the u flag, only an unpaired surrogate is one code point

/** A value that has no canonical form; `code` is the same as in the Python version. */
export class CanonicalError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'CanonicalError';
    this.code = code;
  }
}

/** RFC 8785 text of a JSON value (plain object, array, string, finite number, boolean, null). */
export function canonicalJson(value) {
  const out = [];
  write(value, out);
  return out.join('');
}

/** Hex SHA-256 of the UTF-8 bytes of a canonical text (crypto.subtle: resolves to a string). */
export async function contentHash(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A number as Number.prototype.toString writes it (JCS §3.2.2.3); NaN and ±Infinity refused. */
export function esNumber(n) {
  if (!Number.isFinite(n)) throw new CanonicalError('non_finite_number', 'NaN and Infinity have no JSON form');
  return String(n); // -0 → "0"
}

function quote(text) {
  if (SURROGATE.test(text)) throw new CanonicalError('lone_surrogate', 'text holds an unpaired surrogate');
  // For well-formed text JSON.stringify escapes exactly what JCS escapes (ES2019 QuoteJSONString).
  return JSON.stringify(text);
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value, out) {
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'string') out.push(quote(value));
  else if (typeof value === 'number') out.push(esNumber(value));
  else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i) out.push(',');
      if (!(i in value)) throw new CanonicalError('unsupported_type', 'not a JSON value: a hole in an array');
      write(value[i], out);
    }
    out.push(']');
  } else if (typeof value === 'object' && isPlainObject(value)) {
    // The default sort compares UTF-16 code units, as JCS §3.2.3 asks.
    const keys = Object.keys(value).sort();
    out.push('{');
    keys.forEach((key, i) => {
      if (i) out.push(',');
      out.push(quote(key), ':');
      write(value[key], out);
    });
    out.push('}');
  } else {
    const kind = value === undefined ? 'undefined' : value?.constructor?.name || typeof value;
    throw new CanonicalError('unsupported_type', `not a JSON value: ${kind}`);
  }
}

/** The fields of a record that are signed: excluded keys, "_" keys and null values left out. */
export function signedFields(fields) {
  // A null field is the same as an absent one: the server holds every column (null when unset)
  // while the device holds only what was written. `undefined` is absent too (no JSON form).
  const out = {};
  for (const [key, value] of Object.entries(fields)) {
    if (EXCLUDED.has(key) || key.startsWith(EXCLUDED_PREFIX) || value === null || value === undefined) continue;
    out[key] = value;
  }
  return out;
}

const isLive = (item) => item.deleted !== true && item.removed !== true;

function recordId(item) {
  if (typeof item.record !== 'string' || !item.record) throw new CanonicalError('invalid_document', 'a record without its id');
  return item.record;
}

function fieldsOf(item) {
  const { fields } = item;
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new CanonicalError('invalid_document', 'a record without its fields');
  }
  return fields;
}

const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0); // UTF-16 code units

function ordreOf(element) {
  const { ordre } = element.fields;
  if (ordre === null || ordre === undefined) return null;
  if (typeof ordre !== 'number' || !Number.isFinite(ordre)) {
    throw new CanonicalError('invalid_document', `ordre is not a number: ${String(ordre)}`);
  }
  return ordre;
}

function compareElements(a, b) {
  const oa = ordreOf(a);
  const ob = ordreOf(b);
  if (oa !== ob) {
    if (oa === null) return 1; // no ordre: after the ordered ones
    if (ob === null) return -1;
    return oa - ob;
  }
  return compareText(a.id, b.id);
}

/** The signed content of an état des lieux, from records shaped as the pull delivers them. */
export function canonicalDocument(edl, elements, photos) {
  const edlId = recordId(edl);
  if (!isLive(edl)) throw new CanonicalError('invalid_document', 'a deleted état des lieux has no content');
  const kept = [];
  for (const item of elements) {
    const fields = fieldsOf(item);
    if (isLive(item) && fields[ELEMENT_PARENT] === edlId) kept.push({ id: recordId(item), fields: signedFields(fields) });
  }
  kept.forEach(ordreOf); // refuse a bad ordre even when there is nothing to compare it with
  kept.sort(compareElements);
  const owners = new Set([`${EDL_ENTITY}\u0000${edlId}`, ...kept.map((e) => `${ELEMENT_ENTITY}\u0000${e.id}`)]);
  const shown = [];
  for (const item of photos) {
    const fields = fieldsOf(item);
    if (!isLive(item) || !owners.has(`${fields.owner_entity}\u0000${fields.owner_record}`)) continue;
    if (typeof fields.sha256 !== 'string') throw new CanonicalError('invalid_document', 'a photo without its sha256');
    shown.push({ owner: fields.owner_record, sha256: fields.sha256 });
  }
  shown.sort((a, b) => compareText(a.owner, b.owner) || compareText(a.sha256, b.sha256));
  return { entity: EDL_ENTITY, id: edlId, fields: signedFields(fieldsOf(edl)), elements: kept, photos: shown };
}

/** The canonical text of an état des lieux (what is hashed and signed). */
export function canonicalText(edl, elements, photos) {
  return canonicalJson(canonicalDocument(edl, elements, photos));
}

/** The signed content of an addendum (edl_addendum) and its photos, records as the pull delivers them. */
export function canonicalAddendum(addendum, photos) {
  const addendumId = recordId(addendum);
  if (!isLive(addendum)) throw new CanonicalError('invalid_document', 'a deleted addendum has no content');
  const shown = [];
  for (const item of photos) {
    const fields = fieldsOf(item);
    if (!isLive(item) || fields.owner_entity !== ADDENDUM_ENTITY || fields.owner_record !== addendumId) continue;
    if (typeof fields.sha256 !== 'string') throw new CanonicalError('invalid_document', 'a photo without its sha256');
    shown.push({ owner: addendumId, sha256: fields.sha256 });
  }
  shown.sort((a, b) => compareText(a.sha256, b.sha256));
  return { addendum: { id: addendumId, fields: signedFields(fieldsOf(addendum)) }, photos: shown };
}

/** The canonical text of an addendum (what is hashed and signed). */
export function canonicalAddendumText(addendum, photos) {
  return canonicalJson(canonicalAddendum(addendum, photos));
}
