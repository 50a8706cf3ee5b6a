// @vitest-environment happy-dom
// Issue 9, record families: a family is a declaration. A small extra family, declared here in a
// few lines and nowhere else, is written locally with its outbox entry, pushed, pulled, removed,
// listed on the logement page and named in "À traiter" — through the code every family shares.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { openDraft } from '../src/db/drafts.js';
import { attentionItems, recordsUnder } from '../src/db/queries.js';
import { adoptExtras, getRecord, recordsOfParent } from '../src/db/records.js';
import { validateDraft } from '../src/db/writes.js';
import { registerFamily } from '../src/families/index.js';
import { pullAll } from '../src/sync/pull.js';
import { applyPushResults, pushOutbox } from '../src/sync/push.js';
import { ATraiter } from '../src/ui/ATraiter.jsx';
import { Logement } from '../src/ui/Logement.jsx';
import { fakeServer } from './fake-server.js';
import { freshDb, LOG, putSyncedVisite, RES, T0 } from './helpers.js';

// The whole declaration of the family.
const unregister = registerFamily({
  name: 'releves',
  label: 'Relevés',
  entities: {
    releve_compteur: {
      parent: 'logement_id', parentEntity: 'logement', list: true,
      fields: ['logement_id', 'compteur', 'index'],
      labels: { one: 'Relevé de compteur', many: 'Relevés de compteur', the: 'le relevé', fields: { index: 'Index' } },
      title: (r, { parent }) => `Relevé ${r.compteur} — logement ${parent?.numero ?? '?'}`,
      card: (r) => ({ title: `Compteur ${r.compteur}`, detail: `Index ${r.index}` }),
    },
  },
});
afterAll(unregister);

const R1 = '0190f3a2-0000-7000-8000-0000000000c1';
const R2 = '0190f3a2-0000-7000-8000-0000000000c2';
const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const HLC = '001764150000100-00000-srv';
const change = (record, fields, version = 1, extra = {}) => ({
  entity: 'releve_compteur', record, version, deleted: false, hlc: HLC, fields: { residence_id: RES, logement_id: LOG, ...fields }, ...extra,
});
const pullOf = (...changes) => pullAll({ pull: async () => ({ changes, cursor: 'c1', more: false, reset: false }) }, { from: { cursor: 'c0' } });

/** A relevé typed on the device and validated, as any family's form does. */
async function releve(id, compteur, index) {
  const d = await openDraft('releve_compteur', id, LOG);
  d.values = { ...d.values, compteur, index };
  return validateDraft(d, T0);
}

let root;
beforeEach(async () => {
  await freshDb();
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  act(() => render(null, root));
  document.body.innerHTML = '';
});

