import { useState } from 'preact/hooks';
import { writeFieldRecords } from '../../db/writes.js';
import { ADDENDUM_LABELS, addendumSigning, addendumStatus, complementDeadline, complementOpen } from '../../edl/addendum.js';
import { loadAddenda } from '../../edl/addendum-document.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { uuidv7 } from '../../lib/uuid.js';
import { useLive } from '../hooks.js';

export const ADDENDUM_NON_CREE = "L'addendum n'a pas pu être créé sur l'appareil. Réessayez.";

/**
 * The addenda of a signed EDL d'entrée, under it: each with its type, date and state (a refusal
 * by the server said in its words), and the buttons that start one: "Compléter l'état des lieux
 * (10 jours)" while the device's calendar is within 10 days of the entry, "Ajouter l'état du
 * chauffage" always (the server decides its window). `onOpen(id)` opens one.
 */
export function Addenda({ edl, onOpen, now = () => new Date() }) {
  const docs = useLive(() => loadAddenda(edl.id), [edl.id]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const open = complementOpen(edl.date_edl, now());

  async function create(type) {
    setBusy(true);
    setError(null);
    const id = uuidv7();
    try {
      await writeFieldRecords([{ entity: 'edl_addendum', id, values: { edl_id: edl.id, type, redige_le: toIsoWithOffset(now()), texte: '' } }]);
      onOpen(id);
    } catch (err) {
      console.error(err);
      setError(ADDENDUM_NON_CREE);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="edl-addenda" class="edl-addenda">
      <h3 id="edl-addenda">Addenda</h3>
      <p class="hint">L'état des lieux signé ne se modifie plus : un complément ou l'état du chauffage s'y ajoute, daté et signé à part.</p>
      {docs?.length ? (
        <ul class="cards">
          {docs.map((d) => {
            const state = addendumSigning(edl, d.addendum, d.signatures, d.hash);
            const refused = d.refusals.length > 0;
            return (
              <li key={d.addendum.id}>
                <button type="button" class="card" onClick={() => onOpen(d.addendum.id)}>
                  <strong>{ADDENDUM_LABELS[d.addendum.type] || 'Addendum'}</strong>
                  <span>Rédigé le {formatDateTime(d.addendum.redige_le)}</span>
                  <span class={`state${refused ? ' warn' : ''}`}>{addendumStatus(state, d.refusals[0])}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : docs && <p class="muted">Aucun addendum.</p>}
      <div class="actions">
        {open && (
          <button type="button" class="secondary" disabled={busy} onClick={() => create('complement')}>
            Compléter l'état des lieux (10 jours)
          </button>
        )}
        <button type="button" class="secondary" disabled={busy} onClick={() => create('chauffage')}>Ajouter l'état du chauffage</button>
      </div>
      {open && <p class="hint">Le locataire peut compléter l'état des lieux jusqu'au {formatDate(complementDeadline(edl.date_edl))} inclus.</p>}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
