// @vitest-environment happy-dom
// Issue 11: the troubles screens on real storage — a dossier opened from the mis en cause's
// logement (police callout), a fait in a few taps then attached, the entretien's required notice
// and autosaved draft, a démarche frozen once validated, the logement's buttons by role.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { getRecord } from '../src/db/records.js';
import { saveRules } from '../src/db/rules.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { formatDateTime } from '../src/lib/format.js';
import { DemarcheScreen } from '../src/ui/troubles/DemarcheScreen.jsx';
import { DossierScreen } from '../src/ui/troubles/DossierScreen.jsx';
import { EntretienScreen } from '../src/ui/troubles/EntretienScreen.jsx';
import { FaitScreen } from '../src/ui/troubles/FaitScreen.jsx';
import { Logement } from '../src/ui/Logement.jsx';
import { dropRoot, freshDb, LOG, newRoot } from './helpers.js';
import { GARDIEN_RULES } from './rules-fixture.js';

const D1 = '0190f3a2-0000-7000-8000-0000000000d1';
const F1 = '0190f3a2-0000-7000-8000-0000000000f1';
const F2 = '0190f3a2-0000-7000-8000-0000000000f2';
const E1 = '0190f3a2-0000-7000-8000-0000000000e1';
const M1 = '0190f3a2-0000-7000-8000-0000000000a1';
const NIGHT = () => new Date(2026, 10, 12, 23, 15);

let root;
beforeEach(async () => {
  await freshDb();
  root = newRoot();
});
afterEach(() => dropRoot(root));

const mount = (el) => act(() => render(el, root));
const $ = (sel) => root.querySelector(sel);
const button = (text) => [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
const click = (el) => act(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })));
const type = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
});
const submit = (label) => act(() => $(`form[aria-label="${label}"]`).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent);
const outbox = async () => (await db.outbox.toArray()).filter((m) => !m.dropped).map((m) => [m.entity, m.record, m.op]);

async function openDossier(qualification = 'trouble_voisinage') {
  await writeFieldRecords([{ entity: 'dossier_trouble', id: D1, values: {
    logement_id: LOG, nature: ['bruit'], depuis: null, frequence: 'quotidien', menages_concernes: 3, qualification, description: '', ouvert_le: '2026-11-01T09:00:00+01:00',
  } }]);
}

describe('opening a dossier', () => {
  it('refuses without a nature, calls the police for a danger, then saves on the logement', async () => {
    mount(<DossierScreen id={D1} parentId={LOG} now={NIGHT} />);
    await vi.waitFor(() => expect(button('Ouvrir le dossier')).toBeTruthy());
    await submit('Dossier de troubles');
    await vi.waitFor(() => expect(alerts()).toEqual(['Choisissez au moins une nature de trouble.']));
    click(button('Danger immédiat'));
    expect(alerts()).toContain('Appelez la police (17) maintenant.');
    click(button('Bruit'));
    click(button('Menaces'));
    type($('#d-description'), 'Il est ivre chaque soir');
    expect($('#d-description-cnil').textContent).toContain('« ivre »');
    await submit('Dossier de troubles');
    await vi.waitFor(async () => expect(await getRecord('dossier_trouble', D1)).toBeTruthy());
    const d = await getRecord('dossier_trouble', D1);
    expect([d.logement_id, d.nature, d.qualification, d.menages_concernes, d.residence_id]).toEqual([LOG, ['bruit', 'menaces'], 'danger_immediat', 1, '0190f3a2-0000-7000-8000-0000000000r1']);
    expect(await outbox()).toEqual([['dossier_trouble', D1, 'upsert']]);
    // the page follows: step and next one, the police callout stays while open
    await vi.waitFor(() => expect(root.textContent).toContain('Prochaine étape : entretien avec le plaignant.'));
    expect(alerts()).toContain('Appelez la police (17) maintenant.');
  });
});

describe('a fait', () => {
  it('is reported from the logement in a few taps, now by default, at night', async () => {
    const done = vi.fn();
    mount(<FaitScreen id={F1} parentId={LOG} onDone={done} now={NIGHT} />);
    await vi.waitFor(() => expect(button('Enregistrer le fait')).toBeTruthy());
    click(button('Bruit'));
    click(button('Forte'));
    type($('#f-signale'), 'Gardien');
    await submit('Fait');
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(LOG, 'Fait enregistré.'));
    const f = await getRecord('fait', F1);
    expect([f.nature, f.intensite, f.signale_par, f.nuit, f.dossier_id, f.logement_id, new Date(f.survenu_le).getHours()])
      .toEqual(['bruit', 'forte', 'Gardien', true, null, LOG, 23]);
  });

  it('refuses an end before its start', async () => {
    mount(<FaitScreen id={F1} parentId={LOG} now={NIGHT} />);
    await vi.waitFor(() => expect(button('Enregistrer le fait')).toBeTruthy());
    click(button('Odeurs'));
    type($('#f-fin'), '2026-11-12T20:00');
    await submit('Fait');
    await vi.waitFor(() => expect(alerts()).toEqual(['La fin ne peut pas précéder le début.']));
    expect(await getRecord('fait', F1)).toBeUndefined();
  });

  it('left loose is attached to a dossier by the gestionnaire and enters its chronology', async () => {
    await openDossier();
    await writeFieldRecords([
      { entity: 'fait', id: F1, values: { logement_id: LOG, dossier_id: null, nature: 'odeurs', survenu_le: '2026-11-05T23:30:00+01:00', intensite: 'faible', nuit: true, signale_par: '', temoins: '', description: '', fin_le: null } },
      { entity: 'fait', id: F2, values: { logement_id: LOG, dossier_id: D1, nature: 'bruit', survenu_le: '2026-11-03T12:00:00+01:00', intensite: 'forte', nuit: false, signale_par: '', temoins: '', description: '', fin_le: null } },
    ]);
    mount(<DossierScreen id={D1} />);
    await vi.waitFor(() => expect(button('Rattacher à ce dossier')).toBeTruthy());
    expect([...root.querySelectorAll('.chrono li')].map((li) => li.textContent)).toEqual([`${formatDateTime('2026-11-03T12:00:00+01:00')} — Fait : Bruit`]);
    click(button('Rattacher à ce dossier'));
    await vi.waitFor(() => expect(root.querySelectorAll('.chrono li')).toHaveLength(2));
    expect((await getRecord('fait', F1)).dossier_id).toBe(D1);
    expect(button('Rattacher à ce dossier')).toBeUndefined();
  });
});

