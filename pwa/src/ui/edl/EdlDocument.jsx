// The screens of an EDL as a document — review, signatures, signed — loaded in a chunk of their
// own (with the signature pad) when one of them is first opened.
import { getFieldRecord } from '../../db/queries.js';
import { loadEdlDocument } from '../../edl/document.js';
import { signingState } from '../../edl/signing.js';
import { blockersOfDocument } from '../../edl/sortie.js';
import { loadSortieContext } from '../../edl/sortie-context.js';
import { roomsOf } from '../../edl/template.js';
import { useLive } from '../hooks.js';
import { EdlReview } from './EdlReview.jsx';
import { EdlSign } from './EdlSign.jsx';
import { EdlSigned } from './EdlSigned.jsx';

/**
 * An EDL as a document (loadEdlDocument), with `sortie`: what a sortie is compared with (its
 * entry, the grille), read first: every read of a live query comes before the hash.
 */
async function loadDocument(id) {
  const edl = await getFieldRecord('etat_des_lieux', id);
  const sortie = edl?.sens === 'sortie' ? await loadSortieContext(edl) : null;
  const doc = await loadEdlDocument(id);
  return doc && { ...doc, sortie };
}

/**
 * The review ('review'), the signatures ('sign') or the signed view of an EDL, after its state:
 * once a signature counts on this device, the signatures until all are in, then the signed view,
 * whatever `mode` asks. Handlers: onFix(blocker), onSign(), onBack() (to the overview),
 * onReview(), onResumed() (signatures cancelled).
 */
export function EdlDocument({ id, mode, onFix, onSign, onBack, onReview, onResumed }) {
  const doc = useLive(() => loadDocument(id), [id]);
  if (doc === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (doc === null) return <main id="contenu"><p>État des lieux introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const state = signingState(doc);
  if (state.mode === 'signed') return <EdlSigned doc={doc} state={state} />;
  const blocked = doc.error || blockersOfDocument(doc, roomsOf(doc.elements)).length > 0;
  if (state.mode === 'sign' || (mode === 'sign' && !blocked)) {
    return <EdlSign doc={doc} state={state} onBack={onReview} onResumed={onResumed} />;
  }
  return <EdlReview doc={doc} onFix={onFix} onSign={onSign} onBack={onBack} />;
}
