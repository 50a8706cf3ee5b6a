import { useState } from 'preact/hooks';
import { CLE_TYPES } from '../../edl/labels.js';
import { AutoText } from './AutoText.jsx';
import { updateEdl } from './edlRecord.js';
import { keyCount, removeAt, replaceAt, tooLong } from './model.js';

const CLES_MAX = 50; // the server's limit

/**
 * The keys and access means handed over: add one (usual types offered, any other typed), the
 * number of each and what it opens (saved as typed), remove one.
 */
export function Cles({ edl }) {
  const cles = edl.cles || [];
  const [type, setType] = useState('');
  const [errors, setErrors] = useState({});

  const setError = (key, error) => setErrors((e) => ({ ...e, [key]: error }));
  const patch = (i, values) => updateEdl(edl.id, (stored) => ({ cles: replaceAt(stored.cles, i, values) }));
  function saveNombre(i, text) {
    const { value, error } = keyCount(text);
    setError(`${i}-nombre`, error || null);
    if (!error) patch(i, { nombre: value });
  }
  function saveDestination(i, text) {
    const error = tooLong(text, 200);
    setError(`${i}-destination`, error);
    if (!error) patch(i, { destination: text });
  }
  async function add(e) {
    e.preventDefault();
    const clean = type.trim();
    const error = clean ? tooLong(clean, 100) : "Indiquez le type de clé ou de moyen d'accès.";
    setError('new', error);
    if (error) return;
    // One key by default: the one being handed over (the number can be changed at once).
    await updateEdl(edl.id, (stored) => ({ cles: [...(stored.cles || []), { type: clean, nombre: 1, destination: '' }] }));
    setType('');
  }
  async function remove(i) {
    setErrors({});
    await updateEdl(edl.id, (stored) => ({ cles: removeAt(stored.cles, i) }));
  }

  return (
    <div class="cles">
      <ol class="plain edl-list">
        {cles.map((c, i) => (
          <li key={`${c.type}-${i}`}>
            <fieldset class="edl-item">
              <legend>{c.type || `Clé ${i + 1}`}</legend>
              <div class="row2">
                <div>
                  <AutoText id={`cle-${i}-nombre`} label={<>Nombre<span class="visually-hidden"> : {c.type}</span></>} inputMode="numeric" value={String(c.nombre ?? '')}
                    onSave={(v) => saveNombre(i, v)} />
                  {errors[`${i}-nombre`] && <p class="error" role="alert">{errors[`${i}-nombre`]}</p>}
                </div>
                <div>
                  <AutoText id={`cle-${i}-destination`} label={<>Destination<span class="visually-hidden"> : {c.type}</span></>} value={c.destination} onSave={(v) => saveDestination(i, v)} />
                  {errors[`${i}-destination`] && <p class="error" role="alert">{errors[`${i}-destination`]}</p>}
                </div>
              </div>
              <div class="actions">
                <button type="button" class="secondary" onClick={() => remove(i)}>Retirer<span class="visually-hidden"> : {c.type}</span></button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <form class="add-row" aria-label="Ajouter une clé" onSubmit={add}>
        <div>
          <label for="cle-type">Type de clé ou de moyen d'accès à ajouter</label>
          <input id="cle-type" type="text" list="cle-types" value={type} aria-invalid={errors.new ? 'true' : undefined}
            onInput={(e) => setType(e.currentTarget.value)} />
          <datalist id="cle-types">
            {CLE_TYPES.map((t) => <option key={t} value={t} />)}
          </datalist>
        </div>
        <button type="submit" class="secondary" disabled={cles.length >= CLES_MAX}>Ajouter la clé</button>
      </form>
      {errors.new && <p class="error" role="alert">{errors.new}</p>}
      {cles.length >= CLES_MAX && <p class="hint">{CLES_MAX} clés ou moyens d'accès au plus.</p>}
    </div>
  );
}