describe('a family declared in a few lines', () => {
  it('a local write puts the record and its outbox entry in one transaction', async () => {
    const [m] = await releve(R1, 'eau', 1234.5);
    expect(m).toMatchObject({ seq: 1, entity: 'releve_compteur', record: R1, op: 'upsert', base: null, fields: { logement_id: LOG, compteur: 'eau', index: 1234.5 } });
    expect(await getRecord('releve_compteur', R1)).toMatchObject({ compteur: 'eau', index: 1234.5, residence_id: RES, _v: null });
    // An outbox entry that cannot be added (its seq is taken) takes the record down with it.
    await db.outbox.put({ seq: 2, entity: 'x', record: 'x', op: 'upsert', fields: {}, size: 1 });
    await expect(releve(R2, 'gaz', 10)).rejects.toThrow();
    expect(await getRecord('releve_compteur', R2)).toBeUndefined();
    expect(await db.localstate.get(R2)).toBeUndefined();
    expect((await db.outbox.toArray()).map((x) => x.record)).toEqual([R1, 'x']);
  });

  it('the push result is applied to it', async () => {
    const server = fakeServer();
    await releve(R1, 'eau', 1234.5);
    expect(await pushOutbox(server.api)).toMatchObject({ applied: 1, rejected: 0 });
    expect(server.live('releve_compteur', R1).fields).toEqual({ logement_id: LOG, compteur: 'eau', index: 1234.5 });
    expect((await getRecord('releve_compteur', R1))._v).toBe(1);
    expect(await db.localstate.get(R1)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('a pull stores it (one patch with the visites of the same pull), a removal drops it', async () => {
    await pullOf(change(R1, { compteur: 'eau', index: 7 }), { ...change(V1, { type: 'technique' }), entity: 'visite' });
    expect(await getRecord('releve_compteur', R1)).toMatchObject({ compteur: 'eau', index: 7, _v: 1 });
    const objects = await db.records.toArray();
    expect(objects.map((b) => b.ids)).toEqual([[`releve_compteur:${R1}`, `visite:${V1}`]]);
    expect((await recordsOfParent('releve_compteur', LOG)).map((r) => r.id)).toEqual([R1]);
    await pullOf(change(R1, {}, 2, { deleted: true, removed: true, fields: {} }));
    expect(await getRecord('releve_compteur', R1)).toBeUndefined();
    expect(await recordsUnder('releve_compteur', LOG)).toEqual([]);
    expect((await getRecord('visite', V1)).type).toBe('technique');
  });

  it('appears on the logement page, in its own list, beside the visites', async () => {
    await putSyncedVisite(V1, { type: 'technique', realisee_le: '2026-06-15T10:00:00+02:00' }, 1);
    await pullOf(change(R1, { compteur: 'eau', index: 7 }));
    await releve(R2, 'gaz', 3.5);
    act(() => render(<Logement id={LOG} />, root));
    const section = (name) => [...root.querySelectorAll('section')].find((s) => s.querySelector('h3').textContent === name);
    await vi.waitFor(() => expect(section('Relevés de compteur')?.querySelectorAll('li')).toHaveLength(2));
    expect([...section('Relevés de compteur').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      "Compteur gazIndex 3.5En attente d'envoi",
      'Compteur eauIndex 7Synchronisée',
    ]);
    expect(section('Relevés de compteur').querySelector('a')).toBeNull(); // no screen declared
    expect(section('Visites').querySelectorAll('a.card')).toHaveLength(1);
    // the troubles family adds its two buttons of its own (issue 11), the réclamations section its
    // "Nouvelle réclamation" (issue 12); a family with no screen adds none
    await vi.waitFor(() => expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Nouvelle visite', "Nouvel état des lieux d'entrée", 'Ouvrir un dossier de troubles', 'Signaler un fait', 'Nouvelle réclamation',
    ]));
  });

  it('"À traiter" names a refused one after its declaration', async () => {
    const batch = await releve(R1, 'eau', -1);
    await applyPushResults(batch, { results: [{ seq: 1, status: 'rejected', version: null, code: 'validation_error', message: 'Certains champs sont invalides.', errors: { index: ['Valeur trop petite (0 au moins).'] } }], last_seq: 1 });
    const { issues, about } = await attentionItems();
    expect(about.get(`issue:${issues[0].id}`)).toMatchObject({ entity: 'releve_compteur', record: R1, title: 'Relevé eau — logement 12' });
    act(() => render(<ATraiter />, root));
    await vi.waitFor(() => expect(root.querySelector('li.card')).not.toBeNull());
    const card = root.querySelector('li.card');
    expect(card.querySelector('strong').textContent).toMatch(/^Relevé de compteur refusé le /);
    expect(card.querySelector('.about').textContent).toBe('Relevé eau — logement 12');
    expect(card.textContent).toContain('Index : Valeur trop petite (0 au moins).');
  });
});

describe('records pulled before their family was declared', () => {
  it('move from the unknown records to their family once it is', async () => {
    const stop = registerFamily({ name: 'tmp', entities: { cle_remise: { parent: 'logement_id', parentEntity: 'logement' } } });
    stop(); // an older version: the entity is unknown
    await pullAll({ pull: async () => ({ changes: [{ entity: 'cle_remise', record: 'k1', version: 3, deleted: false, hlc: HLC, fields: { logement_id: LOG, type: 'badge' } }], cursor: 'c1', more: false, reset: false }) });
    expect(await db.extra.count()).toBe(1);
    const again = registerFamily({ name: 'tmp', entities: { cle_remise: { parent: 'logement_id', parentEntity: 'logement' } } });
    try {
      expect(await adoptExtras()).toBe(1);
      expect(await db.extra.count()).toBe(0);
      expect(await recordsOfParent('cle_remise', LOG)).toEqual([{ logement_id: LOG, type: 'badge', id: 'k1', _v: 3 }]);
    } finally {
      again();
    }
  });
});
