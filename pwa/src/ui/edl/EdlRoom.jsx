import { useEffect, useRef, useState } from 'preact/hooks';
import { getMeta, setMeta } from '../../db/meta.js';
import { writeFieldRecords } from '../../db/writes.js';
import { conditionText, ETATS, MARQUES } from '../../edl/labels.js';
import { addElement, LayoutError } from '../../edl/template.js';
import { uuidv7 } from '../../lib/uuid.js';
import { Photos } from '../Photos.jsx';
import { AutoText } from './AutoText.jsx';
import { ElementsEditor } from './ElementsEditor.jsx';
import { writeLayout } from './layout.js';
import { isDone, positionKey, progressText } from './model.js';

const saveElement = (id, values) => writeFieldRecords([{ entity: 'edl_element', id, values }]);
const noop = () => {};
/** Whether the user asked the system for less motion (then the next element jumps into view). */
const reducedMotion = () => !!globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * One room of an EDL, element by element: one tap per condition (the next element is then
 * scrolled to and focused), the marks, observations and photos; every tap is saved at once, with
 * the position (room, element) the EDL resumes from. "Modifier les éléments" shows, instead, the
 * controls that rename, move and remove them. A sortie gives `Element` (what replaces the
 * condition buttons: {...elementProps, el, advance(values), save(values)}), `adjust(el, values)` (the values each
 * tap writes) and `extra` (under the title).
 */
export function EdlRoom({ edl, rooms, index, onOpen, Element = null, elementProps = {}, adjust = (el, values) => values, extra = null }) {
  const room = rooms[index];
  const els = room.elements;
  const refs = useRef(new Map());
  const nextRef = useRef(null);
  const [photoOf, setPhotoOf] = useState(null);
  const [newName, setNewName] = useState('');
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(false);
  const prev = rooms[index - 1];
  const next = rooms[index + 1];

  const focusEl = (id) => {
    const node = id ? refs.current.get(id) : nextRef.current;
    if (!node) return;
    node.focus();
    node.scrollIntoView?.({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  };
  const remember = (elementId) => setMeta(positionKey(edl.id), { piece: room.piece, element: elementId });

  useEffect(() => {
    // Resume on the element where this room was left.
    let alive = true;
    getMeta(positionKey(edl.id)).then((pos) => {
      if (alive && pos?.piece === room.piece && pos.element) focusEl(pos.element);
    });
    return () => {
      alive = false;
    };
  }, [room.piece]);

  /** Write `values` of an element (those that change), then focus the next one. */
  function advance(el, i, values) {
    const following = els[i + 1]?.id ?? null;
    focusEl(following); // the next element is ready before the write completes
    remember(following ?? el.id);
    const changed = Object.fromEntries(Object.entries(adjust(el, values)).filter(([k, v]) => el[k] !== v));
    if (Object.keys(changed).length) saveElement(el.id, changed);
  }
  const tapEtat = (el, etat, i) => advance(el, i, { etat });
  const toggle = (el, mark) => saveElement(el.id, adjust(el, { [mark]: !el[mark] }));
  const addPhoto = (el) => (photo, blob) => writeFieldRecords(
    [{ entity: 'photo', id: photo.id, values: { sha256: photo.sha256, owner_entity: 'edl_element', owner_record: el.id, caption: photo.caption || '', taken_at: photo.taken_at } }],
    { blobs: [{ sha256: photo.sha256, blob }] },
  );

  async function add(e) {
    e.preventDefault();
    setError(null);
    try {
      const rows = rooms.flatMap((r) => r.elements);
      await writeLayout(addElement(rows, { edlId: edl.id, piece: room.piece, element: newName }, () => uuidv7()));
      setNewName('');
    } catch (err) {
      if (!(err instanceof LayoutError)) throw err;
      setError(err.message);
    }
  }

  return (
    <main id="contenu" class="edl edl-room">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <button type="button" class="linkish" onClick={() => onOpen(-1)}>Sommaire de l'état des lieux</button> › <span>{room.piece}</span>
      </nav>
      <div class="title-row">
        <h2>{room.piece}</h2>
        <p class="progress" aria-live="polite"><span class="visually-hidden">Éléments renseignés : </span>{progressText(els)}</p>
        <button type="button" class="secondary edit-toggle" aria-pressed={editing ? 'true' : 'false'} onClick={() => setEditing(!editing)}>Modifier<span class="visually-hidden"> les éléments</span></button>
      </div>
      {extra}
      {editing && <ElementsEditor rooms={rooms} index={index} onRoomGone={() => onOpen(-1)} onDone={() => setEditing(false)} />}
      {!editing && <ol class="edl-elements">
        {els.map((el, i) => {
          const head = `el-${el.id}`;
          return (
            <li key={el.id}>
              <section role="group" aria-labelledby={head} tabIndex={-1} class={`edl-element${isDone(el) ? ' done' : ''}`}
                ref={(n) => (n ? refs.current.set(el.id, n) : refs.current.delete(el.id))}>
                <h3 id={head}>{el.element}</h3>
                {Element ? <Element {...elementProps} el={el} advance={(values) => advance(el, i, values)} save={(values) => saveElement(el.id, values)} /> : (
                  <>
                    <p class="small muted condition">{conditionText(el) || 'À renseigner'}</p>
                    <div class="etats">
                      {ETATS.map(([k, label]) => (
                        <button key={k} type="button" class={`etat etat-${k}`} aria-pressed={el.etat === k ? 'true' : 'false'} onClick={() => tapEtat(el, k, i)}>{label}</button>
                      ))}
                    </div>
                  </>
                )}
                <div class="marques">
                  {MARQUES.map(([k, label]) => (
                    <button key={k} type="button" class="marque secondary" aria-pressed={el[k] ? 'true' : 'false'} onClick={() => toggle(el, k)}>{label}</button>
                  ))}
                  <button type="button" class="secondary" aria-expanded={photoOf === el.id ? 'true' : 'false'}
                    onClick={() => setPhotoOf(photoOf === el.id ? null : el.id)}>Photo<span class="visually-hidden"> : {el.element}</span></button>
                </div>
                <AutoText id={`obs-${el.id}`} label={`Observations : ${el.element}`} value={el.observations}
                  onSave={(v) => saveElement(el.id, { observations: v })} />
                {photoOf === el.id && <Photos draft={{ id: el.id, photos: [] }} onAdd={addPhoto(el)} onRemove={noop} onCaption={noop} />}
              </section>
            </li>
          );
        })}
      </ol>}
      <form class="add-element" aria-label="Ajouter un élément" onSubmit={add}>
        <label for="new-element">Nouvel élément dans la pièce « {room.piece} »</label>
        <input id="new-element" type="text" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} />
        <button type="submit" class="secondary">Ajouter l'élément</button>
        {error && <p class="error" role="alert">{error}</p>}
      </form>
      <div class="actions room-nav">
        {prev && <button type="button" class="secondary" onClick={() => onOpen(index - 1)}>Pièce précédente : {prev.piece}</button>}
        {next
          ? <button type="button" class="primary" ref={nextRef} onClick={() => onOpen(index + 1)}>Pièce suivante : {next.piece}</button>
          : <button type="button" class="primary" ref={nextRef} onClick={() => onOpen(-1)}>Terminer les pièces</button>}
      </div>
    </main>
  );
}
