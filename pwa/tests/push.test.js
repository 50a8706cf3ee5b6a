import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client.js';
import { countRecords, getRecord, putRecord } from '../src/db/records.js';
import { db } from '../src/db/database.js';
import { pushOutbox, PushStopped } from '../src/sync/push.js';
import { createVisite, editVisite, freshDb, putSyncedVisite, T0 } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const V2 = '0190f3a2-0000-7000-8000-0000000000a2';

/** A fake api whose push answers with `respond(mutations, call)`; records every call. */
function fakeApi(respond) {
  const calls = [];
  return {
    calls,
    push: vi.fn(async (payload) => {
      calls.push(payload.mutations.map((m) => m.seq));
      return respond(payload.mutations, calls.length, payload);
    }),
  };
}

const ok = (status, version = 1, extra = {}) => (ms) => ({
  results: ms.map((m) => ({ seq: m.seq, status, version, ...extra })),
  last_seq: ms[ms.length - 1].seq,
});

beforeEach(freshDb);

describe('push statuses', () => {
  it('applied: leaves the outbox, records the version, clears the pending state', async () => {
    await createVisite(V1, { observations: 'Fuite' });
    const api = fakeApi(ok('applied', 1));
    const s = await pushOutbox(api);
    expect(s.applied).toBe(1);
    expect(api.push.mock.calls[0][0].schema).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect((await getRecord('visite', V1))._v).toBe(1);
    expect(await db.localstate.get(V1)).toBeUndefined();
  });

  it('sends the wire shape: seq, id, entity, record, op, base, hlc, fields', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 3);
    await editVisite(V1, { observations: 'Après' });
    const api = fakeApi(ok('applied', 4));
    await pushOutbox(api);
    const sent = api.push.mock.calls[0][0].mutations[0];
    expect(Object.keys(sent)).toEqual(['seq', 'id', 'entity', 'record', 'op', 'base', 'hlc', 'fields']);
    expect(sent).toMatchObject({ seq: 1, entity: 'visite', record: V1, op: 'upsert', base: 3, fields: { observations: 'Après' } });
    expect((await getRecord('visite', V1))._v).toBe(4);
  });

  it('merged: leaves the outbox; the version is left to the pull for a known record', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 3);
    await editVisite(V1, { observations: 'Après' });
    await createVisite(V2);
    await pushOutbox(fakeApi(ok('merged', 5)));
    expect(await db.outbox.count()).toBe(0);
    expect((await getRecord('visite', V1))._v).toBe(3);
    expect((await getRecord('visite', V2))._v).toBe(5);
    expect(await db.issues.count()).toBe(0);
  });

  it('conflict: leaves the outbox and keeps the conflict ids for "À traiter"', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 3);
    await editVisite(V1, { observations: 'Mon texte' });
    await pushOutbox(fakeApi(ok('conflict', 5, { conflicts: ['c-1', 'c-2'] })));
    expect(await db.outbox.count()).toBe(0);
    const [issue] = await db.issues.toArray();
    expect(issue).toMatchObject({ kind: 'conflict', record: V1, seq: 1, conflicts: ['c-1', 'c-2'], resolved: false });
    expect(issue.fields).toEqual({ observations: 'Mon texte' });
  });

  it('duplicate: leaves the outbox (already applied earlier)', async () => {
    await createVisite(V1);
    await pushOutbox(fakeApi(ok('duplicate', 1)));
    expect(await db.outbox.count()).toBe(0);
    expect((await getRecord('visite', V1))._v).toBe(1);
  });

  it('rejected: leaves the outbox, keeps the French reason, and the correction resends the fields', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 3);
    await editVisite(V1, { observations: 'Texte refusé', suites: 'Relancer' });
    await pushOutbox(fakeApi(() => ({
      results: [{ seq: 1, status: 'rejected', version: 3, code: 'invalid', message: 'Visite invalide.', errors: { observations: ['Mot interdit : « alcoolique ».'] } }],
      last_seq: 1,
    })));
    expect(await db.outbox.count()).toBe(0);
    const [issue] = await db.issues.toArray();
    expect(issue).toMatchObject({
      kind: 'rejected', record: V1, seq: 1, code: 'invalid', message: 'Visite invalide.',
      errors: { observations: ['Mot interdit : « alcoolique ».'] }, resolved: false,
    });
    // The record stays as typed locally, its fields marked for resending.
    expect((await getRecord('visite', V1)).observations).toBe('Texte refusé');
    expect((await db.localstate.get(V1)).rej.sort()).toEqual(['observations', 'suites']);
    // Correcting one field sends it plus the other rejected field, with the same base.
    const [m] = await editVisite(V1, { observations: 'Texte corrigé' });
    expect(m.seq).toBe(2);
    expect(m.base).toBe(3);
    expect(m.fields).toEqual({ observations: 'Texte corrigé', suites: 'Relancer' });
    await pushOutbox(fakeApi(ok('applied', 4)));
    expect((await db.issues.get(issue.id)).resolved).toBe(true);
    expect(await db.localstate.get(V1)).toBeUndefined();
  });

  it('refused for good (document_signe): the server values come back, the card keeps the typing', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 3);
    await editVisite(V1, { observations: 'Après la signature' });
    await pushOutbox(fakeApi(() => ({
      results: [{ seq: 1, status: 'rejected', version: 3, code: 'document_signe', message: 'Cet état des lieux est signé.' }],
      last_seq: 1,
    })));
    expect(await db.outbox.count()).toBe(0);
    expect((await getRecord('visite', V1)).observations).toBe('Avant');
    expect(await db.localstate.get(V1)).toBeUndefined();
    const [issue] = await db.issues.toArray();
    expect(issue).toMatchObject({ kind: 'rejected', code: 'document_signe', final: true, fields: { observations: 'Après la signature' } });
    // Nothing is sent again.
    const api = fakeApi(ok('applied', 4));
    await pushOutbox(api);
    expect(api.calls).toEqual([]);
  });

  it('a creation refused for good leaves the device', async () => {
    await createVisite(V1, { observations: 'x' });
    await pushOutbox(fakeApi(() => ({ results: [{ seq: 1, status: 'rejected', version: null, code: 'document_signe', message: 'Signé.' }], last_seq: 1 })));
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await db.localstate.get(V1)).toBeUndefined();
    expect((await db.issues.toArray())[0].final).toBe(true);
  });

  it('a rejected creation is resent with all fields and base null', async () => {
    await createVisite(V1, { observations: 'x' });
    await pushOutbox(fakeApi(() => ({ results: [{ seq: 1, status: 'rejected', version: null, message: 'Logement hors périmètre.' }], last_seq: 1 })));
    const [m] = await editVisite(V1, { observations: 'y' });
    expect(m.base).toBe(null);
    expect(Object.keys(m.fields)).toHaveLength(17);
  });

  it('entries at or below last_seq without a result are dropped', async () => {
    await createVisite(V1);
    await createVisite(V2);
    await pushOutbox(fakeApi(() => ({ results: [], last_seq: 2 })));
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('push errors', () => {
  it('409 seq_gap: drops what the server already has and resends from `expected`', async () => {
    for (const id of [V1, V2, `${V1}3`, `${V1}4`]) await createVisite(id);
    const api = fakeApi((ms, n) => {
      if (n === 1) throw new ApiError({ status: 409, code: 'seq_gap', message: 'Trou de séquence.', data: { error: { code: 'seq_gap' }, expected: 3 } });
      return ok('applied')(ms);
    });
    await pushOutbox(api);
    expect(api.calls).toEqual([[1, 2, 3, 4], [3, 4]]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('409 seq_gap below the queue head renumbers the queue from `expected`', async () => {
    await createVisite(V1);
    await createVisite(V2);
    await db.outbox.delete(1); // acknowledged earlier; the server then lost it
    const api = fakeApi((ms, n) => {
      if (n === 1) throw new ApiError({ status: 409, code: 'seq_gap', data: { expected: 1 } });
      return ok('applied')(ms);
    });
    await pushOutbox(api);
    expect(api.calls).toEqual([[2], [1]]);
    expect((await db.meta.get('seq')).value).toBe(1);
  });

  it('426: stops with upgrade_required and keeps the outbox', async () => {
    await createVisite(V1);
    const api = fakeApi(() => {
      throw new ApiError({ status: 426, code: 'upgrade_required', message: 'Mise à jour requise.' });
    });
    const err = await pushOutbox(api).catch((e) => e);
    expect(err).toBeInstanceOf(PushStopped);
    expect(err.code).toBe('upgrade_required');
    expect(await db.outbox.count()).toBe(1);
  });

  it('413: splits the batch until it fits', async () => {
    for (let i = 0; i < 5; i++) await createVisite(`${V1}${i}`);
    const api = fakeApi((ms) => {
      if (ms.length > 2) throw new ApiError({ status: 413, code: 'payload_too_large' });
      return ok('applied')(ms);
    });
    await pushOutbox(api);
    expect(api.calls).toEqual([[1, 2, 3, 4, 5], [1, 2], [3, 4], [5]]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends at most 500 mutations per push', async () => {
    await db.transaction('rw', db.outbox, db.meta, async () => {
      const { appendMutation } = await import('../src/sync/outbox.js');
      for (let i = 0; i < 620; i++) await appendMutation({ entity: 'visite', record: `r${i}`, fields: { observations: 'x' } }, T0);
    });
    const api = fakeApi(ok('applied'));
    await pushOutbox(api);
    expect(api.calls.map((c) => [c[0], c.length])).toEqual([[1, 500], [501, 120]]);
  });

  it('network errors propagate and keep the outbox', async () => {
    await createVisite(V1);
    const api = fakeApi(() => {
      throw new ApiError({ status: 0, code: 'network', message: 'Serveur injoignable.' });
    });
    await expect(pushOutbox(api)).rejects.toMatchObject({ code: 'network' });
    expect(await db.outbox.count()).toBe(1);
  });
});
