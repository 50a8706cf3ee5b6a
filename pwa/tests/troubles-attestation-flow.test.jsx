// @vitest-environment happy-dom
// Issue 11, the witness statement on the tablet, offline: recueillie from the dossier, typed into
// a draft (nothing sent while the legal mention is not ticked), re-read with what blocks it,
// frozen into a record whose canonical text and hash are shown, signed at once by the témoin,
// then read-only; "Signée — reçue par le server" once the pull brings the server's signed copy.
//
// The real screens, SignaturePad and signature_pad run (a stand-in 2D context, as in
// edl-sign-flow.test.jsx); Node's Blob replaces happy-dom's so that fake-indexeddb keeps bytes.
import { Blob as NodeBlob } from 'node:buffer';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db/database.js';
import { addDraftPhoto, openDraft } from '../src/db/drafts.js';
import { getRecord, recordsOfParent } from '../src/db/records.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { contentHash } from '../src/lib/canonical.js';
import { applyChanges } from '../src/sync/pull.js';
import { pushOutbox } from '../src/sync/push.js';
import { MENTION_LEGALE } from '../src/troubles/attestation.js';
import { AttestationScreen } from '../src/ui/troubles/AttestationScreen.jsx';
import { DossierScreen } from '../src/ui/troubles/DossierScreen.jsx';
import { dropRoot, freshDb, LOG, newRoot, RES } from './helpers.js';

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAACgAAAAQCAYAAABk1z2tAAAAh0lEQVR4nGNgGAWjAAG45X3/I9P0AEzEKkR3HK0ciW4uUQ5E1vT14WZGXIZR6jBs5jFiU0yq45DFyXUcLnPwGkzIEZQ6Ep/D8DoQPajxGUCKWmx6CKmnWqgQo48cs1EUUSvKsOknJjrxOpBaiR7dHHIdhuJAauZIdPOoZSbVC1561jajAB8AALMDZB4oC4YvAAAAAElFTkSuQmCC';
const context2d = new Proxy({}, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => { t[k] = v; return true; } });
beforeAll(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context2d);
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => `data:image/png;base64,${PNG_B64}`);
});
afterAll(() => vi.restoreAllMocks());

const D1 = '0190f3a2-0000-7000-8000-0000000000d1';
const A1 = '0190f3a2-0000-7000-8000-00000000a701';
const P1 = '0190f3a2-0000-7000-8000-00000000b001';
const ID_SHA = '3f0a9c1e5b7d24680f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778';
const VALUES = {
  nom: 'Lefèvre', prenom: 'Hélène', date_naissance: '1961-02-28', lieu_naissance: 'Saint-Étienne', adresse: '12 rue des Tilleuls\n69003 Lyon',
  profession: 'Retraitée', lien_parties: 'Aucun', faits: "Le 3 novembre vers 23 h 40, j'ai entendu des coups contre la cloison.",
  fait_a: 'Lyon', fait_le: '2026-11-12', piece_identite: true, mention_legale: true,
};
// What the témoin signs: docs/canonical.md § 3 bis with the key "attestation" (as tests/vectors/attestation.json).
const CANONICAL = '{"attestation":{"fields":{"adresse":"12 rue des Tilleuls\\n69003 Lyon","date_naissance":"1961-02-28",'
  + `"dossier_id":"${D1}","fait_a":"Lyon","fait_le":"2026-11-12","faits":"Le 3 novembre vers 23 h 40, j'ai entendu des coups contre la cloison.",`
  + '"lien_parties":"Aucun","lieu_naissance":"Saint-Étienne","mention_legale":true,"nom":"Lefèvre","piece_identite":true,"prenom":"Hélène",'
  + `"profession":"Retraitée"},"id":"${A1}"},"photos":[{"owner":"${A1}","sha256":"${ID_SHA}"}]}`;

let root;
beforeEach(async () => {
  vi.stubGlobal('Blob', NodeBlob);
  await freshDb();
  await writeFieldRecords([{ entity: 'dossier_trouble', id: D1, values: {
    logement_id: LOG, nature: ['bruit'], depuis: null, frequence: 'quotidien', menages_concernes: 3, qualification: 'trouble_voisinage', description: '', ouvert_le: '2026-11-01T09:00:00+01:00',
  } }]);
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.unstubAllGlobals();
});

const until = (check) => vi.waitFor(check, { timeout: 15000, interval: 20 });
const $ = (sel) => root.querySelector(sel);
const button = (name, scope = root) => [...scope.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const click = (el) => act(() => el.click());
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();
const labelOf = (id) => text($(`label[for="${id}"]`));
const type = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
});
const tick = (el) => act(() => {
  el.checked = true;
  el.dispatchEvent(new Event('change', { bubbles: true }));
});
const outbox = async () => (await db.outbox.toArray()).filter((m) => !m.dropped).map((m) => [m.entity, m.record === D1 ? 'D1' : m.record === A1 ? 'A1' : m.record === P1 ? 'P1' : 'autre']);
const mount = (el) => act(() => render(el, root));
const shownHash = () => $('.edl-hash .hash')?.textContent;

