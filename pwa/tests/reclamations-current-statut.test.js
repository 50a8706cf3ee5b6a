// The statut the device shows between a push and the pull that brings the réclamation's new
// version: a step the server accepted already counts, a step it reflects is not applied twice.
import { describe, expect, it } from 'vitest';
import { currentStatut } from '../src/db/reclamations.js';

const step = (statut, v = 1) => ({ statut, _v: v });

describe('currentStatut', () => {
  it('is the server statut with nothing more known', () => {
    expect(currentStatut({ statut: 'affectee' }, [step('qualifiee'), step('affectee')])).toBe('affectee');
    expect(currentStatut({}, [])).toBe('saisie');
  });

  it('counts a step the server accepted before the pull brought the réclamation back', () => {
    expect(currentStatut({ statut: 'saisie' }, [step('qualifiee')])).toBe('qualifiee');
    expect(currentStatut({ statut: 'qualifiee' }, [step('qualifiee'), step('affectee')])).toBe('affectee');
  });

  it('never replays a step the server statut already reflects, reopened or not', () => {
    const history = ['qualifiee', 'affectee', 'en_cours', 'realisee', 'reouverte', 'qualifiee'].map((s) => step(s));
    expect(currentStatut({ statut: 'qualifiee' }, history)).toBe('qualifiee');
  });

  it('ends with the steps recorded here and not sent yet', () => {
    expect(currentStatut({ statut: 'qualifiee' }, [step('qualifiee'), step('affectee', null)])).toBe('affectee');
  });
});
