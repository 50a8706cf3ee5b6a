import { useEffect, useState } from 'preact/hooks';
import { getMeta, setMeta } from '../../db/meta.js';
import { getFieldRecord } from '../../db/queries.js';
import { recordsOfParent } from '../../db/records.js';
import { roomsOf } from '../../edl/template.js';
import { useLive } from '../hooks.js';
import { EdlOverview } from './EdlOverview.jsx';
import { EdlRoom } from './EdlRoom.jsx';
import { EdlStart } from './EdlStart.jsx';
import { positionKey, resumeRoom } from './model.js';
import './edl.css';

/**
 * #/etat_des_lieux/<id>?logement=<id>: the start screen for a new EDL, else its overview or one
 * of its rooms. An interrupted EDL opens again in the room where it was left (position in meta).
 */
export function EdlScreen({ id, logementId }) {
  const edl = useLive(() => getFieldRecord('etat_des_lieux', id).then((r) => r ?? null), [id]);
  const rows = useLive(() => recordsOfParent('edl_element', id), [id]);
  const [room, setRoom] = useState(undefined); // undefined: not decided yet; -1: overview
  const rooms = rows ? roomsOf(rows) : [];

  useEffect(() => {
    if (room !== undefined || !edl || !rows) return;
    getMeta(positionKey(id)).then((pos) => setRoom(resumeRoom(roomsOf(rows), pos)));
  }, [edl, rows, room]);

  if (edl === undefined || rows === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!edl) return <EdlStart id={id} logementId={logementId} />;
  if (room === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;

  const open = (i) => {
    setRoom(i);
    if (i >= 0 && rooms[i]) setMeta(positionKey(id), { piece: rooms[i].piece, element: null });
    else setMeta(positionKey(id), null);
  };
  if (room >= 0 && rooms[room]) return <EdlRoom key={rooms[room].piece} edl={edl} rooms={rooms} index={room} onOpen={open} />;
  return <EdlOverview edl={edl} rooms={rooms} onOpen={open} />;
}