/** Draw on the témoin's pad and validate it; wait for the signed line. */
async function sign(legend) {
  const pad = () => [...root.querySelectorAll('fieldset.signature-pad')].find((f) => f.querySelector('legend').textContent === legend);
  await until(() => expect(pad()?.querySelector('canvas').style.userSelect).toBe('none'));
  const canvas = pad().querySelector('canvas');
  const at = { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true, clientX: 30, clientY: 40 };
  await act(() => {
    canvas.dispatchEvent(new PointerEvent('pointerdown', { ...at, buttons: 1 }));
    window.dispatchEvent(new PointerEvent('pointerup', { ...at, buttons: 0, clientX: 60 }));
  });
  await click(button('Valider la signature', pad()));
  await until(() => expect($('.signed-line')).toBeTruthy());
}

/** A draft as a reload finds it: every field typed, the ID photographed. */
async function typedDraft(values = VALUES) {
  const d = await openDraft('attestation_temoin', A1, D1);
  d.values = { ...d.values, ...values };
  d.photos = [{ id: P1, sha256: ID_SHA, caption: '', taken_at: '2026-11-12T10:20:00+01:00' }];
  await addDraftPhoto(d, d.photos[0], new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }));
}

describe('an attestation de témoin', () => {
  it('is recueillie from the dossier, typed into a draft with the CERFA wording, and re-read with what blocks it', async () => {
    mount(<DossierScreen id={D1} />);
    await until(() => expect(button('Recueillir une attestation de témoin')).toBeTruthy());
    await until(() => expect(text($('.attestations'))).toBe('Attestations de témoinAucune attestation.'));
    await click(button('Recueillir une attestation de témoin'));
    expect(location.hash).toMatch(new RegExp(`^#/attestation_temoin/[0-9a-f-]{36}\\?dossier_trouble=${D1}$`));

    mount(<AttestationScreen id={A1} parentId={D1} />);
    await until(() => expect($('#a-nom')).toBeTruthy());
    expect(['a-nom', 'a-prenom', 'a-date_naissance', 'a-lieu_naissance', 'a-adresse', 'a-profession', 'a-lien_parties', 'a-faits', 'a-fait_a', 'a-fait_le', 'a-piece_identite', 'a-mention_legale'].map(labelOf)).toEqual([
      'Nom *', 'Prénoms *', 'Date de naissance', 'Lieu de naissance', 'Adresse', 'Profession',
      "Lien de parenté ou d'alliance avec les parties, de subordination à leur égard, de collaboration ou de communauté d'intérêts avec elles",
      'Relation des faits auxquels vous avez assisté ou que vous avez personnellement constatés *', 'Fait à', 'Le',
      "Copie de la pièce d'identité jointe",
      "Je sais que l'attestation est établie en vue de sa production en justice et que toute fausse attestation de ma part m'expose à des sanctions pénales (art. 441-7 du Code pénal). *",
    ]);
    expect($('#a-faits').tagName).toBe('TEXTAREA');
    expect($('#a-fait_le').value).toMatch(/^\d{4}-\d{2}-\d{2}$/); // today by default

    await type($('#a-nom'), 'Lefèvre');
    await type($('#a-faits'), "Le voisin était ivre et criait dans l'escalier.");
    expect(text($('#a-faits-cnil'))).toContain('« ivre »');
    act(() => $('#a-faits').dispatchEvent(new Event('blur')));
    await until(async () => expect((await db.drafts.get(A1))?.values.nom).toBe('Lefèvre'));
    expect(await getRecord('attestation_temoin', A1)).toBeUndefined(); // a draft only: the server would refuse it without the mention
    expect(await outbox()).toEqual([['dossier_trouble', 'D1']]);

    await click(button('Relire et faire signer'));
    await until(() => expect($('.edl-blockers')).toBeTruthy());
    expect([...root.querySelectorAll('.edl-blockers li span')].map(text)).toEqual([
      'Les prénoms du témoin ne sont pas indiqués', 'La mention légale n’est pas cochée',
    ]);
    expect(button('Figer et faire signer').disabled).toBe(true);
    const fixMention = root.querySelectorAll('.edl-blockers li button')[1];
    await click(fixMention);
    await until(() => expect(document.activeElement?.id).toBe('a-mention_legale'));
    await type($('#a-prenom'), 'Hélène');
    await tick($('#a-mention_legale'));
    await click(button('Relire et faire signer'));
    await until(() => expect(text($('.edl-ready'))).toBe("L'attestation est complète : faites-la relire au témoin, puis figez-la pour qu'il la signe."));
    expect(text($('.attestation-content'))).toContain(MENTION_LEGALE);
    expect(button('Figer et faire signer').disabled).toBe(false);
  });

  it('is frozen with its ID photo, its hash shown, signed at once by the témoin, then read-only until the server holds it signed', async () => {
    await typedDraft();
    mount(<AttestationScreen id={A1} parentId={D1} />);
    await until(() => expect($('#a-nom')?.value).toBe('Lefèvre'));
    await click(button('Relire et faire signer'));
    await until(() => expect($('.edl-ready')).toBeTruthy());
    await click(button('Figer et faire signer'));

    // The record and its photo are written; the hash shown is that of the canonical text.
    const hash = await contentHash(CANONICAL);
    await until(() => expect(shownHash()?.replace(/ /g, '')).toBe(hash));
    expect(shownHash()).toMatch(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    expect(await outbox()).toEqual([['dossier_trouble', 'D1'], ['attestation_temoin', 'A1'], ['photo', 'P1']]);
    expect(text($('.edl-status'))).toBe('À faire signer');
    expect(button('Reprendre la saisie')).toBeTruthy();

    await sign('Signature du témoin — Hélène Lefèvre');
    await until(() => expect(text($('.edl-status'))).toBe("Signée sur cet appareil — en attente d'envoi"));
    const [signature] = await recordsOfParent('signature', A1);
    expect([signature.owner_entity, signature.role, signature.nom, signature.content_hash]).toEqual(['attestation_temoin', 'temoin', 'Hélène Lefèvre', hash]);
    expect((await outbox()).map(([entity]) => entity)).toEqual(['dossier_trouble', 'attestation_temoin', 'photo', 'signature']);
    expect(button('Reprendre la saisie')).toBeUndefined();
    expect(root.querySelector('input, textarea, canvas')).toBeNull();

    // Opened again: read-only at once.
    await act(() => render(null, root));
    mount(<AttestationScreen id={A1} parentId={D1} />);
    await until(() => expect(text($('.edl-status'))).toBe("Signée sur cet appareil — en attente d'envoi"));
    expect(root.querySelector('input, textarea, canvas')).toBeNull();
    expect(text($('.signed-line'))).toMatch(/^TémoinSigné par Hélène Lefèvre le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/);

    // Sent, then the pull brings the server's copy, signed over the same hash.
    const api = { push: async ({ mutations }) => ({ results: mutations.map((m) => ({ seq: m.seq, status: 'applied', version: 1 })), last_seq: mutations.at(-1).seq }) };
    await pushOutbox(api);
    const stored = await getRecord('attestation_temoin', A1);
    await applyChanges([{ entity: 'attestation_temoin', record: A1, version: 2, deleted: false, fields: {
      ...stored, id: undefined, _v: undefined, statut: 'signe', content_hash: hash, review_state: 'recu', review_comment: '', residence_id: RES,
    } }], 'c1');
    await until(() => expect(text($('.edl-status'))).toBe('Signée — reçue par le serveur'));
    expect(shownHash().replace(/ /g, '')).toBe(hash);

    await act(() => render(null, root));
    mount(<DossierScreen id={D1} />);
    await until(() => expect([...root.querySelectorAll('.attestations .card > *')].map(text)).toEqual(['Hélène Lefèvre', 'Faite le 12/11/2026', 'Signée — reçue par le serveur']));
    expect($('.attestations .card').getAttribute('href')).toBe(`#/attestation_temoin/${A1}?dossier_trouble=${D1}`);
    expect([...root.querySelectorAll('.chrono li')].map(text)).toEqual(['12/11/2026 — Attestation de témoin : Hélène Lefèvre']); // a day, not an instant
  });

  it('goes back to the form before the témoin signs, and a change then is in the hash', async () => {
    await typedDraft();
    mount(<AttestationScreen id={A1} parentId={D1} />);
    await until(() => expect($('#a-nom')?.value).toBe('Lefèvre'));
    await click(button('Relire et faire signer'));
    await until(() => expect($('.edl-ready')).toBeTruthy());
    await click(button('Figer et faire signer'));
    const first = await contentHash(CANONICAL);
    await until(() => expect(shownHash()?.replace(/ /g, '')).toBe(first));

    await click(button('Reprendre la saisie'));
    await until(() => expect($('#a-fait_a')?.value).toBe('Lyon'));
    await type($('#a-fait_a'), 'Villeurbanne');
    await click(button('Relire et faire signer'));
    await until(() => expect($('.edl-ready')).toBeTruthy());
    await click(button('Figer et faire signer'));
    const changed = await contentHash(CANONICAL.replace('"fait_a":"Lyon"', '"fait_a":"Villeurbanne"'));
    await until(() => expect(shownHash()?.replace(/ /g, '')).toBe(changed));
    expect((await getRecord('attestation_temoin', A1)).fait_a).toBe('Villeurbanne');
    expect(await recordsOfParent('photo', A1)).toHaveLength(1); // the ID photo, once
  });

  it('shows a refusal by the server in its words, on the screen and on the dossier', async () => {
    await writeFieldRecords([{ entity: 'attestation_temoin', id: A1, values: { dossier_id: D1, ...VALUES, piece_identite: false } }]);
    const message = "La signature porte sur un autre contenu que l'attestation enregistrée (elle a changé entre-temps) : faites relire l'attestation au témoin et signer à nouveau.";
    await db.issues.add({ record: A1, entity: 'attestation_temoin', kind: 'rejected', code: 'empreinte_invalide', message, open: 1 });
    mount(<DossierScreen id={D1} />);
    await until(() => expect(text($('.attestations .card .state'))).toBe(`Refusée par le serveur : ${message}`));
  });
});
