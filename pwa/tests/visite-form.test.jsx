// @vitest-environment happy-dom
// Issue 8: the visite form applies the server's rules (item 3), keeps the photos of a refused
// visite (item 1), offers one photo control (item 8) and deletes a visite after a confirmation (item 6).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { recordsUnder } from '../src/db/queries.js';
import { getRecord } from '../src/db/records.js';
import { saveRules } from '../src/db/rules.js';
import { validateDraft } from '../src/db/writes.js';
import { applyPushResults } from '../src/sync/push.js';
import { VisiteForm } from '../src/ui/visite/VisiteForm.jsx';
import { freshDb, LOG, putSyncedVisite, T0 } from './helpers.js';
import { GARDIEN_RULES } from './rules-fixture.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const P1 = '0190f3a2-0000-7000-8000-0000000000f1';
const SHA = 'ab'.repeat(32);

let root;
let done;
beforeEach(async () => {
  await freshDb();
  done = vi.fn();
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  act(() => render(null, root));
  document.body.innerHTML = '';
});

const mount = (props) => act(() => render(<VisiteForm id={V1} onDone={done} {...props} />, root));
const $ = (sel) => root.querySelector(sel);
const byText = (sel, text) => [...root.querySelectorAll(sel)].find((e) => e.textContent.trim() === text);
const fire = (el, type, value) => act(() => {
  if (value !== undefined) el.value = value;
  el.dispatchEvent(new Event(type, { bubbles: true }));
});
const pad = (n) => String(n).padStart(2, '0');
/** Yesterday at 10:00 as a datetime-local value (inside the rules' bounds whatever today is). */
const yesterday = () => {
  const d = new Date(Date.now() - 24 * 3600 * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
};
const submit = () => act(() => {
  $('form[aria-label="Visite"]').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
});

describe('the form applies the server rules', () => {
  it('offers only the allowed types, limits texts and dates, and refuses before "Valider"', async () => {
    await saveRules(GARDIEN_RULES, '"r1"');
    const L2 = '0190f3a2-0000-7000-8000-0000000000b1'; // a real UUID: the rules check its pattern
    await db.logement.put({ id: L2, residence_id: 'r1', batiment_id: 'b1', numero: '14', _v: 1 });
    mount({ logementId: L2 });
    await vi.waitFor(() => expect($('#f-type option[value="courtoisie"]')).not.toBeNull());
    await vi.waitFor(() => expect([...$('#f-type').options].map((o) => o.value)).toEqual(['', 'courtoisie']));
    // the only type the gardien may record is chosen for them
    await vi.waitFor(() => expect($('#f-type').value).toBe('courtoisie'));
    expect($('#f-observations').getAttribute('maxlength')).toBe('20000');
    expect($('#f-realisee_le').getAttribute('min')).toBe('2000-01-01T00:00');

    fire($('#f-type'), 'change', 'courtoisie');
    fire($('#f-realisee_le'), 'input', '1999-12-31T10:00');
    await submit();
    await vi.waitFor(() => expect($('#f-realisee_le-err')?.textContent).toBe('Date hors des limites (le 01/01/2000 au plus tôt).'));
    expect($('#f-realisee_le').getAttribute('aria-invalid')).toBe('true');
    expect(done).not.toHaveBeenCalled();
    expect(await db.outbox.count()).toBe(0);

    fire($('#f-realisee_le'), 'input', yesterday());
    await submit();
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(L2, 'Visite validée : elle sera envoyée à la prochaine synchronisation.'));
    expect((await getRecord('visite', V1)).type).toBe('courtoisie');
  });

  it('without rules (never fetched) the six types are offered', async () => {
    mount({ logementId: LOG });
    await vi.waitFor(() => expect($('#f-type').options.length).toBe(7));
  });
});

describe('a refused visite keeps its photos', () => {
  it('"Ouvrir et corriger" shows the photo waiting with it', async () => {
    // The bytes come back from (fake) IndexedDB as a plain clone; the browser API is what is faked.
    const objectUrl = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:photo-1');
    const d = await openDraft('visite', V1, LOG);
    d.values = { ...d.values, type: 'courtoisie', realisee_le: '1999-12-31T10:00:00+01:00', photo_ids: [P1] };
    d.photos = [{ id: P1, sha256: SHA, caption: 'Façade', taken_at: '2025-11-26T10:00:00+01:00', size: 3 }];
    await addDraftPhoto(d, d.photos[0], new Blob([new Uint8Array(3)], { type: 'image/jpeg' }));
    const batch = await validateDraft(d, T0);
    const problem = 'Visite inconnue : la photo doit accompagner une visite.';
    await applyPushResults(batch, {
      results: [
        { seq: 1, status: 'rejected', version: null, code: 'validation_error', message: 'Certains champs sont invalides.', errors: { realisee_le: ['Date hors des limites (2000 à 2100).'] } },
        { seq: 2, status: 'rejected', version: null, code: 'unknown_reference', message: problem, errors: { owner_record: [problem] } },
      ],
      last_seq: 2,
    });
    mount({});
    await vi.waitFor(() => expect($('img[alt="Photo 1 : Façade"]')?.getAttribute('src')).toBe('blob:photo-1'));
    expect(root.textContent).toContain("en attente d'envoi");
    expect(root.textContent).toContain('Date hors des limites (2000 à 2100).');
    objectUrl.mockRestore();
  });
});

describe('one photo control', () => {
  it('a visually hidden file input with its label as the button', async () => {
    mount({ logementId: LOG });
    await vi.waitFor(() => expect($('#photo-input')).not.toBeNull());
    const inputs = root.querySelectorAll('input[type="file"]');
    expect(inputs).toHaveLength(1);
    expect(inputs[0].classList.contains('visually-hidden')).toBe(true);
    expect($('label[for="photo-input"]').textContent).toBe('Ajouter une photo');
    expect($('label[for="photo-input"]').classList.contains('file-label')).toBe(true);
  });
});

describe('deleting a visite', () => {
  it('asks first, then queues the deletion and the visite leaves the lists', async () => {
    await putSyncedVisite(V1, { observations: 'RAS' }, 3);
    mount({});
    await vi.waitFor(() => expect(byText('button', 'Supprimer la visite')).toBeTruthy());
    await act(() => byText('button', 'Supprimer la visite').click());
    const dialog = $('[role="alertdialog"]');
    expect(dialog.querySelector(`#${dialog.getAttribute('aria-labelledby')}`).textContent).toBe('Supprimer cette visite ?');
    expect(document.activeElement.textContent).toBe('Annuler');
    await act(() => byText('button', 'Annuler').click());
    expect($('[role="alertdialog"]')).toBeNull();
    expect(await db.outbox.count()).toBe(0);

    await act(() => byText('button', 'Supprimer la visite').click());
    await act(() => byText('button', 'Supprimer définitivement').click());
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(LOG, 'Visite supprimée.'));
    const [m] = await db.outbox.toArray();
    expect(m).toMatchObject({ seq: 1, entity: 'visite', record: V1, op: 'delete', base: 3, fields: {} });
    expect(await getRecord('visite', V1)).toBeUndefined();
    expect(await recordsUnder('visite', LOG)).toEqual([]);
  });
});
