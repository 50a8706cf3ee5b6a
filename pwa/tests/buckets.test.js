import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUCKET_ROWS, bucketKey, groupKey, patchKey, refOf, seqOfKey } from '../src/db/buckets.js';
import { db, DB_NAME } from '../src/db/database.js';
import {
  countACorriger, countRecords, filterRecords, FOLD_AT, getRecord, getRecords, PATCHED_MAX, recordsOfParent,
  recordsACorriger, writeRecords,
} from '../src/db/records.js';
import { attentionCount, openIssues, recordsUnder } from '../src/db/queries.js';
import { pullAll } from '../src/sync/pull.js';
import { editVisite, freshDb, LOG, putSyncedVisite, RES } from './helpers.js';

beforeEach(freshDb);

const visitesACorriger = async () => (await recordsACorriger()).filter((x) => x.entity === 'visite').map((x) => x.row);
afterEach(() => vi.restoreAllMocks());

const P1 = '!9999999998'; // patch 1 (newer patches sort first)
const P2 = '!9999999997';
const P3 = '!9999999996';
const pad = (i) => `v${String(i).padStart(3, '0')}`;
const v = (id, logement, extra = {}) => ({ id, logement_id: logement, observations: id, review_state: 'recu', _v: 1, ...extra });
const rowsOf = (logement, from, to) => Array.from({ length: to - from }, (_, i) => v(pad(from + i), logement));
const sizes = async () => Object.fromEntries((await db.records.toArray()).map((b) => [b.k, b.ids.length]));
const ids = (rows) => rows.map((r) => r.id).sort();
/** Objects written from now on, per put/bulkPut call: [[key, rows], …]. */
function spyWrites() {
  const proto = Object.getPrototypeOf(db.records);
  const bulk = vi.spyOn(proto, 'bulkPut');
  const one = vi.spyOn(proto, 'put');
  const mine = (spy) => spy.mock.calls.map((c, i) => [spy.mock.contexts[i].name, c[0]]).filter(([n]) => n === 'records');
  return () => [
    ...mine(bulk).map(([, objs]) => objs.map((b) => [b.k, b.ids.length])),
    ...mine(one).map(([, b]) => [[b.k, b.ids.length]]),
  ];
}
const change = (id, fields, version = 2, deleted = false) => ({
  entity: 'visite', record: id, version, deleted, hlc: '001764150000100-00000-srv', fields,
});
const pullOnce = (changes, cursor = 'c1') => pullAll({ pull: async () => ({ changes, cursor, more: false, reset: false }) });
const fold = { fold: true };

describe('key formats', () => {
  it('numbers group buckets, and patches newest first', () => {
    expect(BUCKET_ROWS).toBe(64);
    expect(refOf('visite', 'v1')).toBe('visite:v1');
    expect(groupKey('visite', 'L1')).toBe('visite:L1');
    expect(bucketKey('visite:L1', 2)).toBe('visite:L1#0002');
    expect([patchKey(1), patchKey(2), patchKey(3)]).toEqual([P1, P2, P3]);
    expect([P3, P1, P2].sort()).toEqual([P3, P2, P1]);
    expect(seqOfKey(P2)).toBe(2);
  });
});

