// @vitest-environment happy-dom
// Issue 12: the gestionnaire qualifies and assigns a réclamation on the field app, offline, as the
// back office does — each form ONE write of the réclamation's fields and its évènement; a gardien
// does not see the forms.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { getRecord, putRecord } from '../src/db/records.js';
import { ReclamationScreen } from '../src/ui/reclamations/ReclamationScreen.jsx';
import { dropRoot, freshDb, LOG, newRoot, RES } from './helpers.js';

const R1 = '0190f3a2-0000-7000-8000-0000000000c1';
const AT = () => new Date('2026-12-24T11:00:00+01:00');

let root;
beforeEach(async () => {
  await freshDb(); // a gestionnaire's session
  root = newRoot();
  await putRecord('reclamation', {
    id: R1, residence_id: RES, logement_id: LOG, batiment_id: null, cage: null, etage: null, partie_commune: null, categorie: 'electricite',
    urgence: 'U2', signalee_le: '2026-12-24T10:00:00+01:00', description: "Fuite d'eau au plafond", origine: 'ronde', contact_id: null,
    responsabilite: null, entreprise: null, entreprise_reference: null, statut: 'saisie', echeance: '2026-12-25T10:00:00+01:00', _v: 2,
  });
});
afterEach(() => dropRoot(root));

const mount = (el) => act(() => render(el, root));
const $ = (sel) => root.querySelector(sel);
const form = (name) => [...root.querySelectorAll('form')].find((f) => f.querySelector('h3')?.textContent === name);
const choose = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
});
const type = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
});
const submit = (name) => act(() => form(name).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
const history = () => [...root.querySelectorAll('.history li strong')].map((s) => s.textContent);
const queued = async () => (await db.outbox.orderBy('seq').toArray()).map((m) => [m.entity, m.fields]);

describe('the gestionnaire on the réclamation page', () => {
  it('qualifies (U2 → U1, catégorie, responsabilité) then assigns: the fields and the two évènements queued', async () => {
    mount(<ReclamationScreen id={R1} now={AT} />);
    await vi.waitFor(() => expect(form('Qualifier')).toBeTruthy());
    expect([$('#q-urgence').value, $('#q-categorie').value, $('#q-responsabilite').value]).toEqual(['U2', 'electricite', '']);
    expect(root.querySelector('[role="alert"]')).toBeNull();

    choose($('#q-urgence'), 'U1');
    choose($('#q-categorie'), 'plomberie');
    choose($('#q-responsabilite'), 'bailleur');
    await submit('Qualifier');
    await vi.waitFor(() => expect(history()).toEqual(['Saisie', 'Qualifiée']));
    expect(root.textContent).toContain('Statut : Qualifiée');
    expect(form('Qualifier').querySelector('[role="status"]').textContent)
      .toBe('La réclamation est qualifiée ; elle sera envoyée à la prochaine synchronisation.');
    // the deadline of the new urgence, computed on the device until the server's arrives
    await vi.waitFor(() => expect($('.echeance').textContent).toBe('Échéance prévue : jeu. 24/12 à 14 h 00'));

    type($('#a-entreprise'), '  Plomberie Martin ');
    type($('#a-reference'), 'BT-2026-118');
    await submit('Affecter');
    await vi.waitFor(() => expect(history()).toEqual(['Saisie', 'Qualifiée', 'Affectée']));
    expect(root.textContent).toContain('Statut : Affectée');
    expect(root.textContent).toContain('Plomberie Martin (réf. BT-2026-118)');

    expect(await getRecord('reclamation', R1)).toMatchObject({
      urgence: 'U1', categorie: 'plomberie', responsabilite: 'bailleur', entreprise: 'Plomberie Martin', entreprise_reference: 'BT-2026-118',
      statut: 'saisie', _v: 2, // the server sets the statut from each évènement it accepts
    });
    const mutations = await queued();
    expect(mutations.map(([entity]) => entity)).toEqual(['reclamation', 'reclamation_evenement', 'reclamation', 'reclamation_evenement']);
    expect(mutations[0][1]).toEqual({ urgence: 'U1', categorie: 'plomberie', responsabilite: 'bailleur' });
    expect(mutations[1][1]).toEqual({ reclamation_id: R1, statut: 'qualifiee', commentaire: null, le: mutations[1][1].le });
    expect(mutations[2][1]).toEqual({ entreprise: 'Plomberie Martin', entreprise_reference: 'BT-2026-118' });
    expect(mutations[3][1]).toEqual({ reclamation_id: R1, statut: 'affectee', commentaire: 'Plomberie Martin — BT-2026-118', le: mutations[3][1].le });
    expect([Date.parse(mutations[1][1].le), Date.parse(mutations[3][1].le)]).toEqual([AT().getTime(), AT().getTime()]);
    expect(new Set((await db.outbox.toArray()).map((m) => m.base))).toEqual(new Set([2, null]));
  });

  it('refuses, in French, an assignment that does not follow the statut, and an empty entreprise', async () => {
    mount(<ReclamationScreen id={R1} now={AT} />);
    await vi.waitFor(() => expect(form('Affecter')).toBeTruthy());
    await submit('Affecter');
    await vi.waitFor(() => expect(form('Affecter').querySelector('[role="alert"]').textContent).toBe("Nom de l'entreprise obligatoire."));
    type($('#a-entreprise'), 'Plomberie Martin');
    await submit('Affecter');
    await vi.waitFor(() => expect(form('Affecter').querySelector('[role="alert"]').textContent)
      .toBe('Passage de « Saisie » à « Affectée » impossible : étapes possibles : Qualifiée, En attente, Rejetée, Transférée.'));
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('a gardien on the réclamation page', () => {
  it('does not see the Qualifier and Affecter forms', async () => {
    await db.meta.put({ key: 'session', value: { token: 't', device_id: 'd', user: { id: 'u2', login: 'gardien', name: 'G. Ardien', role: 'gardien' }, schema: 1 } });
    await putRecord('reclamation', { ...(await getRecord('reclamation', R1)), statut: 'affectee', entreprise: 'Plomberie Martin' });
    mount(<ReclamationScreen id={R1} now={AT} />);
    // his steps are known (he may start the work himself)…
    await vi.waitFor(() => expect([...root.querySelectorAll('form[aria-label="Nouvelle étape"] .tile')].map((b) => b.textContent)).toEqual(['En cours']));
    // …but neither qualifies nor assigns
    expect([form('Qualifier'), form('Affecter'), $('#q-urgence'), $('#a-entreprise')]).toEqual([undefined, undefined, null, null]);
  });
});
