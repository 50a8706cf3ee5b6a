// @vitest-environment happy-dom
// Issue 12: the réclamation and permanence screens on real storage — a réclamation reported
// offline in a partie commune with a photo (records and mutations written, the place remembered
// first next time, the deadline computed on the device), its history with the current statut and
// the gardien's own step, a permanence contact turned into a réclamation in one write, the list.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { getRecord, putRecord } from '../src/db/records.js';
import { invalidateSearch } from '../src/db/search.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { recentLieux } from '../src/reclamations/lieux.js';
import { ContactScreen } from '../src/ui/reclamations/ContactScreen.jsx';
import { ReclamationScreen } from '../src/ui/reclamations/ReclamationScreen.jsx';
import { ReclamationsList } from '../src/ui/reclamations/ReclamationsList.jsx';
import { dropRoot, freshDb, LOG, newRoot, putBail, RES } from './helpers.js';

const R1 = '0190f3a2-0000-7000-8000-0000000000c1';
const R2 = '0190f3a2-0000-7000-8000-0000000000c2';
const R3 = '0190f3a2-0000-7000-8000-0000000000c3';
const P1 = '0190f3a2-0000-7000-8000-0000000000p1';
const K1 = '0190f3a2-0000-7000-8000-0000000000k1';
const NOEL_EVE = () => new Date('2026-12-24T10:00:00+01:00');
const SHA = '8f8dc3f2e7fd22b8a6b8cb26cd9c7cc7c1f5e0a1a0ed5da37e1b6b0a1c0d6b2e';

let root;
beforeEach(async () => {
  await freshDb();
  await db.batiment.put({ id: 'b1', residence_id: RES, code: 'A', nom: 'Bâtiment A', _v: 1 });
  invalidateSearch();
  location.hash = '';
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const mount = (el) => act(() => render(el, root));
const $ = (sel) => root.querySelector(sel);
const button = (text) => [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
/** The urgence buttons: [code and "suggérée", aria-pressed]. */
const urgences = () => [...root.querySelectorAll('button.urgence')].map((b) => [b.querySelector('.code').textContent + (b.querySelector('.suggested')?.textContent || ''), b.getAttribute('aria-pressed')]);
const click = (el) => act(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })));
const type = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
});
const choose = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
});
const submit = (label) => act(() => $(`form[aria-label="${label}"]`).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent);
const outbox = async () => (await db.outbox.orderBy('seq').toArray()).filter((m) => !m.dropped).map((m) => [m.entity, m.record]);

