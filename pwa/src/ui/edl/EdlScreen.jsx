import { useEffect, useState } from 'preact/hooks';
import { getMeta, setMeta } from '../../db/meta.js';
import { getFieldRecord } from '../../db/queries.js';
import { recordsOfParent } from '../../db/records.js';
import { signaturesOf } from '../../db/signatures.js';
import { roomsOf } from '../../edl/template.js';
import { useLive } from '../hooks.js';
import { EdlOverview } from './EdlOverview.jsx';
import { EdlRoom } from './EdlRoom.jsx';
import { EdlStart } from './EdlStart.jsx';
import { lazyScreen } from './lazy.jsx';
import { positionKey, resumeRoom } from './model.js';
import './edl.css';

/** Where an EDL resumes from its saved position: {mode: 'overview'|'room'|'review'|'sign', room}. */
export function resumeView(rooms, position) {
  if (position?.mode === 'review' || position?.mode === 'sign') return { mode: position.mode, room: -1 };
  const room = resumeRoom(rooms, position);
  return room >= 0 ? { mode: 'room', room } : { mode: 'overview', room: -1 };
}

/** The review, signature and signed screens (EdlDocument.jsx), loaded on first use. */
const DocumentScreens = lazyScreen(() => import('./EdlDocument.jsx'), 'EdlDocument');
/** The sortie's start, overview and room screens (EdlSortie.jsx), loaded on first use. */
const SortieStart = lazyScreen(() => import('./EdlSortie.jsx'), 'SortieStart');
const SortieScreen = lazyScreen(() => import('./EdlSortie.jsx'), 'SortieScreen');

/**
 * #/etat_des_lieux/<id>?logement=<id>: the start screen for a new EDL, else its overview, one of
 * its rooms, its review or its signatures; an interrupted EDL opens again where it was left
 * (position in meta). Once a signature counts on this device (or the server says it is signed)
 * the EDL is frozen here: only the signatures or the signed view show. `sens`: the kind of EDL
 * a new one is ('entree' or 'sortie': its start screen).
 */
export function EdlScreen({ id, logementId, sens = 'entree' }) {
  const edl = useLive(() => getFieldRecord('etat_des_lieux', id).then((r) => r ?? null), [id]);
  const rows = useLive(() => recordsOfParent('edl_element', id), [id]);
  const signatures = useLive(() => signaturesOf(id), [id]);
  const [view, setView] = useState(undefined); // undefined: not decided yet
  const rooms = rows ? roomsOf(rows) : [];

  useEffect(() => {
    if (view !== undefined || !edl || !rows) return;
    getMeta(positionKey(id)).then((pos) => setView(resumeView(roomsOf(rows), pos)));
  }, [edl, rows, view]);

  useEffect(() => {
    // A blocker fixed in the overview: its field gets the focus.
    if (view?.mode !== 'overview' || !view.focus) return;
    const target = document.getElementById(view.focus);
    target?.scrollIntoView?.({ block: 'start' });
    if (target?.matches?.('input, textarea, select, button')) target.focus();
  }, [view]);

  const loading = <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (edl === undefined || rows === undefined || signatures === undefined) return loading;
  if (!edl) return sens === 'sortie' ? <SortieStart id={id} logementId={logementId} /> : <EdlStart id={id} logementId={logementId} />;
  if (view === undefined) return loading;

  const go = (next, position) => {
    setView(next);
    setMeta(positionKey(id), position);
  };
  const open = (i) => {
    if (i >= 0 && rooms[i]) go({ mode: 'room', room: i }, { piece: rooms[i].piece, element: null });
    else go({ mode: 'overview', room: -1 }, null);
  };
  const fix = (blocker) => {
    const i = rooms.findIndex((r) => r.piece === blocker.piece);
    if (i >= 0) go({ mode: 'room', room: i }, { piece: blocker.piece, element: blocker.element ?? null });
    else go({ mode: 'overview', room: -1, focus: blocker.field === 'parties' ? 'edl-parties' : 'edl-bailleur-representant' }, null);
  };
  const review = () => go({ mode: 'review', room: -1 }, { mode: 'review' });

  const frozen = edl.statut === 'signe' || signatures.length > 0;
  if (frozen || view.mode === 'review' || view.mode === 'sign') {
    return (
      <DocumentScreens id={id} mode={view.mode} onFix={fix} onBack={() => open(-1)} onReview={review}
        onSign={() => go({ mode: 'sign', room: -1 }, { mode: 'sign' })} onResumed={() => open(-1)} />
    );
  }
  if (edl.sens === 'sortie') {
    const room = view.mode === 'room' && rooms[view.room] ? view.room : -1;
    return <SortieScreen key={room >= 0 ? rooms[room].piece : ''} edl={edl} rooms={rooms} index={room} onOpen={open} onReview={review} />;
  }
  if (view.mode === 'room' && rooms[view.room]) {
    return <EdlRoom key={rooms[view.room].piece} edl={edl} rooms={rooms} index={view.room} onOpen={open} />;
  }
  return <EdlOverview edl={edl} rooms={rooms} onOpen={open} onReview={review} />;
}
