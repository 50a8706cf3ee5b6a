// A new réclamation in a few taps (390 px first): where, what (category tiles), how urgent (the
// suggestion from the category, each level explained), a short description, photos; the deadline
// is computed offline. One write: the réclamation, its photos and what the caller adds (a contact).
import { useEffect, useState } from 'preact/hooks';
import { getLogement } from '../../db/queries.js';
import { markMine, placeOf } from '../../db/reclamations.js';
import { writeFieldRecords } from '../../db/writes.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { CATEGORIE_LABELS, formatEcheance, URGENCE_TEXTS } from '../../reclamations/labels.js';
import { lieuOf, recentLieux, rememberLieu } from '../../reclamations/lieux.js';
import { CATEGORIES, suggestedUrgence, URGENCES } from '../../reclamations/statut.js';
import { Photos } from '../Photos.jsx';
import { Errors, FreeText } from '../troubles/parts.jsx';
import { LieuPicker } from './LieuPicker.jsx';
import { useEcheance } from './useEcheance.js';

/** French errors of a new réclamation (what the server would refuse). */
export function checkReclamation(v) {
  const out = [];
  if (!v.logement_id && !v.batiment_id) out.push('Indiquez le lieu : un logement ou un bâtiment.');
  if (v.batiment_id && !v.partie_commune) out.push('Choisissez la partie commune.');
  if (v.etage !== null && v.etage !== undefined && (!Number.isInteger(v.etage) || v.etage < -5 || v.etage > 60)) out.push("L'étage doit être un nombre entre -5 et 60.");
  if (!v.categorie) out.push('Choisissez la catégorie.');
  if (!v.urgence) out.push("Choisissez l'urgence.");
  if (!String(v.description || '').trim()) out.push('Décrivez le problème en quelques mots.');
  return out;
}

/** "Échéance prévue : jeu. 24/12 à 14 h 00" with `compute` (echeance.js), or null before the urgence is chosen. */
export function echeancePrevue(compute, urgence, signaleeLe) {
  if (!urgence || !signaleeLe) return null;
  return `Échéance prévue : ${compute ? formatEcheance(compute(urgence, signaleeLe)) : 'calcul…'}`;
}

/**
 * The form. `initial`: prefilled values (logement_id, description, origine, contact_id…);
 * `withItems(id)`: more records written in the same transaction (a contact pointing to it);
 * onSaved(id) once written on the device.
 */
export function ReclamationForm({ id, initial = {}, withItems = () => [], onSaved, submitLabel = 'Envoyer la réclamation', now = () => new Date() }) {
  const [v, setV] = useState(() => ({
    ...lieuOf(initial), categorie: null, urgence: null, description: '', origine: 'ronde', contact_id: null,
    ...initial, signalee_le: initial.signalee_le || toIsoWithOffset(now()),
  }));
  const [lieuLabel, setLieuLabel] = useState('');
  const [recent, setRecent] = useState([]);
  const [photos, setPhotos] = useState([]); // [{photo, blob}] kept until the réclamation is written
  const [errors, setErrors] = useState([]);
  const [busy, setBusy] = useState(false);
  const compute = useEcheance();
  useEffect(() => {
    recentLieux().then(setRecent);
    if (initial.logement_id) {
      getLogement(initial.logement_id).then((d) => d && setLieuLabel(`Logement ${d.logement.numero} — ${d.residence?.nom || ''}`.trim()));
    }
  }, []);
  const set = (f) => (x) => setV((o) => ({ ...o, [f]: x }));
  const pickCategorie = (c) => setV((o) => ({ ...o, categorie: c, urgence: o.urgenceChosen ? o.urgence : suggestedUrgence(c) }));
  const pickUrgence = (u) => setV((o) => ({ ...o, urgence: u, urgenceChosen: true }));
  const suggested = v.categorie ? suggestedUrgence(v.categorie) : null;

  const draft = { id, photos: photos.map((p) => p.photo) };
  const addPhoto = (photo, blob) => setPhotos((list) => [...list, { photo, blob }]);
  const removePhoto = (pid) => setPhotos((list) => list.filter((p) => p.photo.id !== pid));
  const setCaption = (pid, caption) => setPhotos((list) => list.map((p) => (p.photo.id === pid ? { ...p, photo: { ...p.photo, caption } } : p)));

  async function submit(e) {
    e.preventDefault();
    const errs = checkReclamation(v);
    setErrors(errs);
    if (errs.length) return;
    setBusy(true);
    const { urgenceChosen, ...values } = v;
    // Not sent (the server derives it): the device groups the réclamation under its résidence.
    const residenceId = (await placeOf(values)).residence?.id ?? null;
    const items = [
      { entity: 'reclamation', id, values: { ...values, description: values.description.trim(), residence_id: residenceId } },
      ...photos.map(({ photo }) => ({ entity: 'photo', id: photo.id, values: {
        sha256: photo.sha256, owner_entity: 'reclamation', owner_record: id, caption: photo.caption || '', taken_at: photo.taken_at,
      } })),
      ...withItems(id),
    ];
    try {
      await writeFieldRecords(items, { blobs: photos.map(({ photo, blob }) => ({ sha256: photo.sha256, blob })) });
      await rememberLieu(v, lieuLabel);
      await markMine(id);
      onSaved?.(id);
    } catch (err) {
      console.error(err);
      setBusy(false);
      setErrors(["La réclamation n'a pas pu être enregistrée sur l'appareil. Réessayez."]);
    }
  }

  const prevue = echeancePrevue(compute, v.urgence, v.signalee_le);
  return (
    <form class="reclam" aria-label="Réclamation" onSubmit={submit} novalidate>
      <LieuPicker value={v} label={lieuLabel} recent={recent} onChange={(lieu, words) => { setV((o) => ({ ...o, ...lieuOf(lieu) })); setLieuLabel(words); }} />
      <fieldset>
        <legend>Quoi ?</legend>
        <div class="tiles">
          {CATEGORIES.map((c) => (
            <button key={c} type="button" class={v.categorie === c ? 'tile on' : 'tile'} aria-pressed={v.categorie === c ? 'true' : 'false'} onClick={() => pickCategorie(c)}>
              {CATEGORIE_LABELS[c]}
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Urgence</legend>
        <div class="urgences">
          {URGENCES.map((u) => (
            <button key={u} type="button" class={v.urgence === u ? 'urgence on' : 'urgence'} aria-pressed={v.urgence === u ? 'true' : 'false'} onClick={() => pickUrgence(u)}>
              <span class="code">{u}</span>{suggested === u && <span class="suggested">suggérée</span>}
              <span class="why">{URGENCE_TEXTS[u]}</span>
            </button>
          ))}
        </div>
        {prevue && <p class="echeance" aria-live="polite">{prevue}</p>}
      </fieldset>
      <FreeText id="r-description" label="Description" value={v.description} onInput={set('description')} rows={4} maxLength={2000} required
        hint="Ce que vous voyez, en quelques mots (la dictée du clavier marche ici)." />
      <Photos draft={draft} onAdd={addPhoto} onRemove={removePhoto} onCaption={setCaption} captionMax={500} />
      <Errors errors={errors} />
      <div class="send"><button type="submit" class="primary" disabled={busy}>{submitLabel}</button></div>
    </form>
  );
}
