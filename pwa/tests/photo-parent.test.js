// Issue 8, item 1: a photo refused because its visite was refused waits for the visite's
// correction and lands with it; no card of its own.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { attentionCount, unsentSummary } from '../src/db/queries.js';
import { getRecord } from '../src/db/records.js';
import { validateDraft } from '../src/db/writes.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { applyPushResults, pushOutbox } from '../src/sync/push.js';
import { fakeServer } from './fake-server.js';
import { freshDb, LOG, T0 } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const P1 = '0190f3a2-0000-7000-8000-0000000000f1';
const SHA = 'ab'.repeat(32);

/** A new visite with one photo, validated as the form does. */
async function visiteWithPhoto(realisee) {
  const d = await openDraft('visite', V1, LOG);
  d.values = { ...d.values, type: 'courtoisie', realisee_le: realisee, observations: 'Compteurs relevés.' };
  d.photos = [{ id: P1, sha256: SHA, caption: 'Façade', taken_at: '2025-11-26T10:00:00+01:00', size: 1500 }];
  d.values.photo_ids = [P1];
  await addDraftPhoto(d, d.photos[0], new Blob([new Uint8Array(1500)], { type: 'image/jpeg' }));
  return validateDraft(d, T0);
}

beforeEach(freshDb);

describe('a photo whose visite is refused', () => {
  it('gets no card of its own, stays on the device and lands with the corrected visite', async () => {
    const server = fakeServer();
    const engine = createSyncEngine({ api: server.api, nav: { onLine: true }, now: () => T0 });
    await visiteWithPhoto('1999-12-31T10:00:00+01:00');
    expect(await engine.sync()).toBe(true);

    const issues = await db.issues.where('open').equals(1).toArray();
    expect(issues.map((i) => [i.entity, i.kind, i.errors])).toEqual([
      ['visite', 'rejected', { realisee_le: ['Date hors des limites (2000 à 2100).'] }],
    ]);
    expect(await attentionCount()).toBe(1);
    expect(await getRecord('photo', P1)).toMatchObject({ owner_record: V1, sha256: SHA, _v: null });
    expect(server.live('visite', V1)).toBeNull();
    // Logging out now would lose them: the logout dialog counts them.
    expect(await unsentSummary()).toEqual({ modifications: 0, photos: 1, drafts: 0, refused: 1 });

    // "Ouvrir et corriger": the form holds the photo; the correction sends the visite, then the photo.
    const d = await openDraft('visite', V1);
    expect(d.values.photo_ids).toEqual([P1]);
    d.values.realisee_le = '2026-06-15T10:00:00+02:00';
    const queued = await validateDraft(d, T0 + 1000);
    expect(queued.map((m) => [m.seq, m.entity, m.record])).toEqual([[3, 'visite', V1], [4, 'photo', P1]]);
    expect(queued[1].fields).toEqual({ sha256: SHA, owner_entity: 'visite', owner_record: V1, caption: 'Façade', taken_at: '2025-11-26T10:00:00+01:00' });
    expect(queued[1].base).toBe(null);

    expect(await engine.sync()).toBe(true);
    expect(server.live('visite', V1).fields).toMatchObject({ realisee_le: '2026-06-15T10:00:00+02:00', photo_ids: [P1] });
    expect(server.live('photo', P1).fields).toMatchObject({ owner_record: V1, sha256: SHA });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.issues.where('open').equals(1).count()).toBe(0);
    expect((await getRecord('photo', P1))._v).toBe(1);
    expect(await db.localstate.count()).toBe(0);
  });

  it('waits too when the push split the visite and its photo into two batches', async () => {
    const server = fakeServer();
    const ms = await visiteWithPhoto('1999-12-31T10:00:00+01:00');
    await pushOutbox(server.api, { maxBytes: ms[0].size + 80 });
    expect(server.pushes).toEqual([['1 visite upsert'], ['2 photo upsert']]);
    expect((await db.issues.toArray()).map((i) => i.entity)).toEqual(['visite']);
  });

  it('a photo refused for another reason still gets its card', async () => {
    await visiteWithPhoto('2025-11-26T10:00:00+01:00');
    const problem = 'Visite inconnue : la photo doit accompagner une visite.';
    const batch = await db.outbox.orderBy('seq').toArray();
    await applyPushResults(batch, {
      results: [
        { seq: 1, status: 'applied', version: 1 },
        { seq: 2, status: 'rejected', version: null, code: 'unknown_reference', message: problem, errors: { owner_record: [problem] } },
      ],
      last_seq: 2,
    });
    expect((await db.issues.toArray()).map((i) => [i.entity, i.code])).toEqual([['photo', 'unknown_reference']]);
  });
});

describe('push order', () => {
  it('a photo queued with its visite is pushed after it, in the same batch or a later one', async () => {
    const server = fakeServer();
    const ms = await visiteWithPhoto('2025-11-26T10:00:00+01:00');
    expect(ms.map((m) => [m.seq, m.entity])).toEqual([[1, 'visite'], [2, 'photo']]);
    await pushOutbox(server.api, { maxBytes: ms[0].size + 80 });
    expect(server.pushes).toEqual([['1 visite upsert'], ['2 photo upsert']]);
    expect(server.live('photo', P1)).not.toBeNull();
    expect((await getRecord('visite', V1))._v).toBe(1);
  });
});
