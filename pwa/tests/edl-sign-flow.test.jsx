// @vitest-environment happy-dom
// Issue 9, signing an EDL on the tablet: the review lists what blocks signing; freezing shows the
// content hash of the device's records; each signature is written at once with its PNG; one
// signature freezes the EDL; "Reprendre la saisie" cancels the signatures; a change pulled from
// another tablet asks for the signatures again; the tenant's PDF is kept until the EDL synced;
// an EDL the server says is signed opens read-only.
//
// The real screens, SignaturePad and signature_pad run (a stand-in 2D context below); Node's Blob
// replaces happy-dom's so that fake-indexeddb keeps the bytes as a browser does.
import { Blob as NodeBlob } from 'node:buffer';
import { createHash } from 'node:crypto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { documentKey } from '../src/db/documents.js';
import { getMeta, setMeta } from '../src/db/meta.js';
import { getRecord, recordsOfParent } from '../src/db/records.js';
import { cancelledKey } from '../src/db/signatures.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { canonicalText, contentHash } from '../src/lib/canonical.js';
import { applyChanges } from '../src/sync/pull.js';
import { pushOutbox } from '../src/sync/push.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { EdlScreen } from '../src/ui/edl/EdlScreen.jsx';
import { positionKey, startWrites } from '../src/ui/edl/model.js';
import { BAIL, dropRoot, freshDb, LOG, newRoot, putBail, T0 } from './helpers.js';

// A 40×16 PNG (made once with Pillow), as the pad would give it.
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAACgAAAAQCAYAAABk1z2tAAAAh0lEQVR4nGNgGAWjAAG45X3/I9P0AEzEKkR3HK0ciW4uUQ5E1vT14WZGXIZR6jBs5jFiU0yq45DFyXUcLnPwGkzIEZQ6Ep/D8DoQPajxGUCKWmx6CKmnWqgQo48cs1EUUSvKsOknJjrxOpBaiR7dHHIdhuJAauZIdPOoZSbVC1561jajAB8AALMDZB4oC4YvAAAAAElFTkSuQmCC';
const PNG_SHA = createHash('sha256').update(Buffer.from(PNG_B64, 'base64')).digest('hex');

// happy-dom has no 2D canvas. A context that ignores the drawing commands stands in for the
// browser's, so that the real signature_pad draws strokes from pointer events; the canvas
// exports a fixed PNG.
const context2d = new Proxy({}, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => { t[k] = v; return true; } });
beforeAll(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context2d);
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => `data:image/png;base64,${PNG_B64}`);
});
afterAll(() => vi.restoreAllMocks());

const E1 = '0190f3a2-0000-7000-8000-0000000000e1';
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

let root;
beforeEach(async () => {
  vi.stubGlobal('Blob', NodeBlob);
  await freshDb();
  await putBail();
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.unstubAllGlobals();
});

