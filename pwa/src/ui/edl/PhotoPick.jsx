import { useState } from 'preact/hooks';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { preparePhoto } from '../../lib/photo.js';
import { uuidv7 } from '../../lib/uuid.js';

/**
 * One photo taken (or picked) on a button: shrunk and hashed like every photo, then
 * `onPhoto({id, sha256, taken_at}, blob)` writes it. The file input is visually hidden; its
 * label is the button people press.
 */
export function PhotoPick({ id, children, onPhoto }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function pick(e) {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const p = await preparePhoto(file);
      const taken = file.lastModified ? new Date(file.lastModified) : new Date();
      await onPhoto({ id: uuidv7(), sha256: p.sha256, taken_at: toIsoWithOffset(taken) }, p.blob);
    } catch (err) {
      console.error(err);
      setError("Cette image n'a pas pu être lue. Essayez une autre photo.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="file-pick">
      <input id={id} class="visually-hidden" type="file" accept="image/*" capture="environment" onChange={pick} disabled={busy} />
      <label for={id} class="file-label">{children}</label>
      {busy && <p aria-live="polite">Traitement de la photo…</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}
