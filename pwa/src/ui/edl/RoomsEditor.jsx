import { useState } from 'preact/hooks';
import { addRoom, LayoutError, moveRoom, nextRoomName, removeRoom, renameRoom, ROOM_KINDS } from '../../edl/template.js';
import { uuidv7 } from '../../lib/uuid.js';
import { Confirm } from '../Confirm.jsx';
import { writeLayout } from './layout.js';
import { isDone } from './model.js';

/** "Adapter les pièces": add, rename, remove and reorder the rooms of an EDL (template.js edits). */
export function RoomsEditor({ edl, rooms }) {
  const rows = rooms.flatMap((r) => r.elements);
  const [names, setNames] = useState({});
  const [kind, setKind] = useState('chambre');
  const [error, setError] = useState(null);
  const [removing, setRemoving] = useState(null);

  async function run(edit) {
    setError(null);
    try {
      await writeLayout(edit());
      return true;
    } catch (err) {
      if (err instanceof LayoutError) setError(err.message);
      else throw err;
      return false;
    }
  }
  const rename = async (piece) => {
    if (await run(() => renameRoom(rows, piece, names[piece] ?? piece))) setNames((n) => ({ ...n, [piece]: undefined }));
  };
  const add = () => run(() => addRoom(rows, { edlId: edl.id, kind, piece: nextRoomName(rows, ROOM_KINDS[kind].piece) }, () => uuidv7()));
  const remove = (room) => {
    if (room.elements.some(isDone)) setRemoving(room.piece);
    else run(() => removeRoom(rows, room.piece));
  };

  return (
    <section aria-labelledby="edl-adapter" class="rooms-editor">
      <h3 id="edl-adapter">Adapter les pièces</h3>
      {error && <p class="error" role="alert">{error}</p>}
      <ol class="plain">
        {rooms.map((r, i) => (
          <li key={r.piece} class="room-edit">
            <label for={`nom-${i}`}>Nom de la pièce {i + 1}</label>
            <input id={`nom-${i}`} type="text" value={names[r.piece] ?? r.piece} onInput={(e) => setNames({ ...names, [r.piece]: e.currentTarget.value })} />
            <div class="actions">
              <button type="button" class="secondary" onClick={() => rename(r.piece)}>Renommer<span class="visually-hidden"> : {r.piece}</span></button>
              <button type="button" class="secondary" disabled={i === 0} onClick={() => run(() => moveRoom(rows, r.piece, i - 1))}>Monter<span class="visually-hidden"> : {r.piece}</span></button>
              <button type="button" class="secondary" disabled={i === rooms.length - 1} onClick={() => run(() => moveRoom(rows, r.piece, i + 1))}>Descendre<span class="visually-hidden"> : {r.piece}</span></button>
              <button type="button" class="secondary" onClick={() => remove(r)}>Supprimer<span class="visually-hidden"> : {r.piece}</span></button>
            </div>
            {removing === r.piece && (
              <Confirm title={`Supprimer la pièce « ${r.piece} » ?`} danger="Supprimer la pièce" onCancel={() => setRemoving(null)}
                onConfirm={async () => {
                  setRemoving(null);
                  await run(() => removeRoom(rows, r.piece));
                }}>
                <p>Des éléments de cette pièce sont déjà renseignés ; ils seront supprimés.</p>
              </Confirm>
            )}
          </li>
        ))}
      </ol>
      <label for="edl-kind">Type de pièce à ajouter</label>
      <select id="edl-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
        {Object.entries(ROOM_KINDS).map(([k, v]) => <option key={k} value={k}>{v.piece}</option>)}
      </select>
      <div class="actions"><button type="button" class="secondary" onClick={add}>Ajouter la pièce</button></div>
    </section>
  );
}