const mount = () => act(() => render(<EdlScreen id={E1} logementId={LOG} />, root));
const remount = async () => {
  await act(() => render(null, root));
  await mount();
};
const button = (name, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const click = (el) => act(() => el.click());
const heading = () => root.querySelector('h2')?.textContent;
const pad = (legend) => [...root.querySelectorAll('fieldset.signature-pad')].find((f) => f.querySelector('legend').textContent === legend);
const signedLines = () => [...root.querySelectorAll('.signed-line')].map((p) => p.textContent);
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((p) => p.textContent.replace(/\s+/g, ' ').trim());
const shownHash = () => root.querySelector('.edl-hash .hash').textContent;
vi.setConfig({ testTimeout: 60000 }); // a T3 of 103 elements, its PDF rendered: seconds on a busy machine
/** Wait for a condition (a busy machine makes IndexedDB slow: generous timeouts). */
const until = (check, timeout = 15000) => vi.waitFor(check, { timeout, interval: 20 });
let n = 0;
const seqId = () => `0190f3a2-0000-7000-8000-${String(++n).padStart(12, '0')}`;
const el = (k) => `0190f3a2-0000-7000-8000-${String(k).padStart(12, '0')}`;

/** A T3 EDL started as the start screen does (elements 1 to 103, predictable ids). */
async function started() {
  n = 0;
  await writeFieldRecords(startWrites(E1, { logement: await db.logement.get(LOG), bail: await db.bail.get(BAIL), locataires: await db.locataire.bulkGet(['t1', 't2']) }, T0, seqId), { now: T0 });
}

/** Every element in good condition and the bailleur's representative named. */
async function completed() {
  await started();
  const items = Array.from({ length: 103 }, (_, i) => ({ entity: 'edl_element', id: el(i + 1), values: { etat: 'bon' } }));
  await writeFieldRecords([...items, { entity: 'etat_des_lieux', id: E1, values: { bailleur_representant: 'Paul Durand' } }]);
}

/** The content hash of the device's records, computed here from the canonical form. */
async function recordsHash() {
  const pulled = (r) => ({ record: r.id, deleted: false, fields: r });
  const elements = await recordsOfParent('edl_element', E1);
  return contentHash(canonicalText(pulled(await getRecord('etat_des_lieux', E1)), elements.map(pulled), []));
}

/** Open the signature screen of a complete EDL (from the review). */
async function toSignatures() {
  await setMeta(positionKey(E1), { mode: 'review' });
  await mount();
  await until(() => expect(button('Figer et passer aux signatures')?.disabled).toBe(false));
  await click(button('Figer et passer aux signatures'));
  await until(() => expect(heading()).toBe("Signatures — État des lieux d'entrée"));
  await until(() => expect(root.querySelectorAll('fieldset.signature-pad')).toHaveLength(3));
}

/** Draw a stroke on a signer's pad (once signature_pad listens to it) and validate (`taps` times). */
async function draw(legend, taps = 1) {
  const canvas = () => pad(legend).querySelector('canvas');
  await until(() => expect(canvas().style.userSelect).toBe('none')); // signature_pad is on
  const at = { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true, clientX: 30, clientY: 40 };
  await act(() => {
    canvas().dispatchEvent(new PointerEvent('pointerdown', { ...at, buttons: 1 }));
    window.dispatchEvent(new PointerEvent('pointerup', { ...at, buttons: 0, clientX: 60 }));
  });
  const validate = button('Valider la signature', pad(legend));
  await act(() => {
    for (let i = 0; i < taps; i += 1) validate.click();
  });
}

async function sign(legend) {
  const before = signedLines().length;
  await draw(legend);
  await until(() => expect(signedLines().length).toBe(before + 1));
}

describe('the review', () => {
  it('lists what blocks signing, each with a way to the place to fix it', async () => {
    await started();
    await writeFieldRecords([{ entity: 'edl_element', id: el(1), values: { etat: 'bon' } }, { entity: 'edl_element', id: el(2), values: { absent: true } }]);
    await setMeta(positionKey(E1), { mode: 'review' });
    await mount();
    await until(() => expect(heading()).toBe("Relecture — État des lieux d'entrée"));
    const items = [...root.querySelectorAll('.edl-blockers li')].map((li) => [li.querySelector('span').textContent, li.querySelector('button').textContent]);
    expect(items).toEqual([
      ['Entrée : 9 éléments à renseigner (Plinthes, Murs, Plafond…)', 'Ouvrir « Entrée »'],
      ['Pièce principale : 11 éléments à renseigner (Porte et serrure, Sol, Plinthes…)', 'Ouvrir « Pièce principale »'],
      ['Cuisine : 17 éléments à renseigner (Porte et serrure, Sol, Plinthes…)', 'Ouvrir « Cuisine »'],
      ['Dégagement : 11 éléments à renseigner (Porte et serrure, Sol, Plinthes…)', 'Ouvrir « Dégagement »'],
      ['Chambre 1 : 11 éléments à renseigner (Porte et serrure, Sol, Plinthes…)', 'Ouvrir « Chambre 1 »'],
      ['Chambre 2 : 11 éléments à renseigner (Porte et serrure, Sol, Plinthes…)', 'Ouvrir « Chambre 2 »'],
      ["Salle d'eau : 17 éléments à renseigner (Porte et serrure, Sol, Plinthes…)", "Ouvrir « Salle d'eau »"],
      ['WC : 14 éléments à renseigner (Porte et serrure, Sol, Plinthes…)', 'Ouvrir « WC »'],
      ['Le représentant du bailleur n’est pas indiqué', 'Indiquer le représentant'],
    ]);
    expect(button('Figer et passer aux signatures').disabled).toBe(true);
    // The content, read-only: parties, the rooms' conditions, no editing control.
    expect(root.querySelector('.edl-content').textContent).toContain('Locataire : Léa Müller');
    const entree = root.querySelector('.ro-room[aria-label="Entrée"]');
    expect([...entree.querySelectorAll('li')].slice(0, 3).map((li) => li.textContent)).toEqual(['Porte et serrureBon état', 'SolAbsent', 'PlinthesÀ renseigner']);
    expect(root.querySelector('input, textarea')).toBeNull();

    await click(button('Ouvrir « Entrée »'));
    await until(() => expect(heading()).toBe('Entrée'));
    const plinthes = [...root.querySelectorAll('[role="group"]')].find((g) => g.querySelector('h3').textContent === 'Plinthes');
    await until(() => expect(document.activeElement).toBe(plinthes)); // the first element to fill in
  });

  it('a missing representative opens the overview on its field; once all is filled in, freezing is possible', async () => {
    await completed();
    await writeFieldRecords([{ entity: 'etat_des_lieux', id: E1, values: { bailleur_representant: '' } }]);
    await mount();
    await until(() => expect(button('Relire et faire signer')).toBeTruthy()); // at the end of the overview
    await click(button('Relire et faire signer'));
    await until(() => expect(heading()).toBe("Relecture — État des lieux d'entrée"));
    expect(await getMeta(positionKey(E1))).toEqual({ mode: 'review' }); // resumes there
    await until(() => expect(button('Indiquer le représentant')).toBeTruthy());
    await click(button('Indiquer le représentant'));
    await until(() => expect(document.activeElement?.id).toBe('edl-bailleur-representant'));
    await writeFieldRecords([{ entity: 'etat_des_lieux', id: E1, values: { bailleur_representant: 'Paul Durand' } }]);
    await setMeta(positionKey(E1), { mode: 'review' });
    await remount();
    await until(() => expect(root.querySelector('.edl-ready')?.textContent).toBe('Tout est renseigné : le document peut être figé et signé.'));
    expect(button('Figer et passer aux signatures').disabled).toBe(false);
  });
});

describe('freezing and signing', () => {
  it('shows the hash of the records, writes each signature at once with its PNG, and freezes the EDL', async () => {
    await completed();
    await toSignatures();
    const hash = await recordsHash();
    expect(shownHash().replace(/ /g, '')).toBe(hash);
    expect(shownHash().split(' ')).toHaveLength(8); // groups of 8 to read aloud
    expect(root.querySelector('.edl-hash .label').textContent).toBe('Empreinte SHA-256 du document');
    expect([...root.querySelectorAll('fieldset.signature-pad legend')].map((l) => l.textContent)).toEqual([
      'Signature du locataire — Léa Müller', 'Signature du locataire — Noé Faure', 'Signature du représentant du bailleur',
    ]);
    expect(pad('Signature du représentant du bailleur').querySelector('input').value).toBe('Paul Durand');
    expect(await getMeta(positionKey(E1))).toEqual({ mode: 'sign' });

    const before = await db.outbox.count();
    await draw('Signature du locataire — Léa Müller', 2); // a double tap signs once
    await until(() => expect(signedLines()).toHaveLength(1));
    expect(await recordsOfParent('signature', E1)).toHaveLength(1);
    const [signature] = await recordsOfParent('signature', E1);
    expect(signature).toMatchObject({
      owner_entity: 'etat_des_lieux', owner_record: E1, role: 'locataire', nom: 'Léa Müller', image_sha256: PNG_SHA, content_hash: hash, _v: null,
    });
    expect(signature.signed_at).toMatch(DATE);
    const added = (await db.outbox.orderBy('seq').toArray()).slice(before);
    expect(added.map((m) => [m.entity, m.record, m.op])).toEqual([['signature', signature.id, 'upsert']]);
    const blob = await db.blobs.get(PNG_SHA);
    expect(blob.state).toBe('queued');
    expect(Buffer.from(await blob.blob.arrayBuffer()).toString('base64')).toBe(PNG_B64);
    expect(signedLines()[0]).toMatch(/^LocataireSigné par Léa Müller le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/);

    // Frozen: wherever it was left, the EDL opens on its signatures, with no editing control.
    await setMeta(positionKey(E1), { piece: 'Cuisine', element: null });
    await remount();
    await until(() => expect(heading()).toBe("Signatures — État des lieux d'entrée"));
    expect(button('Adapter les pièces')).toBeUndefined();
    expect(button('Bon état')).toBeUndefined();
    expect(button('Retour à la relecture')).toBeUndefined();
    expect(button('Reprendre la saisie')).toBeTruthy();
    expect(signedLines()).toHaveLength(1);
  });

  it('"Reprendre la saisie" cancels the signatures: unsent ones dropped, received ones no longer counted', async () => {
    await completed();
    await toSignatures();
    await sign('Signature du locataire — Léa Müller');
    // The first signature reaches the server.
    const api = { push: async ({ mutations }) => ({ results: mutations.map((m) => ({ seq: m.seq, status: 'applied', version: 1 })), last_seq: mutations.at(-1).seq }) };
    await pushOutbox(api);
    await sign('Signature du locataire — Noé Faure');
    const [lea, noe] = await recordsOfParent('signature', E1).then((s) => s.sort((a, b) => a.nom.localeCompare(b.nom)));
    expect([lea.nom, lea._v, noe.nom, noe._v]).toEqual(['Léa Müller', 1, 'Noé Faure', null]);
    const queued = await db.outbox.where('record').equals(noe.id).first();

    await click(button('Reprendre la saisie'));
    const dialog = root.querySelector('[role="alertdialog"]');
    expect(dialog.textContent).toContain('Les signatures déjà recueillies (Léa Müller, Noé Faure) seront annulées');
    await click(button('Annuler les signatures et reprendre la saisie', dialog));
    await until(() => expect(button('Adapter les pièces')).toBeTruthy());

    expect(await getMeta(cancelledKey(E1))).toEqual([lea.id, noe.id]);
    expect(await getRecord('signature', noe.id)).toBeUndefined(); // never sent: gone
    expect(await db.outbox.get(queued.seq)).toMatchObject({ op: 'delete', dropped: true, fields: {} });
    expect(await getRecord('signature', lea.id)).toMatchObject({ _v: 1 }); // the server keeps it (append-only)
    expect(await db.blobs.get(PNG_SHA)).toBeTruthy(); // Léa's drawing, the same bytes, still used
    // Editable again.
    await click(button('Entrée 11/11'));
    await until(() => expect(heading()).toBe('Entrée'));
    await click(button('Mauvais état', [...root.querySelectorAll('[role="group"]')].find((g) => g.querySelector('h3').textContent === 'Sol')));
    await until(async () => expect((await getRecord('edl_element', el(2))).etat).toBe('mauvais'));
  });

  it('asks for the signatures again when a pull changes the content under them', async () => {
    await completed();
    await toSignatures();
    const first = shownHash();
    await sign('Signature du locataire — Léa Müller');
    const [lea] = await recordsOfParent('signature', E1);
    await db.outbox.clear(); // sent; another tablet's change of the draft comes back with the pull
    await db.localstate.clear();
    const sol = await getRecord('edl_element', el(2));
    await applyChanges([{ entity: 'edl_element', record: el(2), version: 3, deleted: false, fields: { ...sol, id: undefined, _v: undefined, observations: 'Rayure près de la porte' } }], 'c2');

    await until(() => expect(shownHash()).not.toBe(first));
    expect(shownHash().replace(/ /g, '')).toBe(await recordsHash());
    expect(alerts()).toContain("Le contenu a changé depuis la signature de Léa Müller (une modification reçue d'une autre tablette). Ces signatures ne valent plus : relisez le document, puis faites signer à nouveau.");
    expect(signedLines()).toEqual([]);
    await until(() => expect(pad('Signature du locataire — Léa Müller')).toBeTruthy());
    await sign('Signature du locataire — Léa Müller');
    expect(alerts().some((a) => a.startsWith('Le contenu a changé'))).toBe(false); // the former one no longer counts
    expect(await getMeta(cancelledKey(E1))).toEqual([lea.id]);
  });
});

describe("the tenant's PDF", () => {
  it('is rendered once all have signed, kept on the device, and dropped once the EDL has synced', async () => {
    await completed();
    await toSignatures();
    const hash = await recordsHash();
    await sign('Signature du locataire — Léa Müller');
    await sign('Signature du locataire — Noé Faure');
    await draw('Signature du représentant du bailleur');
    await until(() => expect(heading()).toBe("État des lieux d'entrée — signé"));
    expect(root.querySelector('.edl-status').textContent).toBe("Signé sur cet appareil — en attente d'envoi");
    expect(button('Reprendre la saisie')).toBeUndefined();
    expect(root.querySelector('canvas')).toBeNull();

    const day = (await getRecord('etat_des_lieux', E1)).date_edl.slice(0, 10);
    await until(() => expect(root.querySelector('a[download]')).toBeTruthy(), 15000);
    expect(root.querySelector('a[download]').getAttribute('download')).toBe(`etat-des-lieux-entree-12-${day}.pdf`);
    expect(root.querySelector('a[download]').textContent).toBe('Télécharger le PDF');
    const kept = await db.blobs.get(documentKey(E1));
    expect(kept).toMatchObject({ state: 'document', content_hash: hash, filename: `etat-des-lieux-entree-12-${day}.pdf` });
    expect(Buffer.from(kept.bytes.slice(0, 5)).toString()).toBe('%PDF-');

    // A sync whose pull says "brouillon" keeps it; one that says "signe" with the same hash drops it.
    const edl = await getRecord('etat_des_lieux', E1);
    const { id: _id, _v, ...fields } = edl;
    let statut = 'brouillon';
    const api = {
      hasBlob: async () => true,
      putBlob: async () => 201,
      rules: async () => ({ notModified: true }),
      push: async ({ mutations }) => ({ results: mutations.map((m) => ({ seq: m.seq, status: 'applied', version: 1 })), last_seq: mutations.at(-1).seq }),
      pull: async () => ({ changes: [{ entity: 'etat_des_lieux', record: E1, version: 2, deleted: false, fields: { ...fields, statut, content_hash: statut === 'signe' ? hash : null } }], cursor: `c-${statut}`, more: false, reset: false }),
    };
    const engine = createSyncEngine({ api, nav: { onLine: true } });
    expect(await engine.sync()).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.blobs.get(PNG_SHA)).state).toBe('uploaded');
    expect(await db.blobs.get(documentKey(E1))).toBeTruthy();
    statut = 'signe';
    expect(await engine.sync()).toBe(true);
    expect(await db.blobs.get(documentKey(E1))).toBeUndefined();
    await until(() => expect(root.querySelector('.edl-status').textContent).toBe('Signé — reçu par le serveur, empreinte identique'));
  });
});

