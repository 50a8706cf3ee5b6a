// Encryption at rest (src/db/encryption.js): what IndexedDB really holds, read with a raw
// connection beside Dexie; rows bound to their key; rows from before encryption read and sealed;
// transactions kept alive across Web Crypto; nothing written while locked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db, wipeDatabase } from '../src/db/database.js';
import { hasDataKey, sealPlaintextRows, setDataKey } from '../src/db/encryption.js';
import { getRecord, putRecord } from '../src/db/records.js';

const LOG = '0190f3a2-0000-7000-8000-0000000000l1';
const LOG2 = '0190f3a2-0000-7000-8000-0000000000l2';
const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const SHA = 'ab'.repeat(32);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x42, 0x6f, 0x6e, 0x6a, 0x6f, 0x75, 0x72]);

/** Every row of a store as IndexedDB holds it (a raw connection, no Dexie). */
function rawRows(store) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('palier');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const conn = req.result;
      const all = conn.transaction(store).objectStore(store).getAll();
      all.onsuccess = () => { conn.close(); resolve(all.result); };
      all.onerror = () => { conn.close(); reject(all.error); };
    };
  });
}

/** Put a row as it is, bypassing Dexie (a row from before encryption, or a tampered one). */
function rawPut(store, row) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('palier');
    req.onsuccess = () => {
      const conn = req.result;
      const tx = conn.transaction(store, 'readwrite');
      tx.objectStore(store).put(row);
      tx.oncomplete = () => { conn.close(); resolve(); };
      tx.onerror = () => { conn.close(); reject(tx.error); };
    };
  });
}

const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const text = (row) => JSON.stringify(row, (k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? [...new Uint8Array(v.buffer || v)] : v));
const hasBytes = (haystack, needle) => Buffer.from(haystack).includes(Buffer.from(needle));

let key;
beforeEach(async () => {
  key = await newKey();
  setDataKey(key);
  await wipeDatabase();
});
afterEach(() => setDataKey(key));

describe('what IndexedDB holds', () => {
  it('keeps only the key and index fields in clear, for every shape of row, and reads them back', async () => {
    const logement = { id: LOG, residence_id: 'r1', batiment_id: 'b1', numero: '12', adresse: '3 rue des Lilas', _v: 1 };
    await db.logement.put(logement);
    await putRecord('visite', { id: V1, logement_id: LOG, type: 'technique', observations: 'Fuite sous l’évier de Mme Arnaud', review_state: 'a_corriger', _v: 2 });
    const blob = new Blob([JPEG], { type: 'image/jpeg' });
    await db.blobs.put({ sha256: SHA, blob, bytes: JPEG.slice(0, 4), size: JPEG.length, state: 'queued', created_at: 5 });
    await db.meta.put({ key: 'session', value: { token: 'jeton-secret', at: new Date(Date.UTC(2026, 0, 2)) } });
    const issueId = await db.issues.add({ kind: 'rejected', record: V1, message: 'Refusé : Mme Arnaud', open: 1 });

    const [rawLogement] = await rawRows('logement');
    expect(Object.keys(rawLogement).sort()).toEqual(['$ct', '$iv', 'batiment_id', 'id', 'residence_id']);
    expect(rawLogement.$iv).toHaveLength(12);
    const [bucket] = await rawRows('records');
    expect(Object.keys(bucket).sort()).toEqual(['$ct', '$iv', 'corriger', 'ids', 'k', 'pids', 'tags', 'gs'].sort());
    expect(bucket.ids).toEqual([`visite:${V1}`]);
    expect(bucket.corriger).toEqual([`visite:${V1}`]);
    const [rawBlob] = await rawRows('blobs');
    expect(Object.keys(rawBlob).sort()).toEqual(['$ct', '$iv', 'sha256', 'state']);
    expect(hasBytes(rawBlob.$ct, JPEG.slice(4, 16))).toBe(false);
    const [rawIssue] = await rawRows('issues');
    expect(Object.keys(rawIssue).sort()).toEqual(['$ct', '$iv', 'id', 'kind', 'open', 'record']);
    const everything = text([rawLogement, bucket, rawBlob, rawIssue, ...(await rawRows('meta'))]);
    for (const secret of ['Lilas', 'Arnaud', 'jeton-secret', 'technique', '"numero"']) expect(everything).not.toContain(secret);

    expect(await db.logement.get(LOG)).toEqual(logement);
    expect((await getRecord('visite', V1)).observations).toBe('Fuite sous l’évier de Mme Arnaud');
    const back = await db.blobs.get(SHA);
    expect(back).toMatchObject({ sha256: SHA, size: JPEG.length, state: 'queued', created_at: 5 });
    expect(back.blob.type).toBe('image/jpeg');
    expect([...new Uint8Array(await back.blob.arrayBuffer())]).toEqual([...JPEG]);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.bytes]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect((await db.meta.get('session')).value).toEqual({ token: 'jeton-secret', at: new Date(Date.UTC(2026, 0, 2)) });
    expect(await db.issues.get(issueId)).toEqual({ id: issueId, kind: 'rejected', record: V1, message: 'Refusé : Mme Arnaud', open: 1 });
    // Indexes still answer, cursors and queries decrypt.
    expect((await db.logement.where('residence_id').equals('r1').toArray()).map((l) => l.numero)).toEqual(['12']);
    const seen = [];
    await db.issues.each((i) => seen.push(i.message));
    expect(seen).toEqual(['Refusé : Mme Arnaud']);
    expect(await db.blobs.where('state').equals('queued').count()).toBe(1);
  });

  it('refuses a row moved under another key: the key is bound to the ciphertext', async () => {
    await db.logement.bulkPut([
      { id: LOG, residence_id: 'r1', numero: '12', _v: 1 },
      { id: LOG2, residence_id: 'r1', numero: '14', _v: 1 },
    ]);
    const [first] = (await rawRows('logement')).filter((r) => r.id === LOG);
    await rawPut('logement', { ...first, id: LOG2 });
    await expect(db.logement.get(LOG2)).rejects.toThrow();
    expect((await db.logement.get(LOG)).numero).toBe('12');
  });

  it('reads rows written before encryption as they are, and the seal pass encrypts them', async () => {
    await rawPut('logement', { id: LOG, residence_id: 'r1', numero: '12', adresse: '3 rue des Lilas', _v: 1 });
    await rawPut('meta', { key: 'session', value: { token: 'ancien-jeton' } });
    await db.logement.put({ id: LOG2, residence_id: 'r1', numero: '14', _v: 1 });
    expect((await db.logement.get(LOG)).adresse).toBe('3 rue des Lilas');
    expect((await db.meta.get('session')).value.token).toBe('ancien-jeton');

    expect(await sealPlaintextRows()).toBe(2);
    expect(text(await rawRows('logement'))).not.toContain('Lilas');
    expect(text(await rawRows('meta'))).not.toContain('ancien-jeton');
    expect(await db.logement.get(LOG)).toEqual({ id: LOG, residence_id: 'r1', numero: '12', adresse: '3 rue des Lilas', _v: 1 });
    expect((await db.logement.get(LOG2)).numero).toBe('14');
    expect(await sealPlaintextRows()).toBe(0);
  });
});

