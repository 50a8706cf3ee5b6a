// The witness statement read back: what the témoin signs, large enough to read at a kitchen
// table; and the re-reading before signing, with what still blocks it and where to fix it.
import { formatDate } from '../../lib/format.js';
import { MENTION_LEGALE } from '../../troubles/attestation.js';
import { Thumb } from '../Photos.jsx';
import { FAITS_LABEL, LIEN_LABEL } from './AttestationForm.jsx';
import '../edl/sign.css';

const orDash = (v) => (v === null || v === undefined || String(v).trim() === '' ? '—' : String(v));

/** "28/02/1961 à Saint-Étienne", or what is known of it. */
const naissance = (v) => [v.date_naissance ? formatDate(v.date_naissance) : null, v.lieu_naissance?.trim() ? `à ${v.lieu_naissance.trim()}` : null]
  .filter(Boolean).join(' ') || '—';

/** Everything of an attestation (`values`) and its ID photos ([{id, sha256}]), read-only. */
export function AttestationContent({ values: v, photos }) {
  return (
    <div class="attestation-content edl-content">
      <dl class="ro-pairs">
        <dt>Nom</dt><dd>{orDash(v.nom)}</dd>
        <dt>Prénoms</dt><dd>{orDash(v.prenom)}</dd>
        <dt>Date et lieu de naissance</dt><dd>{naissance(v)}</dd>
        <dt>Adresse</dt><dd class="ro-text">{orDash(v.adresse)}</dd>
        <dt>Profession</dt><dd>{orDash(v.profession)}</dd>
        <dt>Lien avec les parties</dt><dd class="ro-text">{orDash(v.lien_parties)}</dd>
      </dl>
      <h4>{FAITS_LABEL}</h4>
      <p class="ro-text faits">{orDash(v.faits)}</p>
      <dl class="ro-pairs">
        <dt>Fait à</dt><dd>{orDash(v.fait_a)}</dd>
        <dt>Le</dt><dd>{v.fait_le ? formatDate(v.fait_le) : '—'}</dd>
        <dt>Copie de la pièce d'identité jointe</dt><dd>{v.piece_identite === true ? 'Oui' : 'Non'}</dd>
      </dl>
      {photos.length > 0 && (
        <ul class="thumbs">
          {photos.map((p, n) => <li key={p.id}><Thumb sha={p.sha256} alt={`Pièce d'identité, photo ${n + 1}`} /></li>)}
        </ul>
      )}
      <h4>Mention légale</h4>
      <p class="mention-text">{MENTION_LEGALE}</p>
      <p class={v.mention_legale === true ? 'mention-ok' : 'mention-missing'}>
        {v.mention_legale === true ? 'Mention cochée par le témoin.' : 'Mention non cochée.'}
      </p>
    </div>
  );
}

/**
 * The re-reading before signing: the blockers ([{code, field, text}]) each with "Corriger"
 * (`onFix(field)`), else a line saying it can be signed; the content; "Modifier" and
 * "Figer et faire signer" (`onFreeze()`, disabled while something blocks or `busy`).
 */
export function AttestationReview({ values, photos, blockers, busy, error, onFix, onEdit, onFreeze }) {
  return (
    <section aria-labelledby="attestation-relire">
      <h3 id="attestation-relire">Relire avec le témoin</h3>
      {blockers.length > 0 ? (
        <div class="edl-blockers" role="alert">
          <strong>Avant de faire signer :</strong>
          <ul>
            {blockers.map((b) => (
              <li key={`${b.code}-${b.field}`}>
                <span>{b.text}</span>
                <button type="button" class="secondary" onClick={() => onFix(b.field)}>Corriger</button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="edl-ready" role="status">L'attestation est complète : faites-la relire au témoin, puis figez-la pour qu'il la signe.</p>
      )}
      <AttestationContent values={values} photos={photos} />
      <p class="hint">Une fois figée, l'attestation ne peut plus être modifiée : le témoin signe son contenu exact.</p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={onEdit}>Modifier</button>
        <button type="button" class="primary" disabled={blockers.length > 0 || busy} onClick={onFreeze}>Figer et faire signer</button>
      </div>
    </section>
  );
}
