// @vitest-environment happy-dom
// Issue 10, the addenda of a signed EDL d'entrée on the tablet: offered under the signed EDL (a
// complement within 10 days of the entry, the heating's state always), written as a record of its
// own (never an edit of the EDL), its text saved, then signed by the locataire and the bailleur
// over its canonical hash; a refusal by the server shown in its words.
//
// The real screens, SignaturePad and signature_pad run (a stand-in 2D context, as in
// edl-sign-flow.test.jsx); Node's Blob replaces happy-dom's so that fake-indexeddb keeps bytes.
import { Blob as NodeBlob } from 'node:buffer';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { getRecord, putRecord, recordsOfParent } from '../src/db/records.js';
import { asPulled } from '../src/edl/document.js';
import { canonicalAddendumText, contentHash } from '../src/lib/canonical.js';
import { EdlScreen } from '../src/ui/edl/EdlScreen.jsx';
import { dropRoot, freshDb, LOG, newRoot, RES } from './helpers.js';

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAACgAAAAQCAYAAABk1z2tAAAAh0lEQVR4nGNgGAWjAAG45X3/I9P0AEzEKkR3HK0ciW4uUQ5E1vT14WZGXIZR6jBs5jFiU0yq45DFyXUcLnPwGkzIEZQ6Ep/D8DoQPajxGUCKWmx6CKmnWqgQo48cs1EUUSvKsOknJjrxOpBaiR7dHHIdhuJAauZIdPOoZSbVC1561jajAB8AALMDZB4oC4YvAAAAAElFTkSuQmCC';
const context2d = new Proxy({}, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => { t[k] = v; return true; } });
beforeAll(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context2d);
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => `data:image/png;base64,${PNG_B64}`);
});
afterAll(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 60000 });

const ENTREE = '0190f3a2-0000-7000-8000-0000000000e1';
const DAY = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

let root;
beforeEach(async () => {
  vi.stubGlobal('Blob', NodeBlob);
  await freshDb();
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.unstubAllGlobals();
});

