import { SENS_TITRES } from '../../edl/labels.js';
import { blockersOfDocument } from '../../edl/sortie.js';
import { roomsOf } from '../../edl/template.js';
import { EdlContent } from './EdlContent.jsx';

/**
 * "Relire" an EDL before it is signed: everything of it read-only, what still blocks signing with
 * a button to the place to fix it, and "Figer et passer aux signatures" once nothing does.
 * `onFix(blocker)` opens the room or the field; `onSign()` goes to the signatures.
 */
export function EdlReview({ doc, onFix, onSign, onBack }) {
  const { edl } = doc;
  const blockers = blockersOfDocument(doc, roomsOf(doc.elements));
  const ready = !blockers.length && !doc.error;
  const title = SENS_TITRES[edl.sens] || 'État des lieux';
  return (
    <main id="contenu" class="edl edl-relecture">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(edl.logement_id)}`}>Logement</a> ›{' '}
        <button type="button" class="linkish" onClick={onBack}>{title}</button> › <span>Relecture</span>
      </nav>
      <h2>Relecture — {title}</h2>
      {doc.error && <p class="error" role="alert">{doc.error}</p>}
      {blockers.length > 0 ? (
        <section class="edl-blockers" aria-labelledby="edl-blockers-t">
          <h3 id="edl-blockers-t">À compléter avant de signer ({blockers.length})</h3>
          <ul>
            {blockers.map((b) => (
              <li key={`${b.code}-${b.piece || ''}`}>
                <span>{b.text}</span>
                <button type="button" class="secondary" onClick={() => onFix(b)}>
                  {b.piece ? `Ouvrir « ${b.piece} »` : b.code === 'locataire_manquant' ? 'Compléter les parties' : 'Indiquer le représentant'}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        !doc.error && <p class="edl-ready">Tout est renseigné : le document peut être figé et signé.</p>
      )}

      <EdlContent doc={doc} />

      <div class="actions">
        <button type="button" class="secondary" onClick={onBack}>Retour au sommaire</button>
        <button type="button" class="primary" disabled={!ready} aria-describedby={blockers.length ? 'edl-blockers-t' : undefined} onClick={onSign}>
          Figer et passer aux signatures
        </button>
      </div>
    </main>
  );
}
