import { useEffect, useRef, useState } from 'preact/hooks';
import { openDraft, saveDraftMerged } from '../../db/drafts.js';
import { validateDraft } from '../../db/writes.js';
import { ROLES_ENTRETIEN } from '../../troubles/labels.js';
import { navigate } from '../hooks.js';
import { ChoiceButtons, DateOnly, DateTime, Errors, FreeText } from './parts.jsx';
import './troubles.css';

export const NOTICE_LABEL = "Notice d'information sur les données personnelles remise";
export const FAITS_HINT = "Écrivez les faits tels qu'ils sont déclarés : « Mme X déclare… »";

/** French errors of an entretien (what the server would refuse). */
export function checkEntretien(v) {
  const out = [];
  if (!v.role) out.push('Indiquez à quel titre la personne est reçue.');
  if (!v.date) out.push("Indiquez la date de l'entretien.");
  if (v.information_donnee !== true) out.push("Cochez « Notice d'information sur les données personnelles remise » : la notice doit être remise à la personne.");
  if ((v.engagements || []).length > 20) out.push('20 engagements au plus.');
  if ((v.engagements || []).some((g) => !g.texte?.trim())) out.push('Chaque engagement a besoin de son texte.');
  return out;
}

/** The commitments with their deadlines: add, edit, remove. */
function Engagements({ list, onChange }) {
  const put = (i, patch) => onChange(list.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  return (
    <fieldset class="choices">
      <legend>Engagements</legend>
      {list.map((g, i) => (
        <div key={i} class="engagement">
          <FreeText id={`e-eng-${i}`} label={`Engagement ${i + 1}`} value={g.texte} onInput={(x) => put(i, { texte: x })} rows={1} maxLength={500} />
          <DateOnly id={`e-eng-${i}-echeance`} label="Échéance" value={g.echeance} onChange={(x) => put(i, { echeance: x })} />
          <button type="button" class="secondary" aria-label={`Retirer l'engagement ${i + 1}`} onClick={() => onChange(list.filter((_, j) => j !== i))}>Retirer</button>
        </div>
      ))}
      {list.length < 20 && <button type="button" class="secondary" onClick={() => onChange([...list, { texte: '', echeance: null }])}>Ajouter un engagement</button>}
    </fieldset>
  );
}

/**
 * #/entretien/<id>?dossier_trouble=<id>: the kitchen-table screen. Every change is kept in a draft
 * on the device (800 ms after the last one, and at once on leaving a field); "Valider" sends it.
 */
export function EntretienScreen({ id, parentId }) {
  const [draft, setDraft] = useState(null);
  const [missing, setMissing] = useState(false);
  const [errors, setErrors] = useState([]);
  const [saved, setSaved] = useState('');
  const timer = useRef(null);
  const latest = useRef(null);
  useEffect(() => {
    openDraft('entretien', id, parentId).then((d) => (d ? setDraft(d) : setMissing(true)));
    return () => clearTimeout(timer.current);
  }, [id]);
  const flush = async () => {
    clearTimeout(timer.current);
    timer.current = null;
    if (!latest.current) return;
    const d = latest.current;
    latest.current = null;
    await saveDraftMerged(d);
    setSaved('Brouillon enregistré');
  };
  const set = (f) => (x) => setDraft((d) => {
    const next = { ...d, values: { ...d.values, [f]: x } };
    latest.current = next;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, 800);
    return next;
  });
  if (missing) return <main id="contenu"><p role="alert">Entretien introuvable sur l'appareil.</p></main>;
  if (!draft) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  const v = draft.values;
  const text = (f, label, rows, max, extra = {}) => (
    <FreeText id={`e-${f}`} label={label} value={v[f]} onInput={set(f)} onBlur={flush} rows={rows} maxLength={max} {...extra} />
  );
  const validate = async (e) => {
    e.preventDefault();
    const errs = checkEntretien(v);
    setErrors(errs);
    if (errs.length) return;
    clearTimeout(timer.current);
    latest.current = null;
    await validateDraft(draft);
    navigate(`#/dossier_trouble/${encodeURIComponent(v.dossier_id)}`);
  };
  return (
    <main id="contenu" class="troubles">
      <h2>Entretien</h2>
      <form aria-label="Entretien" onSubmit={validate} novalidate>
        <ChoiceButtons label="Personne reçue en tant que" options={ROLES_ENTRETIEN} value={v.role} onChange={set('role')} />
        {text('personne', 'Nom de la personne', 1, 200, { cnil: false })}
        <DateTime id="e-date" label="Date et heure" value={v.date} onChange={set('date')} required />
        {text('lieu', 'Lieu', 1, 200, { cnil: false })}
        {text('mene_par', 'Mené par', 1, 200, { cnil: false })}
        {text('faits_declares', 'Faits déclarés', 10, 20000, { hint: FAITS_HINT })}
        {text('preuves_remises', 'Preuves remises', 3)}
        {text('demarches_deja', 'Démarches déjà faites', 3)}
        {text('version_autre_partie', "Version de l'autre partie", 5)}
        <Engagements list={v.engagements || []} onChange={set('engagements')} />
        <div class="field">
          <input id="e-information" type="checkbox" checked={v.information_donnee === true} onChange={(e) => set('information_donnee')(e.currentTarget.checked)} />
          <label for="e-information"> {NOTICE_LABEL} *</label>
        </div>
        {text('prochaine_action', 'Prochaine action', 3, 1000)}
        <Errors errors={errors} />
        <p class="autosave small" aria-live="polite">{saved}</p>
        <div class="actions"><button type="submit" class="primary">Valider l'entretien</button></div>
      </form>
    </main>
  );
}
