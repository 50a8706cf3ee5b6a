// Retry loop with exponential backoff, capped (5 min by default), reset on success.

export const BASE_DELAY = 2000;
export const MAX_DELAY = 5 * 60 * 1000;

/** Delay before retry number `attempt` (0-based): base × 2^attempt, capped at max. */
export function backoffDelay(attempt, base = BASE_DELAY, max = MAX_DELAY) {
  return Math.min(max, base * 2 ** Math.max(0, attempt));
}

/**
 * Create a retry loop around `run()` (resolves true on success, false on failure).
 * After a failure it reruns after backoffDelay(attempt); after a success, after `idle` ms.
 */
export function createRetryLoop({ run, base = BASE_DELAY, max = MAX_DELAY, idle = MAX_DELAY, timers = globalThis }) {
  let attempt = 0;
  let timer = null;
  let stopped = false;
  let nextDelay = null;
  let runs = 0; // the latest run reschedules; an older one that ends after it does not

  function schedule(delay) {
    if (timer) timers.clearTimeout(timer);
    nextDelay = delay;
    timer = timers.setTimeout(fire, delay);
  }

  async function fire() {
    timer = null;
    nextDelay = null;
    if (stopped) return false;
    const mine = ++runs;
    let ok = false;
    try {
      ok = await run();
    } catch {
      ok = false;
    }
    if (stopped || mine !== runs) return ok;
    reschedule(ok);
    return ok;
  }

  function reschedule(ok) {
    if (ok) {
      attempt = 0;
      if (idle > 0) schedule(idle);
    } else {
      schedule(backoffDelay(attempt, base, max));
      attempt += 1;
    }
  }

  return {
    /** Run now (cancels the pending timer); resolves with the outcome. `reset`: backoff from `base` again. */
    trigger({ reset = false } = {}) {
      stopped = false;
      if (reset) attempt = 0;
      if (timer) timers.clearTimeout(timer);
      timer = null;
      return fire();
    },
    /** Report an outcome obtained elsewhere (e.g. a manual sync) to reschedule. */
    report(ok) {
      if (!stopped) reschedule(ok);
    },
    stop() {
      stopped = true;
      if (timer) timers.clearTimeout(timer);
      timer = null;
    },
    get attempt() {
      return attempt;
    },
    get nextDelay() {
      return nextDelay;
    },
  };
}
