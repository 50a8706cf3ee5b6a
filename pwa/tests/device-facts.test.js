// Issue 8: every API call tells the server the app version and what waits on the device
// (item 7, contract B); a request without answer reads "Hors ligne" (item 9).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../src/api/client.js';
import { APP_VERSION } from '../src/config.js';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { validateDraft } from '../src/db/writes.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { connection } from '../src/ui/StatusBar.jsx';
import { freshDb, LOG, T0 } from './helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(freshDb);

describe('X-Palier-App-Version and X-Palier-Pending', () => {
  it('the version is the build\'s (package.json), on every call, login and health included', async () => {
    expect(APP_VERSION).toBe(pkg.version);
    const seen = [];
    const api = createApi({
      getPending: () => 7,
      fetchImpl: async (url, init) => {
        seen.push([url, init.headers['X-Palier-App-Version'], init.headers['X-Palier-Pending']]);
        return json({ status: 'ok', schema: 1 });
      },
    });
    await api.health();
    await api.login('a', 'b', 'c').catch(() => {});
    expect(seen).toEqual([
      ['/api/v1/health', pkg.version, '7'],
      ['/api/v1/auth/device', pkg.version, '7'],
    ]);
  });

  it('the pending count is the outbox plus the photos not uploaded yet, as the sync cycle goes', async () => {
    const d = await openDraft('visite', '0190f3a2-0000-7000-8000-0000000000a1', LOG);
    d.values.type = 'technique';
    d.photos = [{ id: '0190f3a2-0000-7000-8000-0000000000f1', sha256: 'ab'.repeat(32), caption: '', taken_at: null, size: 3 }];
    d.values.photo_ids = [d.photos[0].id];
    await addDraftPhoto(d, d.photos[0], new Blob([new Uint8Array(3)]));
    await validateDraft(d, T0);
    const seen = [];
    let engine;
    const api = createApi({
      getToken: () => 't',
      getPending: () => engine.pendingCount(),
      fetchImpl: async (url, init) => {
        seen.push(`${init.method} ${url.split('?')[0]} ${init.headers['X-Palier-Pending']}`);
        if (init.method === 'HEAD') return new Response(null, { status: 200 });
        if (url.endsWith('/sync/push')) {
          const { mutations } = JSON.parse(init.body);
          return json({ results: mutations.map((m) => ({ seq: m.seq, status: 'applied', version: 1 })), last_seq: 2 });
        }
        if (url.endsWith('/rules')) return new Response(null, { status: 304 });
        return json({ changes: [], cursor: 'c', more: false, reset: false });
      },
    });
    engine = createSyncEngine({ api, nav: { onLine: true } });
    expect(await engine.sync()).toBe(true);
    expect(seen).toEqual([
      `HEAD /api/v1/blobs/${'ab'.repeat(32)} 3`,
      'POST /api/v1/sync/push 3',
      'GET /api/v1/rules 0',
      'GET /api/v1/sync/pull 0',
    ]);
  });
});

describe('the connection label', () => {
  it('a request that got no answer means "Hors ligne", even with navigator.onLine true', async () => {
    const api = createApi({ getToken: () => 't', fetchImpl: async () => { throw new TypeError('Failed to fetch'); } });
    const engine = createSyncEngine({ api, nav: { onLine: true } });
    expect(await engine.sync()).toBe(false);
    expect(engine.status.get()).toMatchObject({ online: true, reachable: false, serverError: false });
    expect(connection(engine.status.get())).toEqual({ label: 'Hors ligne', hint: 'serveur injoignable', ok: false });
    engine.setOnline(true); // the browser's `online` event
    expect(connection(engine.status.get()).label).toBe('En ligne');
  });

  it('a 5xx answer means the server is unavailable; navigator.onLine false is offline', async () => {
    const api = createApi({ getToken: () => 't', fetchImpl: async () => json({ error: { code: 'unavailable', message: 'Service indisponible.' } }, 503) });
    const engine = createSyncEngine({ api, nav: { onLine: true } });
    expect(await engine.sync()).toBe(false);
    expect(connection(engine.status.get()).label).toBe('Serveur indisponible');
    expect(connection({ online: false, reachable: true }).label).toBe('Hors ligne');
  });
});
