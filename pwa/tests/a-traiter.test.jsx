// @vitest-environment happy-dom
// Issue 8: "À traiter" names each card's record, shows conflicts with both values (item 4), lets
// the user hide a refused item (item 6); logging out says what is unsent and wipes (item 6).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { applyPushResults } from '../src/sync/push.js';
import { pullAll } from '../src/sync/pull.js';
import { LOGGED_OUT_NOTICE, session } from '../src/sync/session.js';
import { LogoutDialog, unsentText } from '../src/ui/App.jsx';
import { ATraiter } from '../src/ui/ATraiter.jsx';
import { createVisite, DEVICE, freshDb, LOG, RES } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
let root;
beforeEach(async () => {
  await freshDb();
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  act(() => render(null, root));
  document.body.innerHTML = '';
});
const mount = (vnode) => act(() => render(vnode, root));
const button = (text, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent === text);
const section = (heading) => [...root.querySelectorAll('section')].find((s) => s.querySelector('h3').textContent === heading);

describe('"À traiter"', () => {
  it('a refused visite names its record and can be hidden with "Masquer"', async () => {
    const [m] = await createVisite(V1, { type: 'technique', realisee_le: '1999-06-15T10:00:00+02:00' });
    await applyPushResults([m], { results: [{ seq: 1, status: 'rejected', version: null, code: 'validation_error', message: 'Certains champs sont invalides.', errors: { realisee_le: ['Date hors des limites (2000 à 2100).'] } }], last_seq: 1 });
    mount(<ATraiter />);
    await vi.waitFor(() => expect(section('Modifications refusées (1)')).toBeTruthy());
    const card = section('Modifications refusées (1)').querySelector('li.card');
    expect(card.querySelector('strong').textContent).toMatch(/^Visite refusée le /);
    expect(card.querySelector('.about').textContent).toBe('Visite technique — logement 12 — 15/06/1999');
    expect(card.textContent).toContain('Réalisée le : Date hors des limites (2000 à 2100).');
    expect(button('Ouvrir et corriger', card)).toBeTruthy();
    await act(() => button('Masquer', card).click());
    await vi.waitFor(() => expect(section('Modifications refusées (0)')).toBeTruthy());
    expect(root.textContent).toContain('Rien à traiter.');
  });

  it('a conflict this device lost: "Votre saisie n\'a pas été retenue", the record and both values', async () => {
    const fields = {
      residence_id: RES, logement_id: LOG, type: 'conseil', prevue_le: '2026-07-01T09:00:00+02:00', observations: 'Texte B',
      _conflicts: [{ id: 'c-1', field: 'observations', kept_value: 'Texte B', other_value: 'Texte A', kept_author: 'user:u1/device:autre', other_author: `user:u1/device:${DEVICE}`, kept_hlc: 'a', other_hlc: 'b' }],
    };
    await pullAll({ pull: async () => ({ changes: [{ entity: 'visite', record: V1, version: 4, deleted: false, hlc: '001764150000100-00000-srv', fields }], cursor: 'c', more: false, reset: false }) });
    mount(<ATraiter />);
    await vi.waitFor(() => expect(section('Conflits à examiner (1)')).toBeTruthy());
    const card = section('Conflits à examiner (1)').querySelector('li.card');
    expect(card.querySelector('strong').textContent).toBe("Votre saisie n'a pas été retenue");
    expect(card.querySelector('.about').textContent).toBe('Visite conseil (pré-état des lieux) — logement 12 — 01/07/2026');
    expect([...card.querySelectorAll('dt')].map((d) => `${d.textContent} : ${d.nextElementSibling.textContent}`)).toEqual([
      'Champ : Observations', 'Valeur retenue : Texte B', 'Votre saisie : Texte A',
    ]);
    expect(button('Voir la visite', card)).toBeTruthy();
    expect(button('Masquer', card)).toBeTruthy();
  });
});

describe('logging out', () => {
  it('says what is still unsent, and "Se déconnecter et effacer" wipes the device', async () => {
    await createVisite(V1, {});
    await db.outbox.add({ seq: 2, entity: 'photo', record: 'p1', op: 'upsert', fields: {}, size: 10 });
    session.set({ state: 'ready', user: { name: 'A. Gestion' }, deviceId: DEVICE });
    const cancel = vi.fn();
    mount(<LogoutDialog onCancel={cancel} />);
    await vi.waitFor(() => expect(root.querySelector('[role="alertdialog"]')).not.toBeNull());
    const dialog = root.querySelector('[role="alertdialog"]');
    expect(dialog.querySelector(`#${dialog.getAttribute('aria-labelledby')}`).textContent).toBe('Se déconnecter de cet appareil ?');
    expect(dialog.textContent).toContain('Pas encore envoyé : 1 modification et 1 photo.');
    await act(() => button('Annuler').click());
    expect(cancel).toHaveBeenCalled();
    await act(() => button('Se déconnecter et effacer').click());
    await vi.waitFor(() => expect(session.get()).toMatchObject({ state: 'anonymous', notice: LOGGED_OUT_NOTICE }));
    await vi.waitFor(async () => expect(db.isOpen() && (await db.outbox.count())).toBe(0)); // reopened empty
    expect(await db.meta.count()).toBe(0);
    expect(await db.logement.count()).toBe(0);
  });

  it('words the unsent items in French', () => {
    expect(unsentText({ modifications: 3, photos: 1, drafts: 2 })).toBe('3 modifications, 1 photo et 2 brouillons');
    expect(unsentText({ modifications: 0, photos: 2, drafts: 0 })).toBe('2 photos');
    expect(unsentText({ refused: 1 })).toBe('1 saisie refusée à corriger');
    expect(unsentText({})).toBe(null);
  });
});