describe('a signed EDL', () => {
  it('opens read-only when the server says it is signed, and says so when a signature was refused', async () => {
    // As the pull brings it from the server: the EDL, its elements, two signatures.
    n = 0;
    const writes = startWrites(E1, { logement: await db.logement.get(LOG), bail: await db.bail.get(BAIL), locataires: await db.locataire.bulkGet(['t1']) }, T0, seqId);
    const [edlWrite, ...elementWrites] = writes;
    const edlFields = { ...edlWrite.values, bailleur_representant: 'Paul Durand' };
    const elements = elementWrites.map((w) => ({ entity: 'edl_element', record: w.id, version: 1, deleted: false, fields: { ...w.values, etat: 'usage', residence_id: 'r' } }));
    const hash = await contentHash(canonicalText({ record: E1, deleted: false, fields: edlFields }, elements, []));
    const sig = (id, role, nom) => ({ entity: 'signature', record: id, version: 1, deleted: false, fields: { owner_entity: 'etat_des_lieux', owner_record: E1, role, nom, image_sha256: PNG_SHA, content_hash: hash, signed_at: '2026-06-15T10:05:00+02:00' } });
    // The drawings, fetched from the server and cached as photos are.
    await db.blobs.put({ sha256: PNG_SHA, blob: new Blob([Buffer.from(PNG_B64, 'base64')], { type: 'image/png' }), state: 'remote' });
    await applyChanges([
      { entity: 'etat_des_lieux', record: E1, version: 4, deleted: false, fields: { ...edlFields, statut: 'signe', content_hash: hash, review_state: 'recu', residence_id: 'r', _conflicts: [] } },
      ...elements,
      sig(el(901), 'locataire', 'Léa Müller'), sig(el(902), 'bailleur', 'Paul Durand'),
    ], 'c1');
    await mount();
    await until(() => expect(heading()).toBe("État des lieux d'entrée — signé"));
    expect(root.querySelector('.edl-status').textContent).toBe('Signé — reçu par le serveur, empreinte identique');
    expect(shownHash().replace(/ /g, '')).toBe(hash);
    const lines = [...root.querySelectorAll('.edl-signatures li')].map((li) => li.textContent);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Locataire : Léa MüllerSigné le 15\/06\/2026 à \d{2}:05$/);
    expect(lines[1]).toMatch(/^Bailleur : Paul DurandSigné le 15\/06\/2026 à \d{2}:05$/);
    await until(() => expect([...root.querySelectorAll('.edl-signatures img')].map((i) => i.alt)).toEqual(['Signature de Léa Müller', 'Signature de Paul Durand']));
    for (const name of ['Adapter les pièces', 'Bon état', 'Reprendre la saisie', 'Valider la signature']) expect(button(name)).toBeUndefined();
    expect(root.querySelector('input, textarea, canvas')).toBeNull();
    expect(await db.blobs.get(documentKey(E1))).toBeUndefined(); // synced already: nothing kept

    // No kept copy: "Télécharger le PDF" renders one on the tablet.
    await click(button('Télécharger le PDF'));
    await until(() => expect(root.querySelector('a[download]')?.getAttribute('download')).toBe(`etat-des-lieux-entree-12-${edlFields.date_edl.slice(0, 10)}.pdf`), 15000);
    expect(await db.blobs.get(documentKey(E1))).toBeUndefined();

    await db.issues.add({ kind: 'rejected', entity: 'signature', record: el(901), code: 'empreinte_invalide', message: "La signature porte sur un autre contenu que l'état des lieux enregistré.", created_at: T0, resolved: false, open: 1 });
    await until(() => expect(alerts()).toContain("Le serveur a refusé la signature de Léa Müller : La signature porte sur un autre contenu que l'état des lieux enregistré.Voir « À traiter »"));
    expect(root.querySelector('a[href="#/a-traiter"]').textContent).toBe('Voir « À traiter »');
  });
});
