// Issue 12: the réclamation's codes and status steps on the device equal the contract's table
// (the server's sync/reclamation.py holds the same), and the urgence suggested by category.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, follows, isOpen, nextStatuts, OPEN_STATUTS, PARTIES_COMMUNES, STATUTS, suggestedUrgence } from '../src/reclamations/statut.js';
import { CATEGORIE_LABELS, PARTIE_COMMUNE_LABELS, STATUT_LABELS } from '../src/reclamations/labels.js';

const CONTRACT = {
  saisie: ['qualifiee', 'en_attente', 'rejetee', 'transferee'],
  qualifiee: ['affectee', 'planifiee', 'en_attente', 'rejetee', 'transferee'],
  affectee: ['planifiee', 'en_cours', 'en_attente', 'transferee'],
  planifiee: ['en_cours', 'en_attente'],
  en_cours: ['realisee', 'en_attente'],
  realisee: ['controlee', 'reouverte'],
  controlee: ['cloturee', 'reouverte'],
  en_attente: ['qualifiee', 'affectee', 'planifiee', 'en_cours', 'rejetee'],
  reouverte: ['qualifiee', 'affectee', 'planifiee', 'en_cours'],
  cloturee: ['reouverte'],
  rejetee: ['reouverte'],
  transferee: ['reouverte'],
};

describe('the statut steps', () => {
  it('lists the twelve statuts, nine of them open', () => {
    expect(STATUTS).toEqual(['saisie', 'qualifiee', 'affectee', 'planifiee', 'en_cours', 'realisee', 'controlee', 'cloturee', 'en_attente', 'rejetee', 'transferee', 'reouverte']);
    expect(OPEN_STATUTS).toEqual(['saisie', 'qualifiee', 'affectee', 'planifiee', 'en_cours', 'realisee', 'controlee', 'en_attente', 'reouverte']);
    expect([isOpen(null), isOpen('cloturee'), isOpen('rejetee'), isOpen('transferee'), isOpen('en_attente')]).toEqual([true, false, false, false, true]);
  });

  it('allows exactly the contract table', () => {
    expect(Object.fromEntries(STATUTS.map((s) => [s, nextStatuts(s)]))).toEqual(CONTRACT);
    for (const current of STATUTS) {
      for (const next of STATUTS) expect(follows(current, next)).toBe(CONTRACT[current].includes(next));
    }
    expect([nextStatuts('inconnu'), follows('saisie', 'realisee'), follows('realisee', 'controlee')]).toEqual([[], false, true]);
  });

  it('returns a copy the caller cannot change the table through', () => {
    nextStatuts('saisie').push('cloturee');
    expect(follows('saisie', 'cloturee')).toBe(false);
  });
});

describe('categories and urgences', () => {
  it('names the thirteen categories and eleven parties communes in French', () => {
    expect(CATEGORIES.map((c) => CATEGORIE_LABELS[c])).toEqual([
      'Plomberie', 'Électricité', 'Chauffage', 'Serrurerie', 'Ventilation / humidité', 'Nuisibles', 'Ascenseur', 'Éclairage',
      'Propreté / encombrants', 'Sécurité gaz / incendie', 'Vandalisme / tags', 'Trouble de voisinage', 'Administratif',
    ]);
    expect(PARTIES_COMMUNES).toEqual(['hall', 'escalier', 'palier', 'ascenseur', 'cave', 'parking', 'local_poubelles', 'espaces_verts', 'facade_toiture', 'exterieur', 'autre']);
    expect(PARTIES_COMMUNES.every((p) => PARTIE_COMMUNE_LABELS[p])).toBe(true);
    expect(STATUTS.map((s) => STATUT_LABELS[s])).toEqual(['Saisie', 'Qualifiée', 'Affectée', 'Planifiée', 'En cours', 'Réalisée', 'Contrôlée', 'Clôturée', 'En attente', 'Rejetée', 'Transférée', 'Réouverte']);
  });

  it('suggests U1 for gas and fire safety, U2 for the six urgent trades, U3 for the rest', () => {
    expect(Object.fromEntries(CATEGORIES.map((c) => [c, suggestedUrgence(c)]))).toEqual({
      plomberie: 'U2', electricite: 'U2', chauffage: 'U2', serrurerie: 'U2', ventilation_humidite: 'U3', nuisibles: 'U3', ascenseur: 'U2',
      eclairage: 'U3', proprete_encombrants: 'U3', securite_gaz_incendie: 'U1', vandalisme_tags: 'U3', trouble_voisinage: 'U3', administratif: 'U3',
    });
  });
});
