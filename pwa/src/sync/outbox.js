// The outbox: mutations waiting for the server, in seq order (gap-free from 1, per device).
// appendMutation must run inside a Dexie 'rw' transaction that includes 'outbox' and 'meta'
// (and the record's table), so the record and its mutation commit together or not at all.
import Dexie from 'dexie';
import { db } from '../db/database.js';
import { uuidv7 } from '../lib/uuid.js';
import { formatHlc, tick } from './hlc.js';

const encoder = new TextEncoder();

/** Byte size of a value once serialised as JSON. */
export function jsonSize(value) {
  return encoder.encode(JSON.stringify(value)).length;
}

/** The wire form of an outbox entry (what /sync/push expects). */
export function toWire(m) {
  return {
    seq: m.seq, id: m.id, entity: m.entity, record: m.record, op: m.op,
    base: m.base, hlc: m.hlc, fields: m.fields,
  };
}

/**
 * Append a mutation with the next seq and a fresh HLC. Call inside a rw transaction on
 * ['outbox', 'meta', ...]: the seq counter and the clock are read and written in it.
 */
export async function appendMutation({ entity, record, op = 'upsert', base = null, fields }, now = Date.now()) {
  const tx = Dexie.currentTransaction;
  if (!tx || tx.mode !== 'readwrite' || !tx.storeNames.includes('outbox') || !tx.storeNames.includes('meta')) {
    throw new Error('appendMutation must run inside a rw transaction on outbox and meta');
  }
  const [seqRow, clockRow, sessionRow] = await db.meta.bulkGet(['seq', 'clock', 'session']);
  const seq = (seqRow?.value || 0) + 1;
  const clock = tick(clockRow?.value, now);
  const node = sessionRow?.value?.device_id || 'local';
  const m = { seq, id: uuidv7(now), entity, record, op, base, hlc: formatHlc(clock, node), fields };
  m.size = jsonSize(toWire(m));
  m.created_at = now;
  await db.meta.bulkPut([
    { key: 'seq', value: seq },
    { key: 'clock', value: clock },
  ]);
  await db.outbox.add(m);
  return m;
}

/** Outbox entries in seq order, at most `limit`. */
export function listOutbox(limit = Infinity) {
  const c = db.outbox.orderBy('seq');
  return Number.isFinite(limit) ? c.limit(limit).toArray() : c.toArray();
}

/** Number of outbox entries. */
export function outboxCount() {
  return db.outbox.count();
}

/**
 * The next batch to push: consecutive entries from the head, at most `maxCount` and with
 * their JSON under `maxBytes` (always at least one entry).
 */
export async function takeBatch(maxCount, maxBytes) {
  const head = await db.outbox.orderBy('seq').limit(maxCount).toArray();
  const batch = [];
  let bytes = 64; // envelope {"schema":1,"mutations":[]}
  for (const m of head) {
    if (batch.length && bytes + m.size + 1 > maxBytes) break;
    batch.push(m);
    bytes += m.size + 1;
  }
  return batch;
}