describe('transactions across Web Crypto', () => {
  it('a read-modify-write loop in one rw transaction stays one transaction', async () => {
    await db.meta.put({ key: 'n', value: 0 });
    await db.logement.put({ id: LOG, residence_id: 'r1', visits: [], _v: 1 });
    await db.transaction('rw', db.meta, db.logement, async () => {
      for (let i = 0; i < 25; i += 1) {
        const n = await db.meta.get('n');
        await db.meta.put({ key: 'n', value: n.value + 1 });
        const l = await db.logement.get(LOG);
        await db.logement.put({ ...l, visits: [...l.visits, i] });
      }
      await db.meta.where('key').equals('n').modify((m) => { m.value *= 2; });
    });
    expect((await db.meta.get('n')).value).toBe(50);
    expect((await db.logement.get(LOG)).visits).toHaveLength(25);
  });

  it('a failure after the crypto rolls the whole transaction back', async () => {
    await db.meta.put({ key: 'n', value: 1 });
    await expect(db.transaction('rw', db.meta, async () => {
      const n = await db.meta.get('n');
      await db.meta.put({ key: 'n', value: n.value + 1 });
      await db.meta.get('n');
      throw new Error('stop');
    })).rejects.toThrow('stop');
    expect((await db.meta.get('n')).value).toBe(1);
  });
});

describe('locked (no key in memory)', () => {
  it('refuses writes and encrypted reads with a clear error; counts and deletes still work', async () => {
    await db.outbox.add({ seq: 1, record: V1, entity: 'visite' });
    await db.meta.put({ key: 'session', value: { token: 't' } });
    setDataKey(null);
    expect(hasDataKey()).toBe(false);
    await expect(db.meta.put({ key: 'x', value: 1 })).rejects.toMatchObject({ code: 'locked', message: "Palier est verrouillé : déverrouillez l'application pour accéder aux données." });
    await expect(db.meta.get('session')).rejects.toMatchObject({ code: 'locked' });
    expect(await db.outbox.count()).toBe(1);
    await db.meta.delete('session');
    setDataKey(key);
    expect(await db.meta.get('session')).toBe(undefined);
    expect((await db.outbox.get(1)).entity).toBe('visite');
  });

  it('another key reads nothing', async () => {
    await db.meta.put({ key: 'session', value: { token: 't' } });
    setDataKey(await newKey());
    await expect(db.meta.get('session')).rejects.toThrow();
  });
});
