// #/reclamations: the open réclamations of the device's résidences — the ones reported here first,
// then overdue, by urgence and deadline — with their statut and deadline; "Signaler" on top.
import { openReclamations } from '../../db/reclamations.js';
import { uuidv7 } from '../../lib/uuid.js';
import { categorieLabel, lieuText, statutLabel } from '../../reclamations/labels.js';
import { navigate, useLive } from '../hooks.js';
import { echeanceText } from './ReclamationScreen.jsx';
import { useEcheance } from './useEcheance.js';
import './reclamations.css';

/** The list, newest state of the device. */
export function ReclamationsList({ now = () => new Date() }) {
  const list = useLive(() => openReclamations(), []);
  const compute = useEcheance();
  return (
    <main id="contenu" class="reclam">
      <h2>Réclamations en cours</h2>
      <div class="quick">
        <button type="button" class="primary big" onClick={() => navigate(`#/reclamation/${uuidv7()}`)}>Signaler</button>
      </div>
      {list === undefined && <p class="muted">Chargement…</p>}
      {list?.length === 0 && <p class="muted">Aucune réclamation en cours sur vos résidences.</p>}
      <ul class="cards" aria-label="Réclamations en cours">
        {list?.map(({ reclamation: r, place, statut, mine, unsynced }) => {
          const due = echeanceText(r, now().getTime(), compute);
          return (
            <li key={r.id}>
              <a class="card" href={`#/reclamation/${encodeURIComponent(r.id)}`}>
                <strong><span class={`badge ${r.urgence}`}>{r.urgence}</span> {categorieLabel(r.categorie)}</strong>
                <span>{lieuText(r, place)}</span>
                <span>{statutLabel(statut)} · {due.text}</span>
                {due.late && <span class="late">{due.late}</span>}
                {(mine || unsynced) && <span class="small muted">{[mine ? 'Signalée par vous' : null, unsynced ? "en attente d'envoi" : null].filter(Boolean).join(' · ')}</span>}
              </a>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
