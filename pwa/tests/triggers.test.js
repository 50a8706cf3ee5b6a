import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localWrites } from '../src/db/writes.js';
import { createRetryLoop } from '../src/sync/backoff.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { startTriggers } from '../src/sync/triggers.js';
import { freshDb, T0 } from './helpers.js';

// Only the app's timers are faked: fake-indexeddb runs on (real) setImmediate.
const realTick = () => new Promise((r) => setImmediate(r));
// Bounded by real time, not by a number of ticks: on a busy machine the Web Crypto work behind
// each IndexedDB write (encryption at rest) takes many ticks.
async function until(cond, ms = 20000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await realTick();
  expect(cond()).toBe(true);
}
// The retry is scheduled once the failed cycle has written its state (encrypted: real time):
// advance the fake clock only once that timer exists.
async function advance(ms) {
  await until(() => vi.getTimerCount() > 0);
  await vi.advanceTimersByTimeAsync(ms);
}
const down = () => Object.assign(new Error('Serveur injoignable.'), { status: 0, code: 'network' });
const idlePage = { changes: [], cursor: 'c', more: false, reset: false };

beforeEach(async () => {
  await freshDb();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => vi.useRealTimers());

describe('"Synchroniser" while the server comes back', () => {
  function setup(pull) {
    const api = { pull: vi.fn(pull) };
    const engine = createSyncEngine({ api, nav: { onLine: true }, now: () => T0 });
    const triggers = startTriggers(engine, { win: null, doc: null, nav: null, idleMs: 0 });
    return { api, engine, triggers };
  }

  it('a press during the failing retry attempt syncs at once, without waiting for the backoff', async () => {
    let attempt = null;
    let up = false;
    const { api, engine, triggers } = setup(() => {
      if (up) return Promise.resolve(idlePage);
      if (api.pull.mock.calls.length === 4) return new Promise((_, reject) => { attempt = reject; });
      return Promise.reject(down());
    });
    await until(() => api.pull.mock.calls.length === 1 && !engine.status.get().syncing); // on open: down
    await advance(2000);
    await until(() => api.pull.mock.calls.length === 2 && !engine.status.get().syncing);
    await advance(4000);
    await until(() => api.pull.mock.calls.length === 3 && !engine.status.get().syncing);
    await advance(8000); // 4th attempt: hangs while the server starts
    await until(() => attempt !== null);
    const press = triggers.syncNow();
    attempt(down()); // the attempt fails…
    up = true; // …the server is up now
    expect(await press).toBe(true);
    expect(api.pull).toHaveBeenCalledTimes(5);
    expect(engine.status.get()).toMatchObject({ reachable: true, error: null, lastSyncAt: T0 });
    triggers.stop();
  });

  it('a press resets the backoff: the next retry comes 2 s after a failed press', async () => {
    const { api, engine, triggers } = setup(() => Promise.reject(down()));
    await until(() => api.pull.mock.calls.length === 1 && !engine.status.get().syncing);
    for (const [delay, n] of [[2000, 2], [4000, 3], [8000, 4], [16000, 5]]) {
      await advance(delay);
      await until(() => api.pull.mock.calls.length === n && !engine.status.get().syncing);
    }
    // Next automatic retry would be in 32 s. The user presses: it fails, then 2 s, not 32 s.
    expect(await triggers.syncNow()).toBe(false);
    expect(api.pull).toHaveBeenCalledTimes(6);
    await advance(1999);
    await realTick();
    expect(api.pull).toHaveBeenCalledTimes(6);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => api.pull.mock.calls.length === 7);
    triggers.stop();
  });
});

describe('retry loop with concurrent triggers', () => {
  it('reset restarts the backoff at 2 s; an older run ending late does not reschedule', async () => {
    let finish = null;
    const run = vi.fn(() => new Promise((resolve) => { finish = resolve; }));
    const loop = createRetryLoop({ run, idle: 0 });
    for (let i = 0; i < 4; i++) {
      const p = loop.trigger();
      finish(false);
      await p;
    }
    expect([loop.attempt, loop.nextDelay]).toEqual([4, 16000]);
    const first = loop.trigger(); // runs…
    const endFirst = finish;
    const second = loop.trigger({ reset: true }); // …pressed meanwhile
    endFirst(false);
    finish(false);
    await Promise.all([first, second]);
    expect([loop.attempt, loop.nextDelay]).toEqual([1, 2000]);
    loop.stop();
  });
});

describe('status refresh after local writes', () => {
  it('new photos refresh the storage estimate at once; other writes wait for the throttle', async () => {
    const engine = { sync: vi.fn(async () => true), refresh: vi.fn(), setOnline: vi.fn() };
    const triggers = startTriggers(engine, { win: null, doc: null, nav: null, idleMs: 0 });
    localWrites.emit([{ entity: 'visite' }]);
    localWrites.emit([{ entity: 'visite' }, { entity: 'photo' }]);
    expect(engine.refresh.mock.calls).toEqual([[{ storage: false }], [{ storage: true }]]);
    triggers.stop();
  });
});
