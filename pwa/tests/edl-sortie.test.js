// Issue 10, the EDL de sortie's rules (edl/sortie.js, no I/O): the pre-fill from a signed entrée,
// the comparison with the entry, the vétusté line of an element (vetuste.js, held to the shared
// vectors through the element path), the totals and what blocks signing.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blockersOfDocument, chargeable, compare, dayOf, etatChange, formatEuros, grilleOf, installeLe, MONTANT_ATTENDU, parseCout,
  PAS_DE_GRILLE, SANS_DATE, sortieBlockers, sortieWrites, vetusteLine, vetusteOf,
} from '../src/edl/sortie.js';
import { roomsOf } from '../src/edl/template.js';
import { nanoToString, toNano } from '../src/lib/decimal.js';

const shared = new URL('../../../shared/vectors/vetuste.json', import.meta.url);
const copy = new URL('../../tests/vectors/shared/vetuste.json', import.meta.url);
const VETUSTE = JSON.parse(readFileSync(existsSync(shared) ? shared : copy, 'utf8')).cases;

const ENTREE_ID = 'entree-1';
const ENTREE = {
  edl: {
    id: ENTREE_ID, logement_id: 'log-1', bail_id: 'bail-1', sens: 'entree', statut: 'signe', date_edl: '2022-02-10T10:00:00+01:00',
    entree_id: null,
    parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: null }, { role: 'bailleur', nom: 'Office HLM', adresse: '1 place du Marché' }],
    bailleur_representant: 'Jean Dupont', bailleur_adresse: '1 place du Marché', mandataire: null,
    compteurs: [{ type: 'eau_froide', numero: 'EF-12', index: 120.5, photo_id: 'p-1' }, { type: 'gaz', numero: 'G-7', index: 8, photo_id: null }],
    cles: [{ type: 'Porte palière', nombre: 3, destination: 'Logement' }],
    observations: 'RAS',
  },
  // Stored out of order: the sortie follows `ordre`.
  elements: [
    { id: 'e3', edl_id: ENTREE_ID, piece: 'Cuisine', element: 'Évier', ordre: 300, etat: 'usage', grille_element: null, observations: 'Éclat' },
    { id: 'e1', edl_id: ENTREE_ID, piece: 'Entrée', element: 'Murs', ordre: 100, etat: 'bon', grille_element: 'Peinture', observations: '' },
    { id: 'e2', edl_id: ENTREE_ID, piece: 'Entrée', element: 'Sol', ordre: 200, etat: 'neuf', grille_element: 'Moquette', observations: '' },
  ],
};
const LOGEMENT = { id: 'log-1', typologie: 'T1', renouvellements: { peinture: '2020-03-01' } };
const FOUND = { logement: LOGEMENT, bail: { id: 'bail-2' }, locataires: [{ prenom: 'Noé', nom: 'Faure' }] };
const GRILLES = [
  { id: 'g1', element: 'Peinture', duree_vie: 9, franchise: 1, abattement_annuel: 10, part_residuelle: 20 },
  { id: 'g2', element: 'Moquette', duree_vie: 7, franchise: 1, abattement_annuel: 15, part_residuelle: 10 },
];
const CTX = { grilles: GRILLES, sortieLe: '2026-03-01T09:00:00+01:00', dateEntree: ENTREE.edl.date_edl };

const ids = () => {
  let n = 0;
  return () => `s${++n}`;
};

