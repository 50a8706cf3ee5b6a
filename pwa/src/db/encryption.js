// Encryption at rest: a Dexie DBCore middleware, the closest to IndexedDB (Dexie's cache and
// liveQuery above it see plaintext). A stored row keeps in clear only what its table's indexes
// need (its primary key and every index key path, read from the schema); the rest is one AES-GCM
// ciphertext `$ct` (random IV `$iv`, the table and primary key as additional data: a row copied
// under another key or table does not decrypt). Reads decrypt; rows without `$ct` (a database
// from before encryption, or written by a schema upgrade while locked) are read as they are, and
// sealPlaintextRows() rewrites them once the key is there. The data key lives only in memory.
//
// IndexedDB commits a transaction as soon as no request is pending, and Web Crypto is not an
// IndexedDB request: while a value is encrypted or decrypted, the transaction is kept alive by
// small `get` requests, and the work that follows starts from the last one's success callback.
import { decryptValue, encryptValue, rowAad } from './cipher.js';

const CT = '$ct';
const IV = '$iv';
const SPIN_KEY = -Infinity; // a valid key no row has: each spin is a cheap miss
const RANGE_ANY = 3; // DBCore RangeType.Any

let dataKey = null;
let down = null; // the DBCore under this middleware (the seal pass reads raw rows through it)
let onClearWrite = () => {};

/** The error of a write (or an encrypted read) while no key is in memory. */
export function lockedError() {
  return Object.assign(new Error("Palier est verrouillé : déverrouillez l'application pour accéder aux données."), { code: 'locked' });
}

/** Whether an error is lockedError(). */
export const isLocked = (e) => e?.code === 'locked';

/** Install the data key (an AES-GCM CryptoKey), or drop it with null. */
export function setDataKey(key) {
  dataKey = key || null;
}

/** Whether a data key is in memory. */
export const hasDataKey = () => dataKey !== null;

/** Called when a schema upgrade writes rows in clear (no key yet): they wait for the seal pass. */
export function onPlaintextWrite(callback) {
  onClearWrite = callback;
}

/** Whether a stored row is encrypted. */
export const isSealed = (row) => !!row && typeof row === 'object' && CT in row;

/**
 * Resolve with `promise`'s outcome while keeping `trans` alive: the result is delivered from a
 * request's success callback, where the transaction accepts new requests.
 */
export function keepAlive(trans, storeName, promise) {
  return new Promise((resolve, reject) => {
    let settled = false;
    let failed = false;
    let outcome;
    promise.then((v) => { settled = true; outcome = v; }, (e) => { settled = true; failed = true; outcome = e; });
    const finish = () => (failed ? reject(outcome) : resolve(outcome));
    let store;
    try {
      store = trans.objectStore(storeName);
    } catch {
      promise.then(resolve, reject); // no transaction to keep
      return;
    }
    const spin = () => {
      if (settled) return finish();
      let req;
      try {
        req = store.get(SPIN_KEY);
      } catch {
        promise.then(resolve, reject); // the transaction ended: nothing left to keep alive
        return undefined;
      }
      req.onsuccess = spin;
      req.onerror = (ev) => {
        ev.preventDefault?.();
        spin();
      };
      return undefined;
    };
    spin();
  });
}

/** Top-level property names a table's keys and indexes read (kept in clear). */
function clearFieldsOf(schema) {
  const paths = [schema.primaryKey.keyPath, ...schema.indexes.map((i) => i.keyPath)].flat().filter(Boolean);
  return new Set(paths.map((p) => String(p).split('.')[0]));
}

function split(value, clear) {
  const open = {};
  const secret = {};
  for (const [k, v] of Object.entries(value)) {
    if (clear.has(k)) open[k] = v;
    else secret[k] = v;
  }
  return { open, secret };
}

async function sealRow(table, clear, key, value, primaryKey) {
  const { open, secret } = split(value, clear);
  const { iv, ct } = await encryptValue(key, secret, rowAad(table, primaryKey));
  return { ...open, [IV]: iv, [CT]: ct };
}

async function openRow(table, key, row, primaryKey) {
  if (!isSealed(row)) return row;
  if (!key) throw lockedError();
  const { [IV]: iv, [CT]: ct, ...open } = row;
  return { ...open, ...(await decryptValue(key, { iv, ct }, rowAad(table, primaryKey))) };
}

