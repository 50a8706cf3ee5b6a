// The witness statement's form, in the CERFA 11527*03's own words (art. 202 du code de
// procédure civile): who the témoin is, their links with the parties, the facts they saw or
// heard themselves, where and when it is written, the copy of their ID, the legal warning.
import { useEffect } from 'preact/hooks';
import { LIMITS, MENTION_LEGALE } from '../../troubles/attestation.js';
import { Photos } from '../Photos.jsx';
import { DateOnly, FreeText } from './parts.jsx';

export const FAITS_LABEL = 'Relation des faits auxquels vous avez assisté ou que vous avez personnellement constatés';
export const FAITS_AIDE = "Ce que le témoin a vu ou entendu lui-même : dates, heures, lieux, paroles entendues. Pas de rumeur, d'opinion ni de jugement sur les personnes.";
export const LIEN_LABEL = "Lien de parenté ou d'alliance avec les parties, de subordination à leur égard, de collaboration ou de communauté d'intérêts avec elles";

/** A required tick with its label beside it (a large target: the whole line). */
function Tick({ id, label, checked, onChange, hint }) {
  return (
    <div class="field tick">
      <input id={id} type="checkbox" checked={checked === true} aria-describedby={hint ? `${id}-aide` : undefined}
        onChange={(e) => onChange(e.currentTarget.checked)} />
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-aide`}>{hint}</p>}
    </div>
  );
}

/**
 * The attestation's fields, kept in the draft as they are typed (`form`: ui/troubles/draft.js),
 * with the ID's photos. `focus`: the field to put the cursor in (a blocker to fix).
 * `onReview()` goes to the re-reading before signing.
 */
export function AttestationForm({ form, focus, onReview }) {
  const { draft, set, flush } = form;
  const v = draft.values;
  useEffect(() => {
    if (focus) document.getElementById(`a-${focus}`)?.focus();
  }, [focus]);
  const text = (f, label, extra = {}) => (
    <FreeText id={`a-${f}`} label={label} value={v[f]} onInput={set(f)} onBlur={flush} rows={1} maxLength={LIMITS[f]} cnil={false} {...extra} />
  );
  const review = async (e) => {
    e.preventDefault();
    await flush();
    onReview();
  };
  return (
    <form aria-label="Attestation de témoin" onSubmit={review} novalidate>
      <fieldset class="choices">
        <legend>Le témoin — je soussigné(e)</legend>
        <div class="row2">
          {text('nom', 'Nom', { required: true })}
          {text('prenom', 'Prénoms', { required: true })}
        </div>
        <div class="row2">
          <DateOnly id="a-date_naissance" label="Date de naissance" value={v.date_naissance} onChange={set('date_naissance')} />
          {text('lieu_naissance', 'Lieu de naissance')}
        </div>
        {text('adresse', 'Adresse', { rows: 2 })}
        {text('profession', 'Profession')}
        {text('lien_parties', LIEN_LABEL, { rows: 2, cnil: true, hint: 'Écrivez « Aucun » s’il n’y en a pas.' })}
      </fieldset>
      <FreeText id="a-faits" label={FAITS_LABEL} value={v.faits} onInput={set('faits')} onBlur={flush} rows={14} maxLength={LIMITS.faits}
        hint={FAITS_AIDE} required />
      <div class="row2">
        {text('fait_a', 'Fait à')}
        <DateOnly id="a-fait_le" label="Le" value={v.fait_le} onChange={set('fait_le')} />
      </div>
      <fieldset class="choices">
        <legend>Pièce d'identité</legend>
        <Tick id="a-piece_identite" label="Copie de la pièce d'identité jointe" checked={v.piece_identite} onChange={set('piece_identite')}
          hint="Un document officiel portant la signature du témoin (carte d'identité, passeport) : photographiez-le ci-dessous. Cette photo est jointe à l'attestation et signée avec elle." />
        <Photos draft={draft} onAdd={form.addPhoto} onRemove={form.removePhoto} onCaption={form.setCaption} captionMax={500} />
      </fieldset>
      <fieldset class="choices mention">
        <legend>Mention légale</legend>
        <Tick id="a-mention_legale" label={`${MENTION_LEGALE} *`} checked={v.mention_legale} onChange={set('mention_legale')}
          hint="Le témoin lit cette mention et la coche lui-même : sans elle, l'attestation ne peut pas être signée." />
      </fieldset>
      <p class="autosave small" aria-live="polite">{form.saved}</p>
      <div class="actions"><button type="submit" class="primary">Relire et faire signer</button></div>
    </form>
  );
}