describe('the entretien', () => {
  it('keeps a draft as the user types and needs the notice ticked to be validated', async () => {
    await openDossier();
    mount(<EntretienScreen id={E1} parentId={D1} />);
    await vi.waitFor(() => expect($('#e-faits_declares')).toBeTruthy());
    expect(root.textContent).toContain("Écrivez les faits tels qu'ils sont déclarés : « Mme X déclare… »");
    click(button('Plaignant'));
    type($('#e-date'), '2026-11-12T10:00');
    type($('#e-faits_declares'), 'Mme X déclare entendre de la musique forte chaque nuit.');
    act(() => $('#e-faits_declares').dispatchEvent(new Event('blur')));
    await vi.waitFor(async () => expect((await db.drafts.get(E1))?.values.faits_declares).toBe('Mme X déclare entendre de la musique forte chaque nuit.'));
    click(button('Ajouter un engagement'));
    type($('#e-eng-0'), 'Baisser la musique après 22 h');
    type($('#e-eng-0-echeance'), '2026-11-30');
    await submit('Entretien');
    await vi.waitFor(() => expect(alerts()[0]).toContain("Cochez « Notice d'information sur les données personnelles remise »"));
    expect(await getRecord('entretien', E1)).toBeUndefined();
    act(() => {
      $('#e-information').checked = true;
      $('#e-information').dispatchEvent(new Event('change', { bubbles: true }));
    });
    await submit('Entretien');
    await vi.waitFor(async () => expect(await getRecord('entretien', E1)).toBeTruthy());
    const e = await getRecord('entretien', E1);
    expect([e.role, e.information_donnee, e.engagements, e.dossier_id]).toEqual(['plaignant', true, [{ texte: 'Baisser la musique après 22 h', echeance: '2026-11-30' }], D1]);
    expect(await db.drafts.get(E1)).toBeUndefined();
  });
});

describe('a démarche', () => {
  it('asks a deadline of a mise en demeure, then is frozen; a correction is a new démarche', async () => {
    await openDossier();
    mount(<DemarcheScreen id={M1} parentId={D1} now={NIGHT} />);
    await vi.waitFor(() => expect(button('Valider la démarche')).toBeTruthy());
    click(button('Mise en demeure'));
    await submit('Démarche');
    await vi.waitFor(() => expect(alerts()).toEqual(['Une mise en demeure fixe un délai.']));
    type($('#m-delai'), '2026-12-01');
    type($('#m-consequences'), 'Saisine du tribunal');
    await submit('Démarche');
    await vi.waitFor(() => expect(root.textContent).toContain('Démarche validée : elle ne se modifie plus.'));
    expect($('form')).toBeNull();
    expect(button('Corriger par une nouvelle démarche')).toBeTruthy();
    // append-only: a second write of the same démarche changes nothing
    await writeFieldRecords([{ entity: 'demarche', id: M1, values: { delai: '2027-01-01' } }]);
    expect((await getRecord('demarche', M1)).delai).toBe('2026-12-01');
    expect(await outbox()).toEqual([['dossier_trouble', D1, 'upsert'], ['demarche', M1, 'upsert']]);
  });
});

describe('the logement page', () => {
  const buttons = () => [...root.querySelectorAll('.title-row button')].map((b) => b.textContent);

  it('lets a gestionnaire open a dossier and anyone report a fait', async () => {
    mount(<Logement id={LOG} />);
    await vi.waitFor(() => expect(buttons()).toEqual(['Nouvelle visite', "Nouvel état des lieux d'entrée", 'Ouvrir un dossier de troubles', 'Signaler un fait']));
  });

  it('gives a gardien (no dossier in its rules) only "Signaler un fait"', async () => {
    await saveRules(GARDIEN_RULES, '"r1"');
    mount(<Logement id={LOG} />);
    await vi.waitFor(() => expect(buttons()).toContain('Signaler un fait'));
    expect(buttons()).not.toContain('Ouvrir un dossier de troubles');
  });
});
