import { useState } from 'preact/hooks';
import { getLogement } from '../../db/queries.js';
import { writeFieldRecords } from '../../db/writes.js';
import { roomsFor } from '../../edl/template.js';
import { uuidv7 } from '../../lib/uuid.js';
import { useLive } from '../hooks.js';
import { startWrites } from './model.js';

/** The start of an EDL d'entrée of a logement: its rooms by typologie, its parties, one button. */
export function EdlStart({ id, logementId, onStarted }) {
  const data = useLive(() => (logementId ? getLogement(logementId) : Promise.resolve(null)), [logementId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!data) return <main id="contenu"><p>Logement introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const { logement, bail, locataires } = data;
  const rooms = roomsFor(logement.typologie);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      await writeFieldRecords(startWrites(id, data, Date.now(), () => uuidv7()));
      onStarted?.();
    } catch (err) {
      console.error(err);
      setError("L'état des lieux n'a pas pu être créé sur l'appareil. Réessayez.");
      setBusy(false);
    }
  }

  return (
    <main id="contenu">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(logement.id)}`}>Logement {logement.numero}</a> › <span>Nouvel état des lieux d'entrée</span>
      </nav>
      <h2>État des lieux d'entrée — logement {logement.numero}</h2>
      <p>Typologie {logement.typologie || 'non renseignée'} : {rooms.length} pièces ({rooms.map((r) => r.piece).join(', ')}).</p>
      <p>{bail ? `Locataires : ${locataires.map((t) => [t.prenom, t.nom].filter(Boolean).join(' ')).join(', ') || 'aucun'}.` : 'Aucun bail en cours : les parties seront à saisir.'}</p>
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={start}>Commencer l'état des lieux</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </main>
  );
}
