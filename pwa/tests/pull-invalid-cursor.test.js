// A cursor the server refuses (400 invalid_cursor: one from before signed cursors, or tampered)
// is treated like `reset: true`: synced copies and the cursor go, local work stays, and the
// device pulls from scratch, once.
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../src/api/client.js';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { getRecord } from '../src/db/records.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { pullAll } from '../src/sync/pull.js';
import { createVisite, editVisite, freshDb, LOG, putSyncedVisite, RES, T0 } from './helpers.js';

const NEW = '0190f3a2-0000-7000-8000-0000000000a1';
const EDITED = '0190f3a2-0000-7000-8000-0000000000a2';
const SYNCED = '0190f3a2-0000-7000-8000-0000000000a3';
const DRAFTED = '0190f3a2-0000-7000-8000-0000000000a4';
const DRAFT_SHA = 'cd'.repeat(32);
const OLD_CURSOR = 'eyJ2IjoxLCJzZXEiOjQyfQ'; // a version-1 cursor: unsigned

const residence = (id, nom) => ({
  entity: 'residence', record: id, version: 1, deleted: false, hlc: '001764150000100-00000-srv',
  fields: { residence_id: id, code: 'R9', nom, adresse: '1 place', code_postal: '69001', ville: 'Lyon', secteur_code: 'S1' },
});

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const INVALID = { error: { code: 'invalid_cursor', message: 'Curseur de synchronisation invalide.', fields: {} } };

/**
 * A server answering pulls over HTTP: `pages(cursor)` gives the page for a cursor it accepts;
 * any cursor not in `signed` gets the server's 400 invalid_cursor. Records the cursors asked.
 */
function pullServer({ signed, pages }) {
  const asked = [];
  const fetchImpl = async (url) => {
    const cursor = new URL(url, 'http://palier.test').searchParams.get('cursor');
    asked.push(cursor);
    if (cursor !== null && !signed.includes(cursor)) return json(400, INVALID);
    return json(200, pages(cursor));
  };
  return { asked, api: createApi({ fetchImpl, getToken: () => 't0k3n' }) };
}

beforeEach(freshDb);

