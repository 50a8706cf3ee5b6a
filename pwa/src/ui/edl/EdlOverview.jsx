import { useState } from 'preact/hooks';
import { writeFieldRecords } from '../../db/writes.js';
import { COMPTEUR_LABELS, ROLE_LABELS, SENS_TITRES } from '../../edl/labels.js';
import { formatDateTime, parseDecimal } from '../../lib/format.js';
import { AutoText } from './AutoText.jsx';
import { progressText } from './model.js';
import { RoomsEditor } from './RoomsEditor.jsx';

const save = (edl, values) => writeFieldRecords([{ entity: 'etat_des_lieux', id: edl.id, values }]);
const numberOrText = (v) => {
  const n = parseDecimal(v);
  return Number.isNaN(n) ? v : n; // kept as typed: the server's rules refuse it with their message
};

/**
 * The overview of an EDL: its rooms with their progress ("3/11"), meters, keys, parties and
 * general observations; every field saves itself.
 */
export function EdlOverview({ edl, rooms, onOpen }) {
  const [adapting, setAdapting] = useState(false);
  const compteurs = edl.compteurs || [];
  const cles = edl.cles || [];
  const setCompteur = (i, field, v) => save(edl, { compteurs: compteurs.map((c, k) => (k === i ? { ...c, [field]: v } : c)) });
  const setCle = (i, field, v) => save(edl, { cles: cles.map((c, k) => (k === i ? { ...c, [field]: v } : c)) });
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
                <strong>{r.piece}</strong> <span class="progress">{progressText(r.elements)}</span>
              </button>
            </li>
          ))}
        </ul>
        <button type="button" class="secondary" aria-expanded={adapting ? 'true' : 'false'} onClick={() => setAdapting(!adapting)}>Adapter les pièces</button>
      </section>
      {adapting && <RoomsEditor edl={edl} rooms={rooms} />}

      <section aria-labelledby="edl-compteurs">
        <h3 id="edl-compteurs">Compteurs</h3>
        {compteurs.map((c, i) => (
          <fieldset key={`${c.type}-${i}`} class="row2">
            <legend>{COMPTEUR_LABELS[c.type] || c.type}</legend>
            <AutoText id={`cpt-${i}-numero`} label={`Numéro du compteur ${COMPTEUR_LABELS[c.type] || c.type}`} value={c.numero}
              onSave={(v) => setCompteur(i, 'numero', v)} />
            <AutoText id={`cpt-${i}-index`} label={`Index ${COMPTEUR_LABELS[c.type] || c.type}`} inputMode="decimal"
              value={c.index === null || c.index === undefined ? '' : String(c.index).replace('.', ',')}
              onSave={(v) => setCompteur(i, 'index', numberOrText(v))} />
          </fieldset>
        ))}
      </section>

      <section aria-labelledby="edl-cles">
        <h3 id="edl-cles">Clés et moyens d'accès</h3>
        {cles.map((c, i) => (
          <fieldset key={`${c.type}-${i}`} class="row2">
            <legend>{c.type}</legend>
            <AutoText id={`cle-${i}-nombre`} label={`Nombre : ${c.type}`} inputMode="numeric" value={String(c.nombre ?? '')}
              onSave={(v) => setCle(i, 'nombre', numberOrText(v))} />
            <AutoText id={`cle-${i}-destination`} label={`Destination : ${c.type}`} value={c.destination}
              onSave={(v) => setCle(i, 'destination', v)} />
          </fieldset>
        ))}
      </section>

      <section aria-labelledby="edl-parties">
        <h3 id="edl-parties">Parties</h3>
        <ul class="plain">
          {(edl.parties || []).map((p, i) => <li key={i}>{ROLE_LABELS[p.role] || p.role} : <strong>{p.nom}</strong></li>)}
        </ul>
        <AutoText id="edl-bailleur-representant" label="Représentant du bailleur" value={edl.bailleur_representant}
          onSave={(v) => save(edl, { bailleur_representant: v })} />
        <AutoText id="edl-bailleur-adresse" label="Adresse du bailleur" value={edl.bailleur_adresse}
          onSave={(v) => save(edl, { bailleur_adresse: v })} />
        <AutoText id="edl-mandataire" label="Mandataire (s'il y en a un)" value={edl.mandataire ?? ''}
          onSave={(v) => save(edl, { mandataire: v.trim() ? v : null })} />
      </section>

      <section aria-labelledby="edl-obs">
        <h3 id="edl-obs">Observations générales</h3>
        <AutoText id="edl-observations" label="Observations générales" multiline value={edl.observations}
          onSave={(v) => save(edl, { observations: v })} />
      </section>
    </main>
  );
}
