// Hybrid logical clock: "<wall ms, 15 digits>-<counter, 5 digits>-<device_id>".
// Plain string order is clock order (the device id breaks ties).

export const MAX_COUNTER = 99999;

/** The zero clock state. */
export const ZERO = Object.freeze({ wall: 0, counter: 0 });

/** Format a clock state and node id as an HLC string. */
export function formatHlc({ wall, counter }, node) {
  return `${String(wall).padStart(15, '0')}-${String(counter).padStart(5, '0')}-${node}`;
}

/** Parse an HLC string into {wall, counter, node}; throws on a malformed clock. */
export function parseHlc(s) {
  const m = /^(\d{15})-(\d{5})-(.*)$/.exec(String(s));
  if (!m) throw new Error(`HLC invalide : ${s}`);
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3] };
}

function carry(wall, counter) {
  // A counter past 5 digits moves the wall clock one millisecond forward.
  return counter > MAX_COUNTER ? { wall: wall + 1, counter: 0 } : { wall, counter };
}

/** Local event (send rule): wall = max(last.wall, now); counter++ when the wall does not move. */
export function tick(last, now) {
  const l = last || ZERO;
  const wall = Math.max(l.wall, Math.floor(now));
  return carry(wall, wall === l.wall ? l.counter + 1 : 0);
}

/** Receive rule: fold a remote HLC string into the local state. */
export function receive(last, remote, now) {
  const l = last || ZERO;
  const r = parseHlc(remote);
  const wall = Math.max(l.wall, r.wall, Math.floor(now));
  let counter;
  if (wall === l.wall && wall === r.wall) counter = Math.max(l.counter, r.counter) + 1;
  else if (wall === l.wall) counter = l.counter + 1;
  else if (wall === r.wall) counter = r.counter + 1;
  else counter = 0;
  return carry(wall, counter);
}

/** Compare two HLC strings (-1, 0, 1): string order is clock order. */
export function compareHlc(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
