// Issue 12: the deadline of a réclamation computed offline against every worked example of
// ../shared/vectors/echeance.json (the repository's copy when the sibling folder is absent), and
// its properties: a U3 deadline is a working day (no weekend, no French public holiday), always
// after the report, at the same Paris wall-clock time.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { echeance, isWorkingDay, parseInstant, toParisIso } from '../src/reclamations/echeance.js';
import { formatEcheance, lateText } from '../src/reclamations/labels.js';

const shared = new URL('../../../shared/vectors/echeance.json', import.meta.url);
const copy = new URL('../../tests/vectors/shared/echeance.json', import.meta.url);
const CASES = JSON.parse(readFileSync(existsSync(shared) ? shared : copy, 'utf8')).cases;

const parisWall = (iso) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
  .formatToParts(new Date(iso)).reduce((o, p) => ({ ...o, [p.type]: p.value }), {});

describe('the shared vectors', () => {
  it('has the seven cases', () => expect(CASES.length).toBe(7));

  it.each(CASES.map((c) => [`${c.urgence} ${c.signalee_le}`, c]))('%s', (_name, c) => {
    const got = echeance(c.urgence, c.signalee_le);
    expect(Date.parse(got)).toBe(Date.parse(c.echeance));
    expect(got).toBe(c.echeance); // written with the Paris offset of that day
  });
});

describe('the deadline', () => {
  it('reads a time without offset as Paris wall-clock time', () => {
    expect(echeance('U1', '2026-12-24T10:00:00')).toBe('2026-12-24T14:00:00+01:00');
    expect(echeance('U3', '2026-07-10T08:30')).toBe('2026-07-20T08:30:00+02:00'); // 14 July is a Tuesday off
    expect(parseInstant('2026-10-25T02:30')).toBe(Date.parse('2026-10-25T02:30:00+02:00')); // first of the two 02:30
    expect(toParisIso(Date.parse('2026-06-01T00:00:00Z'))).toBe('2026-06-01T02:00:00+02:00');
  });

  it('refuses an unknown urgence or date in French', () => {
    expect(() => echeance('U4', '2026-12-24T10:00:00+01:00')).toThrow('Urgence inconnue : U4');
    expect(() => echeance('U1', 'hier')).toThrow('Date de signalement invalide : hier');
  });

  it('knows the French public holidays, not the observances', () => {
    expect([isWorkingDay(2026, 5, 25), isWorkingDay(2026, 5, 14), isWorkingDay(2026, 5, 24), isWorkingDay(2026, 5, 26), isWorkingDay(2026, 5, 31)])
      .toEqual([false, false, false, true, false]); // Pentecost Monday, Ascension, Sunday, a Tuesday, Mother's day (a Sunday)
    expect([isWorkingDay(2027, 3, 29), isWorkingDay(2027, 11, 11), isWorkingDay(2027, 11, 12)]).toEqual([false, false, true]);
  });

  it('puts U3 on a working day after the report, at the same Paris time, for every hour of two years', () => {
    const start = Date.parse('2026-01-01T00:17:00+01:00');
    for (let t = start; t < start + 2 * 366 * 86400000; t += 7 * 3600000 + 13 * 60000) {
      const from = toParisIso(t);
      const due = echeance('U3', from);
      const w = parisWall(due);
      const f = parisWall(from);
      expect(Date.parse(due)).toBeGreaterThan(t);
      expect(isWorkingDay(+w.year, +w.month, +w.day)).toBe(true);
      if (f.hour !== '02') expect(`${w.hour}:${w.minute}`).toBe(`${f.hour}:${f.minute}`); // 02:xx may not exist on the day
      expect(Date.parse(due) - t).toBeLessThanOrEqual(15 * 86400000);
    }
  });
});

describe('how a deadline reads', () => {
  it('says the day, the date and the Paris hour, and how late it is', () => {
    expect(formatEcheance('2026-12-24T14:00:00+01:00')).toBe('jeu. 24/12 à 14 h 00');
    expect(formatEcheance(null)).toBe('');
    const due = Date.parse('2026-12-24T14:00:00+01:00');
    expect([lateText('2026-12-24T14:00:00+01:00', due - 1), lateText('2026-12-24T14:00:00+01:00', due + 3 * 3600000 + 60000), lateText('2026-12-24T14:00:00+01:00', due + 50 * 3600000)])
      .toEqual([null, 'En retard de 3 h', 'En retard de 2 j']);
  });
});
