// Issue 9: the device's database moves to the family storage (v2 → v4) without losing anything
// unsynced: visites in buckets and patches, photos, their bytes, the outbox, drafts, local states.
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { patchKey } from '../src/db/buckets.js';
import { db, DB_NAME } from '../src/db/database.js';
import { draftsOfParent, openDraft } from '../src/db/drafts.js';
import { attentionCount, pendingSummary, photosOf, recordsUnder } from '../src/db/queries.js';
import { countACorriger, countRecords, getRecord, putRecord, recordsByTag } from '../src/db/records.js';
import { pushOutbox } from '../src/sync/push.js';
import { fakeServer } from './fake-server.js';
import { DEVICE, LOG, RES } from './helpers.js';

const SYNCED = '0190f3a2-0000-7000-8000-0000000000a1';
const NEW = '0190f3a2-0000-7000-8000-0000000000a2';
const DRAFTED = '0190f3a2-0000-7000-8000-0000000000a3';
const FIXED = '0190f3a2-0000-7000-8000-0000000000a4';
const P1 = '0190f3a2-0000-7000-8000-0000000000f1';
const P2 = '0190f3a2-0000-7000-8000-0000000000f2';
const P3 = '0190f3a2-0000-7000-8000-0000000000f3';
const [S1, S2, S3] = ['a1', 'b2', 'c3'].map((x) => x.repeat(32));
const HLC = '001764150000100-00000-dev';

const visite = (id, fields) => ({
  id, logement_id: LOG, residence_id: RES, type: 'technique', observations: '', suites: '', photo_ids: [], review_state: 'recu', ...fields,
});

/** A device as step 5 left it (schema v2), with work not sent yet. */
async function oldDevice() {
  db.close();
  await Dexie.delete(DB_NAME);
  const old = new Dexie(DB_NAME);
  old.version(1).stores({
    residence: 'id', batiment: 'id, residence_id', logement: 'id, batiment_id, residence_id', locataire: 'id',
    bail: 'id, logement_id', grille_vetuste: 'id', visite_buckets: 'k, *ids, *corriger',
    photo: 'id, owner_record, sha256', extra: 'key', localstate: 'id', outbox: 'seq, record',
    drafts: 'id, logement_id', blobs: 'sha256, state', meta: 'key', issues: '++id, record, kind',
  });
  old.version(2).stores({ visite_buckets: 'k, *ids, *corriger, *pids, *gs', issues: '++id, record, kind, open' });
  await old.open();
  await old.logement.put({ id: LOG, residence_id: RES, batiment_id: 'b1', numero: '12', _v: 1 });
  const bucket = {
    [SYNCED]: visite(SYNCED, { observations: 'Avant', realisee_le: '2026-06-10T10:00:00+02:00', _v: 3 }),
    [NEW]: visite(NEW, { observations: 'Hors ligne', realisee_le: '2026-06-15T10:00:00+02:00', photo_ids: [P1], review_state: null, _v: null }),
    [FIXED]: visite(FIXED, { realisee_le: '2026-05-01T10:00:00+02:00', review_state: 'a_corriger', review_comment: 'Date ?', _v: 5 }),
  };
  const patch = { [SYNCED]: visite(SYNCED, { observations: 'Locale', realisee_le: '2026-06-10T10:00:00+02:00', _v: 3 }) };
  await old.visite_buckets.bulkPut([
    { k: `${LOG}#0000`, rows: bucket, ids: Object.keys(bucket), corriger: [FIXED] },
    { k: patchKey(1), rows: patch, ids: [SYNCED], corriger: [], pids: [SYNCED], gs: [LOG] },
  ]);
  await old.photo.bulkPut([
    { id: P1, sha256: S1, owner_entity: 'visite', owner_record: NEW, caption: 'Fuite', taken_at: '2026-06-15T10:00:00+02:00', residence_id: RES, _v: null },
    { id: P2, sha256: S2, owner_entity: 'visite', owner_record: SYNCED, caption: '', taken_at: '2026-06-01T10:00:00+02:00', residence_id: RES, _v: 2 },
  ]);
  await old.localstate.bulkPut([
    { id: SYNCED, entity: 'visite', base: 3, pend: { observations: 'Avant' }, rej: [] },
    { id: NEW, entity: 'visite', base: null, pend: { observations: null }, rej: [] },
    { id: P1, entity: 'photo', base: null, pend: { sha256: null }, rej: [] },
  ]);
  const m = (seq, entity, record, base, fields) => ({ seq, id: `m${seq}`, entity, record, op: 'upsert', base, hlc: HLC, fields, size: 100, created_at: 1 });
  await old.outbox.bulkPut([
    m(1, 'visite', NEW, null, { logement_id: LOG, type: 'technique', observations: 'Hors ligne', photo_ids: [P1] }),
    m(2, 'photo', P1, null, { sha256: S1, owner_entity: 'visite', owner_record: NEW, caption: 'Fuite', taken_at: '2026-06-15T10:00:00+02:00' }),
    m(3, 'visite', SYNCED, 3, { observations: 'Locale' }),
  ]);
  await old.drafts.put({
    id: DRAFTED, entity: 'visite', isNew: true, logement_id: LOG, base: null,
    orig: { logement_id: LOG, type: null }, values: { logement_id: LOG, type: 'courtoisie', observations: 'En cours' },
    photos: [{ id: P3, sha256: S3, caption: '', taken_at: '2026-06-16T10:00:00+02:00', size: 3 }],
  });
  await old.blobs.bulkPut([
    { sha256: S1, size: 1000, state: 'queued' }, { sha256: S2, size: 900, state: 'remote' }, { sha256: S3, size: 3, state: 'draft' },
  ]);
  await old.meta.bulkPut([
    { key: 'session', value: { token: 't0k3n', device_id: DEVICE, user: { id: 'u1' } } },
    { key: 'seq', value: 3 }, { key: 'cursor', value: 'c9' },
  ]);
  await old.issues.add({ kind: 'conflict', record: SYNCED, entity: 'visite', resolved: false, open: 1 });
  old.close();
}

