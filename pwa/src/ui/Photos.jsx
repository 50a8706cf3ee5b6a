import { useEffect, useState } from 'preact/hooks';
import { loadPhoto } from '../app.js';
import { photosOf } from '../db/queries.js';
import { toIsoWithOffset } from '../lib/datetime.js';
import { formatBytes } from '../lib/format.js';
import { preparePhoto } from '../lib/photo.js';
import { uuidv7 } from '../lib/uuid.js';
import { useLive } from './hooks.js';

const urls = new Map(); // sha → object URL, shared so a new photo shows at once

/** A thumbnail of a photo by its sha256 (local bytes first, else the server's thumbnail). */
export function Thumb({ sha, alt }) {
  const [url, setUrl] = useState(urls.get(sha) || null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (urls.has(sha)) {
      setUrl(urls.get(sha));
      return undefined;
    }
    let alive = true;
    loadPhoto(sha).then((blob) => {
      if (!alive) return;
      if (!blob) return setMissing(true);
      const u = URL.createObjectURL(blob);
      urls.set(sha, u);
      setUrl(u);
    });
    return () => {
      alive = false;
    };
  }, [sha]);
  if (missing) return <div class="thumb missing" role="img" aria-label={`${alt} (non disponible hors ligne)`}>Photo non disponible hors ligne</div>;
  if (!url) return <div class="thumb loading" role="img" aria-label={`${alt} (chargement)`} />;
  return <img class="thumb" src={url} alt={alt} />;
}

/**
 * Photos of a record of any family (the draft's): those already validated (append-only) and
 * those added in this draft, with the "Ajouter une photo" input (camera or file).
 * onAdd(photo, blob) persists at once.
 */
export function Photos({ draft, onAdd, onRemove, onCaption, captionMax }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const newIds = new Set((draft.photos || []).map((p) => p.id));
  const photos = useLive(() => photosOf(draft.id), [draft.id]);
  const stored = (photos || []).filter((p) => !newIds.has(p.id));

  async function pick(e) {
    const files = [...(e.currentTarget.files || [])];
    e.currentTarget.value = '';
    setBusy(true);
    setError(null);
    try {
      for (const file of files) {
        const p = await preparePhoto(file);
        urls.set(p.sha256, URL.createObjectURL(p.blob));
        const taken = file.lastModified ? new Date(file.lastModified) : new Date();
        await onAdd({ id: uuidv7(), sha256: p.sha256, caption: '', taken_at: toIsoWithOffset(taken), size: p.blob.size }, p.blob);
      }
    } catch (err) {
      console.error(err);
      setError("Cette image n'a pas pu être lue. Essayez une autre photo.");
    } finally {
      setBusy(false);
    }
  }

  let n = 0;
  return (
    <fieldset class="photos">
      <legend>Photos</legend>
      <p class="hint">Cadrez des choses (équipements, dégâts), pas des personnes ni des documents.</p>
      <ul class="thumbs">
        {stored.map((p) => {
          n += 1;
          return (
            <li key={p.id}>
              <Thumb sha={p.sha256} alt={`Photo ${n}${p.caption ? ` : ${p.caption}` : ''}`} />
              {p.caption && <span class="small">{p.caption}</span>}
              {(p._v === null || p._v === undefined) && <span class="small muted">en attente d'envoi</span>}
            </li>
          );
        })}
        {(draft.photos || []).map((p) => {
          n += 1;
          const k = n;
          return (
            <li key={p.id} class="new">
              <Thumb sha={p.sha256} alt={`Photo ${k}`} />
              <label for={`cap-${p.id}`} class="small">Légende de la photo {k}</label>
              <input id={`cap-${p.id}`} type="text" maxlength={captionMax} value={p.caption} onInput={(e) => onCaption(p.id, e.currentTarget.value)} />
              <span class="small muted">{formatBytes(p.size)} · non envoyée</span>
              <button type="button" class="secondary" onClick={() => onRemove(p.id)}>Retirer la photo {k}</button>
            </li>
          );
        })}
      </ul>
      {/* One control: the input is visually hidden (still focusable, and what Playwright fills);
          its label is the button people see and press. */}
      <div class="file-pick">
        <input id="photo-input" class="visually-hidden" type="file" accept="image/*" capture="environment" multiple onChange={pick} disabled={busy} />
        <label for="photo-input" class="file-label">Ajouter une photo</label>
      </div>
      {busy && <p aria-live="polite">Traitement de la photo…</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </fieldset>
  );
}
