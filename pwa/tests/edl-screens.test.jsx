// @vitest-environment happy-dom
// Issue 9, EDL d'entrée: starting one from a logement (one transaction: the EDL, its elements and
// their outbox entries), one tap per condition (one mutation, the next element focused), progress
// per room, and an interrupted EDL resuming in the room where it was left.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { setMeta } from '../src/db/meta.js';
import { getRecord, recordsOfParent } from '../src/db/records.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { roomsFor, roomsOf } from '../src/edl/template.js';
import { edlTitle } from '../src/families/etat_des_lieux.js';
import { EdlScreen } from '../src/ui/edl/EdlScreen.jsx';
import { positionKey, progressText, startWrites } from '../src/ui/edl/model.js';
import { BAIL, dropRoot, freshDb, LOG, newRoot, putBail, RES, T0 } from './helpers.js';

const E1 = '0190f3a2-0000-7000-8000-0000000000e1';

let root;
beforeEach(async () => {
  await freshDb();
  await putBail();
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.useRealTimers();
});

const mount = () => act(() => render(<EdlScreen id={E1} logementId={LOG} />, root));
const buttons = () => [...root.querySelectorAll('button')];
const button = (name, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const click = (el) => act(() => el.click());
const group = (name) => [...root.querySelectorAll('[role="group"]')].find((g) => g.querySelector('h3').textContent === name);
let n = 0;
const seqId = () => `0190f3a2-0000-7000-8000-${String(++n).padStart(12, '0')}`;

/** Start a T3 EDL directly (as the start screen does), with predictable element ids. */
async function started() {
  n = 0;
  await writeFieldRecords(startWrites(E1, { logement: await db.logement.get(LOG), bail: await db.bail.get(BAIL), locataires: await db.locataire.bulkGet(['t1', 't2']) }, T0, seqId), { now: T0 });
}

describe("starting an EDL d'entrée", () => {
  it('creates the EDL and the elements of a T3 with their outbox entries, in one transaction', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    mount();
    await vi.waitFor(() => expect(button("Commencer l'état des lieux")).toBeTruthy());
    expect(root.querySelector('h2').textContent).toBe("État des lieux d'entrée — logement 12");
    await click(button("Commencer l'état des lieux"));
    await vi.waitFor(() => expect(root.querySelector('#edl-pieces')).not.toBeNull());

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox).toHaveLength(104); // the EDL + 103 elements (8 rooms of a T3)
    expect(outbox.map((m) => m.seq)).toEqual(Array.from({ length: 104 }, (_, i) => i + 1));
    expect(outbox[0]).toMatchObject({
      entity: 'etat_des_lieux', record: E1, op: 'upsert', base: null,
      fields: {
        logement_id: LOG, bail_id: BAIL, sens: 'entree', entree_id: null,
        parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: null }, { role: 'locataire', nom: 'Noé Faure', adresse: null }],
        bailleur_representant: '', bailleur_adresse: '', mandataire: null, observations: '',
      },
    });
    expect(Date.parse(outbox[0].fields.date_edl)).toBe(T0);
    expect(outbox[0].fields.compteurs.map((c) => c.type)).toEqual(['eau_froide', 'eau_chaude', 'electricite_hp', 'electricite_hc', 'gaz', 'chauffage']);
    expect(outbox[1]).toMatchObject({
      entity: 'edl_element', op: 'upsert',
      fields: { edl_id: E1, piece: 'Entrée', element: 'Porte et serrure', ordre: 100, etat: null, non_teste: false, absent: false, sale: false, observations: '', grille_element: 'Portes intérieures' },
    });
    expect(outbox.slice(1).every((m) => m.entity === 'edl_element')).toBe(true);
    expect(await getRecord('etat_des_lieux', E1)).toMatchObject({ residence_id: RES, sens: 'entree', _v: null });
    const rows = await recordsOfParent('edl_element', E1);
    expect(rows).toHaveLength(103);
    expect(rows.every((r) => r.residence_id === RES)).toBe(true);
    expect(roomsOf(rows).map((r) => r.piece)).toEqual(roomsFor('T3').map((r) => r.piece));
    expect(roomsFor('T3').map((r) => r.piece)).toEqual(['Entrée', 'Pièce principale', 'Cuisine', 'Dégagement', 'Chambre 1', 'Chambre 2', "Salle d'eau", 'WC']);
  });

  it('writes nothing when a part of it fails', async () => {
    await db.outbox.put({ seq: 5, entity: 'x', record: 'x', op: 'upsert', fields: {}, size: 1 }); // seq 5 is taken
    mount();
    await vi.waitFor(() => expect(button("Commencer l'état des lieux")).toBeTruthy());
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    await click(button("Commencer l'état des lieux"));
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toBe("L'état des lieux n'a pas pu être créé sur l'appareil. Réessayez."));
    quiet.mockRestore();
    expect(await getRecord('etat_des_lieux', E1)).toBeUndefined();
    expect(await recordsOfParent('edl_element', E1)).toEqual([]);
    expect((await db.outbox.toArray()).map((m) => m.record)).toEqual(['x']);
  });
});

