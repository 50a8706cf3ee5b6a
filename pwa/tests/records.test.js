import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import {
  countACorriger, countRecords, deleteRecord, filterRecords, getRecord, getRecords, putRecord,
  recordsOfParent, recordsACorriger, writeRecords,
} from '../src/db/records.js';
import { pullAll } from '../src/sync/pull.js';
import { freshDb } from './helpers.js';

beforeEach(freshDb);

const visitesACorriger = async () => (await recordsACorriger()).filter((x) => x.entity === 'visite').map((x) => x.row);

const v = (id, logement, extra = {}) => ({ id, logement_id: logement, observations: id, review_state: 'recu', _v: 1, ...extra });

describe('visite buckets', () => {
  it('groups rows by logement and finds them by id', async () => {
    await writeRecords('visite', [v('a', 'L1'), v('b', 'L1'), v('c', 'L2')], [], { fold: true });
    expect(await db.records.count()).toBe(2);
    expect((await getRecord('visite', 'b')).observations).toBe('b');
    expect(await getRecord('visite', 'zz')).toBeUndefined();
    expect((await recordsOfParent('visite', 'L1')).map((r) => r.id).sort()).toEqual(['a', 'b']);
    expect((await getRecords('visite', ['c', 'nope', 'a'])).map((r) => r?.id)).toEqual(['c', undefined, 'a']);
    expect(await countRecords('visite')).toBe(3);
  });

  it('moves a row when its logement changes, and drops empty buckets', async () => {
    await writeRecords('visite', [v('a', 'L1'), v('b', 'L2')], [], { fold: true });
    await writeRecords('visite', [v('a', 'L2', { observations: 'déplacée' })], [], { fold: true });
    expect(await db.records.toCollection().primaryKeys()).toEqual(['visite:L2#0000']);
    expect((await recordsOfParent('visite', 'L2')).map((r) => r.observations).sort()).toEqual(['b', 'déplacée']);
    // A small write moves it in a patch: the old bucket's copy is stale, not listed.
    await putRecord('visite', v('a', 'L1', { observations: 'revenue' }));
    expect(await db.records.toCollection().primaryKeys()).toEqual(['!9999999998', 'visite:L2#0000']);
    expect((await recordsOfParent('visite', 'L2')).map((r) => r.id)).toEqual(['b']);
    expect((await recordsOfParent('visite', 'L1')).map((r) => r.observations)).toEqual(['revenue']);
    await deleteRecord('visite', 'b');
    await deleteRecord('visite', 'a');
    expect(await db.records.count()).toBe(0);
  });

  it('indexes the visites "à corriger"', async () => {
    await writeRecords('visite', [v('a', 'L1', { review_state: 'a_corriger' }), v('b', 'L1', { review_state: 'a_corriger' }), v('c', 'L2')], [], { fold: true });
    expect(await countACorriger()).toBe(2);
    expect((await visitesACorriger()).map((r) => r.id).sort()).toEqual(['a', 'b']);
    await putRecord('visite', v('a', 'L1', { review_state: 'corrige' }));
    expect((await visitesACorriger()).map((r) => r.id)).toEqual(['b']);
  });

  it('finds rows to move with one index scan when there are many', async () => {
    const rows = Array.from({ length: 5200 }, (_, i) => v(`id${String(i).padStart(5, '0')}`, `L${i % 10}`));
    await writeRecords('visite', rows);
    // Every row moves to another logement: more than 5 000 to locate → one pass over the index.
    await writeRecords('visite', rows.map((r) => ({ ...r, logement_id: `M${r.logement_id}` })));
    expect(await countRecords('visite')).toBe(5200);
    // 520 rows per logement → 9 buckets each (8 × 64 + 8), numbered from 0 in the new logement.
    const keys = await db.records.toCollection().primaryKeys();
    expect(keys.length).toBe(90);
    expect([...new Set(keys.map((k) => k.split('#')[0]))].sort()).toEqual(['visite:ML0', 'visite:ML1', 'visite:ML2', 'visite:ML3', 'visite:ML4', 'visite:ML5', 'visite:ML6', 'visite:ML7', 'visite:ML8', 'visite:ML9']);
    expect(keys.filter((k) => k.startsWith('visite:ML3#')).sort().at(-1)).toBe('visite:ML3#0008');
    expect((await getRecord('visite', 'id00007')).logement_id).toBe('ML7');
  }, 30000);

  it('filters rows across buckets', async () => {
    await writeRecords('visite', [v('a', 'L1', { _v: null }), v('b', 'L1'), v('c', 'L2')], [], { fold: true });
    await filterRecords('visite', (r) => r._v === null);
    expect(await countRecords('visite')).toBe(1);
    expect((await getRecord('visite', 'a')).id).toBe('a');
  });
});

describe('pull flushes', () => {
  it('collects pages and writes them with the cursor of the last page stored', async () => {
    const page = (n, cursor, more) => ({
      changes: Array.from({ length: 3 }, (_, i) => ({ entity: 'visite', record: `v${n}${i}`, version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { logement_id: `L${i}`, observations: `${n}` } })),
      cursor, more, reset: false,
    });
    const pages = [page(1, 'c1', true), page(2, 'c2', true), page(3, 'c3', true), page(4, 'c4', false)];
    const seen = [];
    const api = { pull: vi.fn(async () => pages.shift()) };
    const onProgress = async (n) => {
      seen.push([n, (await db.meta.get('cursor'))?.value ?? null, await countRecords('visite')]);
    };
    await pullAll(api, { flushAt: 6, onProgress });
    expect(api.pull.mock.calls.map((c) => c[0])).toEqual([null, 'c1', 'c2', 'c3']);
    // Pages 1+2 are written together (6 changes) with cursor c2; pages 3+4 at the end with c4.
    expect(seen).toEqual([[3, null, 0], [6, 'c2', 6], [9, 'c2', 6], [12, 'c4', 12]]);
    expect((await db.meta.get('cursor')).value).toBe('c4');
    expect(await countRecords('visite')).toBe(12);
  });

  it('a record changed twice in the collected pages is stored at its latest version', async () => {
    const ch = (version, obs) => ({ entity: 'visite', record: 'v1', version, deleted: false, hlc: '001764150000100-00000-srv', fields: { logement_id: 'L1', observations: obs } });
    const pages = [{ changes: [ch(1, 'a')], cursor: 'c1', more: true }, { changes: [ch(2, 'b')], cursor: 'c2', more: false }];
    await pullAll({ pull: async () => pages.shift() });
    expect(await getRecord('visite', 'v1')).toEqual({ id: 'v1', logement_id: 'L1', observations: 'b', _v: 2 });
  });
});

describe('pull interrupted', () => {
  it('stores what was collected, with its cursor, when a page fails', async () => {
    const ch = (id) => ({ entity: 'visite', record: id, version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { logement_id: 'L1', observations: id } });
    const api = {
      pull: vi.fn()
        .mockResolvedValueOnce({ changes: [ch('v1')], cursor: 'c1', more: true })
        .mockResolvedValueOnce({ changes: [ch('v2')], cursor: 'c2', more: true })
        .mockRejectedValueOnce(Object.assign(new Error('Serveur injoignable.'), { code: 'network', status: 0 })),
    };
    await expect(pullAll(api)).rejects.toMatchObject({ code: 'network' });
    expect((await db.meta.get('cursor')).value).toBe('c2');
    expect(await countRecords('visite')).toBe(2);
  });
});
