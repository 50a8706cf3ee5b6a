import { beforeEach, describe, expect, it, vi } from 'vitest';
import { countRecords, getRecord, putRecord } from '../src/db/records.js';
import { db } from '../src/db/database.js';
import { searchLogements } from '../src/db/search.js';
import { pullAll } from '../src/sync/pull.js';
import { createVisite, freshDb, LOG, RES } from './helpers.js';

beforeEach(freshDb);

const residence = (id, nom, v = 1) => ({ entity: 'residence', record: id, version: v, deleted: false, hlc: '001764150000100-00000-srv', fields: { residence_id: id, code: 'R9', nom, adresse: '1 place', code_postal: '69001', ville: 'Lyon', secteur_code: 'S1' } });

describe('pull', () => {
  it('pulls until more=false, stores pages and persists the cursor', async () => {
    const pages = [
      { changes: [residence('r-a', 'Les Acacias')], cursor: 'c1', more: true, reset: false },
      { changes: [residence('r-b', 'Le Bosquet'), { entity: 'trouble_voisinage', record: 'e1', version: 2, deleted: false, hlc: '002082758400000-00003-srv', fields: { sens: 'entree' } }], cursor: 'c2', more: false, reset: false },
    ];
    const api = { pull: vi.fn(async () => pages.shift()) };
    const r = await pullAll(api, { limit: 1000 });
    expect(api.pull.mock.calls).toEqual([[null, 1000], ['c1', 1000]]);
    expect(r).toMatchObject({ pages: 2, changes: 3 });
    expect((await db.residence.get('r-b')).nom).toBe('Le Bosquet');
    expect((await db.residence.get('r-b'))._v).toBe(1);
    expect((await db.extra.get('trouble_voisinage:e1')).fields).toEqual({ sens: 'entree' });
    expect((await db.meta.get('cursor')).value).toBe('c2');
    // The clock folded the highest received HLC (2036, ahead of this machine's clock).
    expect((await db.meta.get('clock')).value).toEqual({ wall: 2082758400000, counter: 4 });
  });

  it('resumes from the stored cursor and applies deletions', async () => {
    await db.meta.put({ key: 'cursor', value: 'c7' });
    const api = { pull: vi.fn(async () => ({ changes: [{ entity: 'residence', record: RES, version: 2, deleted: true, hlc: '001764150000100-00000-srv', fields: {} }], cursor: 'c8', more: false, reset: false })) };
    await pullAll(api);
    expect(api.pull.mock.calls[0][0]).toBe('c7');
    expect(await db.residence.get(RES)).toBeUndefined();
  });

  it('does not pull while the outbox holds mutations', async () => {
    await createVisite('0190f3a2-0000-7000-8000-0000000000a1');
    const api = { pull: vi.fn() };
    expect(await pullAll(api)).toMatchObject({ skipped: true });
    expect(api.pull).not.toHaveBeenCalled();
  });

  it('reset: drops synced copies (never the outbox or unsynced records) and pulls from scratch', async () => {
    await createVisite('0190f3a2-0000-7000-8000-0000000000a1');
    await db.outbox.clear(); // pretend pushed, but keep the unsynced local state
    await putRecord('visite', { id: 'synced', logement_id: LOG, _v: 3 });
    await db.blobs.put({ sha256: 'aa', state: 'queued', size: 3 });
    await db.blobs.put({ sha256: 'bb:thumb', state: 'remote', size: 3 });
    await db.meta.put({ key: 'cursor', value: 'old' });
    const pages = [
      { changes: [], cursor: null, more: false, reset: true },
      { changes: [residence('r-n', 'Neuve')], cursor: 'n1', more: false, reset: false },
    ];
    const api = { pull: vi.fn(async () => pages.shift()) };
    await pullAll(api);
    expect(api.pull.mock.calls.map((c) => c[0])).toEqual(['old', null]);
    expect(await db.residence.toCollection().primaryKeys()).toEqual(['r-n']);
    expect(await getRecord('visite', 'synced')).toBeUndefined();
    expect(await getRecord('visite', '0190f3a2-0000-7000-8000-0000000000a1')).toBeDefined();
    expect(await db.blobs.get('aa')).toBeDefined();
    expect(await db.blobs.get('bb:thumb')).toBeUndefined();
    expect((await db.meta.get('cursor')).value).toBe('n1');
  });

  it('stores a large page in one go and the search index sees it', async () => {
    const changes = [];
    for (let i = 0; i < 600; i++) {
      changes.push({ entity: 'logement', record: `l${i}`, version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { residence_id: RES, batiment_id: 'b1', numero: String(100 + i), etage: 1, typologie: 'T2', surface: 50, nature: 'logement' } });
    }
    changes.push({ entity: 'locataire', record: 't1', version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { residence_id: RES, nom: 'Dupré', prenom: 'Élise', telephone: '', email: '' } });
    changes.push({ entity: 'bail', record: 'bl1', version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { residence_id: RES, logement_id: 'l7', type: 'habitation', debut: '2020-01-01', fin: null, loyer: 500, depot_garantie: 500, locataire_ids: ['t1'] } });
    for (let i = 0; i < 3000; i++) {
      changes.push({ entity: 'visite', record: `v${i}`, version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { residence_id: RES, logement_id: `l${i % 600}`, type: 'courtoisie', observations: 'RAS' } });
    }
    await pullAll({ pull: async () => ({ changes, cursor: 'x', more: false, reset: false }) });
    expect(await db.logement.count()).toBe(601);
    expect(await countRecords('visite')).toBe(3000);
    const hits = await searchLogements('dupre');
    expect(hits.map((h) => h.logement.numero)).toEqual(['107']);
    expect(hits[0].tenants).toEqual(['Élise Dupré']);
    const t12 = await searchLogements('tilleuls 12');
    expect(t12[0].logement.numero).toBe('12');
    expect(t12).toHaveLength(17);
  });
});
