import { beforeEach, describe, expect, it, vi } from 'vitest';
import { countRecords, getRecord, putRecord } from '../src/db/records.js';
import { db } from '../src/db/database.js';
import { openDraft, saveDraft } from '../src/db/drafts.js';
import { pullAll } from '../src/sync/pull.js';
import { rebaseDraft, rebaseRecord } from '../src/sync/rebase.js';
import { editVisite, freshDb, LOG, putSyncedVisite, RES } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';

describe('rebaseRecord (pure)', () => {
  const local = { id: 'v', observations: 'local obs', suites: 'S0', participants: 'P0', _v: 3 };
  const state = { id: 'v', entity: 'visite', base: 3, pend: { observations: 'server obs' }, rej: [] };

  it('keeps pending local values on top, takes pulled values elsewhere, bumps the base', () => {
    const r = rebaseRecord(local, state, { version: 5, fields: { observations: 'server obs', suites: 'S1', participants: 'P1' } });
    expect(r.row).toEqual({ id: 'v', observations: 'local obs', suites: 'S1', participants: 'P1', _v: 5 });
    expect(r.bumped).toBe(true);
    expect(r.state).toEqual({ id: 'v', entity: 'visite', base: 5, pend: { observations: 'server obs' }, rej: [] });
  });

  it('does not bump the base when the server changed a pending field to another value', () => {
    const r = rebaseRecord(local, state, { version: 5, fields: { observations: 'autre texte', suites: 'S1', participants: 'P0' } });
    expect(r.row.observations).toBe('local obs');
    expect(r.row.suites).toBe('S1');
    expect(r.row._v).toBe(5);
    expect(r.bumped).toBe(false);
    expect(r.state.base).toBe(3);
    expect(r.state.pend).toEqual({ observations: 'server obs' });
  });

  it('bumps when the server reached the same value (no conflict)', () => {
    const r = rebaseRecord(local, state, { version: 6, fields: { observations: 'local obs', suites: 'S0', participants: 'P0' } });
    expect(r.bumped).toBe(true);
    expect(r.state).toMatchObject({ base: 6, pend: { observations: 'local obs' } });
  });

  it('keeps a record deleted on the server while it has local edits (no bump)', () => {
    const r = rebaseRecord(local, state, { version: 7, deleted: true, fields: {} });
    expect(r.row).toEqual({ ...local, _v: 7 });
    expect(r.bumped).toBe(false);
  });
});

describe('rebaseDraft (pure)', () => {
  const names = ['observations', 'suites', 'participants'];
  const draft = { id: 'v', base: 3, orig: { observations: 'A', suites: 'B', participants: 'C' }, values: { observations: 'A2', suites: 'B', participants: 'C' } };

  it('untouched fields take the pulled values, touched ones stay, base bumps', () => {
    const d = rebaseDraft(draft, { version: 4, fields: { observations: 'A', suites: 'B9', participants: 'C9' } }, names);
    expect(d.values).toEqual({ observations: 'A2', suites: 'B9', participants: 'C9' });
    expect(d.orig).toEqual({ observations: 'A', suites: 'B9', participants: 'C9' });
    expect(d.base).toBe(4);
  });

  it('a concurrent change of a touched field keeps the old base', () => {
    const d = rebaseDraft(draft, { version: 4, fields: { observations: 'A-autre', suites: 'B9', participants: 'C' } }, names);
    expect(d.values).toEqual({ observations: 'A2', suites: 'B9', participants: 'C' });
    expect(d.orig.observations).toBe('A');
    expect(d.base).toBe(3);
  });
});

describe('pull with pending local edits', () => {
  beforeEach(freshDb);

  const change = (fields, version) => ({
    entity: 'visite', record: V1, version, deleted: false, hlc: '001764150000100-00000-srv',
    fields: {
      logement_id: LOG, residence_id: RES, type: 'technique', observations: 'Avant', suites: '', participants: '',
      review_state: 'recu', review_comment: '', ...fields,
    },
  });

  it('an outbox entry written during the pull keeps its value and moves its base', async () => {
    await putSyncedVisite(V1, { observations: 'Avant', participants: '' }, 3);
    const api = {
      pull: vi.fn(async () => {
        // The user validates an edit while the page is in flight.
        await editVisite(V1, { observations: 'Mon texte' });
        return { changes: [change({ participants: 'M. Martin' }, 4)], cursor: 'c1', more: false, reset: false };
      }),
    };
    await pullAll(api);
    const row = await getRecord('visite', V1);
    expect(row.observations).toBe('Mon texte');
    expect(row.participants).toBe('M. Martin');
    expect(row._v).toBe(4);
    const [m] = await db.outbox.toArray();
    expect(m.base).toBe(4);
    expect(m.fields).toEqual({ observations: 'Mon texte' });
  });

  it('a concurrent server change of the same field keeps the base (the server opens a conflict)', async () => {
    await putSyncedVisite(V1, { observations: 'Avant' }, 3);
    const api = {
      pull: vi.fn(async () => {
        await editVisite(V1, { observations: 'Mon texte' });
        return { changes: [change({ observations: 'Texte du collègue' }, 4)], cursor: 'c1', more: false, reset: false };
      }),
    };
    await pullAll(api);
    expect((await getRecord('visite', V1)).observations).toBe('Mon texte');
    expect((await db.outbox.toArray())[0].base).toBe(3);
  });

  it('a saved draft is rebased: untouched fields follow the server', async () => {
    await putSyncedVisite(V1, { observations: 'Avant', suites: '' }, 3);
    const d = await openDraft('visite', V1);
    d.values.suites = 'Rappeler le locataire';
    await saveDraft(d);
    await pullAll({ pull: async () => ({ changes: [change({ observations: 'Nouveau constat' }, 4)], cursor: 'c', more: false, reset: false }) });
    const saved = await db.drafts.get(V1);
    expect(saved.values.suites).toBe('Rappeler le locataire');
    expect(saved.values.observations).toBe('Nouveau constat');
    expect(saved.base).toBe(4);
  });
});
