import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi } from '../src/api/client.js';
import { countRecords, getRecord, putRecord } from '../src/db/records.js';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { validateDraft } from '../src/db/writes.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { REVOKED_NOTICE, session, wipe } from '../src/sync/session.js';
import { freshDb, LOG, T0 } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const P1 = '0190f3a2-0000-7000-8000-0000000000f1';
const SHA = 'ab'.repeat(32);
const nav = { onLine: true };

async function visiteWithPhoto() {
  const d = await openDraft('visite', V1, LOG);
  d.values.type = 'technique';
  d.values.observations = 'Dégât des eaux';
  const blob = new Blob([new Uint8Array(1500)], { type: 'image/jpeg' });
  d.photos = [{ id: P1, sha256: SHA, caption: 'Plafond', taken_at: '2025-11-26T10:00:00+01:00', size: 1500 }];
  d.values.photo_ids = [P1];
  await addDraftPhoto(d, d.photos[0], blob);
  return validateDraft(d, T0);
}

beforeEach(freshDb);

describe('sync cycle', () => {
  it('uploads blobs, then pushes in order, then pulls until more=false', async () => {
    const ms = await visiteWithPhoto();
    expect(ms.map((m) => [m.seq, m.entity])).toEqual([[1, 'visite'], [2, 'photo']]);
    expect(ms[1].fields).toEqual({ sha256: SHA, owner_entity: 'visite', owner_record: V1, caption: 'Plafond', taken_at: '2025-11-26T10:00:00+01:00' });
    const order = [];
    const pages = [{ changes: [], cursor: 'c1', more: true, reset: false }, { changes: [], cursor: 'c2', more: false, reset: false }];
    const api = {
      hasBlob: vi.fn(async (sha) => { order.push(`head ${sha.slice(0, 4)}`); return false; }),
      putBlob: vi.fn(async (sha) => { order.push(`put ${sha.slice(0, 4)}`); return 201; }),
      push: vi.fn(async ({ mutations }) => {
        order.push(`push ${mutations.map((m) => m.seq).join(',')}`);
        return { results: mutations.map((m) => ({ seq: m.seq, status: 'applied', version: 1 })), last_seq: 2 };
      }),
      pull: vi.fn(async (cursor) => { order.push(`pull ${cursor}`); return pages.shift(); }),
    };
    const engine = createSyncEngine({ api, nav, now: () => T0 + 1000 });
    const before = engine.status.get();
    expect(before.online).toBe(true);
    await engine.refresh();
    expect(engine.status.get().pending).toEqual({ records: 1, photos: 1, blobs: 1, bytes: ms[0].size + ms[1].size + 1500 });
    expect(await engine.sync()).toBe(true);
    expect(order).toEqual(['head abab', 'put abab', 'push 1,2', 'pull null', 'pull c1']);
    const s = engine.status.get();
    expect(s.lastSyncAt).toBe(T0 + 1000);
    expect(s.pending).toEqual({ records: 0, photos: 0, blobs: 0, bytes: 0 });
    expect(s.syncing).toBe(false);
    expect((await db.blobs.get(SHA)).state).toBe('uploaded');
  });

  it('does not re-upload a blob the server already has', async () => {
    await visiteWithPhoto();
    const api = {
      hasBlob: vi.fn(async () => true), putBlob: vi.fn(),
      push: async ({ mutations }) => ({ results: mutations.map((m) => ({ seq: m.seq, status: 'applied', version: 1 })), last_seq: 2 }),
      pull: async () => ({ changes: [], cursor: 'c', more: false, reset: false }),
    };
    await createSyncEngine({ api, nav }).sync();
    expect(api.putBlob).not.toHaveBeenCalled();
  });

  it('426 shows "mise à jour requise" and keeps the outbox', async () => {
    await visiteWithPhoto();
    const api = {
      hasBlob: async () => true, putBlob: vi.fn(), pull: vi.fn(),
      push: async () => { throw new ApiError({ status: 426, code: 'upgrade_required', message: 'Mise à jour requise.' }); },
    };
    const engine = createSyncEngine({ api, nav });
    expect(await engine.sync()).toBe(false);
    expect(engine.status.get()).toMatchObject({ upgradeRequired: true, error: { code: 'upgrade_required' } });
    expect(api.pull).not.toHaveBeenCalled();
    expect(await db.outbox.count()).toBe(2);
  });

  it('an unreachable server is reported without touching navigator.onLine', async () => {
    const api = createApi({ getToken: () => 't', fetchImpl: async () => { throw new TypeError('Failed to fetch'); } });
    const engine = createSyncEngine({ api, nav });
    expect(await engine.sync()).toBe(false);
    expect(engine.status.get()).toMatchObject({ online: true, reachable: false, error: { code: 'network', message: 'Serveur injoignable.' } });
  });

  it('does nothing while the browser says it is offline', async () => {
    const api = { pull: vi.fn(), push: vi.fn() };
    const engine = createSyncEngine({ api, nav: { onLine: false } });
    expect(await engine.sync()).toBe(false);
    expect(engine.status.get().online).toBe(false);
    expect(api.pull).not.toHaveBeenCalled();
  });
});