describe('room by room', () => {
  it('one tap per condition: one mutation for that element, the next element focused, progress counted', async () => {
    await started();
    mount();
    await vi.waitFor(() => expect(button('Entrée 0/11')).toBeTruthy());
    expect(button('Cuisine 0/17')).toBeTruthy();
    await click(button('Entrée 0/11'));
    await vi.waitFor(() => expect(group('Porte et serrure')).toBeTruthy());
    expect(root.querySelector('h2').textContent).toBe('Entrée');
    expect(root.querySelector('.progress').textContent).toBe('Éléments renseignés : 0/11');

    const before = await db.outbox.count();
    await click(button('Bon état', group('Porte et serrure')));
    expect(document.activeElement).toBe(group('Sol'));
    await vi.waitFor(() => expect(root.querySelector('.progress').textContent).toBe('Éléments renseignés : 1/11'));
    const added = (await db.outbox.orderBy('seq').toArray()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ entity: 'edl_element', record: '0190f3a2-0000-7000-8000-000000000001', op: 'upsert', fields: { element: 'Porte et serrure', etat: 'bon' } });
    expect(button('Bon état', group('Porte et serrure')).getAttribute('aria-pressed')).toBe('true');

    await click(button("État d'usage", group('Sol')));
    expect(document.activeElement).toBe(group('Plinthes'));
    await click(button('Absent', group('Plinthes'))); // a mark counts as filled in too
    await click(button('Sale', group('Murs'))); // "sale" alone does not
    await vi.waitFor(() => expect(root.querySelector('.progress').textContent).toBe('Éléments renseignés : 3/11'));
    expect(await db.outbox.count()).toBe(before + 4);
    expect((await getRecord('edl_element', '0190f3a2-0000-7000-8000-000000000002')).etat).toBe('usage');

    await click(button('Pièce suivante : Pièce principale'));
    await vi.waitFor(() => expect(root.querySelector('h2').textContent).toBe('Pièce principale'));
    await click(button("Sommaire de l'état des lieux"));
    await vi.waitFor(() => expect(button('Entrée 3/11')).toBeTruthy());
    expect(button('Pièce principale 0/11')).toBeTruthy();
  });

  it('an interrupted EDL opens again in the room and on the element where it was left', async () => {
    await started();
    const rows = await recordsOfParent('edl_element', E1);
    const evier = rows.find((r) => r.piece === 'Cuisine' && r.element === 'Évier');
    await setMeta(positionKey(E1), { piece: 'Cuisine', element: evier.id });
    mount();
    await vi.waitFor(() => expect(root.querySelector('h2')?.textContent).toBe('Cuisine'));
    await vi.waitFor(() => expect(document.activeElement).toBe(group('Évier')));
    expect(button('Pièce précédente : Pièce principale')).toBeTruthy();
  });

  it('the position follows the taps', async () => {
    await started();
    mount();
    await vi.waitFor(() => expect(button('WC 0/14')).toBeTruthy());
    await click(button('WC 0/14'));
    await vi.waitFor(() => expect(group('Sol')).toBeTruthy());
    await click(button('Neuf', group('Sol'))); // WC's elements are 90 (its door) to 103; the next is ready
    await vi.waitFor(async () => expect((await db.meta.get(positionKey(E1)))?.value).toEqual({ piece: 'WC', element: '0190f3a2-0000-7000-8000-000000000092' }));
  });
});

