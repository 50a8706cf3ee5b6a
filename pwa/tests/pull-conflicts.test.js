// Issue 8, items 4 and 5: conflicts reach the device inside pulled records (`_conflicts`), and a
// record that left the device's scope comes as a removal.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../src/db/database.js';
import { attentionCount, attentionItems, dismissIssue } from '../src/db/queries.js';
import { getRecord, putRecord } from '../src/db/records.js';
import { applyPushResults } from '../src/sync/push.js';
import { pullAll } from '../src/sync/pull.js';
import { DEVICE, editVisite, freshDb, LOG, putSyncedVisite, RES } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const OTHER = '0190f3a2-0000-7000-8000-00000000d002';
const HLC = '001764150000100-00000-srv';

const conflict = (over = {}) => ({
  id: 'c-1', field: 'observations', kept_value: 'Texte B', other_value: 'Texte A',
  kept_author: `user:u1/device:${OTHER}`, other_author: `user:u1/device:${DEVICE}`,
  kept_hlc: '001764150000200-00000-x', other_hlc: '001764150000100-00000-y', ...over,
});
const visite = (version, conflicts, fields = {}) => ({
  entity: 'visite', record: V1, version, deleted: false, hlc: HLC,
  fields: { residence_id: RES, logement_id: LOG, type: 'conseil', realisee_le: '2026-06-15T10:00:00+02:00', observations: 'Texte B', photo_ids: [], _conflicts: conflicts, ...fields },
});
const pullOf = (...changes) => pullAll({ pull: async () => ({ changes, cursor: `c${changes.length}`, more: false, reset: false }) });

beforeEach(freshDb);

describe('conflicts pulled with their record', () => {
  it('this device\'s lost value makes a card naming the record, with both values; it goes once resolved', async () => {
    await pullOf(visite(4, [conflict()]));
    const { issues, about } = await attentionItems();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      kind: 'conflict', record: V1, conflict: 'c-1', field: 'observations', lost: true,
      kept_value: 'Texte B', other_value: 'Texte A', open: 1,
    });
    expect(about.get(`issue:${issues[0].id}`)).toMatchObject({ entity: 'visite', record: V1, title: 'Visite conseil (pré-état des lieux) — logement 12 — 15/06/2026' });
    expect(await attentionCount()).toBe(1);

    await pullOf(visite(5, [])); // resolved in the back office
    expect(await attentionCount()).toBe(0);
    expect((await db.issues.toArray()).map((i) => [i.conflict, i.open, i.resolved])).toEqual([['c-1', 0, true]]);
  });

  it('conflicts between other devices are not shown here; the kept side sees its card too', async () => {
    await pullOf(visite(4, [conflict({ kept_author: 'user:u2/device:x', other_author: 'user:u3/back-office' })]));
    expect(await attentionCount()).toBe(0);
    await pullOf(visite(5, [conflict({ id: 'c-2', kept_author: `user:u1/device:${DEVICE}`, other_author: `user:u1/device:${OTHER}` })]));
    const [card] = await db.issues.where('open').equals(1).toArray();
    expect(card).toMatchObject({ conflict: 'c-2', lost: false });
  });

  it('the card the push answer opened closes once the pulled record says which conflicts are open', async () => {
    await putSyncedVisite(V1, { observations: 'Avant', type: 'conseil' }, 3);
    const [m] = await editVisite(V1, { observations: 'Texte A' });
    await applyPushResults([m], { results: [{ seq: 1, status: 'conflict', version: 4, conflicts: ['c-1'] }], last_seq: 1 });
    expect(await attentionCount()).toBe(1);
    await pullOf(visite(4, []));
    expect(await attentionCount()).toBe(0);
    // A server that does not send `_conflicts` leaves the push's card alone.
    const [m2] = await editVisite(V1, { observations: 'Texte C' });
    await applyPushResults([m2], { results: [{ seq: 2, status: 'conflict', version: 6, conflicts: ['c-9'] }], last_seq: 2 });
    const { _conflicts, ...plain } = visite(6, []).fields;
    await pullOf({ ...visite(6, []), fields: plain });
    expect(await attentionCount()).toBe(1);
  });

  it('a dismissed card stays hidden when the record is pulled again', async () => {
    await pullOf(visite(4, [conflict()]));
    const [card] = await db.issues.toArray();
    await dismissIssue(card.id);
    await pullOf(visite(5, [conflict({ kept_value: 'Texte B2' })]));
    expect(await attentionCount()).toBe(0);
    expect((await db.issues.get(card.id)).kept_value).toBe('Texte B2');
  });

  it('the record keeps its open conflicts in the device\'s copy, never in what it sends', async () => {
    await pullOf(visite(4, [conflict()]));
    expect((await getRecord('visite', V1))._conflicts).toHaveLength(1);
    const [m] = await editVisite(V1, { suites: 'Rappeler' });
    expect(m.fields).toEqual({ suites: 'Rappeler' });
  });
});

describe('removals (a record that left the device\'s scope)', () => {
  const removal = (entity, record) => ({ entity, record, version: 9, deleted: true, hlc: HLC, fields: {}, removed: true });

  it('drops the synced copy and its cached photo bytes, keeps pending edits and the outbox', async () => {
    const V2 = '0190f3a2-0000-7000-8000-0000000000a2';
    await putSyncedVisite(V1, { observations: 'Synchronisée' }, 3);
    await putSyncedVisite(V2, { observations: 'Avant' }, 3);
    await putRecord('photo', { id: 'p1', owner_entity: 'visite', owner_record: V1, sha256: 'cd'.repeat(32), _v: 1 });
    await db.blobs.bulkPut([
      { sha256: `${'cd'.repeat(32)}:thumb`, state: 'remote', size: 10 },
      { sha256: 'ef'.repeat(32), state: 'queued', size: 10 },
    ]);
    await editVisite(V2, { observations: 'Ma modification' });
    await db.outbox.clear(); // sent; the pull comes after an empty outbox
    await db.outbox.add({ seq: 9, entity: 'visite', record: V2, op: 'upsert', fields: { suites: 'x' }, size: 10 });
    await pullAll({ pull: async () => ({ changes: [removal('visite', V1), removal('photo', 'p1'), removal('visite', V2)], cursor: 'c', more: false, reset: false }) }, { from: { cursor: 'c0' } });
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await getRecord('photo', 'p1')).toBeUndefined();
    expect(await db.blobs.get(`${'cd'.repeat(32)}:thumb`)).toBeUndefined();
    expect(await db.blobs.get('ef'.repeat(32))).toBeDefined();
    expect((await getRecord('visite', V2)).observations).toBe('Ma modification');
    expect(await db.localstate.get(V2)).toBeDefined();
    expect(await db.outbox.count()).toBe(1);
  });
});
