import { useRef, useState } from 'preact/hooks';
import { cancelSignatures, rejectionsOf, writeSignature } from '../../db/signatures.js';
import { ROLE_LABELS, SENS_TITRES } from '../../edl/labels.js';
import { SignaturePad } from '../../edl/SignaturePad.jsx';
import { NOM_MAX } from '../../edl/signing.js';
import { blockersOfDocument } from '../../edl/sortie.js';
import { roomsOf } from '../../edl/template.js';
import { formatDateTime } from '../../lib/format.js';
import { Confirm } from '../Confirm.jsx';
import { useLive } from '../hooks.js';
import { EdlContent, HashView } from './EdlContent.jsx';

export const SIGNATURE_NON_ENREGISTREE = "La signature n'a pas pu être enregistrée sur l'appareil. Réessayez.";
export const NOM_TROP_LONG = `Le nom du signataire ne peut pas dépasser ${NOM_MAX} caractères.`;

const names = (list) => list.map((s) => s.nom).join(', ');
const padId = (key, prefix = 'sig') => `${prefix}-${key.replace(/[^a-z0-9-]/gi, '-')}`;

/** The server's refusals of these signatures, each said plainly, with the way to "À traiter". */
export function Rejections({ signatures }) {
  const ids = signatures.map((s) => s.id).join(',');
  const found = useLive(() => rejectionsOf(signatures), [ids]);
  if (!found?.length) return null;
  return (
    <div class="callout error" role="alert">
      {found.map((r) => <p key={r.signature.id}>Le serveur a refusé la signature de {r.signature.nom} : {r.message}</p>)}
      <p><a href="#/a-traiter">Voir « À traiter »</a></p>
    </div>
  );
}

/**
 * "Signé par <nom> le <date>" for a signer who has signed, else their pad. `edlId`: the signed
 * record, of `ownerEntity` (an EDL by default, or an addendum).
 */
export function Signers({ state, hash, edlId, ownerEntity = 'etat_des_lieux', onError }) {
  // Who signed this content here: a second tap before the pad gives way signs nothing more.
  const signed = useRef(new Set());
  async function sign(signer, { nom, png }) {
    const once = `${signer.key}|${hash}`;
    onError(nom.length > NOM_MAX ? NOM_TROP_LONG : null);
    if (nom.length > NOM_MAX || signed.current.has(once)) return;
    signed.current.add(once);
    try {
      await writeSignature({ edlId, ownerEntity, role: signer.role, nom, png, contentHash: hash });
      // Signing again over the new content replaces the signatures over the former one.
      if (state.stale.length && ownerEntity === 'etat_des_lieux') await cancelSignatures(edlId, state.stale.map((s) => s.id));
    } catch (err) {
      console.error(err);
      signed.current.delete(once);
      onError(SIGNATURE_NON_ENREGISTREE);
    }
  }
  return (
    <ol class="signers">
      {state.signers.map((signer) => {
        const done = state.bySigner.get(signer.key);
        return (
          <li key={signer.key}>
            {done ? (
              <p class="signed-line">
                <span class="role">{ROLE_LABELS[signer.role]}</span>
                Signé par {done.nom} le {formatDateTime(done.signed_at)}
              </p>
            ) : (
              <SignaturePad id={padId(signer.key, ownerEntity === 'etat_des_lieux' ? 'sig' : `sig-${edlId}`)} titre={signer.titre} nom={signer.nom} onSigned={(s) => sign(signer, s)} />
            )}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The signatures of an EDL: its content hash, one pad per signer (each signature written at
 * once), the signers who have signed, a content changed since (signatures to give again), and
 * "Reprendre la saisie" while the server cannot have marked it signed yet.
 */
export function EdlSign({ doc, state, onBack, onResumed }) {
  const [error, setError] = useState(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const { edl, signatures } = doc;
  const title = SENS_TITRES[edl.sens] || 'État des lieux';
  const blockers = signatures.length ? [] : blockersOfDocument(doc, roomsOf(doc.elements));

  async function resume() {
    setBusy(true);
    try {
      await cancelSignatures(edl.id);
      setAsking(false);
      onResumed();
    } catch (err) {
      console.error(err);
      setError("Les signatures n'ont pas pu être annulées sur l'appareil. Réessayez.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="contenu" class="edl edl-sign">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(edl.logement_id)}`}>Logement</a> › <span>{title}</span> › <span>Signatures</span>
      </nav>
      <h2>Signatures — {title}</h2>
      {doc.error && <p class="error" role="alert">{doc.error}</p>}
      <HashView hash={doc.hash} />
      <p class="hint">Cette empreinte identifie le contenu exact qui est signé. Elle figure sur chaque page du PDF remis au locataire.
        {signatures.length ? ' Le document est figé : il ne peut plus être modifié sur cet appareil.' : ''}</p>
      {state.stale.length > 0 && (
        <div class="callout warn" role="alert">
          <p><strong>Le contenu a changé depuis la signature de {names(state.stale)}</strong> (une modification reçue d'une autre tablette).
            Ces signatures ne valent plus : relisez le document, puis faites signer à nouveau.</p>
        </div>
      )}
      {blockers.length > 0 && (
        <p class="callout warn" role="alert">Le document n'est plus complet ({blockers.map((b) => b.text).join(' ; ')}) : revenez à la relecture.</p>
      )}
      <Rejections signatures={signatures} />
      <details class="edl-reread">
        <summary>Relire le document</summary>
        <EdlContent doc={doc} />
      </details>
      {!blockers.length && !doc.error && <Signers state={state} hash={doc.hash} edlId={edl.id} onError={setError} />}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        {!signatures.length && <button type="button" class="secondary" onClick={onBack}>Retour à la relecture</button>}
        {signatures.length > 0 && state.canResume && (
          <button type="button" class="secondary" aria-expanded={asking ? 'true' : 'false'} onClick={() => setAsking(true)}>Reprendre la saisie</button>
        )}
      </div>
      {asking && (
        <Confirm title="Reprendre la saisie ?" danger="Annuler les signatures et reprendre la saisie" cancel="Garder les signatures" busy={busy}
          onConfirm={resume} onCancel={() => setAsking(false)}>
          <p>Les signatures déjà recueillies ({names(signatures)}) seront annulées : après les modifications, toutes les parties devront signer à nouveau.</p>
        </Confirm>
      )}
    </main>
  );
}