describe('group buckets of at most 64 visites (large writes)', () => {
  it('splits the visites of a logement into numbered buckets', async () => {
    await writeRecords('visite', [...rowsOf('L1', 0, 150), ...rowsOf('L2', 150, 153)], [], fold);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 64, 'visite:L1#0001': 64, 'visite:L1#0002': 22, 'visite:L2#0000': 3 });
    expect(ids(await recordsOfParent('visite', 'L1'))).toEqual(ids(rowsOf('L1', 0, 150)));
    expect(ids(await recordsOfParent('visite', 'L2'))).toEqual(['v150', 'v151', 'v152']);
    expect(await recordsOfParent('visite', 'L')).toEqual([]);
    expect((await getRecord('visite', 'v133')).observations).toBe('v133');
    expect(await countRecords('visite')).toBe(153);
  });

  it('a changed visite rewrites only its own bucket; new ones fill the last bucket, then the next', async () => {
    await writeRecords('visite', rowsOf('L1', 0, 100), [], fold);
    const writes = spyWrites();
    await writeRecords('visite', [v('v070', 'L1', { suites: 'Relancer', _v: 2 })], [], fold);
    await writeRecords('visite', [v('v200', 'L1')], [], fold);
    expect(writes()).toEqual([[['visite:L1#0001', 36]], [['visite:L1#0001', 37]]]);
    expect(await getRecord('visite', 'v070')).toEqual(v('v070', 'L1', { suites: 'Relancer', _v: 2 }));
    await writeRecords('visite', rowsOf('L1', 201, 230), [], fold);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 64, 'visite:L1#0001': 64, 'visite:L1#0002': 2 });
    expect(await countRecords('visite')).toBe(130);
  });

  it('deletes and moves keep every bucket consistent', async () => {
    await writeRecords('visite', [...rowsOf('L1', 0, 68), ...rowsOf('L2', 100, 164)], [], fold);
    // Empty bucket L1#0001 (v064–v067), move v000 to L2 (full: a new bucket L2#0001).
    await writeRecords('visite', [v('v000', 'L2', { observations: 'déplacée' })], ['v064', 'v065', 'v066', 'v067'], fold);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 63, 'visite:L2#0000': 64, 'visite:L2#0001': 1 });
    expect((await getRecord('visite', 'v000')).observations).toBe('déplacée');
    expect(await getRecord('visite', 'v065')).toBeUndefined();
    // A new visite of L1 goes to its last remaining bucket, not to a deleted number.
    await writeRecords('visite', [v('v300', 'L1')], [], fold);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 64, 'visite:L2#0000': 64, 'visite:L2#0001': 1 });
    expect(await countRecords('visite')).toBe(129);
  });

  it('finds the visites "à corriger" in every bucket', async () => {
    const rows = rowsOf('L1', 0, 150).map((r, i) => (i % 40 === 3 ? { ...r, review_state: 'a_corriger' } : r));
    await writeRecords('visite', rows, [], fold);
    expect(await countACorriger()).toBe(4);
    expect(ids(await visitesACorriger())).toEqual(['v003', 'v043', 'v083', 'v123']);
    await writeRecords('visite', [{ ...rows[83], review_state: 'corrige' }], [], fold);
    expect(await countACorriger()).toBe(3);
  });
});