describe('pre-filling a sortie', () => {
  it('takes the rooms, elements, parties, meters and keys of the signed entrée', () => {
    const writes = sortieWrites('sortie-1', FOUND, ENTREE, { dateEdl: '2026-03-01T09:00:00+01:00', newId: ids(), adresse: '  8 rue Neuve, 69001 Lyon ' });
    expect(writes[0]).toEqual({
      entity: 'etat_des_lieux', id: 'sortie-1',
      values: {
        logement_id: 'log-1', bail_id: 'bail-1', sens: 'sortie', date_edl: '2026-03-01T09:00:00+01:00', entree_id: ENTREE_ID,
        parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: '8 rue Neuve, 69001 Lyon' }, { role: 'bailleur', nom: 'Office HLM', adresse: '1 place du Marché' }],
        bailleur_representant: '', bailleur_adresse: '1 place du Marché', mandataire: null, observations: '',
        compteurs: [{ type: 'eau_froide', numero: 'EF-12', index: null, photo_id: null }, { type: 'gaz', numero: 'G-7', index: null, photo_id: null }],
        cles: [{ type: 'Porte palière', nombre: 3, destination: 'Logement' }],
      },
    });
    const blank = { etat: null, non_teste: false, absent: false, sale: false, observations: '', identique_entree: false, imputation: null, cout: null };
    expect(writes.slice(1)).toEqual([
      { entity: 'edl_element', id: 's1', values: { edl_id: 'sortie-1', piece: 'Entrée', element: 'Murs', ordre: 100, grille_element: 'Peinture', entree_element_id: 'e1', etat_entree: 'bon', installe_le: '2020-03-01', ...blank } },
      { entity: 'edl_element', id: 's2', values: { edl_id: 'sortie-1', piece: 'Entrée', element: 'Sol', ordre: 200, grille_element: 'Moquette', entree_element_id: 'e2', etat_entree: 'neuf', installe_le: '2022-02-10', ...blank } },
      { entity: 'edl_element', id: 's3', values: { edl_id: 'sortie-1', piece: 'Cuisine', element: 'Évier', ordre: 300, grille_element: null, entree_element_id: 'e3', etat_entree: 'usage', installe_le: '2022-02-10', ...blank } },
    ]);
  });

  it('without a signed entrée: the template, the current locataires, nothing from an entry', () => {
    const writes = sortieWrites('sortie-2', FOUND, null, { dateEdl: '2026-03-01T09:00:00+01:00', newId: ids(), adresse: '' });
    expect(writes[0].values).toMatchObject({
      sens: 'sortie', entree_id: null, bail_id: 'bail-2', parties: [{ role: 'locataire', nom: 'Noé Faure', adresse: null }],
    });
    const elements = writes.slice(1).map((w) => w.values);
    expect(roomsOf(elements.map((v, i) => ({ ...v, id: `x${i}` }))).map((r) => r.piece)).toEqual(['Entrée', 'Pièce principale', 'Cuisine', "Salle d'eau", 'WC']);
    expect(elements.every((v) => v.entree_element_id === null && v.etat_entree === null && v.cout === null)).toBe(true);
    // The référentiel's date still applies to the paint; nothing else is known.
    expect(elements.find((v) => v.element === 'Murs').installe_le).toBe('2020-03-01');
    expect(elements.find((v) => v.element === 'Sol').installe_le).toBeNull();
  });

  it('reads the renouvellements and the grille whatever their case', () => {
    expect(installeLe({ 'Revêtement de sol souple': '2019-05-01' }, 'revêtement de sol SOUPLE', '2022-01-01T10:00:00+01:00')).toBe('2019-05-01');
    expect(installeLe({}, 'Peinture', '2022-01-01T10:00:00+01:00')).toBe('2022-01-01');
    expect(installeLe(undefined, null, null)).toBeNull();
    // A date-time is the day in Paris, as the server reads it.
    expect(dayOf('2022-01-31T23:30:00Z')).toBe('2022-02-01');
    expect(dayOf('2022-01-31')).toBe('2022-01-31');
    // The référentiel holds percents (10 for 10 %): exact fractions for the formula.
    expect(grilleOf(GRILLES, ' peinture ')).toEqual({ element: 'Peinture', duree_vie: 9, franchise: 1, abattement_annuel: '0.1', part_residuelle: '0.2' });
    expect(grilleOf(GRILLES, 'Parquet')).toBeNull();
    expect(grilleOf([{ element: 'Lavabo', duree_vie: 20, franchise: 2, abattement_annuel: 1, part_residuelle: '12.5' }], 'lavabo'))
      .toEqual({ element: 'Lavabo', duree_vie: 20, franchise: 2, abattement_annuel: '0.01', part_residuelle: '0.125' });
  });
});

