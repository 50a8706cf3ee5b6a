// One stored value as AES-GCM ciphertext (Web Crypto). The plaintext is the value's JSON, followed
// by the raw bytes of the Blobs, ArrayBuffers and typed arrays it holds (photo bytes are encrypted
// as bytes, not as base64 text). Dates come back as Dates; as with JSON, `undefined` properties
// and non-finite numbers do not survive (no stored value of the app uses them).

const FORMAT = 1;
const IV_BYTES = 12;
const MARK = '\u0000palier'; // placeholder objects: {[MARK]: kind, ...}
const encoder = new TextEncoder();
// Blobs come back as the Blob of the page when this module loaded: the one Dexie (loaded with it)
// knows and does not deep-clone (a test may swap globalThis.Blob later).
const PageBlob = globalThis.Blob;
const isBlob = (x) => (!!PageBlob && x instanceof PageBlob) || (!!globalThis.Blob && x instanceof globalThis.Blob);
const TYPED = Object.fromEntries([
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
].map((T) => [T.name, T]));
const decoder = new TextDecoder();

/** A fresh random 96-bit IV. */
export const newIv = () => crypto.getRandomValues(new Uint8Array(IV_BYTES));

/** The plaintext of a value: [format, u32 JSON length, JSON, binary parts…] and whether it has parts. */
async function serialize(value) {
  const parts = [];
  let special = false;
  const json = JSON.stringify(value, function replacer(key, v) {
    const raw = this[key];
    if (raw === null || typeof raw !== 'object') return v;
    if (raw instanceof Date) {
      special = true;
      return { [MARK]: 'date', t: raw.getTime() };
    }
    if (isBlob(raw)) {
      special = true;
      parts.push(raw);
      return { [MARK]: 'blob', i: parts.length - 1, type: raw.type };
    }
    if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
      special = true;
      parts.push(raw);
      const kind = raw instanceof ArrayBuffer ? 'buffer' : TYPED[raw.constructor.name] ? raw.constructor.name : 'Uint8Array';
      return { [MARK]: kind, i: parts.length - 1 };
    }
    return v;
  });
  const text = encoder.encode(json);
  const bytes = await Promise.all(parts.map(toBytes));
  const total = 5 + text.length + bytes.reduce((n, b) => n + 4 + b.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = FORMAT | (special ? 0x80 : 0);
  view.setUint32(1, text.length);
  out.set(text, 5);
  let at = 5 + text.length;
  for (const b of bytes) {
    view.setUint32(at, b.length);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

async function toBytes(part) {
  if (part instanceof ArrayBuffer) return new Uint8Array(part);
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  return new Uint8Array(await part.arrayBuffer());
}

function deserialize(buffer) {
  const all = new Uint8Array(buffer);
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
  if ((all[0] & 0x7f) !== FORMAT) throw new Error(`Format chiffré inconnu (${all[0] & 0x7f}).`);
  const length = view.getUint32(1);
  const json = decoder.decode(all.subarray(5, 5 + length));
  if (!(all[0] & 0x80)) return JSON.parse(json);
  const parts = [];
  for (let at = 5 + length; at < all.length;) {
    const n = view.getUint32(at);
    parts.push(all.slice(at + 4, at + 4 + n)); // a copy: the part owns its bytes
    at += 4 + n;
  }
  return JSON.parse(json, (key, v) => (v && typeof v === 'object' && MARK in v ? revive(v, parts) : v));
}

function revive(mark, parts) {
  const kind = mark[MARK];
  if (kind === 'date') return new Date(mark.t);
  const bytes = parts[mark.i];
  if (kind === 'blob') return new (PageBlob || globalThis.Blob)([bytes], { type: mark.type || '' });
  if (kind === 'buffer') return bytes.buffer;
  const Typed = TYPED[kind] || Uint8Array;
  return new Typed(bytes.buffer, 0, bytes.byteLength / Typed.BYTES_PER_ELEMENT);
}

/** Encrypt a value with AES-GCM under `key`, `aad` bound to it: {iv, ct: ArrayBuffer}. */
export async function encryptValue(key, value, aad) {
  const iv = newIv();
  const plain = await serialize(value);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, plain);
  return { iv, ct };
}

/** Decrypt what encryptValue made (throws when the key, the AAD or the bytes do not match). */
export async function decryptValue(key, { iv, ct }, aad) {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, ct);
  return deserialize(plain);
}

/** The additional data binding a stored value to its table and primary key. */
export function rowAad(table, primaryKey) {
  return encoder.encode(`palier/${table}/${JSON.stringify(primaryKey)}`);
}
