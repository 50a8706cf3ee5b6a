import { useState } from 'preact/hooks';
import { writeFieldRecords } from '../../db/writes.js';
import { ADDENDUM_LABELS, addendumSigning, addendumStatus, TEXTE_MAX } from '../../edl/addendum.js';
import { loadAddenda } from '../../edl/addendum-document.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { useLive } from '../hooks.js';
import { Photos, Thumb } from '../Photos.jsx';
import { AutoText } from './AutoText.jsx';
import { HashView } from './EdlContent.jsx';
import { Rejections, Signers } from './EdlSign.jsx';
import { tooLong } from './model.js';

const noop = () => {};
const saveAddendum = (id, values) => writeFieldRecords([{ entity: 'edl_addendum', id, values }]);
const TEXT_LABELS = { complement: 'Ce que le locataire complète', chauffage: 'État du chauffage constaté' };

/**
 * One addendum of a signed EDL d'entrée `edl`: its text (a large field saving itself) and photos,
 * then the signatures (locataire and bailleur) over its content hash; frozen once a signature
 * counts. A refusal by the server shows in its words. `onBack()` returns to the signed EDL.
 */
export function AddendumScreen({ id, edl, onBack }) {
  const docs = useLive(() => loadAddenda(edl.id), [edl.id]);
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState(null);
  const [textError, setTextError] = useState(null);
  if (docs === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  const doc = docs.find((d) => d.addendum.id === id);
  if (!doc) {
    return (
      <main id="contenu"><p>Addendum introuvable sur l'appareil.</p>
        <button type="button" class="secondary" onClick={onBack}>Retour à l'état des lieux</button></main>
    );
  }
  const { addendum } = doc;
  const state = addendumSigning(edl, addendum, doc.signatures, doc.hash);
  const frozen = addendum.statut === 'signe' || doc.signatures.length > 0;
  const empty = !String(addendum.texte ?? '').trim();
  const label = ADDENDUM_LABELS[addendum.type] || 'Addendum';
  const refused = doc.refusals.length > 0;

  function saveTexte(v) {
    const long = tooLong(v, TEXTE_MAX);
    setTextError(long);
    if (!long) saveAddendum(id, { texte: v });
  }
  const addPhoto = (photo, blob) => writeFieldRecords(
    [{ entity: 'photo', id: photo.id, values: { sha256: photo.sha256, owner_entity: 'edl_addendum', owner_record: id, caption: photo.caption || '', taken_at: photo.taken_at } }],
    { blobs: [{ sha256: photo.sha256, blob }] },
  );

  return (
    <main id="contenu" class="edl edl-addendum">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(edl.logement_id)}`}>Logement</a> ›{' '}
        <button type="button" class="linkish" onClick={onBack}>État des lieux d'entrée</button> › <span>{label}</span>
      </nav>
      <h2>{label}</h2>
      <p class="muted">Rédigé le {formatDateTime(addendum.redige_le)}, pour l'état des lieux d'entrée du {formatDate(edl.date_edl)}.</p>
      {refused ? (
        <div class="callout error" role="alert">
          {doc.refusals.map((m, i) => <p key={i}>Le serveur a refusé cet addendum : {m}</p>)}
          <p><a href="#/a-traiter">Voir « À traiter »</a></p>
        </div>
      ) : <p class={`edl-status ${state.complete || state.serverSigned ? 'ok' : 'pending'}`} role="status">{addendumStatus(state)}</p>}
      <Rejections signatures={doc.signatures} />
      {doc.error && <p class="error" role="alert">{doc.error}</p>}

      {!frozen && !signing ? (
        <>
          <AutoText id={`addendum-texte-${id}`} label={TEXT_LABELS[addendum.type] || 'Texte'} multiline rows={12} value={addendum.texte}
            hint="Décrivez ce qui est constaté, sans avis sur les personnes. Le texte s'enregistre tout seul." onSave={saveTexte} />
          {textError && <p class="error" role="alert">{textError}</p>}
          <Photos draft={{ id, photos: [] }} onAdd={addPhoto} onRemove={noop} onCaption={noop} />
          {empty && <p class="hint" id="addendum-vide">Rédigez le texte avant de faire signer.</p>}
          <div class="actions">
            <button type="button" class="primary" disabled={empty || !!doc.error} aria-describedby={empty ? 'addendum-vide' : undefined}
              onClick={() => setSigning(true)}>Figer et faire signer</button>
          </div>
        </>
      ) : (
        <section aria-labelledby="addendum-signatures">
          <h3>Texte</h3>
          <p class="ro-text">{addendum.texte || '—'}</p>
          {doc.photos.length > 0 && (
            <ul class="plain entree-thumbs">
              {doc.photos.map((p, n) => <li key={p.id}><Thumb sha={p.sha256} alt={`Photo ${n + 1} de l'addendum`} /></li>)}
            </ul>
          )}
          <HashView hash={doc.hash} />
          <h3 id="addendum-signatures">Signatures</h3>
          <p class="hint">Le locataire et le représentant du bailleur signent ce contenu ; il ne peut plus être modifié ensuite.</p>
          {!doc.error && <Signers state={state} hash={doc.hash} edlId={id} ownerEntity="edl_addendum" onError={setError} />}
          {!frozen && <div class="actions"><button type="button" class="secondary" onClick={() => setSigning(false)}>Reprendre la saisie</button></div>}
        </section>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={onBack}>Retour à l'état des lieux</button>
      </div>
    </main>
  );
}
