import { useEffect, useRef, useState } from 'preact/hooks';
import { photosOf } from '../../db/queries.js';
import { LayoutError, moveElement, removeElement, renameElement } from '../../edl/template.js';
import { Confirm } from '../Confirm.jsx';
import { useLive } from '../hooks.js';
import { writeLayout } from './layout.js';
import { hasContent } from './model.js';

/**
 * "Modifier les éléments" of a room: rename, move up or down and remove its elements (template.js
 * edits). Removing one that is filled in, has photos, or is the room's last one asks first.
 * `onRoomGone()` is called when the room's last element is removed (the room goes with it);
 * `onDone()` goes back to the condition buttons.
 */
export function ElementsEditor({ rooms, index, onRoomGone, onDone }) {
  const els = rooms[index].elements;
  const rows = rooms.flatMap((r) => r.elements);
  const ids = els.map((e) => e.id);
  const counts = useLive(async () => new Map(await Promise.all(ids.map(async (k) => [k, (await photosOf(k)).length]))), [ids.join()]);
  const known = useRef(new Map()); // photo counts seen so far: the query starts again after each edit
  if (counts) known.current = counts;
  const [names, setNames] = useState({});
  const [error, setError] = useState(null);
  const [removing, setRemoving] = useState(null);
  const [moved, setMoved] = useState(null); // {id, at, dir}: the moved element's button keeps the focus

  useEffect(() => {
    if (!moved || els.findIndex((e) => e.id === moved.id) !== moved.at) return;
    const same = document.getElementById(`el-${moved.dir}-${moved.id}`);
    const other = document.getElementById(`el-${moved.dir === 'up' ? 'down' : 'up'}-${moved.id}`);
    (same && !same.disabled ? same : other)?.focus();
    setMoved(null);
  }, [els, moved]);

  async function run(edit) {
    setError(null);
    try {
      await writeLayout(edit());
      return true;
    } catch (err) {
      if (!(err instanceof LayoutError)) throw err;
      setError(err.message);
      return false;
    }
  }
  async function rename(el) {
    if (await run(() => renameElement(rows, el.id, names[el.id] ?? el.element))) setNames((n) => ({ ...n, [el.id]: undefined }));
  }
  function move(el, i, dir) {
    setMoved({ id: el.id, at: dir === 'up' ? i - 1 : i + 1, dir });
    run(() => moveElement(rows, el.id, dir === 'up' ? i - 1 : i + 1));
  }
  async function remove(el) {
    setRemoving(null);
    if (els.length === 1) onRoomGone(); // leave first: this room's index would show the next room
    await run(() => removeElement(rows, el.id));
  }
  const photoCount = (el) => known.current.get(el.id); // undefined: not known yet, so it may have some
  const filled = (el) => hasContent(el, photoCount(el) ?? 1);

  return (
    <section aria-labelledby="edl-modifier" class="elements-editor">
      <h3 id="edl-modifier" class="visually-hidden">Modifier les éléments</h3>
      {error && <p class="error" role="alert">{error}</p>}
      <ol class="plain">
        {els.map((el, i) => (
          <li key={el.id} class="element-edit">
            <label for={`el-nom-${el.id}`}>Nom de l'élément {i + 1}</label>
            <input id={`el-nom-${el.id}`} type="text" value={names[el.id] ?? el.element}
              onInput={(e) => setNames({ ...names, [el.id]: e.currentTarget.value })} />
            {photoCount(el) > 0 && <p class="small muted">{photoCount(el) === 1 ? '1 photo' : `${photoCount(el)} photos`}</p>}
            <div class="actions">
              <button type="button" class="secondary" onClick={() => rename(el)}>Renommer<span class="visually-hidden"> : {el.element}</span></button>
              <button type="button" id={`el-up-${el.id}`} class="secondary" disabled={i === 0} onClick={() => move(el, i, 'up')}>
                Monter<span class="visually-hidden"> : {el.element}</span>
              </button>
              <button type="button" id={`el-down-${el.id}`} class="secondary" disabled={i === els.length - 1} onClick={() => move(el, i, 'down')}>
                Descendre<span class="visually-hidden"> : {el.element}</span>
              </button>
              <button type="button" class="secondary" onClick={() => (els.length === 1 || filled(el) ? setRemoving(el.id) : remove(el))}>
                Supprimer<span class="visually-hidden"> : {el.element}</span>
              </button>
            </div>
            {removing === el.id && (
              <Confirm title={`Supprimer l'élément « ${el.element} » ?`} danger="Supprimer l'élément" onCancel={() => setRemoving(null)} onConfirm={() => remove(el)}>
                {hasContent(el, photoCount(el) ?? 0)
                  ? <p>Il est déjà renseigné (état, observations ou photos) ; tout sera supprimé avec lui.</p>
                  : photoCount(el) === undefined && <p>Ses photos, s'il en a, seront supprimées avec lui.</p>}
                {els.length === 1 && <p>C'est le dernier élément de la pièce « {el.piece} » : la pièce sera supprimée aussi.</p>}
              </Confirm>
            )}
          </li>
        ))}
      </ol>
      <div class="actions"><button type="button" class="primary" onClick={onDone}>Terminer les modifications</button></div>
    </section>
  );
}
