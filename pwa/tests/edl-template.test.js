// Issue 9: the EDL's default rooms by typologie (DOMAIN.md) and the edits made on site.
import { describe, expect, it } from 'vitest';
import { planOrdre } from '../src/edl/ordre.js';
import {
  addElement, addRoom, applyChanges, clesFor, compteursFor, elementsFor, LayoutError, moveElement, moveRoom,
  nextRoomName, removeElement, removeRoom, renameElement, renameRoom, roomsFor, roomsOf,
} from '../src/edl/template.js';

const EDL = '0190f3a2-0000-7000-8000-00000000e001';
const ids = (prefix = 'el') => {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(3, '0')}`;
};
const names = (rooms) => rooms.map((r) => r.piece);

describe('roomsFor', () => {
  it('a T1 has entrée, pièce principale, cuisine, salle d\'eau and WC', () => {
    expect(names(roomsFor('T1'))).toEqual(['Entrée', 'Pièce principale', 'Cuisine', "Salle d'eau", 'WC']);
  });

  it('a T2 adds one chambre, a T4 three chambres and a dégagement, then the annexes', () => {
    expect(names(roomsFor('T2'))).toEqual(['Entrée', 'Pièce principale', 'Cuisine', 'Chambre', "Salle d'eau", 'WC']);
    expect(names(roomsFor('T4', ['parking', 'loggia', 'cave']))).toEqual([
      'Entrée', 'Pièce principale', 'Cuisine', 'Dégagement', 'Chambre 1', 'Chambre 2', 'Chambre 3', "Salle d'eau", 'WC',
      'Balcon / loggia', 'Cave', 'Parking',
    ]);
    expect(roomsFor('T6')).toHaveLength(11); // 5 chambres
    expect(names(roomsFor(''))).toEqual(names(roomsFor('T1')));
    expect(() => roomsFor('T3', ['piscine'])).toThrow('unknown annexe: piscine');
  });

  it('every room has the common elements with their grille line; cuisine, salle d\'eau and WC add theirs', () => {
    const [entree, , cuisine, salleEau, wc] = roomsFor('T1');
    expect(entree.elements).toEqual([
      { element: 'Porte et serrure', grille_element: 'Portes intérieures' },
      { element: 'Sol', grille_element: 'Revêtement de sol souple' },
      { element: 'Plinthes', grille_element: null },
      { element: 'Murs', grille_element: 'Peinture' },
      { element: 'Plafond', grille_element: 'Peinture' },
      { element: 'Fenêtres et vitrages', grille_element: null },
      { element: 'Volets ou stores', grille_element: 'Volets' },
      { element: 'Radiateur', grille_element: null },
      { element: 'Prises et interrupteurs', grille_element: 'Équipements électriques' },
      { element: 'Éclairage', grille_element: 'Équipements électriques' },
      { element: 'Placards', grille_element: null },
    ]);
    expect(cuisine.elements.slice(11).map((e) => e.element)).toEqual([
      'Évier', 'Robinetterie', 'Plan de travail', 'Meubles', 'Hotte ou VMC', 'Plaques ou arrivée de gaz',
    ]);
    expect(salleEau.elements.slice(11)).toEqual([
      { element: 'Baignoire ou douche', grille_element: 'Appareils sanitaires' },
      { element: 'Lavabo', grille_element: 'Appareils sanitaires' },
      { element: 'Robinetterie', grille_element: 'Robinetterie' },
      { element: 'Faïence', grille_element: 'Carrelage' },
      { element: 'VMC', grille_element: null },
      { element: 'Chauffe-eau', grille_element: 'Chauffe-eau' },
    ]);
    expect(wc.elements.slice(11).map((e) => e.element)).toEqual(['Cuvette', 'Abattant', "Chasse d'eau"]);
    // Copies: editing one room's list leaves the template alone.
    entree.elements[0].element = 'Porte blindée';
    expect(roomsFor('T1')[0].elements[0].element).toBe('Porte et serrure');
  });

  it('meters and keys to fill', () => {
    expect(compteursFor().map((c) => c.type)).toEqual(['eau_froide', 'eau_chaude', 'electricite_hp', 'electricite_hc', 'gaz', 'chauffage']);
    expect(compteursFor()[0]).toEqual({ type: 'eau_froide', numero: '', index: null, photo_id: null });
    expect(clesFor().map((c) => c.type)).toEqual(['Porte palière', 'Boîte aux lettres', 'Badge ou Vigik']);
    expect(clesFor(['cave', 'parking']).slice(3)).toEqual([
      { type: 'Cave', nombre: 0, destination: 'Cave' },
      { type: 'Garage', nombre: 0, destination: 'Parking' },
      { type: 'Télécommande de parking', nombre: 0, destination: 'Parking (parties communes)' },
    ]);
  });
});

describe('elementsFor', () => {
  it('numbers the elements of all rooms with one global ordre', () => {
    const rows = elementsFor(EDL, roomsFor('T1'), ids());
    expect(rows).toHaveLength(70);
    expect(rows[0]).toEqual({
      id: 'el-001', edl_id: EDL, piece: 'Entrée', element: 'Porte et serrure', ordre: 100, etat: null,
      non_teste: false, absent: false, sale: false, observations: '', grille_element: 'Portes intérieures',
    });
    expect(rows[11]).toMatchObject({ id: 'el-012', piece: 'Pièce principale', element: 'Porte et serrure', ordre: 1200 });
    expect(rows[69]).toMatchObject({ piece: 'WC', element: "Chasse d'eau", ordre: 7000 });
    expect(names(roomsOf([...rows].reverse()))).toEqual(['Entrée', 'Pièce principale', 'Cuisine', "Salle d'eau", 'WC']);
  });

  it('refuses two rooms with the same name', () => {
    const rooms = [{ piece: 'Chambre', elements: [] }, { piece: 'chambre ', elements: [] }];
    expect(() => elementsFor(EDL, rooms, ids())).toThrow('Une pièce porte déjà ce nom.');
  });
});

describe('edits on site', () => {
  const t2 = () => elementsFor(EDL, roomsFor('T2'), ids()); // 81 elements, ordre 100…8100

  it('renames a room: every element of it, nothing else', () => {
    const rows = t2();
    const changes = renameRoom(rows, 'Chambre', ' Chambre parentale ');
    expect(changes).toHaveLength(11);
    expect(changes[0]).toEqual({ op: 'update', id: 'el-040', fields: { piece: 'Chambre parentale' } });
    expect(names(roomsOf(applyChanges(rows, changes)))).toEqual([
      'Entrée', 'Pièce principale', 'Cuisine', 'Chambre parentale', "Salle d'eau", 'WC',
    ]);
    expect(() => renameRoom(rows, 'Chambre', 'cuisine')).toThrow(LayoutError);
    expect(() => renameRoom(rows, 'Chambre', '  ')).toThrow('Nommez la pièce.');
    expect(renameRoom(rows, 'WC', 'wc')).toHaveLength(14); // its own name, another case
  });

  it('moves the WC first: only its elements get a new ordre', () => {
    const rows = t2();
    const changes = moveRoom(rows, 'WC', 0);
    expect(changes.map((c) => c.id)).toEqual([...Array(14)].map((_, i) => `el-0${68 + i}`));
    expect(changes.slice(0, 3)).toEqual([
      { op: 'update', id: 'el-068', fields: { ordre: 6 } },
      { op: 'update', id: 'el-069', fields: { ordre: 13 } },
      { op: 'update', id: 'el-070', fields: { ordre: 20 } },
    ]);
    expect(names(roomsOf(applyChanges(rows, changes)))).toEqual([
      'WC', 'Entrée', 'Pièce principale', 'Cuisine', 'Chambre', "Salle d'eau",
    ]);
  });

  it('moves an element within its room, adds one between two others', () => {
    const rows = t2();
    expect(moveElement(rows, 'el-011', 0)).toEqual([{ op: 'update', id: 'el-011', fields: { ordre: 50 } }]);
    const added = addElement(rows, { edlId: EDL, piece: 'Entrée', element: 'Interphone', grille_element: 'Équipements électriques', index: 1 }, () => 'el-new');
    expect(added).toEqual([{
      op: 'create', id: 'el-new', fields: {
        edl_id: EDL, piece: 'Entrée', element: 'Interphone', ordre: 150, etat: null, non_teste: false, absent: false,
        sale: false, observations: '', grille_element: 'Équipements électriques',
      },
    }]);
    expect(renameElement(rows, 'el-002', 'Sol', 'Carrelage')).toEqual([{ op: 'update', id: 'el-002', fields: { grille_element: 'Carrelage' } }]);
    expect(removeElement(rows, 'el-003')).toEqual([{ op: 'delete', id: 'el-003' }]);
  });

  it('adds a room of a kind after the chambre, removes one', () => {
    const rows = t2();
    const piece = nextRoomName(rows, 'Chambre');
    expect(piece).toBe('Chambre 2');
    const changes = addRoom(rows, { edlId: EDL, piece, kind: 'chambre', index: 4 }, ids('new'));
    expect(changes).toHaveLength(11);
    expect(changes.map((c) => c.fields.ordre)).toEqual([5008, 5016, 5025, 5033, 5041, 5050, 5058, 5066, 5075, 5083, 5091]);
    expect(names(roomsOf(applyChanges(rows, changes)))).toEqual([
      'Entrée', 'Pièce principale', 'Cuisine', 'Chambre', 'Chambre 2', "Salle d'eau", 'WC',
    ]);
    const removed = removeRoom(rows, 'Cuisine');
    expect(removed).toHaveLength(17);
    expect(removed.every((c) => c.op === 'delete')).toBe(true);
    expect(() => removeRoom(rows, 'Grenier')).toThrow('Pièce introuvable.');
  });
});

describe('planOrdre', () => {
  it('keeps the longest increasing run, fits the rest between, renumbers when there is no room', () => {
    expect(planOrdre([{ ordre: 300 }, { ordre: 100 }, { ordre: 200 }])).toEqual([50, 100, 200]);
    expect(planOrdre([{ ordre: 1 }, {}, {}, { ordre: 2 }])).toEqual([100, 200, 300, 400]);
    expect(planOrdre([{ ordre: 100 }, { ordre: 100 }, {}])).toEqual([50, 100, 200]); // two tablets chose 100
  });
});
