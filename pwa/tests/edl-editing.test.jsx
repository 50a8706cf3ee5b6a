// @vitest-environment happy-dom
// Issue 9, EDL d'entrée: the controls that adapt an EDL on site. Parties (added once named,
// removed after a question naming the person), compteurs (added, read, photographed: a photo of
// the EDL that the meter points to, written with it), clés (added, counted, removed), the
// elements of a room (renamed, moved, removed after a question when filled in), and the way to
// the review before signing. Every control is checked on the records read back from the db.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { getRecord, recordsOfParent } from '../src/db/records.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { addRoom, roomsOf } from '../src/edl/template.js';
import { EdlOverview } from '../src/ui/edl/EdlOverview.jsx';
import { EdlScreen } from '../src/ui/edl/EdlScreen.jsx';
import { writeLayout } from '../src/ui/edl/layout.js';
import { hasContent, keyCount, meterIndex, meterNames, partyName, startWrites } from '../src/ui/edl/model.js';
import { BAIL, dropRoot, freshDb, LOG, newRoot, putBail, T0 } from './helpers.js';

const E1 = '0190f3a2-0000-7000-8000-0000000000e1';
const id = (k) => `0190f3a2-0000-7000-8000-${String(k).padStart(12, '0')}`;

let root;
beforeEach(async () => {
  await freshDb();
  await putBail();
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const $ = (sel) => root.querySelector(sel);
const button = (name, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const click = (el) => act(() => el.click());
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent);
const dialog = () => $('[role="alertdialog"]');
const dialogTitle = () => dialog().querySelector(`#${dialog().getAttribute('aria-labelledby')}`).textContent;
const edl = () => getRecord('etat_des_lieux', E1);
const rowsOfEdl = async () => roomsOf(await recordsOfParent('edl_element', E1));
const room = async (piece) => (await rowsOfEdl()).find((r) => r.piece === piece).elements;

/** Type into a field and leave it (an AutoText saves on blur). */
const type = (sel, text) => act(() => {
  const el = $(sel);
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('blur'));
});
const choose = (sel, value) => act(() => {
  const el = $(sel);
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
});

/** Start a T3 EDL (as the start screen does) with element ids 1…103 and open it on its overview. */
async function openEdl() {
  let n = 0;
  const data = { logement: await db.logement.get(LOG), bail: await db.bail.get(BAIL), locataires: await db.locataire.bulkGet(['t1', 't2']) };
  await writeFieldRecords(startWrites(E1, data, T0, () => id(++n)), { now: T0 });
  act(() => render(<EdlScreen id={E1} logementId={LOG} />, root));
  await vi.waitFor(() => expect($('#edl-parties')).not.toBeNull());
}

describe('parties', () => {
  it('a new partie is written once named, other fields saving meanwhile; removing one asks, naming the person', async () => {
    await openEdl();
    expect(root.querySelectorAll('[id^="partie-"][id$="-nom"]')).toHaveLength(2);
    expect($('#partie-0-nom').value).toBe('Léa Müller');

    await click(button('Ajouter une partie'));
    expect($('#partie-2-nom')).not.toBeNull();
    expect(document.activeElement).toBe($('#partie-2-nom'));
    expect(alerts()).toEqual(["Indiquez le nom : la partie n'est enregistrée qu'avec un nom."]);
    expect(button('Ajouter une partie').disabled).toBe(true);
    await choose('#partie-2-role', 'bailleur');
    await type('#partie-2-adresse', '1 place Bellecour, 69002 Lyon');
    await type('#edl-observations', 'Logement propre.'); // not blocked by the unnamed partie
    await vi.waitFor(async () => expect((await edl()).observations).toBe('Logement propre.'));
    expect((await edl()).parties).toHaveLength(2);

    await type('#partie-2-nom', '   '); // blank is no name
    expect((await edl()).parties).toHaveLength(2);
    const input = $('#partie-2-nom');
    await type('#partie-2-nom', 'Office Rhône Habitat');
    await vi.waitFor(async () => expect((await edl()).parties).toEqual([
      { role: 'locataire', nom: 'Léa Müller', adresse: null },
      { role: 'locataire', nom: 'Noé Faure', adresse: null },
      { role: 'bailleur', nom: 'Office Rhône Habitat', adresse: '1 place Bellecour, 69002 Lyon' },
    ]));
    await vi.waitFor(() => expect(button('Ajouter une partie').disabled).toBe(false));
    expect(alerts()).toEqual([]);
    expect(root.querySelectorAll('[id^="partie-"][id$="-nom"]')).toHaveLength(3);
    expect($('#partie-2-nom')).toBe(input); // the same field all along: typing goes on undisturbed

    await type('#partie-1-nom', ''); // a stored partie keeps its name
    expect(alerts()).toEqual(['Indiquez le nom : le nom enregistré reste « Noé Faure ».']);
    await type('#partie-1-adresse', '4 rue Royale');
    await vi.waitFor(async () => expect((await edl()).parties[1]).toEqual({ role: 'locataire', nom: 'Noé Faure', adresse: '4 rue Royale' }));
    await type('#partie-1-nom', 'x'.repeat(201));
    expect(alerts()).toEqual(['Texte trop long (200 caractères au plus).']);
    await type('#partie-1-nom', 'Noé Faure-Petit');
    await vi.waitFor(async () => expect((await edl()).parties[1].nom).toBe('Noé Faure-Petit'));

    await click(button('Retirer : Léa Müller'));
    expect(dialogTitle()).toBe('Retirer « Léa Müller » des parties ?');
    await click(button('Annuler', dialog()));
    expect(dialog()).toBeNull();
    await click(button('Retirer : Léa Müller'));
    await click(button('Retirer la partie', dialog()));
    await vi.waitFor(async () => expect((await edl()).parties.map((p) => p.nom)).toEqual(['Noé Faure-Petit', 'Office Rhône Habitat']));
    await vi.waitFor(() => expect($('#partie-0-nom').value).toBe('Noé Faure-Petit'));
  });

  it('an unnamed new partie is dropped without a question and nothing is written', async () => {
    await openEdl();
    const before = await db.outbox.count();
    await click(button('Ajouter une partie'));
    await click(button('Retirer : nouvelle partie'));
    expect(dialog()).toBeNull();
    expect($('#partie-2-nom')).toBeNull();
    expect(await db.outbox.count()).toBe(before);
  });
});

describe('compteurs', () => {
  /** The browser's image decoding (missing in happy-dom): any image becomes `bytes` as a JPEG. */
  function camera() {
    const shot = { bytes: '' };
    vi.stubGlobal('createImageBitmap', async () => ({ width: 4000, height: 3000, close() {} }));
    vi.stubGlobal('OffscreenCanvas', class {
      getContext() {
        return { drawImage() {} };
      }

      async convertToBlob() {
        return new Blob([shot.bytes], { type: 'image/jpeg' });
      }
    });
    // Blobs come back from fake-indexeddb as plain objects, which Node's URL refuses.
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:compteur');
    return shot;
  }
  const takePhoto = (sel) => act(() => {
    const input = $(sel);
    Object.defineProperty(input, 'files', { configurable: true, value: [new File(['raw'], 'compteur.jpg', { type: 'image/jpeg', lastModified: T0 })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const SHA1 = '19b8843b2546baefe4cccb003741edd5a9dfd64b6906099abf3f274f92c5c56c'; // sha256("compteur-1")
  const SHA2 = '87b53b564e55540d98d3f35069ce8d4ca3c0be142ca8a50ee3e4782a292830d8'; // sha256("compteur-2")

  it('a photo of the meter is a photo of the EDL the meter points to, written with it; a new one replaces it', async () => {
    const shot = camera();
    await openEdl();
    await type('#cpt-0-numero', 'EF-889');
    await vi.waitFor(async () => expect((await edl()).compteurs[0].numero).toBe('EF-889'));
    const before = await db.outbox.count();
    shot.bytes = 'compteur-1';
    expect($('label[for="cpt-0-photo"]').textContent).toBe('Photo du compteur Eau froide');
    await takePhoto('#cpt-0-photo');
    await vi.waitFor(async () => expect((await edl()).compteurs[0].photo_id).not.toBeNull());

    const first = (await edl()).compteurs[0];
    expect(first).toEqual({ type: 'eau_froide', numero: 'EF-889', index: null, photo_id: first.photo_id });
    const photo = await getRecord('photo', first.photo_id);
    expect(photo).toMatchObject({ sha256: SHA1, owner_entity: 'etat_des_lieux', owner_record: E1, caption: 'Compteur eau froide', _v: null });
    expect(Date.parse(photo.taken_at)).toBe(T0);
    expect((await db.blobs.get(SHA1)).state).toBe('queued');
    const added = (await db.outbox.orderBy('seq').toArray()).slice(before);
    expect(added.map((m) => [m.seq - before, m.entity, m.record])).toEqual([[1, 'photo', first.photo_id], [2, 'etat_des_lieux', E1]]);
    expect(added[1].fields.compteurs[0].photo_id).toBe(first.photo_id);
    await vi.waitFor(() => expect($('img[alt="Photo du compteur Eau froide"]')).not.toBeNull());
    expect($('label[for="cpt-0-photo"]').textContent).toBe('Remplacer la photo du compteur Eau froide');

    shot.bytes = 'compteur-2';
    await takePhoto('#cpt-0-photo');
    await vi.waitFor(async () => expect((await edl()).compteurs[0].photo_id).not.toBe(first.photo_id));
    const second = await getRecord('photo', (await edl()).compteurs[0].photo_id);
    expect(second).toMatchObject({ sha256: SHA2, owner_entity: 'etat_des_lieux', owner_record: E1, caption: 'Compteur eau froide' });
    expect((await recordsOfParent('photo', E1)).map((p) => p.sha256).sort()).toEqual([SHA1, SHA2].sort()); // append-only
    expect((await edl()).compteurs.slice(1).map((c) => c.photo_id)).toEqual([null, null, null, null, null]);
  });

  it('adds a meter of a type, reads its index as a French decimal, removes after a question when filled in', async () => {
    await openEdl();
    await choose('#cpt-type', 'gaz');
    await click(button('Ajouter un compteur'));
    await vi.waitFor(async () => expect((await edl()).compteurs).toHaveLength(7));
    expect((await edl()).compteurs[6]).toEqual({ type: 'gaz', numero: '', index: null, photo_id: null });
    await vi.waitFor(() => expect($('#cpt-6-index')).not.toBeNull());
    expect([...root.querySelectorAll('.compteurs legend')].map((l) => l.textContent).slice(4)).toEqual(['Gaz 1', 'Chauffage (répartiteur)', 'Gaz 2']);

    await type('#cpt-6-index', '1 234,5');
    await vi.waitFor(async () => expect((await edl()).compteurs[6].index).toBe(1234.5));
    await type('#cpt-6-index', 'douze');
    expect(alerts()).toEqual(['Index attendu : un nombre positif, par exemple 1234,5.']);
    expect((await edl()).compteurs[6].index).toBe(1234.5);
    await type('#cpt-6-index', '');
    await vi.waitFor(async () => expect((await edl()).compteurs[6].index).toBeNull());
    expect(alerts()).toEqual([]);

    // the screen has re-read the emptied meter: removing it asks nothing
    await vi.waitFor(() => expect(button('Retirer le compteur Gaz 2').getAttribute('aria-haspopup')).toBeNull());
    await click(button('Retirer le compteur Gaz 2')); // empty: no question
    expect(dialog()).toBeNull();
    await vi.waitFor(async () => expect((await edl()).compteurs.map((c) => c.type)).toEqual(['eau_froide', 'eau_chaude', 'electricite_hp', 'electricite_hc', 'gaz', 'chauffage']));

    await type('#cpt-4-numero', 'GZ-1');
    await vi.waitFor(async () => expect((await edl()).compteurs[4].numero).toBe('GZ-1'));
    await vi.waitFor(() => expect(button('Retirer le compteur Gaz')?.getAttribute('aria-haspopup')).toBe('dialog'));
    await click(button('Retirer le compteur Gaz'));
    expect(dialogTitle()).toBe('Retirer le compteur « Gaz » ?');
    expect((await edl()).compteurs).toHaveLength(6);
    await click(button('Retirer le compteur', dialog()));
    await vi.waitFor(async () => expect((await edl()).compteurs.map((c) => c.type)).toEqual(['eau_froide', 'eau_chaude', 'electricite_hp', 'electricite_hc', 'chauffage']));
  });
});

describe('clés', () => {
  it('adds a key (usual types offered), counts it, says where it goes, removes one', async () => {
    await openEdl();
    expect([...root.querySelectorAll('#cle-types option')].map((o) => o.value)).toEqual([
      "Clé de la porte d'entrée", "Badge d'accès", 'Clé de boîte aux lettres', 'Clé de cave', 'Télécommande de parking', 'Clé de local vélos',
    ]);
    expect($('#cle-type').getAttribute('list')).toBe('cle-types');
    await click(button('Ajouter la clé'));
    expect(alerts()).toEqual(["Indiquez le type de clé ou de moyen d'accès."]);
    expect((await edl()).cles).toHaveLength(3);

    await act(() => {
      $('#cle-type').value = 'Clé de cave';
      $('#cle-type').dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Ajouter la clé'));
    await vi.waitFor(async () => expect((await edl()).cles[3]).toEqual({ type: 'Clé de cave', nombre: 1, destination: '' }));
    await vi.waitFor(() => expect($('#cle-3-nombre')).not.toBeNull());
    expect($('#cle-type').value).toBe('');
    expect(alerts()).toEqual([]);

    await type('#cle-3-nombre', '2');
    await vi.waitFor(async () => expect((await edl()).cles[3].nombre).toBe(2));
    await type('#cle-3-nombre', '2,5');
    expect(alerts()).toEqual(['Nombre entier attendu (de 0 à 1000).']);
    expect((await edl()).cles[3].nombre).toBe(2);
    await type('#cle-3-destination', 'Cave n° 12');
    await vi.waitFor(async () => expect((await edl()).cles[3]).toEqual({ type: 'Clé de cave', nombre: 2, destination: 'Cave n° 12' }));

    await click(button('Retirer : Boîte aux lettres'));
    await vi.waitFor(async () => expect((await edl()).cles.map((c) => c.type)).toEqual(['Porte palière', 'Badge ou Vigik', 'Clé de cave']));
  });
});

describe('elements of a room', () => {
  const openRoom = async (name) => {
    await click([...root.querySelectorAll('.edl-rooms button')].find((b) => b.querySelector('strong').textContent === name));
    await vi.waitFor(() => expect(button('Modifier les éléments')).toBeTruthy());
  };

  it('"Modifier les éléments" renames, moves and removes them; the condition buttons are back once done', async () => {
    await openEdl();
    await openRoom('Entrée');
    expect(root.querySelectorAll('.etats')).toHaveLength(11);
    expect(root.querySelectorAll('.element-edit')).toHaveLength(0); // the tap flow shows no edit control
    await click(button('Modifier les éléments'));
    expect(button('Modifier les éléments').getAttribute('aria-pressed')).toBe('true');
    expect(root.querySelectorAll('.etats')).toHaveLength(0);
    expect(root.querySelectorAll('.element-edit')).toHaveLength(11);

    await act(() => {
      const input = $(`#el-nom-${id(3)}`);
      input.value = 'Plinthes bois';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Renommer : Plinthes'));
    await vi.waitFor(async () => expect(await getRecord('edl_element', id(3))).toMatchObject({ element: 'Plinthes bois', ordre: 300, piece: 'Entrée' }));

    await click(button('Monter : Sol'));
    await vi.waitFor(async () => expect((await room('Entrée')).slice(0, 3).map((e) => [e.element, e.ordre])).toEqual([['Sol', 50], ['Porte et serrure', 100], ['Plinthes bois', 300]]));
    await vi.waitFor(() => expect(document.activeElement).toBe(button('Descendre : Sol'))); // "Monter" is now disabled
    await click(button('Descendre : Porte et serrure'));
    await vi.waitFor(async () => expect((await room('Entrée')).slice(0, 4).map((e) => [e.element, e.ordre])).toEqual([['Sol', 50], ['Plinthes bois', 75], ['Porte et serrure', 100], ['Murs', 400]]));
    await vi.waitFor(() => expect(document.activeElement).toBe(button('Descendre : Porte et serrure')));
    expect((await room('Entrée')).map((e) => e.ordre)).toEqual([50, 75, 100, 400, 500, 600, 700, 800, 900, 1000, 1100]);

    await click(button('Supprimer : Radiateur')); // nothing in it: no question
    expect(dialog()).toBeNull();
    await vi.waitFor(async () => expect(await getRecord('edl_element', id(8))).toBeUndefined());
    await vi.waitFor(() => expect(root.querySelectorAll('.element-edit')).toHaveLength(10));

    await click(button('Terminer les modifications'));
    expect(button('Modifier les éléments').getAttribute('aria-pressed')).toBe('false');
    expect(root.querySelectorAll('.element-edit')).toHaveLength(0);
    expect([...root.querySelectorAll('.edl-element h3')].map((h) => h.textContent)).toEqual([
      'Sol', 'Plinthes bois', 'Porte et serrure', 'Murs', 'Plafond', 'Fenêtres et vitrages', 'Volets ou stores', 'Prises et interrupteurs', 'Éclairage', 'Placards',
    ]);
    await click(button('Bon état', root.querySelector('.edl-element')));
    expect(document.activeElement.querySelector('h3').textContent).toBe('Plinthes bois'); // one tap, the next element ready
    await vi.waitFor(async () => expect((await getRecord('edl_element', id(2))).etat).toBe('bon'));
  });

  it('asks before removing an element filled in or with photos', async () => {
    await openEdl();
    await writeFieldRecords([
      { entity: 'edl_element', id: id(4), values: { etat: 'usage' } }, // Murs
      { entity: 'photo', id: id(900), values: { sha256: 'ab'.repeat(32), owner_entity: 'edl_element', owner_record: id(5), caption: '', taken_at: '2026-06-15T10:00:00+02:00' } }, // Plafond
    ]);
    await openRoom('Entrée');
    await vi.waitFor(() => expect($('.edl-room .progress').textContent).toBe('Éléments renseignés : 1/11'));
    await click(button('Modifier les éléments'));
    await vi.waitFor(() => expect(root.querySelector('.elements-editor').textContent).toContain('1 photo'));

    await click(button('Supprimer : Murs'));
    expect(dialogTitle()).toBe("Supprimer l'élément « Murs » ?");
    expect(dialog().textContent).toContain('Il est déjà renseigné (état, observations ou photos) ; tout sera supprimé avec lui.');
    await click(button('Annuler', dialog()));
    expect(await getRecord('edl_element', id(4))).toMatchObject({ etat: 'usage' });
    await click(button('Supprimer : Murs'));
    await click(button("Supprimer l'élément", dialog()));
    await vi.waitFor(async () => expect(await getRecord('edl_element', id(4))).toBeUndefined());

    await click(button('Supprimer : Plafond'));
    expect(dialogTitle()).toBe("Supprimer l'élément « Plafond » ?");
    await click(button("Supprimer l'élément", dialog()));
    await vi.waitFor(async () => expect(await getRecord('edl_element', id(5))).toBeUndefined());
    expect(await getRecord('photo', id(900))).toBeUndefined(); // never sent: dropped with its element
    expect((await room('Entrée')).map((e) => e.element)).toEqual([
      'Porte et serrure', 'Sol', 'Plinthes', 'Fenêtres et vitrages', 'Volets ou stores', 'Radiateur', 'Prises et interrupteurs', 'Éclairage', 'Placards',
    ]);
  });

  it("removing a room's last element asks, removes the room and goes back to the overview", async () => {
    await openEdl();
    const rows = await recordsOfParent('edl_element', E1);
    await writeLayout(addRoom(rows, { edlId: E1, piece: 'Local vélos', elements: [{ element: 'Porte', grille_element: null }] }, () => id(500)));
    await vi.waitFor(() => expect(root.querySelector('.edl-rooms').textContent).toContain('Local vélos'));
    await openRoom('Local vélos');
    await click(button('Modifier les éléments'));
    await click(button('Supprimer : Porte'));
    expect(dialogTitle()).toBe("Supprimer l'élément « Porte » ?");
    expect(dialog().textContent).toContain("C'est le dernier élément de la pièce « Local vélos » : la pièce sera supprimée aussi.");
    await click(button("Supprimer l'élément", dialog()));
    await vi.waitFor(() => expect($('#edl-pieces')).not.toBeNull());
    await vi.waitFor(async () => expect(await getRecord('edl_element', id(500))).toBeUndefined());
    expect((await rowsOfEdl()).map((r) => r.piece)).toEqual(['Entrée', 'Pièce principale', 'Cuisine', 'Dégagement', 'Chambre 1', 'Chambre 2', "Salle d'eau", 'WC']);
  });
});

describe('the way to signing', () => {
  it('"Relire et faire signer" calls onReview, and is shown only when given', async () => {
    await openEdl();
    const [record, rooms] = [await edl(), await rowsOfEdl()];
    act(() => render(<EdlOverview edl={record} rooms={rooms} onOpen={() => {}} />, root));
    expect(button('Relire et faire signer')).toBeUndefined();
    const onReview = vi.fn();
    act(() => render(<EdlOverview edl={record} rooms={rooms} onOpen={() => {}} onReview={onReview} />, root));
    expect(button('Relire et faire signer').classList.contains('primary')).toBe(true);
    await click(button('Relire et faire signer'));
    expect(onReview).toHaveBeenCalledTimes(1);
  });
});

describe('checking what is typed', () => {
  it('names, indexes, numbers of keys, meter names, elements with content', () => {
    expect(partyName('Léa')).toEqual({ value: 'Léa' });
    expect(partyName(' ', 'Léa')).toEqual({ error: 'Indiquez le nom : le nom enregistré reste « Léa ».' });
    expect(meterIndex('12 345,67')).toEqual({ value: 12345.67 });
    expect(meterIndex('')).toEqual({ value: null });
    expect(meterIndex('-3')).toEqual({ error: 'Index attendu : un nombre positif, par exemple 1234,5.' });
    expect(meterIndex('1000000001')).toEqual({ error: 'Index attendu : un nombre positif, par exemple 1234,5.' });
    expect(keyCount(' 3 ')).toEqual({ value: 3 });
    expect(keyCount('')).toEqual({ value: null });
    expect(keyCount('1001')).toEqual({ error: 'Nombre entier attendu (de 0 à 1000).' });
    expect(meterNames([{ type: 'gaz' }, { type: 'eau_froide' }, { type: 'gaz' }, { type: 'autre' }], { gaz: 'Gaz', eau_froide: 'Eau froide' })).toEqual(['Gaz 1', 'Eau froide', 'Gaz 2', 'autre']);
    expect(hasContent({ etat: null, observations: '' })).toBe(false);
    expect(hasContent({ etat: null, observations: ' fissure ' })).toBe(true);
    expect(hasContent({ sale: true })).toBe(true);
    expect(hasContent({}, 1)).toBe(true);
  });
});