describe('progress', () => {
  it('counts elements with a condition, non testé or absent', () => {
    expect(progressText([{ etat: 'bon' }, { non_teste: true }, { absent: true }, { sale: true }, {}])).toBe('3/5');
    expect(progressText([])).toBe('0/0');
  });
});

describe('the family', () => {
  it('names an EDL on cards', () => {
    expect(edlTitle({ sens: 'entree', date_edl: '2026-06-15T10:00:00+02:00' }, { parent: { numero: '12' } })).toBe("État des lieux d'entrée — logement 12 — 15/06/2026");
  });

  it('a photo taken on an element is written with its bytes queued, its résidence from the element', async () => {
    await started();
    const sha = 'cd'.repeat(32);
    const P1 = '0190f3a2-0000-7000-8000-0000000000f1';
    const el = '0190f3a2-0000-7000-8000-000000000001';
    const [m] = await writeFieldRecords([{ entity: 'photo', id: P1, values: { sha256: sha, owner_entity: 'edl_element', owner_record: el, caption: '', taken_at: '2026-06-15T10:00:00+02:00' } }], { now: T0, blobs: [{ sha256: sha, blob: new Blob(['x'], { type: 'image/jpeg' }) }] });
    expect(m).toMatchObject({ seq: 105, entity: 'photo', record: P1, fields: { owner_entity: 'edl_element', owner_record: el, sha256: sha } });
    expect(await getRecord('photo', P1)).toMatchObject({ residence_id: RES });
    expect((await db.blobs.get(sha)).state).toBe('queued');
  });
});

describe('adapting the layout', () => {
  it('adds, renames, moves and removes rooms, and adds an element to a room', async () => {
    await started();
    mount();
    await vi.waitFor(() => expect(button('Adapter les pièces')).toBeTruthy());
    await click(button('Adapter les pièces'));
    const input = root.querySelector('#nom-0');
    await act(() => {
      input.value = 'Entrée et couloir';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Renommer : Entrée'));
    await vi.waitFor(() => expect(button('Entrée et couloir 0/11')).toBeTruthy());
    await click(button('Monter : WC'));
    await vi.waitFor(async () => expect(roomsOf(await recordsOfParent('edl_element', E1)).map((r) => r.piece).slice(-2)).toEqual(['WC', "Salle d'eau"]));
    await click(button('Supprimer : Dégagement')); // nothing filled in: no question asked
    await vi.waitFor(async () => expect((await recordsOfParent('edl_element', E1)).length).toBe(92));
    await click(button('Ajouter la pièce')); // a chambre by default, named after the others
    await vi.waitFor(() => expect(button('Chambre 3 0/11')).toBeTruthy());
    await click(button('Chambre 3 0/11'));
    await vi.waitFor(() => expect(root.querySelector('#new-element')).not.toBeNull());
    const name = root.querySelector('#new-element');
    await act(() => {
      name.value = 'Dressing';
      name.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => root.querySelector('form.add-element').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await vi.waitFor(() => expect(group('Dressing')).toBeTruthy());
    expect(root.querySelector('.progress').textContent).toBe('Éléments renseignés : 0/12');
  });
});

describe('removing a room', () => {
  it('asks before removing a room with elements filled in', async () => {
    await started();
    await writeFieldRecords([{ entity: 'edl_element', id: '0190f3a2-0000-7000-8000-000000000001', values: { etat: 'bon' } }]);
    mount();
    await vi.waitFor(() => expect(button('Adapter les pièces')).toBeTruthy());
    await click(button('Adapter les pièces'));
    await click(button('Supprimer : Entrée'));
    const dialog = root.querySelector('[role="alertdialog"]');
    expect(dialog.querySelector('strong').textContent).toBe('Supprimer la pièce « Entrée » ?');
    expect((await recordsOfParent('edl_element', E1)).length).toBe(103);
    await click(button('Supprimer la pièce', dialog));
    await vi.waitFor(async () => expect((await recordsOfParent('edl_element', E1)).length).toBe(92));
  });
});
