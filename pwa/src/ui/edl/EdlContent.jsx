import { COMPTEUR_LABELS, conditionText, ETAT_LABELS, ROLE_LABELS } from '../../edl/labels.js';
import { formatIndex } from '../../edl/pdf-text.js';
import { groupHash, isFilled } from '../../edl/signing.js';
import { vetusteOf } from '../../edl/sortie.js';
import { roomsOf } from '../../edl/template.js';
import { plural } from '../../lib/format.js';
import { SortieSummary } from './SortieSummary.jsx';
import './sign.css';

/** The content hash, full, in groups of 8 to read aloud, under its label. */
export function HashView({ hash }) {
  return (
    <div class="edl-hash">
      <p class="label">Empreinte SHA-256 du document</p>
      <p class="hash">{hash ? groupHash(hash) : '—'}</p>
    </div>
  );
}

const orDash = (v) => (v === null || v === undefined || String(v).trim() === '' ? '—' : String(v));

function countBy(photos) {
  const n = new Map();
  for (const p of photos) n.set(p.owner_record, (n.get(p.owner_record) || 0) + 1);
  return n;
}

/**
 * Everything of an EDL, read-only and large enough to read at a door: parties, bailleur,
 * mandataire, meters, keys, each room's elements (condition, marks, observations, photos) and the
 * general observations; a sortie adds the entry's condition of each element and the vétusté.
 * `doc`: loadEdlDocument's shape (with `sortie`: loadSortieContext's, for a sortie).
 */
export function EdlContent({ doc }) {
  const { edl, elements, photos } = doc;
  const rooms = roomsOf(elements);
  const photoCount = countBy(photos);
  const meterPhotos = new Set((edl.compteurs || []).map((c) => c?.photo_id).filter(Boolean));
  const generalPhotos = photos.filter((p) => p.owner_entity === 'etat_des_lieux' && !meterPhotos.has(p.id)).length;
  const sortie = edl.sens === 'sortie' && doc.sortie ? doc.sortie : null;
  const entryOf = (el) => (sortie && el.etat_entree ? `Entrée : ${ETAT_LABELS[el.etat_entree] || el.etat_entree} → sortie : ` : '');
  return (
    <div class="edl-content">
      <section aria-labelledby="ro-parties">
        <h3 id="ro-parties">Parties</h3>
        {(edl.parties || []).length ? (
          <ul class="plain ro-list">
            {edl.parties.map((p, i) => (
              <li key={i}>{ROLE_LABELS[p.role] || p.role} : <strong>{orDash(p.nom)}</strong>{p.adresse ? `, ${p.adresse}` : ''}</li>
            ))}
          </ul>
        ) : <p>Aucune partie renseignée.</p>}
        <dl class="ro-pairs">
          <dt>Représentant du bailleur</dt><dd>{orDash(edl.bailleur_representant)}</dd>
          <dt>Adresse du bailleur</dt><dd>{orDash(edl.bailleur_adresse)}</dd>
          <dt>Mandataire</dt><dd>{edl.mandataire ? edl.mandataire : 'aucun'}</dd>
        </dl>
      </section>

      <section aria-labelledby="ro-compteurs">
        <h3 id="ro-compteurs">Compteurs</h3>
        {(edl.compteurs || []).length ? (
          <ul class="plain ro-list">
            {edl.compteurs.map((c, i) => (
              <li key={i}>
                <strong>{COMPTEUR_LABELS[c.type] || c.type}</strong> : n° {orDash(c.numero)}, index {formatIndex(c.index)}
                {c.photo_id ? ', photo' : ''}
              </li>
            ))}
          </ul>
        ) : <p>Aucun compteur relevé.</p>}
      </section>

      <section aria-labelledby="ro-cles">
        <h3 id="ro-cles">Clés et moyens d'accès</h3>
        {(edl.cles || []).length ? (
          <ul class="plain ro-list">
            {edl.cles.map((c, i) => <li key={i}><strong>{orDash(c.type)}</strong> : {orDash(c.nombre)}{c.destination ? ` (${c.destination})` : ''}</li>)}
          </ul>
        ) : <p>Aucune clé remise.</p>}
      </section>

      <section aria-labelledby="ro-pieces">
        <h3 id="ro-pieces">Pièces</h3>
        {!rooms.length && <p>Aucun élément relevé.</p>}
        {rooms.map((room) => (
          <section key={room.piece} class="ro-room" aria-label={room.piece}>
            <h4>{room.piece}</h4>
            <ul class="plain ro-elements">
              {room.elements.map((el) => {
                const n = photoCount.get(el.id) || 0;
                return (
                  <li key={el.id} class={isFilled(el) ? '' : 'todo'}>
                    <span class="name">{el.element}</span>
                    <span class="cond">{entryOf(el)}{conditionText(el) || 'À renseigner'}</span>
                    {el.observations ? <span class="obs">{el.observations}</span> : null}
                    {n ? <span class="photos">{plural(n, 'photo')}</span> : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </section>

      {sortie && <SortieSummary ctx={sortie} v={vetusteOf(elements, sortie)} titleId="ro-vetuste" />}

      <section aria-labelledby="ro-obs">
        <h3 id="ro-obs">Observations générales</h3>
        <p class="ro-text">{edl.observations ? edl.observations : 'Aucune.'}</p>
        {generalPhotos ? <p>{plural(generalPhotos, 'photo')} de l'état des lieux</p> : null}
      </section>
    </div>
  );
}
