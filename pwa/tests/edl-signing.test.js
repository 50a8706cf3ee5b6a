// Issue 9, signing an EDL: what the screens compute (blockers, signers, which signature stands
// for whom, the state of the document), the kept PDF's cleanup rule, cancelling signatures, the
// PDF's thumbnails and context.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../src/db/database.js';
import { cleanupKeptDocuments, documentKey, getKeptDocument, keepDocument } from '../src/db/documents.js';
import { getMeta } from '../src/db/meta.js';
import { getRecord, putRecord } from '../src/db/records.js';
import { cancelledKey, cancelSignatures, signaturesOf, writeSignature } from '../src/db/signatures.js';
import { writeFieldRecords } from '../src/db/writes.js';
import { loadEdlDocument, pdfContext, pdfDataOf } from '../src/edl/document.js';
import { assignSignatures, blockersOf, groupHash, pdfFileName, signersOf, signingState } from '../src/edl/signing.js';
import { photoThumbnail } from '../src/edl/thumbnail.js';
import { resumeView } from '../src/ui/edl/EdlScreen.jsx';
import { freshDb, LOG, RES, T0 } from './helpers.js';

const E1 = '0190f3a2-0000-7000-8000-0000000000e1';
const H1 = '1'.repeat(64);
const H2 = '2'.repeat(64);
const edl = (over = {}) => ({
  id: E1, sens: 'entree', parties: [{ role: 'locataire', nom: 'Léa Müller' }, { role: 'locataire', nom: 'Noé Faure' }],
  bailleur_representant: 'Paul Durand', mandataire: null, ...over,
});
const sig = (id, role, nom, content_hash = H1, signed_at = '2026-06-15T10:00:00+02:00') => ({ id, role, nom, content_hash, signed_at });

describe('what blocks signing', () => {
  it('names the rooms with elements to fill in, a missing locataire and a missing representative', () => {
    const rooms = [
      { piece: 'Entrée', elements: [{ id: 'a', element: 'Sol', etat: 'bon' }, { id: 'b', element: 'Murs', non_teste: true }, { id: 'c', element: 'Plafond', absent: true }] },
      { piece: 'WC', elements: [{ id: 'd', element: 'Sol', sale: true }, { id: 'e', element: 'Murs' }, { id: 'f', element: 'Plafond', etat: 'usage' }, { id: 'g', element: 'Cuvette' }, { id: 'h', element: 'Abattant' }] },
    ];
    expect(blockersOf(edl({ parties: [{ role: 'locataire', nom: '  ' }, { role: 'bailleur', nom: 'X' }], bailleur_representant: ' ' }), rooms)).toEqual([
      { code: 'elements_a_renseigner', piece: 'WC', element: 'd', text: 'WC : 4 éléments à renseigner (Sol, Murs, Cuvette…)' },
      { code: 'locataire_manquant', field: 'parties', text: 'Aucun locataire nommé parmi les parties' },
      { code: 'representant_manquant', field: 'bailleur_representant', text: 'Le représentant du bailleur n’est pas indiqué' },
    ]);
    expect(blockersOf(edl(), [rooms[0]])).toEqual([]);
  });
});

describe('who signs', () => {
  it('each named locataire, the representative of the bailleur, the mandataire when there is one', () => {
    expect(signersOf(edl({ parties: [{ role: 'locataire', nom: 'Léa Müller' }, { role: 'bailleur', nom: 'OPH' }, { role: 'locataire', nom: '' }, { role: 'locataire', nom: ' Noé Faure ' }], mandataire: 'Agence Dupont' }))).toEqual([
      { key: 'locataire:0', role: 'locataire', nom: 'Léa Müller', titre: 'Signature du locataire — Léa Müller' },
      { key: 'locataire:3', role: 'locataire', nom: 'Noé Faure', titre: 'Signature du locataire — Noé Faure' },
      { key: 'bailleur', role: 'bailleur', nom: 'Paul Durand', titre: 'Signature du représentant du bailleur' },
      { key: 'mandataire', role: 'mandataire', nom: 'Agence Dupont', titre: 'Signature du mandataire' },
    ]);
  });

  it('matches signatures by role and name first, then a corrected name by order', () => {
    const signers = signersOf(edl());
    const found = assignSignatures(signers, [sig('s1', 'locataire', 'NOE FAURE'), sig('s2', 'locataire', 'Léa Muller-Petit', H1, '2026-06-15T10:01:00+02:00'), sig('s3', 'temoin', 'Jean')]);
    expect(Object.fromEntries([...found].map(([k, s]) => [k, s.id]))).toEqual({ 'locataire:1': 's1', 'locataire:0': 's2' });
    // Léa signed twice (a double tap): Noé has not signed for all that.
    const twice = assignSignatures(signers, [sig('s1', 'locataire', 'Léa Müller'), sig('s2', 'locataire', 'Léa Müller')]);
    expect(Object.fromEntries([...twice].map(([k, s]) => [k, s.id]))).toEqual({ 'locataire:0': 's1' });
  });
});