function encryptingTable(table) {
  const { schema } = table;
  const name = schema.name;
  const clear = clearFieldsOf(schema);
  const pk = schema.primaryKey;
  const keyOf = (value, i, keys) => (keys && keys[i] !== undefined ? keys[i] : pk.extractKey?.(value));
  const decryptAll = (trans, rows, keys) => {
    if (!rows.some(isSealed)) return Promise.resolve(rows);
    const key = dataKey;
    return keepAlive(trans, name, Promise.all(rows.map((r, i) => (isSealed(r) ? openRow(name, key, r, keys(r, i)) : r))));
  };

  async function put(req) {
    const key = dataKey;
    if (!key) {
      if (req.trans.mode === 'versionchange') {
        onClearWrite();
        return table.mutate(req);
      }
      throw lockedError();
    }
    const missing = pk.autoIncrement && !pk.outbound && req.values.some((v, i) => keyOf(v, i, req.keys) === undefined);
    if (missing) {
      // The key is the additional data, and IndexedDB gives it only once the row is added: add
      // the clear fields, then put the sealed row under the key given.
      const added = await table.mutate({ ...req, values: req.values.map((v) => split(v, clear).open) });
      const values = req.values.map((v, i) => ({ ...v, [pk.keyPath]: added.results[i] }));
      const sealed = await keepAlive(req.trans, name, Promise.all(values.map((v, i) => sealRow(name, clear, key, v, added.results[i]))));
      await table.mutate({ ...req, type: 'put', values: sealed });
      return added;
    }
    const sealed = await keepAlive(req.trans, name, Promise.all(req.values.map((v, i) => sealRow(name, clear, key, v, keyOf(v, i, req.keys)))));
    return table.mutate({ ...req, values: sealed });
  }

  return {
    ...table,
    mutate: (req) => (req.type === 'add' || req.type === 'put' ? put(req) : table.mutate(req)),
    get: (req) => table.get(req).then((row) => (isSealed(row) ? decryptAll(req.trans, [row], () => req.key).then((r) => r[0]) : row)),
    getMany: (req) => table.getMany(req).then((rows) => decryptAll(req.trans, rows, (r, i) => req.keys[i])),
    query: (req) => table.query(req).then((res) => {
      if (!req.values) return res;
      return decryptAll(req.trans, res.result, (r) => pk.extractKey(r)).then((result) => ({ ...res, result }));
    }),
    openCursor: (req) => table.openCursor(req).then((cursor) => (cursor && req.values ? decryptingCursor(cursor, req.trans, name) : cursor)),
  };
}

/** A cursor whose `value` is decrypted before each step reaches the caller. */
function decryptingCursor(cursor, trans, name) {
  let value;
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: { get: () => value },
    start: {
      value: (callback) => cursor.start(() => {
        const raw = cursor.value;
        if (!isSealed(raw)) {
          value = raw;
          callback();
          return;
        }
        const key = dataKey;
        keepAlive(trans, name, openRow(name, key, raw, cursor.primaryKey)).then((v) => {
          value = v;
          try {
            callback();
          } catch (e) {
            cursor.fail(e);
          }
        }, (e) => cursor.fail(e));
      }),
    },
  });
}

/** The middleware to give db.use(). */
export const encryptionMiddleware = {
  stack: 'dbcore',
  name: 'Encryption',
  level: -10, // below Dexie's own middlewares (cache, observability: levels -1 to 2)
  create(core) {
    down = core;
    const tables = new Map();
    const table = (name) => tables.get(name) || tables.set(name, encryptingTable(core.table(name))).get(name);
    return { ...core, table };
  },
};

/**
 * Rewrite encrypted every row stored in clear (a database from before encryption, rows a schema
 * upgrade wrote while locked): one transaction per table. Returns the number of rows sealed.
 */
export async function sealPlaintextRows() {
  const key = dataKey;
  if (!key) throw lockedError();
  if (!down) return 0;
  let sealed = 0;
  for (const schema of down.schema.tables) {
    const table = down.table(schema.name);
    const clear = clearFieldsOf(schema);
    const trans = down.transaction([schema.name], 'readwrite');
    const done = new Promise((resolve, reject) => {
      trans.oncomplete = resolve;
      trans.onerror = () => reject(trans.error);
      trans.onabort = () => reject(trans.error || new Error('Transaction annulée.'));
    });
    const pk = schema.primaryKey;
    const { result } = await table.query({ trans, values: true, query: { index: pk, range: { type: RANGE_ANY } } });
    const plain = result.filter((r) => !isSealed(r));
    if (plain.length) {
      const values = await keepAlive(trans, schema.name, Promise.all(plain.map((r) => sealRow(schema.name, clear, key, r, pk.extractKey(r)))));
      await table.mutate({ trans, type: 'put', values });
      sealed += plain.length;
    }
    await done;
  }
  return sealed;
}
