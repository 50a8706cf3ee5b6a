import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, createRetryLoop } from '../src/sync/backoff.js';

describe('backoffDelay', () => {
  it('doubles from 2 s and caps at 5 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map((a) => backoffDelay(a))).toEqual([
      2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000,
    ]);
  });
});

describe('retry loop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries with exponential delays capped at 5 min, and resets after a success', async () => {
    const outcomes = [false, false, false, false, false, false, false, false, false, false, true, false];
    const calls = [];
    const run = vi.fn(async () => {
      calls.push(Date.now());
      return outcomes.shift() ?? true;
    });
    const start = Date.now();
    const loop = createRetryLoop({ run, idle: 0 });
    await loop.trigger(); // fails → retry in 2 s
    expect(loop.nextDelay).toBe(2000);
    for (let i = 0; i < 10; i++) await vi.advanceTimersToNextTimerAsync();
    const gaps = calls.slice(1).map((t, i) => t - calls[i]);
    expect(gaps).toEqual([2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000]);
    expect(calls[0]).toBe(start);
    // The 11th run succeeded: attempt reset, nothing scheduled (idle: 0).
    expect(loop.attempt).toBe(0);
    expect(loop.nextDelay).toBe(null);
    await loop.trigger(); // fails again → back to 2 s
    expect(loop.nextDelay).toBe(2000);
    loop.stop();
  });

  it('after a success, waits the idle delay before the next run', async () => {
    const run = vi.fn(async () => true);
    const loop = createRetryLoop({ run, idle: 120000 });
    await loop.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(119999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    loop.stop();
  });

  it('a thrown error counts as a failure; trigger() runs at once and cancels the timer', async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error('réseau')).mockResolvedValue(true);
    const loop = createRetryLoop({ run, idle: 0 });
    await loop.trigger();
    expect(loop.nextDelay).toBe(2000);
    await loop.trigger();
    expect(run).toHaveBeenCalledTimes(2);
    expect(loop.nextDelay).toBe(null);
    await vi.advanceTimersByTimeAsync(10000);
    expect(run).toHaveBeenCalledTimes(2);
    loop.stop();
  });
});
