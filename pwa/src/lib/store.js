// A tiny observable store (no framework): get, set (shallow merge), subscribe.

/** Create a store holding a plain object; listeners run after every set(). */
export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      for (const l of listeners) l(state);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** Create a minimal event emitter: on(fn) returns an unsubscribe, emit(...args) calls all. */
export function createEmitter() {
  const fns = new Set();
  return {
    on(fn) {
      fns.add(fn);
      return () => fns.delete(fn);
    },
    emit(...args) {
      for (const fn of fns) fn(...args);
    },
  };
}
