// Issue 8, item 6 (contract F): deleting a visite on the device.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { attentionCount, pendingSummary, recordsUnder } from '../src/db/queries.js';
import { countRecords, getRecord } from '../src/db/records.js';
import { deleteFieldRecord, validateDraft } from '../src/db/writes.js';
import { applyPushResults, pushOutbox } from '../src/sync/push.js';
import { fakeServer } from './fake-server.js';
import { freshDb, LOG, putSyncedVisite, T0 } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const P1 = '0190f3a2-0000-7000-8000-0000000000f1';
const SHA = 'ab'.repeat(32);

async function visiteWithPhoto(realisee = '2025-11-26T10:00:00+01:00') {
  const d = await openDraft('visite', V1, LOG);
  d.values = { ...d.values, type: 'courtoisie', realisee_le: realisee, photo_ids: [P1] };
  d.photos = [{ id: P1, sha256: SHA, caption: '', taken_at: null, size: 3 }];
  await addDraftPhoto(d, d.photos[0], new Blob([new Uint8Array(3)], { type: 'image/jpeg' }));
  return validateDraft(d, T0);
}

beforeEach(freshDb);

describe('deleting a visite the server holds', () => {
  it('queues a delete mutation; the visite leaves the lists and lands deleted on the server', async () => {
    const server = fakeServer();
    await visiteWithPhoto();
    await pushOutbox(server.api);
    const m = await deleteFieldRecord('visite', V1, T0 + 5);
    expect(m).toMatchObject({ seq: 3, entity: 'visite', record: V1, op: 'delete', base: 1, fields: {} });
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await recordsUnder('visite', LOG)).toEqual([]);
    await pushOutbox(server.api);
    expect(server.live('visite', V1)).toBeNull();
    expect(await db.outbox.count()).toBe(0);
  });

  it('a refused deletion brings the visite back, with a card', async () => {
    await putSyncedVisite(V1, { observations: 'RAS' }, 3);
    const m = await deleteFieldRecord('visite', V1, T0);
    await applyPushResults([await db.outbox.get(m.seq)], { results: [{ seq: m.seq, status: 'rejected', version: 3, code: 'forbidden', message: "Cette résidence n'est pas dans votre périmètre." }], last_seq: m.seq });
    expect((await getRecord('visite', V1)).observations).toBe('RAS');
    expect(await db.issues.where('open').equals(1).toArray()).toMatchObject([{ kind: 'rejected', op: 'delete', record: V1 }]);
  });
});

describe('deleting a visite that never reached the server', () => {
  it('drops it, its photos and their bytes; its queued entries become no-ops, nothing of it is sent', async () => {
    const server = fakeServer();
    await visiteWithPhoto('1999-12-31T10:00:00+01:00');
    await pushOutbox(server.api); // refused: the visite waits for a correction, its photo with it
    expect(await attentionCount()).toBe(1);
    expect(await deleteFieldRecord('visite', V1, T0)).toBe(null);
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await countRecords('photo')).toBe(0);
    expect(await db.blobs.count()).toBe(0);
    expect(await db.localstate.count()).toBe(0);
    expect(await attentionCount()).toBe(0);
  });

  it('queued mutations keep their seq but carry nothing, and do not count as pending', async () => {
    const server = fakeServer();
    await visiteWithPhoto();
    await deleteFieldRecord('visite', V1, T0);
    const queued = await db.outbox.orderBy('seq').toArray();
    expect(queued.map((q) => [q.seq, q.entity, q.op, q.fields, q.dropped])).toEqual([
      [1, 'visite', 'delete', {}, true], [2, 'photo', 'delete', {}, true],
    ]);
    expect(await pendingSummary()).toMatchObject({ records: 0, photos: 0, blobs: 0 });
    await pushOutbox(server.api);
    expect(server.pushes).toEqual([['1 visite delete', '2 photo delete']]);
    expect(server.records.size).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.issues.count()).toBe(0);
  });

  it('when the server had applied its creation after all (answer lost), its deletion follows', async () => {
    const server = fakeServer();
    const ms = await visiteWithPhoto();
    await server.api.push({ schema: 1, mutations: ms.map(({ seq, id, entity, record, op, base, hlc, fields }) => ({ seq, id, entity, record, op, base, hlc, fields })) });
    await deleteFieldRecord('visite', V1, T0); // the device never got the answer
    await pushOutbox(server.api);
    expect(server.pushes.at(-1)).toEqual(['3 visite delete']);
    expect(server.live('visite', V1)).toBeNull();
    expect(await db.outbox.count()).toBe(0);
  });

  it('deleted while its creation was on its way: once the answer says applied, its deletion is queued', async () => {
    const ms = await visiteWithPhoto();
    const inFlight = await db.outbox.orderBy('seq').toArray();
    await deleteFieldRecord('visite', V1, T0);
    await applyPushResults(inFlight, { results: [{ seq: 1, status: 'applied', version: 1 }, { seq: 2, status: 'applied', version: 1 }], last_seq: 2 });
    const queued = await db.outbox.toArray();
    expect(queued.map((q) => [q.seq, q.entity, q.record, q.op, q.base])).toEqual([[ms.length + 1, 'visite', V1, 'delete', 1]]);
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await db.issues.count()).toBe(0);
  });
});
