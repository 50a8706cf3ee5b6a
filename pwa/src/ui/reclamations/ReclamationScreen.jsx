// #/reclamation/<id>[?logement=<id>]: a new réclamation's form, else the réclamation — its place,
// deadline, current statut and history (its reclamation_evenement records), the gestionnaire's
// Qualifier and Affecter forms, the next steps this user may record, and photos added on the spot.
import { useState } from 'preact/hooks';
import { reclamationDetail, stepsAllowed } from '../../db/reclamations.js';
import { writeFieldRecords } from '../../db/writes.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { formatDateTime } from '../../lib/format.js';
import { uuidv7 } from '../../lib/uuid.js';
import { categorieLabel, formatEcheance, lateText, lieuText, ORIGINE_LABELS, RESPONSABILITE_LABELS, statutLabel } from '../../reclamations/labels.js';
import { nextStatuts } from '../../reclamations/statut.js';
import { parseHash, useLive } from '../hooks.js';
import { Photos } from '../Photos.jsx';
import { Errors, FreeText } from '../troubles/parts.jsx';
import { QualifyForms } from './QualifyForms.jsx';
import { ReclamationForm } from './ReclamationForm.jsx';
import { useEcheance } from './useEcheance.js';
import './reclamations.css';

/** The deadline line: the server's once synced, else the one computed on the device with `compute`. */
export function echeanceText(r, now = Date.now(), compute = null) {
  if (r.echeance) return { text: `Échéance : ${formatEcheance(r.echeance)}`, late: lateText(r.echeance, now) };
  if (!compute) return { text: 'Échéance prévue : calcul…', late: null };
  try {
    return { text: `Échéance prévue : ${formatEcheance(compute(r.urgence, r.signalee_le))}`, late: null };
  } catch {
    return { text: 'Échéance : à calculer', late: null };
  }
}

/** Record the next step of a réclamation (statut + comment): one tap on the statut, then "Enregistrer". */
function NextStep({ reclamationId, statut, allowed, now }) {
  const [chosen, setChosen] = useState(null);
  const [commentaire, setCommentaire] = useState('');
  const [errors, setErrors] = useState([]);
  const options = nextStatuts(statut).filter((s) => allowed.includes(s));
  if (!options.length) return null;
  const save = async (e) => {
    e.preventDefault();
    if (!chosen) return setErrors(['Choisissez la nouvelle étape.']);
    await writeFieldRecords([{ entity: 'reclamation_evenement', id: uuidv7(), values: {
      reclamation_id: reclamationId, statut: chosen, commentaire: commentaire.trim(), le: toIsoWithOffset(now()),
    } }]);
    setChosen(null);
    setCommentaire('');
    setErrors([]);
    return undefined;
  };
  return (
    <form aria-label="Nouvelle étape" onSubmit={save} novalidate>
      <fieldset>
        <legend>Nouvelle étape</legend>
        <div class="tiles">
          {options.map((s) => (
            <button key={s} type="button" class={chosen === s ? 'tile on' : 'tile'} aria-pressed={chosen === s ? 'true' : 'false'} onClick={() => setChosen(s)}>{statutLabel(s)}</button>
          ))}
        </div>
      </fieldset>
      <FreeText id="r-commentaire" label="Commentaire" value={commentaire} onInput={setCommentaire} rows={2} maxLength={1000} />
      <Errors errors={errors} />
      <div class="actions"><button type="submit" class="primary">Enregistrer l'étape</button></div>
    </form>
  );
}

/** The réclamation as the device knows it. */
function ReclamationView({ detail, allowed, now }) {
  const { reclamation: r, place, evenements, statut, unsynced } = detail;
  // changed here and not sent yet (a new urgence): the server's deadline is the old one
  const due = echeanceText(unsynced ? { ...r, echeance: null } : r, now().getTime(), useEcheance());
  const addPhoto = (photo, blob) => writeFieldRecords([{ entity: 'photo', id: photo.id, values: {
    sha256: photo.sha256, owner_entity: 'reclamation', owner_record: r.id, caption: photo.caption || '', taken_at: photo.taken_at,
  } }], { blobs: [{ sha256: photo.sha256, blob }] });
  const current = evenements.length ? evenements[evenements.length - 1].id : 'saisie';
  return (
    <main id="contenu" class="reclam">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href="#/reclamations">Réclamations</a></nav>
      <h2><span class={`badge ${r.urgence}`}>{r.urgence}</span> {categorieLabel(r.categorie)}</h2>
      <p><strong>{lieuText(r, place)}</strong></p>
      <p>Statut : <strong>{statutLabel(statut)}</strong>{unsynced ? " · en attente d'envoi" : ''}</p>
      <p class="echeance">{due.text}{due.late && <span class="late"> — {due.late}</span>}</p>
      <dl class="details">
        <dt>Description</dt><dd>{r.description || '—'}</dd>
        <dt>Origine</dt><dd>{ORIGINE_LABELS[r.origine] || '—'}</dd>
        {r.responsabilite && <><dt>Responsabilité</dt><dd>{RESPONSABILITE_LABELS[r.responsabilite] || r.responsabilite}</dd></>}
        {r.entreprise && <><dt>Entreprise</dt><dd>{r.entreprise}{r.entreprise_reference ? ` (réf. ${r.entreprise_reference})` : ''}</dd></>}
      </dl>
      <section aria-labelledby="historique-titre">
        <h3 id="historique-titre">Historique</h3>
        <ol class="history">
          <li class={current === 'saisie' ? 'current' : ''}><strong>Saisie</strong> — {formatDateTime(r.signalee_le)}</li>
          {evenements.map((e) => (
            <li key={e.id} class={current === e.id ? 'current' : ''}>
              <strong>{statutLabel(e.statut)}</strong> — {formatDateTime(e.le)}{e.unsynced ? " · en attente d'envoi" : ''}
              {e.commentaire && <div class="small">{e.commentaire}</div>}
            </li>
          ))}
        </ol>
      </section>
      <QualifyForms r={r} statut={statut} allowed={allowed} now={now} />
      <NextStep reclamationId={r.id} statut={statut} allowed={allowed} now={now} />
      <Photos draft={{ id: r.id, photos: [] }} onAdd={addPhoto} onRemove={() => {}} onCaption={() => {}} captionMax={500} />
    </main>
  );
}

/** #/reclamation/<id>: the new réclamation's form (prefilled from ?logement=), else the réclamation. */
export function ReclamationScreen({ id, now = () => new Date() }) {
  const detail = useLive(() => reclamationDetail(id), [id]);
  const allowed = useLive(() => stepsAllowed(), []);
  if (detail === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (detail) return <ReclamationView detail={detail} allowed={allowed || []} now={now} />;
  const logementId = parseHash(globalThis.location?.hash).query.get('logement');
  return (
    <main id="contenu" class="reclam">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href="#/reclamations">Réclamations</a></nav>
      <h2>Signaler</h2>
      <ReclamationForm id={id} initial={logementId ? { logement_id: logementId } : {}} now={now} />
    </main>
  );
}