/** The browser's image decoding (missing in happy-dom): the photo's bytes are "fuite". */
function camera() {
  vi.stubGlobal('createImageBitmap', async () => ({ width: 4000, height: 3000, close() {} }));
  vi.stubGlobal('OffscreenCanvas', class {
    getContext() {
      return { drawImage() {} };
    }

    async convertToBlob() {
      return new Blob(['fuite'], { type: 'image/jpeg' });
    }
  });
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:photo');
}
const takePhoto = () => act(() => {
  const input = $('#photo-input');
  Object.defineProperty(input, 'files', { configurable: true, value: [new File(['raw'], 'fuite.jpg', { type: 'image/jpeg', lastModified: NOEL_EVE().getTime() })] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
});

describe('reporting a réclamation', () => {
  it('in a partie commune with a photo: one write, deadline on the device, the place first next time', async () => {
    camera();
    mount(<ReclamationScreen id={R1} now={NOEL_EVE} />);
    await vi.waitFor(() => expect(button('Envoyer la réclamation')).toBeTruthy());
    await submit('Réclamation');
    await vi.waitFor(() => expect(alerts()).toEqual([
      'Indiquez le lieu : un logement ou un bâtiment.Choisissez la catégorie.Choisissez l\'urgence.Décrivez le problème en quelques mots.',
    ]));
    click(button('Parties communes'));
    await vi.waitFor(() => expect($('#r-batiment option[value="b1"]')).not.toBeNull());
    choose($('#r-batiment'), 'b1');
    type($('#r-cage'), '2');
    type($('#r-etage'), '3');
    click(button('Hall'));
    click(button('Plomberie'));
    expect(urgences()).toEqual([['U1', 'false'], ['U2suggérée', 'true'], ['U3', 'false']]); // the suggestion is chosen…
    click(root.querySelector('button.urgence'));
    click(button('Éclairage')); // …until the user picks an urgence himself
    expect(urgences()).toEqual([['U1', 'true'], ['U2', 'false'], ['U3suggérée', 'false']]);
    expect($('button.urgence').textContent).toContain("Sous 4 h : fuite de gaz, fuite d'eau importante, plus d'électricité, porte qui ne ferme plus");
    await vi.waitFor(() => expect($('.echeance').textContent).toBe('Échéance prévue : jeu. 24/12 à 14 h 00'));
    type($('#r-description'), '  Plus de lumière au rez-de-chaussée  ');
    await takePhoto();
    await vi.waitFor(() => expect(root.querySelectorAll('.thumbs li')).toHaveLength(1));
    await submit('Réclamation');

    await vi.waitFor(async () => expect(await getRecord('reclamation', R1)).toBeTruthy());
    const r = await getRecord('reclamation', R1);
    expect(r).toMatchObject({
      batiment_id: 'b1', logement_id: null, cage: '2', etage: 3, partie_commune: 'hall', categorie: 'eclairage', urgence: 'U1',
      description: 'Plus de lumière au rez-de-chaussée', origine: 'ronde', contact_id: null, residence_id: RES, _v: null,
    });
    expect(Date.parse(r.signalee_le)).toBe(NOEL_EVE().getTime());
    const photos = (await db.outbox.orderBy('seq').toArray()).filter((m) => m.entity === 'photo');
    expect(await outbox()).toEqual([['reclamation', R1], ['photo', photos[0].record]]);
    const photo = await getRecord('photo', photos[0].record);
    expect([photo.owner_entity, photo.owner_record, photo.residence_id, (await db.blobs.get(photo.sha256)).state]).toEqual(['reclamation', R1, RES, 'queued']);
    expect((await recentLieux()).map((l) => l.label)).toEqual(['Bâtiment A, cage 2, 3e étage — Hall — Les Tilleuls']);

    // the screen now shows the réclamation, not sent yet, with the deadline computed here
    await vi.waitFor(() => expect(root.textContent).toContain("Statut : Saisie · en attente d'envoi"));
    expect($('.echeance').textContent).toBe('Échéance prévue : jeu. 24/12 à 14 h 00');

    // the next report offers the last place in one tap
    await mount(null);
    mount(<ReclamationScreen id={R2} now={NOEL_EVE} />);
    await vi.waitFor(() => expect(button('Bâtiment A, cage 2, 3e étage — Hall — Les Tilleuls')).toBeTruthy());
    click(button('Bâtiment A, cage 2, 3e étage — Hall — Les Tilleuls'));
    expect([$('#r-batiment').value, $('#r-cage').value, $('#r-etage').value, button('Hall').getAttribute('aria-pressed')]).toEqual(['b1', '2', '3', 'true']);
  });
});

/** A réclamation the server accepted (statut and echeance set by it). */
const putSynced = (id, fields) => putRecord('reclamation', {
  id, residence_id: RES, logement_id: LOG, batiment_id: null, cage: null, etage: null, partie_commune: null, categorie: 'plomberie', urgence: 'U1',
  signalee_le: '2026-12-24T10:00:00+01:00', description: 'Fuite sous évier', origine: 'ronde', contact_id: null, responsabilite: null,
  entreprise: null, entreprise_reference: null, statut: 'saisie', echeance: '2026-12-24T14:00:00+01:00', ...fields, _v: 2,
});
const putStep = (id, reclamationId, statut, le, commentaire = '') => putRecord('reclamation_evenement', { id, reclamation_id: reclamationId, residence_id: RES, statut, le, commentaire, _v: 1 });

describe('a réclamation followed on the phone', () => {
  it('shows its history with the current statut, and the gardien records the step he may do', async () => {
    await db.meta.put({ key: 'session', value: { token: 't', device_id: 'd', user: { id: 'u2', login: 'gardien', name: 'G. Ardien', role: 'gardien' }, schema: 1 } });
    await putSynced(R1, { statut: 'affectee', entreprise: 'Plomberie Martin', entreprise_reference: 'BT-42' });
    await putStep('0190f3a2-0000-7000-8000-0000000000e1', R1, 'qualifiee', '2026-12-24T11:00:00+01:00');
    await putStep('0190f3a2-0000-7000-8000-0000000000e2', R1, 'affectee', '2026-12-24T11:30:00+01:00', 'Entreprise prévenue');
    mount(<ReclamationScreen id={R1} now={() => new Date('2026-12-24T17:00:00+01:00')} />);
    await vi.waitFor(() => expect(root.querySelectorAll('.history li')).toHaveLength(3));
    const history = () => [...root.querySelectorAll('.history li')].map((li) => [li.querySelector('strong').textContent, li.className]);
    expect(history()).toEqual([['Saisie', ''], ['Qualifiée', ''], ['Affectée', 'current']]);
    expect(root.textContent).toContain('Statut : Affectée');
    expect(root.textContent).toContain('Plomberie Martin (réf. BT-42)');
    expect($('.echeance').textContent).toBe('Échéance : jeu. 24/12 à 14 h 00 — En retard de 3 h');
    // a gardien may only start the work himself among the next steps (planifiée, en cours, en attente, transférée)
    expect([...root.querySelectorAll('form[aria-label="Nouvelle étape"] .tile')].map((b) => b.textContent)).toEqual(['En cours']);
    click(button('En cours'));
    type($('#r-commentaire'), 'Je coupe l\'eau');
    await submit('Nouvelle étape');
    await vi.waitFor(() => expect(history()).toEqual([['Saisie', ''], ['Qualifiée', ''], ['Affectée', ''], ['En cours', 'current']]));
    expect(root.textContent).toContain('Statut : En cours');
    const [m] = (await db.outbox.toArray()).filter((x) => x.entity === 'reclamation_evenement');
    expect(m.fields).toEqual({ reclamation_id: R1, statut: 'en_cours', commentaire: "Je coupe l'eau", le: m.fields.le });
    expect(Date.parse(m.fields.le)).toBe(Date.parse('2026-12-24T17:00:00+01:00'));
    // then the server accepts the step and the entreprise's: réalisée arrives with the next pull
    await putRecord('reclamation_evenement', { ...(await getRecord('reclamation_evenement', m.record)), _v: 1 });
    await putSynced(R1, { statut: 'realisee' });
    await putStep('0190f3a2-0000-7000-8000-0000000000e3', R1, 'realisee', '2026-12-24T18:00:00+01:00');
    await vi.waitFor(() => expect(root.textContent).toContain('Statut : Réalisée'));
  });

  it('lists the open ones, those reported here first, without the closed ones', async () => {
    await putSynced(R1, { categorie: 'ascenseur', urgence: 'U2', statut: 'qualifiee', echeance: '2026-12-25T10:00:00+01:00' });
    await putSynced(R2, { categorie: 'nuisibles', urgence: 'U3', statut: 'cloturee' });
    await writeFieldRecords([{ entity: 'reclamation', id: R3, values: {
      residence_id: RES, logement_id: LOG, categorie: 'eclairage', urgence: 'U3', signalee_le: '2026-12-24T10:00:00+01:00', description: 'Ampoule', origine: 'ronde',
    } }]);
    await db.meta.put({ key: 'reclamations_signalees', value: [R3] });
    mount(<ReclamationsList now={NOEL_EVE} />);
    await vi.waitFor(() => expect(root.querySelectorAll('.cards li')).toHaveLength(2));
    await vi.waitFor(() => expect(root.textContent).not.toContain('calcul…'));
    expect([...root.querySelectorAll('.cards li')].map((li) => [...li.querySelectorAll('span')].map((s) => s.textContent))).toEqual([
      ['U3', 'Logement 12 — Les Tilleuls', 'Saisie · Échéance prévue : lun. 04/01 à 10 h 00', "Signalée par vous · en attente d'envoi"],
      ['U2', 'Logement 12 — Les Tilleuls', 'Qualifiée · Échéance : ven. 25/12 à 10 h 00'],
    ]);
  });
});

describe('a permanence contact', () => {
  it('becomes a réclamation prefilled from it, both written at once with the suite set', async () => {
    await putBail();
    await writeFieldRecords([{ entity: 'permanence', id: P1, values: { residence_id: RES, site: 'Loge du gardien', debut: '2026-12-24T09:00:00+01:00', fin: null, agents: 'G. Ardien', chantier: false } }]);
    expect((await db.outbox.toArray())[0].fields.residence_id).toBe(RES); // the permanence's parent is sent
    const done = vi.fn();
    mount(<ContactScreen id={K1} parentId={P1} onDone={done} now={NOEL_EVE} />);
    await vi.waitFor(() => expect(button('Enregistrer le contact')).toBeTruthy());
    expect($('#c-nuisances')).toBeNull(); // not a chantier
    type($('#c-logement'), 'Müller');
    await vi.waitFor(() => expect(button('Logement 12 — Les Tilleuls, Bâtiment A · Léa Müller, Noé Faure')).toBeTruthy());
    click(button('Logement 12 — Les Tilleuls, Bâtiment A · Léa Müller, Noé Faure'));
    await vi.waitFor(() => expect(button('Léa Müller')).toBeTruthy());
    click(button('Léa Müller'));
    click(button('Technique'));
    type($('#c-demande'), "Fuite sous l'évier depuis hier");
    click(button('Créer une réclamation'));
    await vi.waitFor(() => expect(button('Enregistrer la réclamation et le contact')).toBeTruthy());
    await vi.waitFor(() => expect($('.picked span').textContent).toBe('Logement 12 — Les Tilleuls'));
    expect($('#r-description').value).toBe("Fuite sous l'évier depuis hier");
    click(button('Plomberie'));
    await submit('Réclamation');
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(P1, 'Contact et réclamation enregistrés.'));

    const contact = await getRecord('contact_permanence', K1);
    const [, rid] = (await outbox())[1];
    expect(await outbox()).toEqual([['permanence', P1], ['reclamation', rid], ['contact_permanence', K1]]);
    expect(contact).toMatchObject({ permanence_id: P1, logement_id: LOG, locataire_id: 't1', anonyme: false, categorie: 'technique', suite: 'reclamation', suite_id: rid, residence_id: RES });
    expect(await getRecord('reclamation', rid)).toMatchObject({ logement_id: LOG, origine: 'permanence', contact_id: K1, categorie: 'plomberie', urgence: 'U2', description: "Fuite sous l'évier depuis hier" });
  });
});
