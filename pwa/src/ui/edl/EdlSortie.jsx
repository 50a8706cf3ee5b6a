// The screens of an EDL de sortie (issue 10), loaded in a chunk of their own when one is first
// opened: its start (pre-filled from the signed entrée), its overview with the vétusté totals and
// its rooms, element by element beside the entry.
import { useState } from 'preact/hooks';
import { getLogement, latestSignedEntree } from '../../db/queries.js';
import { writeFieldRecords } from '../../db/writes.js';
import { etatChange, formatEuros, sortieWrites, vetusteOf } from '../../edl/sortie.js';
import { loadSortieContext } from '../../edl/sortie-context.js';
import { roomsOf } from '../../edl/template.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { formatDate, plural } from '../../lib/format.js';
import { uuidv7 } from '../../lib/uuid.js';
import { useLive } from '../hooks.js';
import { EdlOverview } from './EdlOverview.jsx';
import { EdlRoom } from './EdlRoom.jsx';
import { tooLong } from './model.js';
import { SortieElement } from './SortieElement.jsx';
import { SortieSummary } from './SortieSummary.jsx';

const loading = <main id="contenu"><p class="muted">Chargement…</p></main>;
const names = (parties) => parties.filter((p) => p?.role === 'locataire' && p.nom).map((p) => p.nom).join(', ');

/**
 * The start of an EDL de sortie of a logement: what it is pre-filled from (the latest signed
 * entrée on the device, or plainly none: then the template, nothing pre-filled), the locataire's
 * new address, one button.
 */
export function SortieStart({ id, logementId }) {
  const data = useLive(async () => {
    const found = logementId ? await getLogement(logementId) : null;
    return found ? { found, entree: await latestSignedEntree(logementId) } : null;
  }, [logementId]);
  const [adresse, setAdresse] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  if (data === undefined) return loading;
  if (!data) return <main id="contenu"><p>Logement introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const { found, entree } = data;
  const { logement, bail, locataires } = found;
  const rooms = entree ? roomsOf(entree.elements) : [];
  const locataireNames = entree ? names(entree.edl.parties || []) : locataires.map((t) => [t.prenom, t.nom].filter(Boolean).join(' ')).join(', ');

  async function start(e) {
    e.preventDefault();
    const long = tooLong(adresse, 500);
    setError(long);
    if (long) return;
    setBusy(true);
    try {
      await writeFieldRecords(sortieWrites(id, found, entree, { dateEdl: toIsoWithOffset(new Date()), newId: () => uuidv7(), adresse }));
    } catch (err) {
      console.error(err);
      setError("L'état des lieux n'a pas pu être créé sur l'appareil. Réessayez.");
      setBusy(false);
    }
  }

  return (
    <main id="contenu" class="edl sortie-start">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(logement.id)}`}>Logement {logement.numero}</a> › <span>Nouvel état des lieux de sortie</span>
      </nav>
      <h2>État des lieux de sortie — logement {logement.numero}</h2>
      {entree ? (
        <p class="edl-ready">Pré-rempli depuis l'état des lieux d'entrée signé du {formatDate(entree.edl.date_edl)} : {plural(rooms.length, 'pièce')},{' '}
          {plural(entree.elements.length, 'élément')}, avec l'état de chacun à l'entrée, les compteurs et les clés remises.</p>
      ) : (
        <div class="callout warn" role="status">
          <p><strong>Aucun état des lieux d'entrée signé sur cet appareil pour ce logement.</strong></p>
          <p>L'état des lieux de sortie peut partir du modèle de la typologie {logement.typologie || ''} : rien n'est pré-rempli et aucune
            comparaison avec l'entrée ne sera faite.</p>
        </div>
      )}
      <p>{locataireNames ? `Locataires : ${locataireNames}.` : bail ? 'Aucun locataire connu : les parties seront à saisir.' : 'Aucun bail en cours : les parties seront à saisir.'}</p>
      <form onSubmit={start} aria-label="Commencer l'état des lieux de sortie">
        <label for="sortie-adresse">Nouvelle adresse du locataire</label>
        <p class="hint" id="sortie-adresse-aide">Où lui écrire pour le solde du dépôt de garantie ; sans adresse, aucune pénalité de retard n'est due.</p>
        <textarea id="sortie-adresse" rows={3} value={adresse} aria-describedby="sortie-adresse-aide" aria-invalid={error ? 'true' : undefined}
          onInput={(e) => setAdresse(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{entree ? "Commencer l'état des lieux de sortie" : 'Commencer à partir du modèle'}</button>
        </div>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
    </main>
  );
}

/** "Locataire 120,00 € · bailleur 80,00 €" of a room with vétusté lines, under its name. */
function roomNote(v) {
  return (room) => {
    const t = v.rooms.get(room.piece);
    return t ? <span class="room-total">Locataire {formatEuros(t.partLocataire)} · bailleur {formatEuros(t.partBailleur)}</span> : null;
  };
}

/**
 * A sortie being filled in: its overview (`index` -1) with the vétusté totals, or one of its rooms
 * with each element beside the entry. Props as EdlOverview and EdlRoom.
 */
export function SortieScreen({ edl, rooms, index, onOpen, onReview }) {
  const ctx = useLive(() => loadSortieContext(edl), [edl.id, edl.entree_id, edl.date_edl]);
  if (ctx === undefined) return loading;
  const v = vetusteOf(rooms.flatMap((r) => r.elements), ctx);
  if (index >= 0 && rooms[index]) {
    const t = v.rooms.get(rooms[index].piece) || { partLocataire: 0, partBailleur: 0 };
    const extra = (
      <p class="room-total" aria-live="polite">Total de la pièce : locataire <strong>{formatEuros(t.partLocataire)}</strong>,
        bailleur <strong>{formatEuros(t.partBailleur)}</strong></p>
    );
    return <EdlRoom edl={edl} rooms={rooms} index={index} onOpen={onOpen} Element={SortieElement} elementProps={{ ctx }} adjust={etatChange} extra={extra} />;
  }
  return (
    <EdlOverview edl={edl} rooms={rooms} onOpen={onOpen} onReview={onReview} roomNote={roomNote(v)}>
      <SortieSummary ctx={ctx} v={v} />
    </EdlOverview>
  );
}
