// Vétusté and solde de tout compte against every worked example of ../shared/vectors/ (the
// repository's copy in tests/vectors/shared/ when the sibling folder is absent).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addMonths, echeanceRestitution, majoration, moisDeRetard, solde } from '../src/edl/solde.js';
import { ageEnAnnees, partage } from '../src/edl/vetuste.js';
import { toNano } from '../src/lib/decimal.js';

const shared = new URL('../../../shared/vectors/', import.meta.url);
const copy = new URL('../../tests/vectors/shared/', import.meta.url);
const source = (name) => (existsSync(new URL(name, shared)) ? new URL(name, shared) : new URL(name, copy));
const cases = (name) => JSON.parse(readFileSync(source(name), 'utf8')).cases;

const VETUSTE = cases('vetuste.json');
const SOLDE = cases('solde.json');
const DEPOTS = SOLDE.filter((c) => 'depot' in c);
const RETARDS = SOLDE.filter((c) => 'restitue_le' in c);

describe('the shared vectors', () => {
  it('has every case, and the copy is the shared file when both exist', () => {
    expect([VETUSTE.length, DEPOTS.length, RETARDS.length]).toEqual([8, 4, 4]);
    for (const name of ['vetuste.json', 'solde.json', 'echeance.json']) {
      if (existsSync(new URL(name, shared))) expect(readFileSync(new URL(name, copy), 'utf8')).toBe(readFileSync(new URL(name, shared), 'utf8'));
    }
  });

  it.each(VETUSTE.map((c) => [c.name, c]))('vétusté: %s', (_name, c) => {
    const r = partage(c.grille, c.installe_le, c.sortie_le, c.cout, c.degradation);
    expect(r.age).toBe(c.age);
    expect(r.partLocataire).toBe(c.part_locataire);
    expect(Math.round((r.partLocataire + r.partBailleur) * 100)).toBe(Math.round(c.cout * 100));
  });

  it.each(DEPOTS.map((c) => [c.name, c]))('solde: %s', (_name, c) => {
    expect(echeanceRestitution(c.cles_le, c.conforme)).toBe(c.echeance);
    const r = solde(c.depot, c.retenues);
    expect([r.restitution, r.resteDu]).toEqual([c.restitution, c.reste_du]);
  });

  it.each(RETARDS.map((c) => [c.name, c]))('retard: %s', (_name, c) => {
    expect(moisDeRetard(c.echeance, c.restitue_le)).toBe(c.mois_de_retard);
    expect(majoration(c.echeance, c.restitue_le, c.loyer_hors_charges, c.nouvelle_adresse)).toBe(c.majoration);
  });
});

describe('edges', () => {
  it('counts years around anniversaries and leap days', () => {
    expect(ageEnAnnees('2020-02-29', '2021-02-28')).toBe(0);
    expect(ageEnAnnees('2020-02-29', '2021-03-01')).toBe(1);
    expect(ageEnAnnees('2026-05-01', '2025-05-01')).toBe(0);
  });

  it('ends months on the last day that exists', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(moisDeRetard('2026-01-31', '2026-03-01')).toBe(2);
  });

  it('refuses a cost that is not a number, or negative', () => {
    for (const bad of ['1_000', 'abc', null, true, Number.NaN, 'Infinity', '350,50', 1e21]) {
      expect(() => toNano(bad)).toThrow(RangeError);
    }
    expect(() => partage(VETUSTE[0].grille, '2020-01-01', '2026-01-01', -1, true)).toThrow(RangeError);
  });
});