const until = (check, timeout = 15000) => vi.waitFor(check, { timeout, interval: 20 });
const button = (name, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const click = (el) => act(() => el.click());
const heading = () => root.querySelector('h2')?.textContent;
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();
const pad = (legend) => [...root.querySelectorAll('fieldset.signature-pad')].find((f) => f.querySelector('legend').textContent === legend);
const mount = () => act(() => render(<EdlScreen id={ENTREE} logementId={LOG} />, root));

/** An EDL d'entrée the server says is signed, dated `daysAgo` days before now. */
async function signedEntree(daysAgo) {
  const d = new Date(Date.now() - daysAgo * DAY);
  const pad2 = (n) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T10:00:00+01:00`;
  await putRecord('etat_des_lieux', {
    id: ENTREE, logement_id: LOG, residence_id: RES, bail_id: null, sens: 'entree', date_edl: date, entree_id: null,
    parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: null }], bailleur_representant: 'Jean Dupont', bailleur_adresse: '',
    mandataire: null, compteurs: [], cles: [], observations: '', statut: 'signe', content_hash: 'f'.repeat(64), _v: 2,
  });
}

/** Draw on a signer's pad and validate it; wait for the signed line. */
async function sign(legend) {
  const before = root.querySelectorAll('.signed-line').length;
  const canvas = () => pad(legend).querySelector('canvas');
  await until(() => expect(canvas().style.userSelect).toBe('none'));
  const at = { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true, clientX: 30, clientY: 40 };
  await act(() => {
    canvas().dispatchEvent(new PointerEvent('pointerdown', { ...at, buttons: 1 }));
    window.dispatchEvent(new PointerEvent('pointerup', { ...at, buttons: 0, clientX: 60 }));
  });
  await click(button('Valider la signature', pad(legend)));
  await until(() => expect(root.querySelectorAll('.signed-line').length).toBe(before + 1));
}

describe('the addenda of a signed EDL d\'entrée', () => {
  it('a complement within 10 days: written apart, its text saved, signed over its hash by both parties', async () => {
    await signedEntree(2);
    await mount();
    await until(() => expect(button("Compléter l'état des lieux (10 jours)")).toBeTruthy());
    expect(button("Ajouter l'état du chauffage")).toBeTruthy();
    await until(() => expect(text(root.querySelector('.edl-addenda'))).toContain('Aucun addendum.'));
    const edlBefore = await getRecord('etat_des_lieux', ENTREE);

    await click(button("Compléter l'état des lieux (10 jours)"));
    await until(() => expect(heading()).toBe("Complément à l'état des lieux d'entrée"));
    const [addendum] = await recordsOfParent('edl_addendum', ENTREE);
    const [created] = await db.outbox.where('record').equals(addendum.id).toArray();
    expect(created).toMatchObject({ entity: 'edl_addendum', op: 'upsert', fields: { edl_id: ENTREE, type: 'complement', texte: '' } });
    expect(created.fields.redige_le).toMatch(DATE);
    expect(button('Figer et faire signer').disabled).toBe(true); // nothing written yet

    const area = root.querySelector('textarea');
    expect(root.querySelector(`label[for="${area.id}"]`).textContent).toBe('Ce que le locataire complète');
    await act(() => {
      area.value = 'Tache au plafond de la chambre, vue après la remise des clés.';
      area.dispatchEvent(new Event('input', { bubbles: true }));
      area.dispatchEvent(new Event('blur'));
    });
    await until(async () => expect((await getRecord('edl_addendum', addendum.id)).texte).toBe('Tache au plafond de la chambre, vue après la remise des clés.'));
    await until(() => expect(button('Figer et faire signer').disabled).toBe(false));
    await click(button('Figer et faire signer'));

    // The hash shown is the canonical addendum's (docs/canonical.md § addendum).
    const stored = await getRecord('edl_addendum', addendum.id);
    const hash = await contentHash(canonicalAddendumText(asPulled(stored), []));
    await until(() => expect(root.querySelector('.edl-hash .hash')?.textContent.replace(/ /g, '')).toBe(hash));
    await sign('Signature du locataire — Léa Müller');
    await sign('Signature du représentant du bailleur');
    await until(() => expect(text(root.querySelector('.edl-status'))).toBe("Signé sur cet appareil — en attente d'envoi"));
    expect(root.querySelector('textarea')).toBeNull(); // frozen

    const signatures = await recordsOfParent('signature', addendum.id);
    expect(signatures.map((s) => [s.owner_entity, s.owner_record, s.role, s.nom, s.content_hash]).sort()).toEqual([
      ['edl_addendum', addendum.id, 'bailleur', 'Jean Dupont', hash], ['edl_addendum', addendum.id, 'locataire', 'Léa Müller', hash],
    ]);
    // Never an edit of the signed EDL.
    expect(await getRecord('etat_des_lieux', ENTREE)).toEqual(edlBefore);
    expect(await db.outbox.where('record').equals(ENTREE).count()).toBe(0);

    await click(button("Retour à l'état des lieux"));
    await until(() => expect(text(root.querySelector('.edl-addenda .card .state'))).toBe("Signé sur cet appareil — en attente d'envoi"));
    expect(text(root.querySelector('.edl-addenda .card strong'))).toBe("Complément à l'état des lieux d'entrée");
  });

  it('after 10 days only the heating is offered; a refusal by the server shows its message', async () => {
    await signedEntree(12);
    const id = '0190f3a2-0000-7000-8000-0000000000a1';
    await putRecord('edl_addendum', { id, edl_id: ENTREE, residence_id: RES, type: 'complement', redige_le: '2026-03-20T09:00:00+01:00', texte: 'Oubli', _v: null });
    const message = "Le délai pour compléter l'état des lieux d'entrée est dépassé : il courait jusqu'au 12/03/2026 inclus (10 jours après l'état des lieux d'entrée).";
    await db.issues.add({ record: id, entity: 'edl_addendum', kind: 'rejected', code: 'hors_delai', message, open: 1 });
    await mount();
    await until(() => expect(button("Ajouter l'état du chauffage")).toBeTruthy());
    expect(button("Compléter l'état des lieux (10 jours)")).toBeUndefined();
    await until(() => expect(text(root.querySelector('.edl-addenda .card .state'))).toBe(`Refusé par le serveur : ${message}`));

    await click(button("Ajouter l'état du chauffage"));
    await until(() => expect(heading()).toBe('État du chauffage'));
    const rows = await recordsOfParent('edl_addendum', ENTREE);
    expect(rows.map((r) => r.type).sort()).toEqual(['chauffage', 'complement']);
  });
});
