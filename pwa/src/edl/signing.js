// Signing an état des lieux on the tablet (issue 9), what the screens compute with no I/O: what
// blocks signing, who signs, which signature stands for which signer, and where the document is
// (a draft, being signed, signed). The server's rule (server/documents/signing.py): once a
// locataire and the bailleur have signed the current content, the EDL is `signe`.
import { fold } from '../lib/format.js';

/** Signature fields are limited to 200 characters by the server (SignatureSchema.nom). */
export const NOM_MAX = 200;
/** The roles whose signatures over the current content make the server mark the EDL signed. */
export const REQUIRED_ROLES = ['locataire', 'bailleur'];

const text = (v) => (typeof v === 'string' ? v.trim() : '');
const sameName = (a, b) => fold(text(a)).replace(/\s+/g, ' ') === fold(text(b)).replace(/\s+/g, ' ');
const bySignedAt = (a, b) => String(a.signed_at || '').localeCompare(String(b.signed_at || '')) || String(a.id).localeCompare(String(b.id));

/** Whether an element is filled in: a condition, or marked non testé or absent. */
export const isFilled = (el) => !!(el?.etat || el?.non_teste || el?.absent);

/**
 * What keeps an EDL from being signed, in reading order: [{code, text, piece?, element?, field?}].
 * `rooms`: roomsOf()'s shape. Codes: `elements_a_renseigner` (one per room, `element` the first
 * to fill in), `locataire_manquant`, `representant_manquant`.
 */
export function blockersOf(edl, rooms) {
  const out = [];
  for (const room of rooms) {
    const todo = room.elements.filter((e) => !isFilled(e));
    if (!todo.length) continue;
    const names = todo.slice(0, 3).map((e) => e.element).join(', ') + (todo.length > 3 ? '…' : '');
    out.push({
      code: 'elements_a_renseigner', piece: room.piece, element: todo[0].id,
      text: `${room.piece} : ${todo.length === 1 ? '1 élément à renseigner' : `${todo.length} éléments à renseigner`} (${names})`,
    });
  }
  if (!(edl.parties || []).some((p) => p?.role === 'locataire' && text(p.nom))) {
    out.push({ code: 'locataire_manquant', field: 'parties', text: 'Aucun locataire nommé parmi les parties' });
  }
  if (!text(edl.bailleur_representant)) {
    out.push({ code: 'representant_manquant', field: 'bailleur_representant', text: 'Le représentant du bailleur n’est pas indiqué' });
  }
  return out;
}

/**
 * Who signs, in order: each named locataire party, the bailleur's representative, the mandataire
 * if there is one: [{key, role, nom, titre}] (`nom` prefills the pad).
 */
export function signersOf(edl) {
  const out = [];
  (edl.parties || []).forEach((p, i) => {
    if (p?.role !== 'locataire' || !text(p.nom)) return;
    out.push({ key: `locataire:${i}`, role: 'locataire', nom: text(p.nom).slice(0, NOM_MAX), titre: `Signature du locataire — ${text(p.nom)}` });
  });
  out.push({ key: 'bailleur', role: 'bailleur', nom: text(edl.bailleur_representant).slice(0, NOM_MAX), titre: 'Signature du représentant du bailleur' });
  if (text(edl.mandataire)) out.push({ key: 'mandataire', role: 'mandataire', nom: text(edl.mandataire).slice(0, NOM_MAX), titre: 'Signature du mandataire' });
  return out;
}

/**
 * Which signature stands for which signer: Map key → signature. A signature of the signer's role
 * and name first; then (a name corrected on the pad) one of that role whose name no signer
 * bears, oldest first.
 */
export function assignSignatures(signers, signatures) {
  const sorted = [...signatures].sort(bySignedAt);
  const bySigner = new Map();
  const used = new Set();
  const take = (signer, match) => {
    const s = sorted.find((x) => !used.has(x.id) && x.role === signer.role && match(x));
    if (!s) return;
    bySigner.set(signer.key, s);
    used.add(s.id);
  };
  for (const signer of signers) take(signer, (s) => sameName(s.nom, signer.nom));
  // A name no signer bears (corrected on the pad); never a second signature of a named signer.
  const unnamed = (s) => !signers.some((o) => o.role === s.role && sameName(o.nom, s.nom));
  for (const signer of signers) if (!bySigner.has(signer.key)) take(signer, unnamed);
  return bySigner;
}

/**
 * Where an EDL stands, from its record, its signatures on this device (cancelled ones left out)
 * and the hash of its content on this device: {signers, bySigner, current, stale, missing,
 * complete, serverSigned, sameAsServer, canResume, mode}. `current`: signatures over this
 * content; `stale`: over other content (a change pulled since). `mode`: 'draft' (no signature,
 * editable), 'sign' (signatures missing) or 'signed' (read-only). Another signed document (a
 * witness statement) passes its own `signers` and the `requiredRoles` the server waits for.
 */
export function signingState({ edl, signatures, hash, signers = signersOf(edl), requiredRoles = REQUIRED_ROLES }) {
  const current = signatures.filter((s) => s.content_hash === hash);
  const stale = signatures.filter((s) => s.content_hash !== hash);
  const bySigner = assignSignatures(signers, current);
  const missing = signers.filter((s) => !bySigner.has(s.key));
  const complete = missing.length === 0;
  const serverSigned = edl.statut === 'signe';
  const sameAsServer = serverSigned && edl.content_hash === hash;
  const roles = new Set(current.map((s) => s.role));
  const serverWillSign = requiredRoles.every((r) => roles.has(r));
  let mode = 'sign';
  if (serverSigned || complete) mode = 'signed';
  else if (!signatures.length) mode = 'draft';
  return {
    signers, bySigner, current, stale, missing, complete, serverSigned, sameAsServer,
    // Once the required roles (a locataire and the bailleur) have signed this content, the server
    // marks it signed as soon as it receives them: editing again would be refused.
    canResume: !serverSigned && !serverWillSign,
    mode,
  };
}

/** A hex hash in groups of `size` characters, to read aloud ("3f0a9c1e 5b7d2468 …"). */
export function groupHash(hex, size = 8) {
  return (String(hex || '').match(new RegExp(`.{1,${size}}`, 'g')) || []).join(' ');
}

/** "etat-des-lieux-entree-12-2026-06-15.pdf": the sens, the logement's numero and the EDL's date. */
export function pdfFileName(edl, numero, today = new Date()) {
  const slug = (v) => fold(v).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(edl?.date_edl || ''));
  const pad = (n) => String(n).padStart(2, '0');
  const date = m ? m[1] : `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return ['etat-des-lieux', slug(edl?.sens || 'entree') || 'entree', slug(numero) || 'logement', date].join('-') + '.pdf';
}