describe('the state of the document', () => {
  it('a draft, then signatures missing, then signed; a content changed since makes them stale', () => {
    expect(signingState({ edl: edl(), signatures: [], hash: H1 })).toMatchObject({ mode: 'draft', complete: false, canResume: true });
    const one = signingState({ edl: edl(), signatures: [sig('s1', 'locataire', 'Léa Müller')], hash: H1 });
    expect(one).toMatchObject({ mode: 'sign', canResume: true });
    expect(one.missing.map((s) => s.key)).toEqual(['locataire:1', 'bailleur']);
    // A locataire and the bailleur over this content: the server signs it on receipt.
    const two = signingState({ edl: edl(), signatures: [sig('s1', 'locataire', 'Léa Müller'), sig('s2', 'bailleur', 'Paul Durand')], hash: H1 });
    expect(two).toMatchObject({ mode: 'sign', canResume: false });
    const all = [sig('s1', 'locataire', 'Léa Müller'), sig('s2', 'bailleur', 'Paul Durand'), sig('s3', 'locataire', 'Noé Faure')];
    expect(signingState({ edl: edl(), signatures: all, hash: H1 })).toMatchObject({ mode: 'signed', complete: true, serverSigned: false, sameAsServer: false });
    const stale = signingState({ edl: edl(), signatures: all, hash: H2 });
    expect(stale).toMatchObject({ mode: 'sign', complete: false, canResume: true });
    expect(stale.stale.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(signingState({ edl: edl({ statut: 'signe', content_hash: H1 }), signatures: [], hash: H1 })).toMatchObject({ mode: 'signed', sameAsServer: true, canResume: false });
    expect(signingState({ edl: edl({ statut: 'signe', content_hash: H2 }), signatures: [], hash: H1 })).toMatchObject({ mode: 'signed', sameAsServer: false });
  });

  it('reads the hash in groups of 8 and names the PDF after the sens, the logement and the day', () => {
    expect(groupHash('3f0a9c1e5b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468')).toBe('3f0a9c1e 5b7d2468 ace01357 9bdf2468 ace01357 9bdf2468 ace01357 9bdf2468');
    expect(pdfFileName({ sens: 'entree', date_edl: '2026-06-15T23:30:00+02:00' }, 'B 12/3')).toBe('etat-des-lieux-entree-b-12-3-2026-06-15.pdf');
    expect(pdfFileName({ sens: 'sortie' }, '', new Date(2026, 0, 5))).toBe('etat-des-lieux-sortie-logement-2026-01-05.pdf');
  });

  it('resumes on the review or the signatures when left there', () => {
    const rooms = [{ piece: 'Entrée', elements: [] }, { piece: 'WC', elements: [] }];
    expect(resumeView(rooms, { mode: 'sign' })).toEqual({ mode: 'sign', room: -1 });
    expect(resumeView(rooms, { mode: 'review' })).toEqual({ mode: 'review', room: -1 });
    expect(resumeView(rooms, { piece: 'WC', element: null })).toEqual({ mode: 'room', room: 1 });
    expect(resumeView(rooms, null)).toEqual({ mode: 'overview', room: -1 });
  });
});

describe('on the device', () => {
  beforeEach(async () => {
    await freshDb();
    await writeFieldRecords([
      { entity: 'etat_des_lieux', id: E1, values: { logement_id: LOG, sens: 'entree', date_edl: '2026-06-15T10:00:00+02:00', parties: [{ role: 'locataire', nom: 'Léa Müller', adresse: null }], bailleur_representant: 'Paul Durand', compteurs: [], cles: [], observations: '' } },
      { entity: 'edl_element', id: 'el-1', values: { edl_id: E1, piece: 'Entrée', element: 'Sol', ordre: 100, etat: 'bon' } },
    ], { now: T0 });
  });
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]);

  it('cancelling drops an unsent signature, its unsent PNG and the kept PDF, and lists a received one as cancelled', async () => {
    const received = await writeSignature({ edlId: E1, role: 'locataire', nom: 'Léa Müller', png, contentHash: H1, now: T0 });
    await putRecord('signature', { ...(await getRecord('signature', received)), _v: 1 }); // accepted by the server
    const other = new Uint8Array([...png, 2]);
    const unsent = await writeSignature({ edlId: E1, role: 'bailleur', nom: 'Paul Durand', png: other, contentHash: H1, now: T0 + 1000 });
    const sha = (await getRecord('signature', unsent)).image_sha256;
    expect(sha).toBe(createHash('sha256').update(other).digest('hex'));
    expect((await signaturesOf(E1)).map((s) => s.nom)).toEqual(['Léa Müller', 'Paul Durand']);

    await keepDocument(E1, { bytes: new Uint8Array([37]), contentHash: H1, filename: 'x.pdf' });
    expect(await cancelSignatures(E1)).toBe(2);
    expect(await getKeptDocument(E1)).toBeNull();
    expect(await signaturesOf(E1)).toEqual([]);
    expect(await getMeta(cancelledKey(E1))).toEqual([received, unsent]);
    expect(await getRecord('signature', unsent)).toBeUndefined();
    expect(await db.blobs.get(sha)).toBeUndefined();
    expect(await getRecord('signature', received)).toMatchObject({ _v: 1 });
    expect((await db.outbox.toArray()).filter((m) => m.record === unsent).map((m) => m.dropped)).toEqual([true]);
  });

  it('keeps the PDF until the pull says signed with the same hash and nothing of the EDL waits to be sent', async () => {
    await keepDocument(E1, { bytes: new Uint8Array([37, 80, 68, 70]), contentHash: H1, filename: 'x.pdf', now: T0 });
    expect(await getKeptDocument(E1)).toMatchObject({ state: 'document', content_hash: H1, filename: 'x.pdf' });
    expect(await cleanupKeptDocuments()).toBe(0); // brouillon, and the EDL's creation still queued
    const row = await getRecord('etat_des_lieux', E1);
    await putRecord('etat_des_lieux', { ...row, statut: 'signe', content_hash: H1, _v: 3 });
    expect(await cleanupKeptDocuments()).toBe(0); // its records still in the outbox
    await db.outbox.clear();
    await putRecord('etat_des_lieux', { ...row, statut: 'signe', content_hash: H2, _v: 3 });
    expect(await cleanupKeptDocuments()).toBe(0); // signed over other content
    await putRecord('etat_des_lieux', { ...row, statut: 'signe', content_hash: H1, _v: 3 });
    // The upload never sees it, nor the count of what waits.
    expect(await db.blobs.where('state').equals('queued').count()).toBe(0);
    expect(await cleanupKeptDocuments()).toBe(1);
    expect(await db.blobs.get(documentKey(E1))).toBeUndefined();
  });

  it('gathers the PDF data: logement context, signature images, thumbnails from the device', async () => {
    await db.batiment.put({ id: 'b1', residence_id: RES, nom: 'Bâtiment A', adresse: '5 place Jean Moulin', _v: 1 });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]);
    await writeFieldRecords([{ entity: 'photo', id: 'ph-1', values: { sha256: 'a'.repeat(64), owner_entity: 'edl_element', owner_record: 'el-1', caption: 'Sol', taken_at: '2026-06-15T10:01:00+02:00' } }],
      { blobs: [{ sha256: 'a'.repeat(64), blob: new Blob([jpeg], { type: 'image/jpeg' }) }] });
    await writeSignature({ edlId: E1, role: 'locataire', nom: 'Léa Müller', png, contentHash: H1, now: T0 });
    const doc = await loadEdlDocument(E1);
    expect(doc.photos.map((p) => p.id)).toEqual(['ph-1']);
    expect(doc.hash).toMatch(/^[0-9a-f]{64}$/);
    const { data, filename } = await pdfDataOf(doc);
    expect(filename).toBe('etat-des-lieux-entree-12-2026-06-15.pdf');
    expect(data.context).toEqual({
      logement: { numero: '12', typologie: 'T3', etage: 1, batiment: 'Bâtiment A', residence: 'Les Tilleuls', adresse: '5 place Jean Moulin', code_postal: '69003', ville: 'Lyon' },
      bailleur: 'Bailleur',
    });
    expect([...data.signatures[0].png]).toEqual([...png]);
    expect(data.content_hash).toBe(doc.hash);
    // No 2D canvas in Node: the full JPEG as taken is printed.
    expect([...(await data.thumbnail('a'.repeat(64)))]).toEqual([...jpeg]);
    expect(await data.thumbnail('f'.repeat(64))).toBeNull();
    // The bailleur's name the login gave (the server's PALIER_AGENCY_NAME).
    await db.meta.update('session', { 'value.agence': 'Office Rhône Habitat' });
    expect((await pdfDataOf(doc)).data.context.bailleur).toBe('Office Rhône Habitat');
  });
});

describe('thumbnails for the PDF', () => {
  const blobs = (map) => async (key) => map[key] ?? null;
  it('the cached thumbnail first, else the full image scaled down, else as taken, else nothing', async () => {
    const thumb = new Uint8Array([1]);
    const full = new Uint8Array([2]);
    const small = new Uint8Array([3]);
    expect(await photoThumbnail('s', { readBlob: blobs({ 's:thumb': thumb, s: full }), shrink: async () => small })).toBe(thumb);
    expect(await photoThumbnail('s', { readBlob: blobs({ s: full }), shrink: async () => small })).toBe(small);
    expect(await photoThumbnail('s', { readBlob: blobs({ s: full }), shrink: async () => null })).toBe(full);
    expect(await photoThumbnail('s', { readBlob: blobs({}), shrink: async () => small })).toBeNull();
  });

  it('the context says "Bailleur" and leaves out what the device does not know', () => {
    expect(pdfContext(null)).toEqual({ logement: { numero: '', typologie: '', etage: '', batiment: '', residence: '', adresse: '', code_postal: '', ville: '' }, bailleur: 'Bailleur' });
  });
});
