import { useState } from 'preact/hooks';
import { photosOf } from '../../db/queries.js';
import { attestationBlockers, ATTESTATION_ENTITY, attestationSigning, attestationStatus } from '../../troubles/attestation.js';
import { loadAttestation } from '../../troubles/attestation-document.js';
import { HashView } from '../edl/EdlContent.jsx';
import { Rejections, Signers } from '../edl/EdlSign.jsx';
import { useLive } from '../hooks.js';
import { AttestationContent, AttestationReview } from './AttestationContent.jsx';
import { AttestationForm } from './AttestationForm.jsx';
import { useAutosavedDraft } from './draft.js';
import './troubles.css';

export const NON_ENREGISTREE = "L'attestation n'a pas pu être enregistrée sur l'appareil. Réessayez.";
export const CONTENU_CHANGE = "Le contenu de l'attestation a changé depuis la signature du témoin (une modification reçue d'une autre tablette) : faites-la relire au témoin et signer à nouveau.";

/**
 * The frozen attestation: where it stands, its content and hash, the témoin's pad (written at
 * once) or signature. `onResume()` goes back to the form while nobody has signed.
 */
function AttestationSigning({ doc, onResume }) {
  const [error, setError] = useState(null);
  const { attestation } = doc;
  const state = attestationSigning(attestation, doc.signatures, doc.hash);
  const refusal = doc.refusals[0] ?? null;
  const ok = (state.complete || state.serverSigned) && !refusal;
  return (
    <section aria-labelledby="attestation-signature">
      <p class={`edl-status ${ok ? 'ok' : 'pending'}`} role="status">{attestationStatus(state, refusal)}</p>
      {refusal && <p><a href="#/a-traiter">Voir « À traiter »</a></p>}
      <Rejections signatures={doc.signatures} />
      {doc.error && <p class="error" role="alert">{doc.error}</p>}
      {state.stale.length > 0 && !state.complete && !state.serverSigned && <p class="callout warn" role="alert">{CONTENU_CHANGE}</p>}
      <HashView hash={doc.hash} />
      <p class="hint">Cette empreinte identifie le contenu exact que le témoin signe. L'attestation ne peut plus être modifiée.</p>
      <AttestationContent values={attestation} photos={doc.photos} />
      <h3 id="attestation-signature">Signature du témoin</h3>
      {!doc.error && !(state.serverSigned && !state.complete) && (
        <Signers state={state} hash={doc.hash} edlId={attestation.id} ownerEntity={ATTESTATION_ENTITY} onError={setError} />
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {!doc.signatures.length && !state.serverSigned && (
        <div class="actions"><button type="button" class="secondary" onClick={onResume}>Reprendre la saisie</button></div>
      )}
    </section>
  );
}

/**
 * #/attestation_temoin/<id>?dossier_trouble=<id>: the witness statement (CERFA 11527*03). The form
 * is kept in a draft as it is typed; "Relire et faire signer" lists what blocks signing; "Figer
 * et faire signer" writes the record and shows its content hash; the témoin signs; from then on it
 * opens read-only. Everything works offline.
 */
export function AttestationScreen({ id, parentId }) {
  const doc = useLive(() => loadAttestation(id), [id]);
  const stored = useLive(() => photosOf(id), [id]);
  const form = useAutosavedDraft(ATTESTATION_ENTITY, id, parentId);
  const [mode, setMode] = useState('edit'); // edit → review → sign
  const [focus, setFocus] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  const frozen = !!doc && (doc.signatures.length > 0 || doc.attestation.statut === 'signe');
  const dossierId = doc?.attestation.dossier_id || form.draft?.values.dossier_id || parentId;

  async function freeze() {
    setBusy(true);
    setError(null);
    try {
      await form.validate();
      setMode('sign');
    } catch (err) {
      console.error(err);
      setError(NON_ENREGISTREE);
    } finally {
      setBusy(false);
    }
  }
  const fix = (field) => {
    setFocus(field);
    setMode('edit');
  };
  const resume = () => {
    form.reopen();
    setFocus(null);
    setMode('edit');
  };

  let body;
  if (doc === undefined || stored === undefined) body = <p class="muted">Chargement…</p>;
  else if (frozen || (mode === 'sign' && doc)) body = <AttestationSigning doc={doc} onResume={resume} />;
  else if (form.missing) body = <p role="alert">Attestation introuvable sur l'appareil : recueillez-la depuis le dossier.</p>;
  else if (!form.draft || mode === 'sign') body = <p class="muted">Chargement…</p>;
  else if (mode === 'review') {
    const photos = [...stored, ...(form.draft.photos || []).filter((p) => !stored.some((s) => s.id === p.id))];
    body = (
      <AttestationReview values={form.draft.values} photos={photos} blockers={attestationBlockers(form.draft.values, photos.length)}
        busy={busy} error={error} onFix={fix} onEdit={() => fix(null)} onFreeze={freeze} />
    );
  } else body = <AttestationForm form={form} focus={focus} onReview={() => setMode('review')} />;

  return (
    <main id="contenu" class="troubles attestation">
      {dossierId && (
        <nav class="crumbs" aria-label="Fil d'Ariane"><a href={`#/dossier_trouble/${encodeURIComponent(dossierId)}`}>Dossier de troubles</a></nav>
      )}
      <h2>Attestation de témoin</h2>
      <p class="hint">Modèle CERFA 11527*03 (article 202 du code de procédure civile).</p>
      {body}
    </main>
  );
}
