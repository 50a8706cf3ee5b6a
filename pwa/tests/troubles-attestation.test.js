// The witness statement's canonical form on the tablet (troubles/attestation.js) against the
// vectors sync/attestation.py meets too (tests/vectors/attestation.json), byte for byte; what
// blocks signing; where a signed attestation stands.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalError, contentHash } from '../src/lib/canonical.js';
import {
  ATTESTATION_ENTITY,
  attestationBlockers,
  attestationSigning,
  attestationStatus,
  canonicalAttestation,
  temoinName,
} from '../src/troubles/attestation.js';

const root = new URL('../../', import.meta.url);
const VECTORS = JSON.parse(readFileSync(new URL('tests/vectors/attestation.json', root), 'utf8'));
const PY_SOURCE = readFileSync(new URL('sync/attestation.py', root), 'utf8');

function codeOf(fn) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CanonicalError);
    return error.code;
  }
  return 'no error';
}

describe('the vectors (tests/vectors/attestation.json)', () => {
  it('cover an ID photo among others, two photos out of order, none; and two refusals', () => {
    expect(VECTORS.cases.map((c) => c.input.photos.length)).toEqual([4, 2, 0]);
    expect(VECTORS.refused.map((c) => c.code)).toEqual(['invalid_document', 'invalid_document']);
  });

  for (const c of VECTORS.cases) {
    it(`gives the same text and hash as the server: ${c.name}`, async () => {
      const text = canonicalAttestation(c.input.attestation, c.input.photos);
      expect(text).toBe(c.canonical);
      expect(await contentHash(text)).toBe(c.sha256);
    });
  }

  for (const c of VECTORS.refused) {
    it(`refuses ${c.name}`, () => {
      expect(codeOf(() => canonicalAttestation(c.input.attestation, c.input.photos))).toBe(c.code);
    });
  }

  it('names the entity as the server does', () => {
    expect(PY_SOURCE).toContain(`ATTESTATION_ENTITY = "${ATTESTATION_ENTITY}"`);
  });
});

describe('what blocks signing', () => {
  const complete = { nom: 'Martin', prenom: 'Paul', faits: "J'ai entendu des cris.", fait_le: '2026-11-12', piece_identite: true, mention_legale: true };

  it('nothing once named, the facts written, dated, the ID photographed and the mention ticked', () => {
    expect(attestationBlockers(complete, 1)).toEqual([]);
    expect(attestationBlockers({ ...complete, piece_identite: false }, 0)).toEqual([]);
  });

  it('lists each missing part in the form order, with the field that fixes it', () => {
    const blank = { nom: ' ', prenom: '', faits: '\n', fait_le: null, piece_identite: true, mention_legale: false };
    expect(attestationBlockers(blank, 0).map((b) => [b.code, b.field, b.text])).toEqual([
      ['nom_manquant', 'nom', 'Le nom du témoin n’est pas indiqué'],
      ['prenom_manquant', 'prenom', 'Les prénoms du témoin ne sont pas indiqués'],
      ['faits_manquants', 'faits', 'Les faits constatés ne sont pas relatés'],
      ['date_manquante', 'fait_le', 'La date de l’attestation n’est pas indiquée'],
      ['piece_sans_photo', 'piece_identite', 'La copie de la pièce d’identité est cochée mais aucune photo n’est jointe'],
      ['mention_non_cochee', 'mention_legale', 'La mention légale n’est pas cochée'],
    ]);
  });

  it('refuses a text the server would refuse as too long', () => {
    expect(attestationBlockers({ ...complete, nom: 'x'.repeat(121) }, 1)).toEqual([
      { code: 'trop_long', field: 'nom', text: 'Un texte est trop long (120 caractères au plus)' },
    ]);
  });
});

describe('where an attestation stands', () => {
  const row = { id: 'a1', prenom: ' Hélène ', nom: 'Lefèvre', statut: 'brouillon', content_hash: null };
  const signature = (hash) => ({ id: `s-${hash}`, role: 'temoin', nom: 'Hélène Lefèvre', content_hash: hash, signed_at: '2026-11-12T10:30:00+01:00' });

  it('is signed by the témoin, named by prénoms then nom', () => {
    expect(temoinName(row)).toBe('Hélène Lefèvre');
    const state = attestationSigning(row, [], 'h1');
    expect(state.signers).toEqual([{ key: 'temoin', role: 'temoin', nom: 'Hélène Lefèvre', titre: 'Signature du témoin — Hélène Lefèvre' }]);
    expect(attestationStatus(state)).toBe('À faire signer');
  });

  it("is signed on the device, then received by the server with the same hash", () => {
    const here = attestationSigning(row, [signature('h1')], 'h1');
    expect([here.complete, here.canResume, attestationStatus(here)]).toEqual([true, false, "Signée sur cet appareil — en attente d'envoi"]);
    const there = attestationSigning({ ...row, statut: 'signe', content_hash: 'h1' }, [signature('h1')], 'h1');
    expect(attestationStatus(there)).toBe('Signée — reçue par le serveur');
    const other = attestationSigning({ ...row, statut: 'signe', content_hash: 'h2' }, [], 'h1');
    expect(attestationStatus(other)).toBe('Signée sur le serveur avec une autre empreinte');
  });

  it('asks for a signature again over changed content, and says a refusal in its words', () => {
    const stale = attestationSigning(row, [signature('h0')], 'h1');
    expect([stale.complete, stale.stale.length, stale.missing.map((s) => s.key)]).toEqual([false, 1, ['temoin']]);
    expect(attestationStatus(stale, 'Cette attestation est signée.')).toBe('Refusée par le serveur : Cette attestation est signée.');
  });
});
