import { useState } from 'preact/hooks';
import { SENS_TITRES } from '../../edl/labels.js';
import { formatDateTime } from '../../lib/format.js';
import { AutoText } from './AutoText.jsx';
import { Cles } from './Cles.jsx';
import { Compteurs } from './Compteurs.jsx';
import { updateEdl } from './edlRecord.js';
import { progressText } from './model.js';
import { Parties } from './Parties.jsx';
import { RoomsEditor } from './RoomsEditor.jsx';

/**
 * The overview of an EDL: its rooms with their progress ("3/11"), meters, keys, parties and
 * general observations; every field saves itself. `onReview` (optional) opens the review before
 * signing. A sortie adds `roomNote(room)` (under each room's name) and `children` (after the rooms).
 */
export function EdlOverview({ edl, rooms, onOpen, onReview, roomNote, children }) {
  const [adapting, setAdapting] = useState(false);
  const save = (values) => updateEdl(edl.id, values);
  return (
    <main id="contenu" class="edl">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={`#/logement/${encodeURIComponent(edl.logement_id)}`}>Logement</a> › <span>{SENS_TITRES[edl.sens] || 'État des lieux'}</span>
      </nav>
      <h2>{SENS_TITRES[edl.sens] || 'État des lieux'}</h2>
      <p class="muted">{edl.date_edl ? `Commencé le ${formatDateTime(edl.date_edl)}` : ''}{edl.statut === 'signe' ? ' · signé' : ''}</p>

      <section aria-labelledby="edl-pieces">
        <h3 id="edl-pieces">Pièces</h3>
        <ul class="edl-rooms">
          {rooms.map((r, i) => (
            <li key={r.piece}>
              <button type="button" class="card" onClick={() => onOpen(i)}>
                <span class="room-name"><strong>{r.piece}</strong>{roomNote?.(r)}</span> <span class="progress">{progressText(r.elements)}</span>
              </button>
            </li>
          ))}
        </ul>
        <button type="button" class="secondary" aria-expanded={adapting ? 'true' : 'false'} onClick={() => setAdapting(!adapting)}>Adapter les pièces</button>
      </section>
      {adapting && <RoomsEditor edl={edl} rooms={rooms} />}
      {children}

      <section aria-labelledby="edl-compteurs">
        <h3 id="edl-compteurs">Compteurs</h3>
        <Compteurs edl={edl} />
      </section>

      <section aria-labelledby="edl-cles">
        <h3 id="edl-cles">Clés et moyens d'accès</h3>
        <Cles edl={edl} />
      </section>

      <section aria-labelledby="edl-parties">
        <h3 id="edl-parties">Parties</h3>
        <Parties edl={edl} />
        <AutoText id="edl-bailleur-representant" label="Représentant du bailleur" value={edl.bailleur_representant}
          onSave={(v) => save({ bailleur_representant: v })} />
        <AutoText id="edl-bailleur-adresse" label="Adresse du bailleur" value={edl.bailleur_adresse}
          onSave={(v) => save({ bailleur_adresse: v })} />
        <AutoText id="edl-mandataire" label="Mandataire (s'il y en a un)" value={edl.mandataire ?? ''}
          onSave={(v) => save({ mandataire: v.trim() ? v : null })} />
      </section>

      <section aria-labelledby="edl-obs">
        <h3 id="edl-obs">Observations générales</h3>
        <AutoText id="edl-observations" label="Observations générales" multiline value={edl.observations}
          onSave={(v) => save({ observations: v })} />
      </section>

      {onReview && (
        <div class="actions edl-review">
          <button type="button" class="primary" onClick={() => onReview()}>Relire et faire signer</button>
        </div>
      )}
    </main>
  );
}
