// Pull: fetch changes page by page until more=false, and store them in large transactions: the
// changes of consecutive pages are collected (each record once, at its latest version) and written
// together — with the cursor and the clock — when FLUSH_AT changes are waiting or at the end, so
// the cursor never moves past a change that is not stored. Pending local edits are rebased.
import { PULL_LIMIT, REFERENTIEL } from '../config.js';
import { db, RECORD_TABLES } from '../db/database.js';
import { deleteRecord, filterRecords, getRecord, getRecords, putRecord, recordsByTag, writeRecordSets } from '../db/records.js';
import { invalidateSearch } from '../db/search.js';
import { fieldEntities, isFieldEntity, writableFields } from '../families/index.js';
import { receive } from './hlc.js';
import { rebaseDraft, rebaseRecord } from './rebase.js';

/** Changes collected before one write transaction. */
export const FLUSH_AT = 50000;

const isReferentiel = (e) => REFERENTIEL.includes(e);
/** Field records of a declared family: written by the device, rebased, with conflict cards. */
const isWritable = isFieldEntity;

/**
 * Store a set of changes with the cursor that follows them, in ONE transaction (bulk writes).
 * `changes` may hold one record several times: the last one wins. `meta`: more meta values to
 * store in the same transaction. A removal (`removed: true`, a record that left the device's
 * scope) comes as a deletion and is applied as one: the synced copy goes, pending local edits and
 * the outbox stay. The open conflicts a record carries (`_conflicts`) become the device's
 * conflict cards.
 */
export async function applyChanges(changes, cursor, now = Date.now(), meta = {}) {
  const tables = [...RECORD_TABLES.map((t) => db.table(t)), db.extra, db.localstate, db.drafts, db.outbox, db.meta, db.issues, db.blobs];
  let touchedReferentiel = false;
  await db.transaction('rw', tables, async () => {
    const [states, draftRows, [clock, session], conflictIssues] = await Promise.all([
      db.localstate.toArray(), db.drafts.toArray(), db.meta.bulkGet(['clock', 'session']),
      db.issues.where('kind').equals('conflict').toArray(),
    ]);
    if (!session?.value) throw sessionClosed(); // logged out while the page was on its way
    const locals = new Map(states.map((s) => [s.id, s]));
    const drafts = new Map(draftRows.map((d) => [d.id, d]));
    const latest = new Map();
    let maxHlc = null;
    for (const c of changes) {
      if (c.hlc && (!maxHlc || c.hlc > maxHlc)) maxHlc = c.hlc;
      latest.set(`${c.entity}:${c.record}`, c);
    }
    const puts = new Map();
    const dels = new Map();
    const extraPuts = [];
    const extraDels = [];
    const rebased = [];
    const add = (map, entity, v) => (map.get(entity) || map.set(entity, []).get(entity)).push(v);
    const conflicts = conflictsByRecord(conflictIssues);
    const conflictChanges = [];
    for (const c of latest.values()) {
      if (isWritable(c.entity) && (conflicts.has(c.record) || c.fields?._conflicts?.length)) conflictChanges.push(c);
      if (!isReferentiel(c.entity) && !isWritable(c.entity)) {
        const key = `${c.entity}:${c.record}`;
        if (c.deleted) extraDels.push(key);
        else extraPuts.push({ key, entity: c.entity, id: c.record, _v: c.version, fields: c.fields });
      } else if (isWritable(c.entity) && (locals.has(c.record) || drafts.has(c.record))) {
        rebased.push(c);
      } else {
        if (!isWritable(c.entity)) touchedReferentiel = true;
        if (c.deleted) add(dels, c.entity, c.record);
        else add(puts, c.entity, { ...c.fields, id: c.record, _v: c.version });
      }
    }
    const rows = [{ key: 'cursor', value: cursor ?? null }, ...Object.entries(meta).map(([key, value]) => ({ key, value }))];
    if (maxHlc) rows.push({ key: 'clock', value: receive(clock?.value, maxHlc, now) });
    const deadPhotos = dels.has('photo') ? (await getRecords('photo', dels.get('photo'))).filter(Boolean) : [];
    const sets = [...new Set([...puts.keys(), ...dels.keys()])].map((entity) => ({ entity, rows: puts.get(entity), deletedIds: dels.get(entity) }));
    await Promise.all([db.meta.bulkPut(rows), (async () => { // meta and records in parallel
      await writeRecordSets(sets); // the field records of every family: one patch, or one fold
      if (deadPhotos.length) await dropCachedBytes(deadPhotos, draftRows);
      if (conflictChanges.length) await syncConflicts(conflictChanges, conflicts, session?.value?.device_id, now);
      if (extraPuts.length) await db.extra.bulkPut(extraPuts);
      if (extraDels.length) await db.extra.bulkDelete(extraDels);
      for (const c of rebased) await rebaseOne(c, locals.get(c.record), drafts.get(c.record));
    })()]);
  });
  if (touchedReferentiel) invalidateSearch();
  return changes.length;
}