describe('comparing with the entry', () => {
  it.each([
    ['bon', 'mauvais', false, 'worse'], ['bon', 'bon', false, 'equal'], ['usage', 'neuf', false, 'better'],
    ['neuf', 'hors_service', false, 'worse'], ['bon', null, true, 'worse'], [null, 'bon', false, null], ['bon', null, false, null],
  ])('entry %s, exit %s (absent %s): %s', (entree, sortie, absent, expected) => {
    expect(compare({ etat_entree: entree, etat: sortie, absent })).toBe(expected);
  });

  it('charges a worse element, or one with no entry to compare with', () => {
    expect([
      chargeable({ etat_entree: 'bon', etat: 'mauvais' }), chargeable({ etat_entree: null, etat: 'bon' }),
      chargeable({ etat_entree: 'bon', etat: 'bon' }), chargeable({ etat_entree: 'bon', etat: null }), chargeable({ etat_entree: null, etat: null }),
    ]).toEqual([true, true, false, false, false]);
  });

  it('drops the imputation and the cost when the exit is no longer worse', () => {
    const el = { etat_entree: 'bon', etat: 'mauvais', imputation: 'degradation', cout: 80 };
    expect(etatChange(el, { etat: 'bon', identique_entree: true })).toEqual({ etat: 'bon', identique_entree: true, imputation: null, cout: null });
    expect(etatChange(el, { etat: 'hors_service' })).toEqual({ etat: 'hors_service' });
  });
});

/** A vector's grille (fractions) as the référentiel holds it (percent), exactly. */
const asReferentiel = (g) => ({
  ...g, abattement_annuel: nanoToString(toNano(g.abattement_annuel) * 100n), part_residuelle: nanoToString(toNano(g.part_residuelle) * 100n),
});

describe('the vétusté of an element', () => {
  it.each(VETUSTE.map((c) => [c.name, c]))('%s, through the element path', (_name, c) => {
    const el = {
      etat_entree: 'bon', etat: 'mauvais', grille_element: c.grille.element.toUpperCase(), installe_le: c.installe_le,
      imputation: c.degradation ? 'degradation' : 'usure_normale', cout: c.cout,
    };
    const line = vetusteLine(el, { grilles: [asReferentiel(c.grille)], sortieLe: `${c.sortie_le}T10:00:00+02:00`, dateEntree: '2000-01-01' });
    expect(line.partLocataire).toBe(c.part_locataire);
    expect(Math.round((line.partLocataire + line.partBailleur) * 100)).toBe(Math.round(c.cout * 100));
    if (c.degradation) expect(line.age).toBe(c.age);
  });

  it('says the age and the rate, or that no grille applies', () => {
    const murs = { etat_entree: 'bon', etat: 'mauvais', grille_element: 'Peinture', installe_le: '2020-03-01', imputation: 'degradation', cout: 800 };
    expect(vetusteLine(murs, CTX)).toEqual({
      imputation: 'degradation', cout: 800, installeLe: '2020-03-01', grille: 'Peinture', age: 6, taux: 0.5,
      partLocataire: 400, partBailleur: 400, text: '6 ans, 50 % à la charge du locataire',
    });
    const evier = { etat_entree: 'usage', etat: 'hors_service', grille_element: null, installe_le: null, imputation: 'degradation', cout: 120.5 };
    expect(vetusteLine(evier, CTX)).toMatchObject({ partLocataire: 120.5, partBailleur: 0, text: PAS_DE_GRILLE });
    expect(PAS_DE_GRILLE).toBe('Pas de grille de vétusté pour cet élément : le coût est à la charge du locataire.');
    // No date at all (a sortie without entrée): no vétusté, said so.
    expect(vetusteLine({ ...murs, installe_le: null }, { ...CTX, dateEntree: null })).toMatchObject({ partLocataire: 800, partBailleur: 0, age: null, text: SANS_DATE });
    // No entry to compare with: still charged.
    expect(vetusteLine({ ...murs, etat_entree: null }, CTX)).toMatchObject({ partLocataire: 400 });
    expect(vetusteLine({ ...murs, imputation: 'usure_normale' }, CTX)).toMatchObject({ age: 6, partLocataire: 0, partBailleur: 800, text: 'Usure normale : à la charge du bailleur' });
    // The entry's date stands in for an unknown installation date.
    expect(vetusteLine({ ...murs, installe_le: null }, CTX)).toMatchObject({ installeLe: '2022-02-10', age: 4, text: '4 ans, 70 % à la charge du locataire', partLocataire: 560 });
    expect(vetusteLine({ ...murs, etat: 'bon' }, CTX)).toBeNull(); // not worse: nothing to share
    expect(vetusteLine({ ...murs, cout: null }, CTX)).toBeNull();
    expect(vetusteLine({ ...murs, cout: null }, CTX, 100)).toMatchObject({ partLocataire: 50 }); // a value being typed
  });

  it('totals by room and for the whole sortie, in cents', () => {
    const rows = [
      { id: 'a', piece: 'Entrée', element: 'Murs', ordre: 100, etat_entree: 'bon', etat: 'mauvais', grille_element: 'Peinture', installe_le: '2020-03-01', imputation: 'degradation', cout: 800 },
      { id: 'b', piece: 'Entrée', element: 'Sol', ordre: 200, etat_entree: 'neuf', etat: 'hors_service', grille_element: 'Moquette', installe_le: '2022-02-10', imputation: 'degradation', cout: 1200 },
      { id: 'c', piece: 'Cuisine', element: 'Évier', ordre: 300, etat_entree: 'usage', etat: 'mauvais', grille_element: null, installe_le: null, imputation: 'usure_normale', cout: 100.1 },
      { id: 'd', piece: 'Cuisine', element: 'Hotte', ordre: 400, etat_entree: 'bon', etat: 'bon', grille_element: null, imputation: null, cout: null },
    ];
    const v = vetusteOf(rows, CTX);
    expect(v.lines.map((l) => [l.element, l.entree, l.sortie, l.partLocataire, l.partBailleur])).toEqual([
      ['Murs', 'Bon état', 'Mauvais état', 400, 400], ['Sol', 'Neuf', 'Hors service', 660, 540], ['Évier', "État d'usage", 'Mauvais état', 0, 100.1],
    ]);
    expect(v.rooms.get('Entrée')).toEqual({ partLocataire: 1060, partBailleur: 940 });
    expect(v.rooms.get('Cuisine')).toEqual({ partLocataire: 0, partBailleur: 100.1 });
    expect(v.total).toEqual({ cout: 2100.1, partLocataire: 1060, partBailleur: 1040.1 });
    expect(formatEuros(v.total.partBailleur)).toBe('1 040,10 €');
  });
});

