// @vitest-environment happy-dom
// Issue 10, the EDL de sortie on the tablet: the start screen with and without a signed entrée,
// the room screen (the entry beside each element, "Identique à l'entrée" in one tap, a worse
// element's imputation and cost with the shares at once, a cost that is not a number refused),
// the review's blockers and the tablet's PDF of a sortie.
import { Blob as NodeBlob } from 'node:buffer';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { setMeta } from '../src/db/meta.js';
import { getRecord, putRecord, recordsOfParent } from '../src/db/records.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { renderEdlPdf } from '../src/edl/pdf.js';
import { sortieWrites } from '../src/edl/sortie.js';
import { loadSortieContext } from '../src/edl/sortie-context.js';
import { EdlScreen } from '../src/ui/edl/EdlScreen.jsx';
import { positionKey } from '../src/ui/edl/model.js';
import { dropRoot, freshDb, LOG, newRoot, RES } from './helpers.js';

const ENTREE = '0190f3a2-0000-7000-8000-0000000000e1';
const SORTIE = '0190f3a2-0000-7000-8000-0000000000e2';
const BAIL = '0190f3a2-0000-7000-8000-0000000000b9';
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const SHA = 'a'.repeat(64);

let root;
beforeEach(async () => {
  vi.stubGlobal('Blob', NodeBlob);
  await freshDb();
  await db.logement.update(LOG, { renouvellements: { peinture: '2020-03-01' } });
  await db.bail.put({ id: BAIL, logement_id: LOG, type: 'habitation', debut: '2020-01-01', fin: null, loyer: 500, locataire_ids: ['t1'], _v: 1 });
  await db.locataire.put({ id: 't1', prenom: 'Léa', nom: 'Müller', _v: 1 });
  await db.grille_vetuste.bulkPut([
    { id: 'g1', element: 'Peinture', duree_vie: 9, franchise: 1, abattement_annuel: 10, part_residuelle: 20, _v: 1 },
    { id: 'g2', element: 'Moquette', duree_vie: 7, franchise: 1, abattement_annuel: 15, part_residuelle: 10, _v: 1 },
  ]);
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.unstubAllGlobals();
});

vi.setConfig({ testTimeout: 60000 }); // IndexedDB on a busy machine
const until = (check, timeout = 15000) => vi.waitFor(check, { timeout, interval: 20 });
const mount = (id, sens = undefined) => act(() => render(<EdlScreen id={id} logementId={LOG} sens={sens} />, root));
const button = (name, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const click = (el) => act(() => el.click());
const group = (name) => [...root.querySelectorAll('[role="group"]')].find((g) => g.querySelector('h3').textContent === name);
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map(text);
const newMutations = async (before) => (await db.outbox.orderBy('seq').toArray()).slice(before);
const byLabel = (label) => {
  const l = [...root.querySelectorAll('label')].find((x) => text(x) === label);
  return l && root.querySelector(`#${CSS.escape(l.htmlFor)}`);
};
async function type(input, value) {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const blur = (input) => act(() => input.dispatchEvent(new Event('blur')));

/** A signed entrée (as pulled from the server) of 3 elements in one room, one with a photo. */
async function signedEntree() {
  await putRecord('etat_des_lieux', {
    id: ENTREE, logement_id: LOG, residence_id: RES, bail_id: BAIL, sens: 'entree', date_edl: '2022-02-10T10:00:00+01:00', entree_id: null,
    parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: null }], bailleur_representant: 'Jean Dupont', bailleur_adresse: '1 place du Marché',
    mandataire: null, compteurs: [{ type: 'gaz', numero: 'G-7', index: 8, photo_id: null }], cles: [{ type: 'Porte palière', nombre: 2, destination: 'Logement' }],
    observations: '', statut: 'signe', content_hash: 'f'.repeat(64), _v: 3,
  });
  const rows = [['x1', 'Porte et serrure', 'bon', null, 100], ['x2', 'Murs', 'bon', 'Peinture', 200], ['x3', 'Sol', 'neuf', 'Moquette', 300]];
  for (const [id, element, etat, grille, ordre] of rows) {
    await putRecord('edl_element', {
      id, edl_id: ENTREE, residence_id: RES, piece: 'Entrée', element, ordre, etat, non_teste: false, absent: false, sale: false,
      observations: element === 'Murs' ? 'Trou rebouché' : '', grille_element: grille, _v: 3,
    });
  }
  await putRecord('photo', { id: 'ph1', owner_entity: 'edl_element', owner_record: 'x2', sha256: SHA, caption: '', taken_at: '2022-02-10T10:05:00+01:00', residence_id: RES, _v: 3 });
  await db.blobs.put({ sha256: SHA, blob: new Blob([JPEG], { type: 'image/jpeg' }), size: JPEG.length, state: 'uploaded' });
}