describe('patches (small writes)', () => {
  beforeEach(() => writeRecords('visite', rowsOf('L1', 0, 100), [], fold));

  it('a small write is one patch, whatever its rows; no bucket is rewritten', async () => {
    const writes = spyWrites();
    await writeRecords('visite', [v('v070', 'L1', { suites: 'Relancer', _v: 2 }), v('v200', 'L2'), v('v001', 'L1', { _v: 2 })]);
    expect(writes()).toEqual([[[P1, 3]]]);
    expect(await sizes()).toEqual({ [P1]: 3, 'visite:L1#0000': 64, 'visite:L1#0001': 36 });
    const patch = await db.records.get(P1);
    expect([patch.pids, patch.gs]).toEqual([['visite:v070', 'visite:v200', 'visite:v001'], ['visite:L1', 'visite:L2']]);
    // Reads see the patched rows, once.
    expect(await getRecord('visite', 'v070')).toEqual(v('v070', 'L1', { suites: 'Relancer', _v: 2 }));
    expect((await getRecords('visite', ['v070', 'v071', 'v200'])).map((r) => r.suites ?? r.id)).toEqual(['Relancer', 'v071', 'v200']);
    const l1 = await recordsOfParent('visite', 'L1');
    expect(l1).toHaveLength(100);
    expect(l1.find((r) => r.id === 'v070').suites).toBe('Relancer');
    expect((await recordsOfParent('visite', 'L2')).map((r) => r.id)).toEqual(['v200']);
    expect(await countRecords('visite')).toBe(101);
  });

  it('the newest patch wins over older patches and the bucket', async () => {
    await writeRecords('visite', [v('v010', 'L1', { suites: 'un' }), v('v011', 'L1', { suites: 'un' })]);
    await writeRecords('visite', [v('v010', 'L1', { suites: 'deux' })]);
    expect(Object.keys(await sizes()).slice(0, 2)).toEqual([P2, P1]);
    expect((await getRecord('visite', 'v010')).suites).toBe('deux');
    expect((await getRecord('visite', 'v011')).suites).toBe('un');
    const l1 = await recordsOfParent('visite', 'L1');
    expect(l1).toHaveLength(100);
    expect(l1.filter((r) => r.id === 'v010').map((r) => r.suites)).toEqual(['deux']);
    expect(await countRecords('visite')).toBe(100);
  });

  it('"à corriger" follows the current copy, both ways', async () => {
    await writeRecords('visite', [v('v001', 'L1', { review_state: 'a_corriger' })], [], fold);
    await writeRecords('visite', [v('v001', 'L1', { review_state: 'corrige' }), v('v002', 'L1', { review_state: 'a_corriger' })]);
    expect(await countACorriger()).toBe(1);
    expect((await visitesACorriger()).map((r) => r.id)).toEqual(['v002']);
    await writeRecords('visite', [v('v001', 'L1', { review_state: 'a_corriger' })]);
    await writeRecords('visite', [v('v002', 'L1', { review_state: 'corrige' })]);
    expect(await countACorriger()).toBe(1);
    expect((await visitesACorriger()).map((r) => r.id)).toEqual(['v001']);
  });

  it('moves and deletions: older copies never show', async () => {
    await writeRecords('visite', [v('v003', 'L9', { observations: 'déplacée' })]);
    expect((await recordsOfParent('visite', 'L1')).map((r) => r.id)).not.toContain('v003');
    expect((await recordsOfParent('visite', 'L9')).map((r) => r.observations)).toEqual(['déplacée']);
    await writeRecords('visite', [v('v003', 'L1', { observations: 'revenue' })]);
    expect((await recordsOfParent('visite', 'L9'))).toEqual([]);
    expect((await recordsOfParent('visite', 'L1')).filter((r) => r.id === 'v003').map((r) => r.observations)).toEqual(['revenue']);
    await writeRecords('visite', [], ['v003', 'v004']); // tombstones: a patched and a bucketed row
    expect(await getRecord('visite', 'v003')).toBeUndefined();
    expect(await getRecord('visite', 'v004')).toBeUndefined();
    expect(await recordsOfParent('visite', 'L1')).toHaveLength(98);
    expect(await countRecords('visite')).toBe(98);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 62, 'visite:L1#0001': 36 }); // the emptied patches are gone
  });

  it('a large write folds every patch back into the buckets', async () => {
    await writeRecords('visite', [v('v005', 'L1', { suites: 'ancienne' }), v('v300', 'L1')]);
    await writeRecords('visite', [v('v005', 'L1', { suites: 'Locale' }), v('v006', 'L2', { suites: 'Déplacée' })]);
    await writeRecords('visite', [v('v010', 'L1', { suites: 'Tirée' })], ['v011'], fold);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 62, 'visite:L1#0001': 37, 'visite:L2#0000': 1 });
    expect((await getRecord('visite', 'v005')).suites).toBe('Locale');
    expect((await getRecord('visite', 'v006')).logement_id).toBe('L2');
    expect((await getRecord('visite', 'v010')).suites).toBe('Tirée');
    expect(await countRecords('visite')).toBe(100);
  });

  it(`more than ${PATCHED_MAX} patched rows: they are folded`, async () => {
    const many = (prefix, group) => Array.from({ length: FOLD_AT - 1 }, (_, i) => v(`${prefix}${i}`, group));
    await writeRecords('visite', many('x', 'M0'));
    await writeRecords('visite', many('y', 'M1'));
    expect(await db.records.where('k').startsWith('!').count()).toBe(2);
    await writeRecords('visite', many('z', 'M2'));
    expect(await db.records.where('k').startsWith('!').count()).toBe(0);
    expect(await countRecords('visite')).toBe(100 + 3 * (FOLD_AT - 1));
    expect(ids(await recordsOfParent('visite', 'M2'))).toEqual(ids(many('z', 'M2')));
  }, 30000);

  it('reset keeps the unsynced visites and drops overridden copies', async () => {
    await writeRecords('visite', [v('v007', 'L1', { _v: null })], [], fold); // bucket copy: never synced
    await writeRecords('visite', [v('v007', 'L1', { _v: 5 }), v('v008', 'L1', { _v: null })]); // now synced
    await filterRecords('visite', (r) => r._v === null);
    expect((await recordsOfParent('visite', 'L1')).map((r) => r.id)).toEqual(['v008']);
    expect(await getRecord('visite', 'v007')).toBeUndefined();
    expect(await countRecords('visite')).toBe(1);
    expect(await db.records.get(P1)).toMatchObject({ ids: ['visite:v008'], pids: ['visite:v008'], gs: ['visite:L1'] });
  });
});