beforeEach(oldDevice);

describe('database upgrade v2 → v4 (record families)', () => {
  it('keeps every record, unsynced edits, photos, outbox, drafts and bytes', async () => {
    await db.open();
    expect(db.verno).toBe(4);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'bail', 'batiment', 'blobs', 'drafts', 'extra', 'grille_vetuste', 'issues', 'localstate', 'locataire',
      'logement', 'meta', 'outbox', 'records', 'residence',
    ]);
    // Visites: the patch still overrides the bucket's copy; nothing else moved.
    expect((await getRecord('visite', SYNCED)).observations).toBe('Locale');
    expect(await getRecord('visite', NEW)).toMatchObject({ observations: 'Hors ligne', _v: null });
    expect(await countRecords('visite')).toBe(3);
    expect(await countACorriger()).toBe(1);
    expect(await attentionCount()).toBe(2);
    const list = await recordsUnder('visite', LOG);
    expect(list.map((v) => [v.id, !!v.unsynced, !!v.draftOnly])).toEqual([
      [NEW, true, false], [SYNCED, true, false], [FIXED, false, false], [DRAFTED, false, true],
    ]);
    // Photos: with their records, found by owner and by bytes.
    expect((await photosOf(NEW)).map((p) => [p.id, p.caption, p._v])).toEqual([[P1, 'Fuite', null]]);
    expect((await photosOf(SYNCED)).map((p) => p.id)).toEqual([P2]);
    expect((await recordsByTag('photo', 'sha256', S2)).map((p) => p.id)).toEqual([P2]);
    // The outbox, local states, drafts and bytes as they were.
    expect((await db.outbox.toArray()).map((x) => [x.seq, x.entity, x.record])).toEqual([[1, 'visite', NEW], [2, 'photo', P1], [3, 'visite', SYNCED]]);
    expect(await db.localstate.count()).toBe(3);
    expect(await pendingSummary()).toEqual({ records: 2, photos: 1, blobs: 1, bytes: 1300 });
    expect((await db.blobs.toArray()).map((b) => b.state).sort()).toEqual(['draft', 'queued', 'remote']);
    const draft = await openDraft('visite', DRAFTED);
    expect(draft).toMatchObject({ saved: true, parent: LOG, group: `visite:${LOG}`, values: { observations: 'En cours' } });
    expect((await draftsOfParent('visite', LOG)).map((d) => d.id)).toEqual([DRAFTED]);
    expect((await db.meta.get('cursor')).value).toBe('c9');
  });

  it('later writes continue the patches, and the migrated outbox is pushed', async () => {
    await db.open();
    await db.transaction('rw', db.records, () => putRecord('visite', visite(FIXED, { review_state: 'corrige', _v: 6 })));
    expect(await db.records.get(patchKey(2))).toMatchObject({ ids: [`visite:${FIXED}`], gs: [`visite:${LOG}`] });
    expect(await countACorriger()).toBe(0);
    const server = fakeServer();
    server.records.set(`visite:${SYNCED}`, { fields: visite(SYNCED, { observations: 'Avant' }), version: 3, deleted: false });
    expect(await pushOutbox(server.api)).toMatchObject({ applied: 3, rejected: 0 });
    expect(server.live('photo', P1).fields.owner_record).toBe(NEW);
    expect((await getRecord('photo', P1))._v).toBe(1);
    expect((await getRecord('visite', NEW))._v).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });
});