describe('pull with a cursor the server refuses', () => {
  it('drops the synced copies and the cursor, keeps local work, and pulls from scratch', async () => {
    await putSyncedVisite(SYNCED, { observations: 'Synchronisée' }, 2);
    await putSyncedVisite(EDITED, { observations: 'Serveur' }, 3);
    await createVisite(NEW, { observations: 'Pas encore envoyée' });
    await editVisite(EDITED, { observations: 'Modifiée ici' });
    const draft = await openDraft('visite', DRAFTED, LOG);
    draft.values.observations = 'Brouillon';
    draft.photos = [{ id: '0190f3a2-0000-7000-8000-0000000000f4', sha256: DRAFT_SHA, caption: '', taken_at: null, size: 3 }];
    await addDraftPhoto(draft, draft.photos[0], new Blob([new Uint8Array(3)], { type: 'image/jpeg' }));
    await db.blobs.put({ sha256: 'aa'.repeat(32), state: 'queued', size: 3 });
    await db.blobs.put({ sha256: 'bb'.repeat(32), state: 'remote', size: 3 });
    await db.meta.put({ key: 'cursor', value: OLD_CURSOR });
    const outboxBefore = await db.outbox.toArray();
    expect(outboxBefore.map((m) => [m.seq, m.record])).toEqual([[1, NEW], [2, EDITED]]);

    const server = pullServer({
      signed: [],
      pages: () => ({ changes: [residence(RES, 'Les Tilleuls (serveur)'), residence('r-n', 'Neuve')], cursor: 'v2.signed', more: false, reset: false }),
    });
    // As the engine calls it when the outbox was empty at the start of the cycle and the user
    // validated visites while it ran: the stored cursor is handed in, the outbox is not read again.
    const r = await pullAll(server.api, { from: { cursor: OLD_CURSOR } });

    expect(server.asked).toEqual([OLD_CURSOR, null]);
    expect(r).toMatchObject({ skipped: false, pages: 1, changes: 2, resets: 1 });
    expect((await db.meta.get('cursor')).value).toBe('v2.signed');
    expect((await db.residence.toArray()).map((x) => [x.id, x.nom])).toEqual([[RES, 'Les Tilleuls (serveur)'], ['r-n', 'Neuve']]);
    expect(await db.logement.count()).toBe(0);
    expect(await getRecord('visite', SYNCED)).toBeUndefined();
    expect((await getRecord('visite', NEW)).observations).toBe('Pas encore envoyée');
    expect((await getRecord('visite', EDITED)).observations).toBe('Modifiée ici');
    expect(await db.localstate.toCollection().primaryKeys()).toEqual([NEW, EDITED].sort());
    expect(await db.outbox.toArray()).toEqual(outboxBefore);
    expect((await db.drafts.get(DRAFTED)).values.observations).toBe('Brouillon');
    expect((await db.blobs.get(DRAFT_SHA)).state).toBe('draft');
    expect((await db.blobs.get('aa'.repeat(32))).state).toBe('queued');
    expect(await db.blobs.get('bb'.repeat(32))).toBeUndefined();
  });

  it('through the sync cycle: the next sync succeeds from scratch and stores the new cursor', async () => {
    await putSyncedVisite(SYNCED, { observations: 'Synchronisée' }, 2);
    await db.meta.put({ key: 'cursor', value: OLD_CURSOR });
    const server = pullServer({
      signed: ['v2.page1'],
      pages: (cursor) => (cursor === null
        ? { changes: [residence('r-n', 'Neuve')], cursor: 'v2.page1', more: true, reset: false }
        : { changes: [residence('r-m', 'Mas du Taureau')], cursor: 'v2.page2', more: false, reset: false }),
    });
    const api = { ...server.api, rules: async () => ({ notModified: true }) };
    const engine = createSyncEngine({ api, nav: { onLine: true }, now: () => T0 });
    expect(await engine.sync()).toBe(true);
    expect(server.asked).toEqual([OLD_CURSOR, null, 'v2.page1']);
    expect(engine.status.get().error).toBeNull();
    expect(engine.status.get().lastSyncAt).toBe(T0);
    expect((await db.meta.get('cursor')).value).toBe('v2.page2');
    expect(await db.residence.toCollection().primaryKeys()).toEqual(['r-m', 'r-n']);
    expect(await getRecord('visite', SYNCED)).toBeUndefined();
  });

  it('starts from scratch only once: a fresh pull refused too fails the cycle without looping', async () => {
    await db.meta.put({ key: 'cursor', value: OLD_CURSOR });
    // A server that refuses every cursor, even the one it has just given.
    const server = pullServer({
      signed: [],
      pages: () => ({ changes: [residence('r-n', 'Neuve')], cursor: 'v2.page1', more: true, reset: false }),
    });
    const api = { ...server.api, rules: async () => ({ notModified: true }) };
    const engine = createSyncEngine({ api, nav: { onLine: true }, now: () => T0 });
    expect(await engine.sync()).toBe(false);
    expect(server.asked).toEqual([OLD_CURSOR, null, 'v2.page1']);
    expect(engine.status.get().error).toEqual({ code: 'invalid_cursor', message: 'Curseur de synchronisation invalide.' });
    expect(engine.status.get().reachable).toBe(true);
  });

  it('a pull without cursor refused as invalid is an error, not a reset', async () => {
    const asked = [];
    const api = { pull: async (cursor) => { asked.push(cursor); throw new ApiError({ status: 400, ...INVALID.error }); } };
    await expect(pullAll(api, { from: { cursor: null } })).rejects.toMatchObject({ code: 'invalid_cursor' });
    expect(asked).toEqual([null]);
    expect(await db.residence.count()).toBe(1);
  });
});
