// Idle watch for the lock: no pointer or key input for `seconds()` seconds, or the page came back
// after being hidden that long (timers of a hidden page are throttled, so the return is checked).

const INPUTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'];

/**
 * Call `onIdle()` once input has stopped for `seconds()` seconds. Returns {stop, touch}: touch()
 * counts as input (after an unlock). `seconds` is read at each check (the server may change it).
 */
export function watchIdle({ seconds, onIdle, doc = globalThis.document, now = () => Date.now() }) {
  let last = now();
  let timer = null;
  let stopped = false;
  const limit = () => Math.max(1, Number(seconds()) || 0) * 1000;

  const check = () => {
    timer = null;
    if (stopped) return;
    const left = last + limit() - now();
    if (left <= 0) {
      stopped = true;
      off();
      onIdle();
      return;
    }
    timer = setTimeout(check, left);
  };
  const touch = () => {
    last = now();
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') check();
  };
  const off = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const type of INPUTS) doc?.removeEventListener?.(type, touch, true);
    doc?.removeEventListener?.('visibilitychange', onVisibility);
  };
  for (const type of INPUTS) doc?.addEventListener?.(type, touch, { capture: true, passive: true });
  doc?.addEventListener?.('visibilitychange', onVisibility);
  timer = setTimeout(check, limit());
  return {
    touch,
    stop() {
      stopped = true;
      off();
    },
  };
}