/** A sortie of that entrée, as the start screen writes it, dated 01/03/2026, already synced. */
async function startedSortie() {
  await signedEntree();
  let n = 0;
  const found = { logement: await db.logement.get(LOG), bail: await db.bail.get(BAIL), locataires: [] };
  const entree = { edl: await getRecord('etat_des_lieux', ENTREE), elements: await recordsOfParent('edl_element', ENTREE) };
  const writes = sortieWrites(SORTIE, found, entree, { dateEdl: '2026-03-01T09:00:00+01:00', newId: () => `s${++n}`, adresse: '8 rue Neuve, Lyon' });
  for (const w of writes) await putRecord(w.entity, { id: w.id, ...w.values, residence_id: RES, _v: 1 });
}

describe('starting an EDL de sortie', () => {
  it('without a signed entrée on the device: says so and starts from the template, nothing pre-filled', async () => {
    await mount(SORTIE, 'sortie');
    await until(() => expect(button('Commencer à partir du modèle')).toBeTruthy());
    expect(text(root.querySelector('h2'))).toBe('État des lieux de sortie — logement 12');
    expect(text(root.querySelector('.callout'))).toContain("Aucun état des lieux d'entrée signé sur cet appareil pour ce logement.");
    await type(byLabel('Nouvelle adresse du locataire'), '8 rue Neuve, 69001 Lyon');
    await click(button('Commencer à partir du modèle'));
    await until(() => expect(root.querySelector('#edl-pieces')).not.toBeNull());
    const edl = await getRecord('etat_des_lieux', SORTIE);
    expect(edl).toMatchObject({ sens: 'sortie', entree_id: null, bail_id: BAIL, parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: '8 rue Neuve, 69001 Lyon' }] });
    const elements = await recordsOfParent('edl_element', SORTIE);
    expect(elements).toHaveLength(103); // a T3's template
    expect(elements.every((e) => e.etat_entree === null && e.entree_element_id === null)).toBe(true);
    expect(text(root.querySelector('.sortie-summary p'))).toBe("Sans état des lieux d'entrée signé : aucune comparaison avec l'entrée.");
  });

  it('with a signed entrée: its rooms and elements, the entry condition of each', async () => {
    await signedEntree();
    await mount(SORTIE, 'sortie');
    await until(() => expect(button("Commencer l'état des lieux de sortie")).toBeTruthy());
    expect(text(root.querySelector('.edl-ready'))).toContain("Pré-rempli depuis l'état des lieux d'entrée signé du 10/02/2022 : 1 pièce, 3 éléments");
    await click(button("Commencer l'état des lieux de sortie"));
    await until(() => expect(button('Entrée 0/3')).toBeTruthy());
    const rows = (await recordsOfParent('edl_element', SORTIE)).sort((a, b) => a.ordre - b.ordre);
    expect(rows.map((r) => [r.element, r.entree_element_id, r.etat_entree, r.installe_le])).toEqual([
      ['Porte et serrure', 'x1', 'bon', '2022-02-10'], ['Murs', 'x2', 'bon', '2020-03-01'], ['Sol', 'x3', 'neuf', '2022-02-10'],
    ]);
  });
});