/** The error of a sync step that finds the device logged out (its data wiped) meanwhile. */
export function sessionClosed() {
  return Object.assign(new Error('Session fermée.'), { code: 'session_closed' });
}

function conflictsByRecord(issues) {
  const map = new Map();
  for (const i of issues) (map.get(i.record) || map.set(i.record, []).get(i.record)).push(i);
  return map;
}

/** Whether an author ("user:<id>/device:<uuid>") is this device. */
export const isDevice = (author, deviceId) => !!deviceId && String(author || '').split('/').includes(`device:${deviceId}`);

/**
 * Bring the conflict cards of pulled records in line with their open conflicts (`_conflicts`):
 * one card per open conflict this device took part in (its value kept or lost), kept dismissed
 * when the user hid it; cards of conflicts no longer open close, and so do the cards a push
 * result opened, as soon as the record says which conflicts are open. A server that does not
 * send `_conflicts` leaves the cards as they are.
 */
async function syncConflicts(changes, existingByRecord, deviceId, now) {
  const puts = [];
  const adds = [];
  for (const c of changes) {
    const list = c.deleted ? [] : c.fields?._conflicts;
    if (!Array.isArray(list)) continue;
    const existing = existingByRecord.get(c.record) || [];
    const byId = new Map(existing.filter((i) => i.conflict).map((i) => [i.conflict, i]));
    const mine = list.filter((x) => x && (isDevice(x.kept_author, deviceId) || isDevice(x.other_author, deviceId)));
    const keep = new Set();
    for (const x of mine) {
      keep.add(x.id);
      const card = {
        kind: 'conflict', source: 'pull', entity: c.entity, record: c.record, conflict: x.id, field: x.field,
        kept_value: x.kept_value ?? null, other_value: x.other_value ?? null, kept_author: x.kept_author,
        other_author: x.other_author, lost: isDevice(x.other_author, deviceId),
      };
      const prev = byId.get(x.id);
      if (prev) puts.push({ ...prev, ...card, resolved: false, open: prev.dismissed ? 0 : 1 });
      else adds.push({ ...card, created_at: now, resolved: false, open: 1 });
    }
    for (const i of existing) if (i.open && !keep.has(i.conflict)) puts.push({ ...i, resolved: true, open: 0 });
  }
  if (puts.length) await db.issues.bulkPut(puts);
  if (adds.length) await db.issues.bulkAdd(adds);
}

/**
 * Photo bytes cached from the server for photos that are gone (deleted, or out of the device's
 * scope) leave with them, unless another photo or a draft still uses them. Bytes not uploaded
 * yet are never touched.
 */
async function dropCachedBytes(photos, drafts) {
  const inDrafts = new Set(drafts.flatMap((d) => (d.photos || []).map((p) => p.sha256)));
  for (const sha of new Set(photos.map((p) => p.sha256).filter(Boolean))) {
    if (inDrafts.has(sha) || (await recordsByTag('photo', 'sha256', sha)).length) continue;
    const rows = (await db.blobs.bulkGet([sha, `${sha}:thumb`])).filter((b) => b && (b.state === 'remote' || b.state === 'uploaded'));
    if (rows.length) await db.blobs.bulkDelete(rows.map((b) => b.sha256));
  }
}

/** The stored pull cursor (null before the first pull). */
export async function readCursor() {
  return (await db.meta.get('cursor'))?.value || null;
}

/** Store one pulled page and its cursor in one transaction. */
export function applyPage(page, now = Date.now()) {
  return applyChanges(page.changes || [], page.cursor, now);
}