describe('revoked device', () => {
  it('401 with wipe:true deletes all local data and returns to login with the notice', async () => {
    await visiteWithPhoto();
    const fetchImpl = vi.fn(async (url, init) => {
      expect(init.headers.Authorization).toBe('Bearer t0k3n');
      return new Response(JSON.stringify({ error: { code: 'device_revoked', message: 'Appareil révoqué.' }, wipe: true }), { status: 401, headers: { 'Content-Type': 'application/json' } });
    });
    const api = createApi({
      getToken: async () => (await db.meta.get('session'))?.value?.token,
      onWipe: () => wipe(),
      fetchImpl,
    });
    const engine = createSyncEngine({ api, nav });
    expect(await engine.sync()).toBe(false);
    expect(fetchImpl.mock.calls[0][0]).toBe(`/api/v1/blobs/${SHA}`);
    expect(await db.outbox.count()).toBe(0);
    expect(await countRecords('visite')).toBe(0);
    expect(await db.blobs.count()).toBe(0);
    expect(await db.meta.count()).toBe(0);
    expect(session.get()).toMatchObject({ state: 'anonymous', notice: REVOKED_NOTICE });
    expect(REVOKED_NOTICE).toBe('Cet appareil a été révoqué : ses données locales ont été effacées.');
  });

  it('the api maps error bodies to {code, message}', async () => {
    const api = createApi({ fetchImpl: async () => new Response(JSON.stringify({ error: { code: 'invalid_credentials', message: 'Identifiant ou mot de passe incorrect.' } }), { status: 401 }) });
    await expect(api.login('x', 'y', 'z')).rejects.toMatchObject({ status: 401, code: 'invalid_credentials', message: 'Identifiant ou mot de passe incorrect.', wipe: false });
  });
});

describe('drafts', () => {
  it('orphan draft photo bytes are cleaned, the ones a draft uses are kept', async () => {
    const { cleanupDraftBlobs, saveDraft } = await import('../src/db/drafts.js');
    const d = await openDraft('visite', V1, LOG);
    d.photos = [{ id: P1, sha256: SHA, caption: '', taken_at: null, size: 3 }];
    await saveDraft(d);
    await db.blobs.bulkPut([
      { sha256: SHA, state: 'draft', size: 3 }, { sha256: 'cd'.repeat(32), state: 'draft', size: 3 },
      { sha256: 'ef'.repeat(32), state: 'queued', size: 3 },
    ]);
    await cleanupDraftBlobs();
    expect((await db.blobs.toCollection().primaryKeys()).sort()).toEqual([SHA, 'ef'.repeat(32)]);
  });
});

