// The witness statement (attestation_temoin, CERFA 11527*03) on the tablet, what the screens
// compute with no I/O: its canonical text (docs/canonical.md § 3 bis applied with the key
// "attestation": the bytes sync/attestation.py hashes too, held to tests/vectors/attestation.json),
// what keeps it from being signed, who signs and where it stands.
import { signingState } from '../edl/signing.js';
import { CanonicalError, canonicalJson, signedFields } from '../lib/canonical.js';

export const ATTESTATION_ENTITY = 'attestation_temoin';

/** The legal warning the témoin reads and ticks (art. 202 CPC, art. 441-7 C. pénal). */
export const MENTION_LEGALE = "Je sais que l'attestation est établie en vue de sa production en justice et que toute fausse attestation de ma part m'expose à des sanctions pénales (art. 441-7 du Code pénal).";

/** The server's limits of the attestation's texts (server/families/troubles.py). */
export const LIMITS = {
  nom: 120, prenom: 120, lieu_naissance: 200, adresse: 500, profession: 200, lien_parties: 500, faits: 20000, fait_a: 120,
};

const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0); // UTF-16 code units
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isLive = (item) => item.deleted !== true && item.removed !== true;
const filled = (v) => typeof v === 'string' && v.trim() !== '';

/**
 * The canonical text of an attestation and its photos (the ID copy): records shaped as the pull
 * delivers them ({record, deleted, fields}). Throws CanonicalError (`invalid_document`) for a
 * record without its id or fields, a deleted one, or a kept photo without its sha256.
 */
export function canonicalAttestation(attestation, photos) {
  const id = attestation?.record;
  if (typeof id !== 'string' || !id || !isObject(attestation.fields)) {
    throw new CanonicalError('invalid_document', 'a record without its id or fields');
  }
  if (!isLive(attestation)) throw new CanonicalError('invalid_document', 'a deleted attestation has no content');
  const shown = [];
  for (const item of photos) {
    const photo = item?.fields;
    if (!isObject(photo) || !isLive(item)) continue;
    if (photo.owner_entity !== ATTESTATION_ENTITY || photo.owner_record !== id) continue;
    if (typeof photo.sha256 !== 'string') throw new CanonicalError('invalid_document', 'a photo without its sha256');
    shown.push({ owner: id, sha256: photo.sha256 });
  }
  shown.sort((a, b) => compareText(a.sha256, b.sha256));
  return canonicalJson({ attestation: { id, fields: signedFields(attestation.fields) }, photos: shown });
}

/** "Hélène Lefèvre": the témoin's prénoms then nom, as the signature names them. */
export const temoinName = (v) => [v?.prenom, v?.nom].map((x) => String(x ?? '').trim()).filter(Boolean).join(' ');

/**
 * What keeps an attestation from being signed, in the form's order: [{code, field, text}].
 * `photos`: how many photos of the ID it has (the record's and the draft's).
 */
export function attestationBlockers(v, photos = 0) {
  const out = [];
  if (!filled(v.nom)) out.push({ code: 'nom_manquant', field: 'nom', text: 'Le nom du témoin n’est pas indiqué' });
  if (!filled(v.prenom)) out.push({ code: 'prenom_manquant', field: 'prenom', text: 'Les prénoms du témoin ne sont pas indiqués' });
  if (!filled(v.faits)) out.push({ code: 'faits_manquants', field: 'faits', text: 'Les faits constatés ne sont pas relatés' });
  if (!v.fait_le) out.push({ code: 'date_manquante', field: 'fait_le', text: 'La date de l’attestation n’est pas indiquée' });
  if (v.piece_identite === true && photos === 0) {
    out.push({ code: 'piece_sans_photo', field: 'piece_identite', text: 'La copie de la pièce d’identité est cochée mais aucune photo n’est jointe' });
  }
  if (v.mention_legale !== true) out.push({ code: 'mention_non_cochee', field: 'mention_legale', text: 'La mention légale n’est pas cochée' });
  for (const [field, max] of Object.entries(LIMITS)) {
    if (String(v[field] ?? '').length > max) out.push({ code: 'trop_long', field, text: `Un texte est trop long (${max} caractères au plus)` });
  }
  return out;
}

/** The one signer of an attestation: the témoin, named by their prénoms and nom. */
export function temoinSigner(attestation) {
  const nom = temoinName(attestation);
  return { key: 'temoin', role: 'temoin', nom, titre: `Signature du témoin — ${nom || 'nom à indiquer'}` };
}

/**
 * Where an attestation stands (edl/signing.js signingState): its signer is the témoin; the
 * server marks it `signe` with the content hash once it holds the témoin's signature of it.
 */
export function attestationSigning(attestation, signatures, hash) {
  const edl = { statut: attestation?.statut, content_hash: attestation?.content_hash };
  return signingState({ edl, signatures, hash, signers: [temoinSigner(attestation)], requiredRoles: ['temoin'] });
}

/** Where an attestation stands, in words: a refusal by the server, signed here or there, a draft. */
export function attestationStatus(state, refusal = null) {
  if (refusal) return `Refusée par le serveur : ${refusal}`;
  if (state.sameAsServer) return 'Signée — reçue par le serveur';
  if (state.serverSigned) return 'Signée sur le serveur avec une autre empreinte';
  if (state.complete) return "Signée sur cet appareil — en attente d'envoi";
  return 'À faire signer';
}
