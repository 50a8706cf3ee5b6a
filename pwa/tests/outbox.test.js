import { beforeEach, describe, expect, it } from 'vitest';
import { countRecords, getRecord, putRecord } from '../src/db/records.js';
import { db } from '../src/db/database.js';
import { appendMutation, takeBatch } from '../src/sync/outbox.js';
import { createVisite, DEVICE, editVisite, freshDb, LOG, putSyncedVisite, T0 } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const V2 = '0190f3a2-0000-7000-8000-0000000000a2';

beforeEach(freshDb);

describe('outbox seq', () => {
  it('numbers mutations 1, 2, 3 in write order, with the record and its mutation together', async () => {
    await createVisite(V1, { observations: 'Fuite sous évier' }, T0);
    await createVisite(V2, { observations: 'Porte palière' }, T0 + 5);
    await editVisite(V1, { suites: 'Plombier' }, T0 + 9);
    const out = await db.outbox.orderBy('seq').toArray();
    expect(out.map((m) => [m.seq, m.record, m.op])).toEqual([
      [1, V1, 'upsert'], [2, V2, 'upsert'], [3, V1, 'upsert'],
    ]);
    expect(out.map((m) => m.hlc)).toEqual([
      `001764150000000-00000-${DEVICE}`, `001764150000005-00000-${DEVICE}`, `001764150000009-00000-${DEVICE}`,
    ]);
    expect((await db.meta.get('seq')).value).toBe(3);
    expect((await getRecord('visite', V1)).suites).toBe('Plombier');
  });

  it('stays gap-free under concurrent writes', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `0190f3a2-0000-7000-8000-0000000001${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => createVisite(id, { observations: id }, T0)));
    const out = await db.outbox.orderBy('seq').toArray();
    expect(out.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(out.map((m) => m.record)).size).toBe(25);
    const hlcs = out.map((m) => m.hlc);
    expect([...hlcs].sort()).toEqual(hlcs);
    expect(new Set(hlcs).size).toBe(25);
    expect(await countRecords('visite')).toBe(25);
  });

  it('a failing write leaves neither record nor mutation, and does not consume a seq', async () => {
    await expect(db.transaction('rw', db.records, db.outbox, db.meta, async () => {
      await putRecord('visite', { id: V1, logement_id: LOG, observations: 'x', _v: null });
      await appendMutation({ entity: 'visite', record: V1, fields: { observations: 'x' } }, T0);
      throw new Error('disque plein');
    })).rejects.toThrow('disque plein');
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.meta.get('seq')).toBeUndefined();
    await createVisite(V2, {}, T0);
    expect((await db.outbox.toArray()).map((m) => m.seq)).toEqual([1]);
  });

  it('refuses to append outside a read-write transaction', async () => {
    await expect(appendMutation({ entity: 'visite', record: V1, fields: {} })).rejects.toThrow(/transaction/);
  });
});

describe('mutation content', () => {
  it('a new visite sends all its fields with base null, never the server-owned ones', async () => {
    const [m] = await createVisite(V1, { observations: 'Fuite' }, T0);
    expect(m.base).toBe(null);
    expect(m.entity).toBe('visite');
    expect(Object.keys(m.fields).sort()).toEqual([
      'candidat_nom', 'cout_estime', 'decision', 'defauts', 'equipements', 'logement_id', 'motif_refus',
      'observations', 'occupants', 'participants', 'photo_ids', 'prevue_le', 'realisee_le', 'reparations',
      'responsabilite', 'suites', 'type',
    ]);
    expect(m.fields.observations).toBe('Fuite');
    const row = await getRecord('visite', V1);
    expect(row.residence_id).toBe('0190f3a2-0000-7000-8000-0000000000r1');
    expect(row._v).toBe(null);
  });

  it('editing a synced visite sends only the changed fields with base = version seen', async () => {
    await putSyncedVisite(V1, { observations: 'Avant', suites: 'Rien' }, 4);
    const [m] = await editVisite(V1, { observations: 'Après', suites: 'Rien' }, T0);
    expect(m.base).toBe(4);
    expect(m.fields).toEqual({ observations: 'Après' });
  });

  it('an unchanged draft queues nothing', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 4);
    expect(await editVisite(V1, {}, T0)).toEqual([]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a record the server never accepted sends all its fields again', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, null);
    const [m] = await editVisite(V1, { suites: 'Relance' }, T0);
    expect(m.base).toBe(null);
    expect(m.fields.observations).toBe('Avant');
    expect(m.fields.suites).toBe('Relance');
    expect(Object.keys(m.fields)).toHaveLength(17);
  });
});

describe('batches', () => {
  it('cuts at the count limit and under the byte limit, in seq order', async () => {
    for (let i = 0; i < 6; i++) await createVisite(`0190f3a2-0000-7000-8000-0000000002${i}0`, { observations: 'x'.repeat(1000) }, T0);
    expect((await takeBatch(4, 1e9)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const size = (await db.outbox.get(1)).size;
    expect(size).toBeGreaterThan(1000);
    expect((await takeBatch(500, 64 + 2 * (size + 1))).map((m) => m.seq)).toEqual([1, 2]);
    expect((await takeBatch(500, 10)).map((m) => m.seq)).toEqual([1]);
  });
});
