import { useState } from 'preact/hooks';
import { photosOf } from '../../db/queries.js';
import { COMPTEUR_LABELS } from '../../edl/labels.js';
import { Confirm } from '../Confirm.jsx';
import { useLive } from '../hooks.js';
import { Thumb } from '../Photos.jsx';
import { AutoText } from './AutoText.jsx';
import { updateEdl } from './edlRecord.js';
import { meterIndex, meterNames, removeAt, replaceAt, tooLong } from './model.js';
import { PhotoPick } from './PhotoPick.jsx';

const COMPTEURS_MAX = 30; // the server's limit
const indexText = (v) => (v === null || v === undefined ? '' : String(v).replace('.', ','));
const isFilled = (c) => !!String(c.numero ?? '').trim() || (c.index !== null && c.index !== undefined) || !!c.photo_id;

/**
 * The meters of an EDL: add one of a type, its number and index (saved as typed), its photo (a
 * photo of the EDL, written with the meter pointing to it; a new photo replaces it), remove one.
 */
export function Compteurs({ edl }) {
  const compteurs = edl.compteurs || [];
  const names = meterNames(compteurs, COMPTEUR_LABELS);
  const photos = useLive(() => photosOf(edl.id), [edl.id]);
  const photoById = new Map((photos || []).map((p) => [p.id, p]));
  const [type, setType] = useState('eau_froide');
  const [errors, setErrors] = useState({});
  const [removing, setRemoving] = useState(null);

  const setError = (key, error) => setErrors((e) => ({ ...e, [key]: error }));
  const patch = (i, values, more) => updateEdl(edl.id, (stored) => ({ compteurs: replaceAt(stored.compteurs, i, values) }), more);
  function saveNumero(i, text) {
    const error = tooLong(text, 100);
    setError(`${i}-numero`, error);
    if (!error) patch(i, { numero: text });
  }
  function saveIndex(i, text) {
    const { value, error } = meterIndex(text);
    setError(`${i}-index`, error || null);
    if (!error) patch(i, { index: value });
  }
  const savePhoto = (i) => (photo, blob) => patch(i, { photo_id: photo.id }, {
    before: [{
      entity: 'photo', id: photo.id,
      values: {
        sha256: photo.sha256, owner_entity: 'etat_des_lieux', owner_record: edl.id,
        caption: `Compteur ${names[i].toLocaleLowerCase('fr')}`, taken_at: photo.taken_at,
      },
    }],
    blobs: [{ sha256: photo.sha256, blob }],
  });
  const add = () => updateEdl(edl.id, (stored) => ({
    compteurs: [...(stored.compteurs || []), { type, numero: '', index: null, photo_id: null }],
  }));
  async function remove(i) {
    setRemoving(null);
    setErrors({});
    await updateEdl(edl.id, (stored) => ({ compteurs: removeAt(stored.compteurs, i) }));
  }

  return (
    <div class="compteurs">
      <ol class="plain edl-list">
        {compteurs.map((c, i) => {
          const name = names[i];
          const photo = c.photo_id ? photoById.get(c.photo_id) : null;
          return (
            <li key={`${c.type}-${i}`}>
              <fieldset class="edl-item">
                <legend>{name}</legend>
                <div class="row2">
                  <div>
                    <AutoText id={`cpt-${i}-numero`} label={<>Numéro<span class="visually-hidden"> du compteur {name}</span></>} value={c.numero} onSave={(v) => saveNumero(i, v)} />
                    {errors[`${i}-numero`] && <p class="error" role="alert">{errors[`${i}-numero`]}</p>}
                  </div>
                  <div>
                    <AutoText id={`cpt-${i}-index`} label={<>Index<span class="visually-hidden"> {name}</span></>} inputMode="decimal" value={indexText(c.index)} onSave={(v) => saveIndex(i, v)} />
                    {errors[`${i}-index`] && <p class="error" role="alert">{errors[`${i}-index`]}</p>}
                  </div>
                </div>
                {photo && <Thumb sha={photo.sha256} alt={`Photo du compteur ${name}`} />}
                {c.photo_id && photos && !photo && <p class="small muted">Photo enregistrée, pas encore sur cet appareil.</p>}
                <div class="actions">
                  <PhotoPick id={`cpt-${i}-photo`} onPhoto={savePhoto(i)}>
                    {c.photo_id ? 'Remplacer la photo' : 'Photo du compteur'}<span class="visually-hidden">{c.photo_id ? ' du compteur' : ''} {name}</span>
                  </PhotoPick>
                  <button type="button" class="secondary" aria-haspopup={isFilled(c) ? 'dialog' : undefined} onClick={() => (isFilled(c) ? setRemoving(i) : remove(i))}>
                    Retirer le compteur<span class="visually-hidden"> {name}</span>
                  </button>
                </div>
                {removing === i && (
                  <Confirm title={`Retirer le compteur « ${name} » ?`} danger="Retirer le compteur" onCancel={() => setRemoving(null)} onConfirm={() => remove(i)}>
                    <p>Son numéro, son index et sa photo ne figureront plus sur l'état des lieux.</p>
                  </Confirm>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div class="add-row">
        <div>
          <label for="cpt-type">Type de compteur à ajouter</label>
          <select id="cpt-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {Object.entries(COMPTEUR_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </div>
        <button type="button" class="secondary" onClick={add} disabled={compteurs.length >= COMPTEURS_MAX}>Ajouter un compteur</button>
      </div>
      {compteurs.length >= COMPTEURS_MAX && <p class="hint">{COMPTEURS_MAX} compteurs au plus.</p>}
    </div>
  );
}