describe('a room of the sortie', () => {
  it('one tap "identique", a worse element priced with its shares at once, a cost that is not a number refused', async () => {
    await startedSortie();
    await mount(SORTIE);
    await until(() => expect(button('Entrée 0/3')).toBeTruthy());
    await click(button('Entrée 0/3'));
    await until(() => expect(group('Porte et serrure')?.querySelector('.sortie-entree')).toBeTruthy());
    expect(text(group('Murs').querySelector('.sortie-entree'))).toBe('À l’entrée : Bon état — Trou rebouché');
    await until(() => expect(group('Murs').querySelector('img')?.getAttribute('alt')).toBe('Photo 1 à l’entrée : Murs'));

    // "Identique à l'entrée": one tap, one mutation, the next element focused.
    let before = await db.outbox.count();
    await click(button('Identique à l’entrée', group('Porte et serrure')));
    expect(document.activeElement).toBe(group('Murs'));
    await until(() => expect(button('Identique à l’entrée', group('Porte et serrure')).getAttribute('aria-pressed')).toBe('true'));
    expect((await newMutations(before)).map((m) => [m.record, m.fields])).toEqual([['s1', { etat: 'bon', identique_entree: true }]]);
    expect(text(group('Porte et serrure').querySelector('.condition'))).toBe('À la sortie : Bon état · identique à l’entrée');

    // Worse than at the entry: the imputation, the cost, and at once the shares.
    await click(button('Mauvais état', group('Murs')));
    await until(() => expect(group('Murs').querySelector('fieldset.imputation')).toBeTruthy());
    await click(button('Dégradation (locataire)', group('Murs')));
    await until(() => expect(button('Dégradation (locataire)', group('Murs')).getAttribute('aria-pressed')).toBe('true'));
    const cout = () => group('Murs').querySelector('.amount-field input');
    await type(cout(), '800');
    expect([...group('Murs').querySelectorAll('.shares p')].map(text)).toEqual([
      'À la charge du locataire 400,00 €', 'À la charge du bailleur 400,00 €', '6 ans, 50 % à la charge du locataire',
    ]);
    before = await db.outbox.count();
    await blur(cout());
    await until(async () => expect((await newMutations(before)).map((m) => m.fields)).toEqual([{ cout: 800 }]));
    await until(() => expect(text(root.querySelector('.room-total'))).toBe('Total de la pièce : locataire 400,00 €, bailleur 400,00 €'));
    expect(await getRecord('edl_element', 's2')).toMatchObject({ etat: 'mauvais', identique_entree: false, imputation: 'degradation', cout: 800 });

    // "abc" is refused, nothing written.
    await click(button('Hors service', group('Sol')));
    await until(() => expect(group('Sol').querySelector('.amount-field input')).toBeTruthy());
    before = await db.outbox.count();
    const solCout = group('Sol').querySelector('.amount-field input');
    await type(solCout, 'abc');
    await blur(solCout);
    expect(alerts()).toContain('Indiquez un montant en euros, par exemple 120,50.');
    expect(solCout.getAttribute('aria-invalid')).toBe('true');
    expect(await newMutations(before)).toEqual([]);

    // Back to the entry's condition: nothing left to price.
    before = await db.outbox.count();
    await click(button('Identique à l’entrée', group('Murs')));
    await until(() => expect(group('Murs').querySelector('fieldset.imputation')).toBeNull());
    expect((await newMutations(before)).map((m) => m.fields)).toEqual([{ etat: 'bon', identique_entree: true, imputation: null, cout: null }]);
  });

  it('the review lists the worse elements lacking an imputation or a cost', async () => {
    await startedSortie();
    await writeFieldRecords([
      { entity: 'edl_element', id: 's1', values: { etat: 'bon', identique_entree: true } },
      { entity: 'edl_element', id: 's2', values: { etat: 'mauvais' } },
      { entity: 'edl_element', id: 's3', values: { etat: 'usage', imputation: 'usure_normale' } },
      { entity: 'etat_des_lieux', id: SORTIE, values: { bailleur_representant: 'Jean Dupont' } },
    ]);
    await setMeta(positionKey(SORTIE), { mode: 'review' });
    await mount(SORTIE);
    await until(() => expect(root.querySelector('.edl-blockers')).toBeTruthy());
    expect([...root.querySelectorAll('.edl-blockers li')].map((li) => [text(li.querySelector('span')), text(li.querySelector('button'))])).toEqual([
      ['Entrée : 2 éléments dégradés à préciser (Murs : imputation, coût ; Sol : coût)', 'Ouvrir « Entrée »'],
    ]);
    expect(button('Figer et passer aux signatures').disabled).toBe(true);
  });
});

describe('the PDF of a sortie', () => {
  it("prints the entry's date, the new address, entry and exit side by side and the vétusté line by line", async () => {
    await startedSortie();
    await writeFieldRecords([
      { entity: 'edl_element', id: 's1', values: { etat: 'bon', identique_entree: true } },
      { entity: 'edl_element', id: 's2', values: { etat: 'mauvais', imputation: 'degradation', cout: 800 } },
      { entity: 'edl_element', id: 's3', values: { etat: 'usage', imputation: 'usure_normale', cout: 120.5 } },
    ]);
    const edl = await getRecord('etat_des_lieux', SORTIE);
    const elements = await recordsOfParent('edl_element', SORTIE);
    const sortie = await loadSortieContext(edl);
    const { pages } = await renderEdlPdf({ edl, elements, photos: [], signatures: [], context: { date_entree: sortie.dateEntree }, content_hash: 'e'.repeat(64), sortie });
    const all = pages.flat().join(' ').replace(/\s+/g, ' ');
    for (const s of [
      "État des lieux d'entrée du 10/02/2022 à 10h00", 'Nouvelle adresse du locataire : 8 rue Neuve, Lyon',
      "État à l'entrée", 'État à la sortie', 'Murs Peinture Bon état Mauvais état', 'Porte et serrure identique Bon état',
      'Dégradations et vétusté', 'Entrée — Murs Bon état / Mauvais état Dégradation (locataire) 800,00 €',
      'Grille « Peinture », installé le 01/03/2020 : 6 ans, 50 % à la charge du locataire 400,00 € 400,00 €',
      'Usure normale : à la charge du bailleur 0,00 € 120,50 €', 'Total 920,50 € 400,00 € 520,50 €',
      'Total à la charge du locataire : 400,00 €', 'Total à la charge du bailleur : 520,50 €',
    ]) expect(all).toContain(s);
  });
});
