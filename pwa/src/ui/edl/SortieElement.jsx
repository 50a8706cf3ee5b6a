import { useState } from 'preact/hooks';
import { conditionText, ETAT_LABELS, ETATS } from '../../edl/labels.js';
import { chargeable, compare, formatEuros, grilleOf, IMPUTATIONS, vetusteLine } from '../../edl/sortie.js';
import { Thumb } from '../Photos.jsx';
import { AmountField } from './AmountField.jsx';

const COMPARISON = { worse: 'moins bon qu’à l’entrée', equal: 'identique à l’entrée', better: 'meilleur qu’à l’entrée' };

/** What the entry said of an element: its condition, marks and observations, and its photos. */
function EntrySide({ el, entry, photos }) {
  const text = entry ? conditionText(entry) : ETAT_LABELS[el.etat_entree];
  return (
    <div class="sortie-entree">
      <p><span class="label">À l’entrée : </span><strong>{text || 'non renseigné'}</strong>
        {entry?.observations ? <span class="obs"> — {entry.observations}</span> : null}</p>
      {photos?.length > 0 && (
        <ul class="plain entree-thumbs">
          {photos.map((p, n) => <li key={p.id}><Thumb sha={p.sha256} alt={`Photo ${n + 1} à l’entrée : ${el.element}`} /></li>)}
        </ul>
      )}
    </div>
  );
}

/** The tenant's and the landlord's shares of a worse element, with the age and rate applied. */
function Shares({ line }) {
  if (!line) return <p class="hint" aria-live="polite">Choisissez l’imputation et indiquez le coût : les parts s’affichent aussitôt.</p>;
  return (
    <div class="shares" aria-live="polite">
      <p><span>À la charge du locataire</span> <strong>{formatEuros(line.partLocataire)}</strong></p>
      <p><span>À la charge du bailleur</span> <strong>{formatEuros(line.partBailleur)}</strong></p>
      <p class="small">{line.text}</p>
    </div>
  );
}

/**
 * One element of a sortie, in its room (EdlRoom's `Element`): the entry's condition and photos
 * beside, "Identique à l'entrée" in one tap, the condition buttons; when the exit is worse (or
 * there is no entry to compare with), the imputation, the repair cost, the installation date and
 * at once the shares. `ctx`:
 * loadSortieContext's shape.
 */
export function SortieElement({ el, ctx, advance, save }) {
  const [preview, setPreview] = useState(undefined);
  const cmp = compare(el);
  const entry = ctx.entreeElements.get(el.entree_element_id);
  const grille = grilleOf(ctx.grilles, el.grille_element);
  const charged = chargeable(el);
  const line = charged ? vetusteLine(el, ctx, preview === undefined ? el.cout : preview) : null;
  const id = (what) => `${what}-${el.id}`;
  return (
    <>
      {(el.entree_element_id || el.etat_entree) && <EntrySide el={el} entry={entry} photos={ctx.entreePhotos.get(el.entree_element_id)} />}
      <p class="small muted condition">
        À la sortie : {conditionText(el) || 'à renseigner'}{cmp ? <strong class={`cmp cmp-${cmp}`}> · {COMPARISON[cmp]}</strong> : null}
      </p>
      {el.etat_entree && (
        <button type="button" class="identique" aria-pressed={el.identique_entree ? 'true' : 'false'}
          onClick={() => advance({ etat: el.etat_entree, identique_entree: true })}>Identique à l’entrée</button>
      )}
      <div class="etats">
        {ETATS.map(([k, label]) => (
          <button key={k} type="button" class={`etat etat-${k}`} aria-pressed={el.etat === k ? 'true' : 'false'}
            onClick={() => advance({ etat: k, identique_entree: k === el.etat_entree && el.identique_entree })}>{label}</button>
        ))}
      </div>
      {charged && (
        <fieldset class={`imputation${cmp === 'worse' ? '' : ' optional'}`}>
          <legend>{cmp === 'worse' ? 'Moins bon qu’à l’entrée : imputation et coût' : 'Remise en état à chiffrer (si besoin)'}
            <span class="visually-hidden"> — {el.element}</span></legend>
          <div class="choices">
            {IMPUTATIONS.map(([k, label]) => (
              <button key={k} type="button" aria-pressed={el.imputation === k ? 'true' : 'false'} onClick={() => save({ imputation: k })}>{label}</button>
            ))}
          </div>
          <AmountField id={id('cout')} label={<>Coût de la remise en état (€)<span class="visually-hidden"> — {el.element}</span></>}
            value={el.cout} onSave={(v) => save({ cout: v })} onPreview={setPreview} />
          {el.imputation === 'degradation' && grille && (
            <div>
              <label for={id('installe')}>Installé ou renouvelé le<span class="visually-hidden"> — {el.element}</span></label>
              <input id={id('installe')} type="date" value={el.installe_le || ''} onChange={(e) => save({ installe_le: e.currentTarget.value || null })} />
            </div>
          )}
          <Shares line={line} />
        </fieldset>
      )}
    </>
  );
}
