// Issue 11: the pure parts of the troubles screens — the procedure's step and next one, the
// dossier's chronology, the CNIL's word list (equal to the server's), night facts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cnilWarning, SUSPECT_TERMS, suspectTerms } from '../src/troubles/cnil.js';
import { isNight } from '../src/troubles/labels.js';
import { chronology, procedureStep } from '../src/troubles/procedure.js';

describe('the procedure step (as sync/procedure.py)', () => {
  it('starts at the qualification with the plaignant next', () => {
    expect(procedureStep([], [])).toEqual({
      step: 'qualification', name: 'Qualification du trouble', next: 'entretien_plaignant',
      sentence: 'Prochaine étape : entretien avec le plaignant.', closed: false,
    });
  });

  it('is the furthest step reached by entretiens (by role) and démarches (by type)', () => {
    const s = procedureStep([{ role: 'plaignant' }, { role: 'temoin' }], []);
    expect([s.step, s.sentence]).toEqual(['entretien_plaignant', 'Prochaine étape : rappel au bail au mis en cause.']);
    // a mise en demeure done before the mis en cause was heard: the furthest one counts
    const m = procedureStep([{ role: 'plaignant' }], [{ type: 'rappel_bail' }, { type: 'mise_en_demeure' }]);
    expect([m.step, m.next]).toEqual(['mise_en_demeure', 'partenaires']);
    expect(procedureStep([], [{ type: 'confrontation' }]).sentence).toBe('Prochaine étape : mise en demeure du mis en cause.');
    expect(procedureStep([], [{ type: 'mairie' }]).sentence).toBe('Prochaine étape : transmission au contentieux ou clôture du dossier.');
  });

  it('ends with a clôture or the contentieux', () => {
    expect(procedureStep([{ role: 'plaignant' }], [{ type: 'rappel_bail' }, { type: 'cloture', issue: 'resolu' }]))
      .toEqual({ step: 'cloture', name: 'Clôturé', next: null, sentence: 'Dossier clos : aucune étape à venir.', closed: true });
    expect(procedureStep([], [{ type: 'contentieux' }])).toMatchObject({ step: 'contentieux', next: null, closed: true });
  });
});

describe('the chronology', () => {
  it('puts faits, entretiens, démarches and attestations in one order, undated last', () => {
    const items = chronology({
      faits: [{ id: 'f1', survenu_le: '2026-11-10T23:30:00+01:00' }],
      entretiens: [{ id: 'e1', date: '2026-11-12T10:00:00+01:00' }, { id: 'e2', date: null }],
      demarches: [{ id: 'd1', date: '2026-11-11T09:00:00+01:00' }],
      attestations: [{ id: 'a1', fait_le: '2026-11-09' }],
    });
    expect(items.map((i) => `${i.kind}:${i.row.id}`)).toEqual(['attestation_temoin:a1', 'fait:f1', 'demarche:d1', 'entretien:e1', 'entretien:e2']);
  });
});

describe('the CNIL warning', () => {
  it('finds words folded like the server (case, accents, plural, two-word terms)', () => {
    expect(suspectTerms("Mme X déclare que son voisin est ALCOOLIQUE et sort de Prisons ; c'est un sale  type")).toEqual(['alcoolique', 'prison', 'sale type']);
    expect(suspectTerms('Il est DEPRESSIF depuis des mois')).toEqual(['dépressif']);
    expect(suspectTerms('Musique forte après 23 h, trois fois cette semaine.')).toEqual([]);
    expect(cnilWarning('Bruit de perceuse le dimanche')).toBeNull();
    expect(cnilWarning('il a fait de la prison')).toBe("À relire : « prison ». Décrivez des faits objectifs, sans donnée de santé, d'opinion ni d'infraction supposée.");
  });

  it('holds the same terms as server/cnil.py', () => {
    const py = readFileSync(new URL('../../server/cnil.py', import.meta.url), 'utf8');
    const block = py.slice(py.indexOf('SUSPECT_TERMS = ('), py.indexOf(')\n', py.indexOf('SUSPECT_TERMS = (')));
    const terms = [...block.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(terms.length).toBeGreaterThan(30);
    expect(SUSPECT_TERMS).toEqual(terms);
  });
});

describe('night', () => {
  it('is 22 h to 7 h, the hour as written (as the server reads it)', () => {
    const at = (hm) => `2026-11-12T${hm}:00+01:00`;
    expect([at('21:59'), at('22:00'), at('03:00'), at('06:59'), at('07:00')].map(isNight)).toEqual([false, true, true, true, false]);
    expect(isNight('2026-11-12T23:30:00Z')).toBe(true);
    expect(isNight(null)).toBe(false);
  });
});