describe('typing a cost', () => {
  it.each([
    ['120,50', { value: 120.5 }], ['1 200', { value: 1200 }], ['80.5', { value: 80.5 }], ['0', { value: 0 }], ['', { value: null }],
    ['abc', { error: MONTANT_ATTENDU }], ['-5', { error: MONTANT_ATTENDU }], ['12,345', { error: 'Deux décimales au plus (les centimes), par exemple 120,50.' }],
    ['1000001', { error: 'Le montant ne peut pas dépasser 1 000 000 €.' }],
  ])('%j', (text, expected) => expect(parseCout(text)).toEqual(expected));
});

describe('what blocks signing a sortie', () => {
  it('lists the worse elements lacking an imputation or a cost, room by room', () => {
    const rows = [
      { id: 'a', piece: 'Entrée', element: 'Murs', ordre: 100, etat_entree: 'bon', etat: 'mauvais', grille_element: 'Peinture', imputation: null, cout: null },
      { id: 'b', piece: 'Entrée', element: 'Sol', ordre: 200, etat_entree: 'neuf', etat: 'usage', grille_element: 'Moquette', imputation: 'usure_normale', cout: null },
      { id: 'c', piece: 'Cuisine', element: 'Évier', ordre: 300, etat_entree: 'usage', etat: 'mauvais', imputation: 'degradation', cout: 50 },
      { id: 'd', piece: 'Cuisine', element: 'Hotte', ordre: 400, etat_entree: 'bon', etat: 'neuf', imputation: null, cout: null },
    ];
    expect(sortieBlockers(roomsOf(rows))).toEqual([
      { code: 'degradation_a_preciser', piece: 'Entrée', element: 'a', text: 'Entrée : 2 éléments dégradés à préciser (Murs : imputation, coût ; Sol : coût)' },
    ]);
    // Without an entry, pricing is not asked for.
    expect(sortieBlockers(roomsOf(rows.map((r) => ({ ...r, etat_entree: null }))))).toEqual([]);
    const doc = { edl: { sens: 'sortie', parties: [{ role: 'locataire', nom: 'Léa' }], bailleur_representant: 'J. D.' }, sortie: CTX };
    expect(blockersOfDocument(doc, roomsOf(rows)).map((b) => b.code)).toEqual(['degradation_a_preciser']);
    expect(blockersOfDocument({ ...doc, edl: { ...doc.edl, sens: 'entree' } }, roomsOf(rows)).map((b) => b.code)).toEqual([]);
  });
});
