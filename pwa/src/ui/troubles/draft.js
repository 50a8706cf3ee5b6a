// A form of the troubles screens kept in a draft on the device as the user types (db/drafts.js):
// saved 800 ms after the last change, at once on leaving a field, on leaving the page or screen;
// its photos kept with it until it is validated.
import { useEffect, useRef, useState } from 'preact/hooks';
import { onBeforeLock } from '../../app.js';
import { addDraftPhoto, openDraft, saveDraftMerged } from '../../db/drafts.js';
import { validateDraft } from '../../db/writes.js';

export const BROUILLON_ENREGISTRE = 'Brouillon enregistré';

/**
 * The draft of the `entity` record `id` (a new one under `parentId`): {draft (null while loading),
 * missing, saved (a French line for aria-live), set(field) → (value) => …, flush(), addPhoto,
 * removePhoto, setCaption (the Photos component's), validate() → the mutations, reopen() a
 * draft from the record once validated}.
 */
export function useAutosavedDraft(entity, id, parentId) {
  const [draft, setDraft] = useState(null);
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState('');
  const [opened, setOpened] = useState(0); // reopen(): a new draft from the record as it is now
  const timer = useRef(null);
  const latest = useRef(null);
  const dirty = useRef(false);

  async function flush() {
    clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current || !latest.current) return;
    dirty.current = false;
    const sent = latest.current;
    const stored = await saveDraftMerged(sent);
    if (latest.current === sent) { // a pull rebased it meanwhile: show what is stored
      latest.current = stored;
      setDraft(stored);
    }
    setSaved(BROUILLON_ENREGISTRE);
  }

  useEffect(() => {
    let alive = true;
    openDraft(entity, id, parentId).then((d) => {
      if (!alive) return;
      latest.current = d;
      if (d) setDraft(d);
      else setMissing(true);
    });
    const onHide = () => flush();
    const offLock = onBeforeLock(flush);
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      alive = false;
      flush();
      offLock();
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [id, opened]);

  function change(next) {
    latest.current = next;
    setDraft(next);
    dirty.current = true;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, 800);
  }
  const set = (field) => (value) => change({ ...latest.current, values: { ...latest.current.values, [field]: value } });

  async function addPhoto(photo, blob) {
    const next = { ...latest.current, photos: [...(latest.current.photos || []), photo] };
    latest.current = next;
    setDraft(next);
    await addDraftPhoto(next, photo, blob);
    setSaved(BROUILLON_ENREGISTRE);
  }
  const removePhoto = (pid) => change({ ...latest.current, photos: latest.current.photos.filter((p) => p.id !== pid) });
  const setCaption = (pid, caption) => change({ ...latest.current, photos: latest.current.photos.map((p) => (p.id === pid ? { ...p, caption } : p)) });

  /** Write the record and its new photos (the draft is deleted with it). */
  async function validate() {
    clearTimeout(timer.current);
    timer.current = null;
    dirty.current = false;
    try {
      return await validateDraft(latest.current);
    } catch (err) {
      dirty.current = true; // still the user's: kept on the next flush
      throw err;
    }
  }
  function reopen() {
    latest.current = null;
    setDraft(null);
    setOpened((n) => n + 1);
  }

  return { draft, missing, saved, set, flush, addPhoto, removePhoto, setCaption, validate, reopen };
}