describe('pulls', () => {
  it('a first large pull fills buckets; a small pull is one patch (changes, new) plus its tombstones', async () => {
    const first = [];
    for (let i = 0; i < 6000; i++) first.push(change(`p${i}`, { logement_id: `L${i % 30}`, residence_id: RES, observations: 'RAS' }, 1));
    await pullOnce(first, 'c1');
    expect(await countRecords('visite')).toBe(6000);
    expect(await db.records.count()).toBe(30 * 4); // 200 per logement: 3 × 64 + 8
    const writes = spyWrites();
    await pullOnce([
      change('p7', { logement_id: 'L7', residence_id: RES, observations: 'Fuite', review_state: 'a_corriger' }),
      change('p8', {}, 2, true),
      change('p9', { logement_id: 'L0', residence_id: RES, observations: 'Changée de logement' }),
      change('new', { logement_id: 'L7', residence_id: RES, observations: 'Nouvelle' }),
    ], 'c2');
    const objects = writes().flat();
    expect(objects).toEqual([['visite:L8#0000', 63], [P1, 3]]); // the tombstone's bucket, then one patch
    expect((await getRecord('visite', 'p7')).observations).toBe('Fuite');
    expect(await getRecord('visite', 'p8')).toBeUndefined();
    expect((await getRecord('visite', 'p9')).logement_id).toBe('L0');
    expect(await countRecords('visite')).toBe(6000);
    expect(await countACorriger()).toBe(1);
    const l7 = (await recordsOfParent('visite', 'L7')).map((r) => r.id);
    expect(l7).toHaveLength(201);
    expect(l7).toContain('new');
    expect((await recordsOfParent('visite', 'L9')).map((r) => r.id)).not.toContain('p9');
    expect((await recordsOfParent('visite', 'L0')).map((r) => r.id)).toContain('p9');
    expect((await db.meta.get('cursor')).value).toBe('c2');
  }, 30000);

  it('rebases a pending local edit held in a patch', async () => {
    const V = '0190f3a2-0000-7000-8000-0000000000a1';
    for (let i = 0; i < 20; i++) await putSyncedVisite(`s${i}`, { observations: `s${i}` }, 1);
    await putSyncedVisite(V, { observations: 'Avant', suites: '' }, 3);
    await editVisite(V, { observations: 'Local' });
    await db.outbox.clear(); // pushed; the local state stays until the pull acknowledges it
    await pullOnce([change(V, { logement_id: LOG, residence_id: RES, type: 'technique', observations: 'Avant', suites: 'Serveur' }, 4)]);
    const row = await getRecord('visite', V);
    expect([row.observations, row.suites, row._v]).toEqual(['Local', 'Serveur', 4]);
    const list = await recordsUnder('visite', LOG);
    expect(list).toHaveLength(21);
    expect(list.filter((x) => x.unsynced).map((x) => x.id)).toEqual([V]);
  });
});

describe('database upgrade v1 → current', () => {
  it('splits the per-logement buckets and flags the open issues', async () => {
    db.close();
    await Dexie.delete(DB_NAME);
    const old = new Dexie(DB_NAME);
    old.version(1).stores({
      residence: 'id', batiment: 'id, residence_id', logement: 'id, batiment_id, residence_id', locataire: 'id',
      bail: 'id, logement_id', grille_vetuste: 'id', visite_buckets: 'k, *ids, *corriger',
      photo: 'id, owner_record, sha256', extra: 'key', localstate: 'id', outbox: 'seq, record',
      drafts: 'id, logement_id', blobs: 'sha256, state', meta: 'key', issues: '++id, record, kind',
    });
    const rows = Object.fromEntries(rowsOf('L1', 0, 150).map((r) => [r.id, r]));
    rows.v134.review_state = 'a_corriger';
    await old.visite_buckets.bulkPut([
      { k: 'L1', rows, ids: Object.keys(rows), corriger: ['v134'] },
      { k: 'L2', rows: { w1: v('w1', 'L2') }, ids: ['w1'], corriger: [] },
    ]);
    await old.issues.bulkAdd([
      { kind: 'rejected', record: 'a', resolved: false },
      { kind: 'rejected', record: 'b', resolved: true },
      { kind: 'conflict', record: 'c', resolved: false, dismissed: true },
      { kind: 'conflict', record: 'd', resolved: false },
    ]);
    old.close();
    await db.open();
    expect(db.verno).toBe(4);
    expect(await sizes()).toEqual({ 'visite:L1#0000': 64, 'visite:L1#0001': 64, 'visite:L1#0002': 22, 'visite:L2#0000': 1 });
    expect((await getRecord('visite', 'v120')).observations).toBe('v120');
    expect(await countACorriger()).toBe(1);
    expect((await openIssues()).map((i) => i.record)).toEqual(['d', 'a']);
    expect(await attentionCount()).toBe(3);
  });
});