describe('single-flight sync', () => {
  const down = () => Object.assign(new Error('Serveur injoignable.'), { status: 0, code: 'network' });
  const idlePage = { changes: [], cursor: 'c', more: false, reset: false };
  const deferred = () => {
    let reject;
    const promise = new Promise((_, r) => { reject = r; });
    return { promise, reject };
  };

  it('a press during a failing cycle runs one fresh cycle after it', async () => {
    const attempt = deferred();
    const api = { pull: vi.fn().mockReturnValueOnce(attempt.promise).mockResolvedValue(idlePage) };
    const engine = createSyncEngine({ api, nav, now: () => T0 });
    const retry = engine.sync(); // the retry loop's attempt, as the server comes back
    await vi.waitFor(() => expect(api.pull).toHaveBeenCalledTimes(1));
    const press = engine.sync(); // "Synchroniser" while it runs
    attempt.reject(down()); // that attempt still fails…
    expect(await press).toBe(true); // …but the press gets its own cycle, at once
    expect(await retry).toBe(true);
    expect(api.pull).toHaveBeenCalledTimes(2);
    expect(engine.status.get()).toMatchObject({ reachable: true, error: null, lastSyncAt: T0 });
  });

  it('reruns are bounded when the server stays down', async () => {
    let engine;
    // Every attempt is joined by another request while it runs (as if triggers kept firing).
    const api = { pull: vi.fn(async () => { engine.sync(); throw down(); }) };
    engine = createSyncEngine({ api, nav });
    expect(await engine.sync()).toBe(false);
    expect(api.pull).toHaveBeenCalledTimes(3); // 1 + MAX_RERUNS (2)
    await new Promise((r) => setTimeout(r, 20));
    expect(api.pull).toHaveBeenCalledTimes(3);
  });

  it('without a request meanwhile, a failing cycle is not rerun', async () => {
    const api = { pull: vi.fn(async () => { throw down(); }) };
    const engine = createSyncEngine({ api, nav });
    expect(await engine.sync()).toBe(false);
    expect(api.pull).toHaveBeenCalledTimes(1);
  });
});

describe('status refresh', () => {
  it('a cycle with nothing to do refreshes once, counts issues without reading them, and estimates storage at most once a minute', async () => {
    const proto = Object.getPrototypeOf(db.outbox);
    const each = vi.spyOn(proto, 'each');
    const toArray = vi.spyOn(proto, 'toArray');
    const estimate = vi.fn(async () => ({ usage: 5e6, quota: 1e9 }));
    let t = T0;
    const api = { pull: vi.fn(async () => ({ changes: [], cursor: 'c', more: false, reset: false })) };
    const engine = createSyncEngine({ api, nav: { onLine: true, storage: { estimate } }, now: () => t });
    await db.issues.bulkAdd([
      { kind: 'conflict', record: 'a', resolved: false, open: 1 },
      { kind: 'rejected', record: 'b', resolved: true, open: 0 },
    ]);
    expect(await engine.sync()).toBe(true);
    const refreshes = () => each.mock.contexts.filter((c) => c.name === 'outbox').length; // pendingSummary
    expect(refreshes()).toBe(1);
    expect(toArray.mock.contexts.filter((c) => c.name === 'issues')).toHaveLength(0);
    expect(engine.status.get()).toMatchObject({ attention: 1, storage: { usage: 5e6, quota: 1e9 } });
    expect(estimate).toHaveBeenCalledTimes(1);
    t += 59999;
    await engine.sync();
    expect(refreshes()).toBe(2);
    expect(estimate).toHaveBeenCalledTimes(1);
    t += 1;
    await engine.sync();
    expect(estimate).toHaveBeenCalledTimes(2);
    await engine.refresh({ storage: true }); // forced (after writes of photo bytes)
    expect(estimate).toHaveBeenCalledTimes(3);
    each.mockRestore();
    toArray.mockRestore();
  });

  it('a large pull refreshes the storage estimate', async () => {
    const estimate = vi.fn(async () => ({ usage: 5e6, quota: 1e9 }));
    const changes = Array.from({ length: 1000 }, (_, i) => ({ entity: 'visite', record: `v${i}`, version: 1, deleted: false, hlc: '001764150000100-00000-srv', fields: { logement_id: LOG, observations: 'RAS' } }));
    const pages = [{ changes: [], cursor: 'c1', more: false, reset: false }, { changes, cursor: 'c2', more: false, reset: false }];
    const engine = createSyncEngine({ api: { pull: async () => pages.shift() }, nav: { onLine: true, storage: { estimate } }, now: () => T0 });
    await engine.sync();
    expect(estimate).toHaveBeenCalledTimes(1);
    await engine.sync();
    expect(estimate).toHaveBeenCalledTimes(2);
  });
});