async function rebaseOne(c, state, draft) {
  const local = await getRecord(c.entity, c.record);
  let row;
  if (state && local) {
    const r = rebaseRecord(local, state, { version: c.version, fields: c.fields, deleted: c.deleted });
    row = r.row;
    await putRecord(c.entity, row);
    await db.localstate.put(r.state);
    if (r.bumped) {
      // Unsent mutations of this record saw nothing the server changed under them: move their base.
      await db.outbox.where('record').equals(c.record)
        .modify((m) => { if (m.base !== null && m.base !== undefined) m.base = c.version; });
    }
  } else if (c.deleted) {
    await deleteRecord(c.entity, c.record);
  } else {
    row = { ...c.fields, id: c.record, _v: c.version };
    await putRecord(c.entity, row);
  }
  if (draft && !c.deleted) {
    await db.drafts.put(rebaseDraft(draft, { version: c.version, fields: row || c.fields }, writableFields(c.entity)));
  }
}

/** Drop synced copies (keeping records with unsynced local edits, outbox, drafts, unsynced blobs). */
export async function resetSynced() {
  const tables = [...RECORD_TABLES.map((t) => db.table(t)), db.extra, db.localstate, db.blobs, db.meta];
  await db.transaction('rw', tables, async () => {
    const keep = new Set((await db.localstate.toArray()).map((s) => s.id));
    for (const e of REFERENTIEL) await db.table(e).clear();
    await filterRecords(fieldEntities(), (r) => keep.has(r.id) || r._v === null || r._v === undefined);
    await db.extra.clear();
    await db.blobs.where('state').equals('remote').delete();
    await db.meta.delete('cursor');
  });
  invalidateSearch();
}

/** Whether a pull failed because the server refuses the cursor (unsigned, forged, old format). */
export const isInvalidCursor = (e) => e?.status === 400 && e?.code === 'invalid_cursor';

/**
 * Pull until `more` is false. Only when the outbox is empty (returns {skipped: true} otherwise).
 * On reset, or when the server refuses the cursor (400 `invalid_cursor`: a cursor from before
 * signed cursors would otherwise block every pull; once per call, so no loop): drop synced copies
 * and start again without cursor. The next page is fetched while the current one is handled (its
 * cursor is known first). `finish()` returns meta values to store
 * with the last changes (e.g. lastSyncAt), in their transaction. `from: {cursor}`: the stored
 * cursor, read by the caller with the outbox found empty (saves a round trip).
 */
export async function pullAll(api, { limit = PULL_LIMIT, flushAt = FLUSH_AT, onProgress, finish, from } = {}) {
  if (!from) {
    const [queued, stored] = await Promise.all([db.outbox.count(), readCursor()]);
    if (queued > 0) return { skipped: true, pages: 0, changes: 0 };
    from = { cursor: stored };
  }
  let cursor = from.cursor;
  let pages = 0;
  let count = 0;
  let resets = 0;
  let cursorRefused = false;
  let buffer = [];
  let next = api.pull(cursor, limit);
  for (;;) {
    let page;
    try {
      page = await next;
    } catch (e) {
      if (isInvalidCursor(e) && cursor && !cursorRefused) {
        cursorRefused = true; // once: a fresh pull that fails too is the cycle's error
        resets += 1;
        buffer = [];
        await resetSynced();
        cursor = null;
        next = api.pull(null, limit);
        continue;
      }
      // Keep the progress made so far (flaky network during a long first sync).
      if (buffer.length) await applyChanges(buffer, cursor);
      throw e;
    }
    next = null;
    if (page.reset && (cursor || resets === 0) && resets < 2) {
      resets += 1;
      buffer = [];
      await resetSynced();
      cursor = null;
      next = api.pull(null, limit);
      continue;
    }
    cursor = page.cursor ?? cursor;
    if (page.more) {
      next = api.pull(cursor, limit);
      next.catch(() => {}); // awaited on the next turn; no unhandled rejection meanwhile
    }
    for (const c of page.changes || []) buffer.push(c);
    pages += 1;
    if (!page.more || buffer.length >= flushAt) {
      count += await applyChanges(buffer, cursor, Date.now(), page.more ? {} : finish?.() || {});
      buffer = [];
    }
    await onProgress?.(count + buffer.length, page.more);
    if (!page.more) break;
  }
  return { skipped: false, pages, changes: count, resets };
}
