// Live queries for the UI: re-run a read whenever the tables it read change.
import { liveQuery } from 'dexie';

/** Observe `query()` (a function of db/ reads); calls next(value) on every change. Returns unsubscribe. */
export function observe(query, next, error = (e) => console.error(e)) {
  const sub = liveQuery(query).subscribe({ next, error });
  return () => sub.unsubscribe();
}
