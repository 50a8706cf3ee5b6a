import { useState } from 'preact/hooks';
import { getFieldRecord } from '../../db/queries.js';
import { writeFieldRecords } from '../../db/writes.js';
import { recordHash } from '../../families/index.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { uuidv7 } from '../../lib/uuid.js';
import { DEMARCHE_TYPES, demarcheLabel, ISSUES_CLOTURE } from '../../troubles/labels.js';
import { navigate, useLive } from '../hooks.js';
import { ChoiceButtons, DateOnly, DateTime, Errors, FreeText } from './parts.jsx';
import './troubles.css';

/** French errors of a démarche (what the server would refuse). */
export function checkDemarche(v) {
  const out = [];
  if (!v.type) out.push('Choisissez le type de démarche.');
  if (!v.date) out.push('Indiquez la date de la démarche.');
  if (v.type === 'mise_en_demeure' && !v.delai) out.push('Une mise en demeure fixe un délai.');
  if (v.type === 'cloture' && !v.issue) out.push("Indiquez l'issue de la clôture.");
  return out;
}

/** A new démarche: validated once, then frozen (a correction is a new démarche). */
function DemarcheNew({ id, dossierId, now }) {
  const [v, setV] = useState(() => ({ type: null, date: toIsoWithOffset(now()), details: '', delai: null, consequences: '', issue: null }));
  const [errors, setErrors] = useState([]);
  const set = (f) => (x) => setV((o) => ({ ...o, [f]: x }));
  const submit = async (e) => {
    e.preventDefault();
    const errs = checkDemarche(v);
    setErrors(errs);
    if (errs.length) return;
    const values = { ...v, dossier_id: dossierId };
    if (v.type !== 'mise_en_demeure') Object.assign(values, { delai: null });
    if (v.type !== 'cloture') values.issue = null;
    await writeFieldRecords([{ entity: 'demarche', id, values }]);
    navigate(`#/dossier_trouble/${encodeURIComponent(dossierId)}`);
  };
  if (!dossierId) return <main id="contenu"><p role="alert">Ajoutez la démarche depuis son dossier.</p></main>;
  return (
    <main id="contenu" class="troubles">
      <h2>Nouvelle démarche</h2>
      <form aria-label="Démarche" onSubmit={submit} novalidate>
        <ChoiceButtons label="Type de démarche" options={DEMARCHE_TYPES} value={v.type} onChange={set('type')} />
        <DateTime id="m-date" label="Date" value={v.date} onChange={set('date')} required />
        <FreeText id="m-details" label="Détails" value={v.details} onInput={set('details')} rows={4} maxLength={5000}
          hint={v.type === 'secteur_psychiatrique' || v.type === 'services_sociaux' ? "Notez l'orientation seulement, jamais un diagnostic." : undefined} />
        {v.type === 'mise_en_demeure' && (
          <>
            <DateOnly id="m-delai" label="Délai accordé jusqu'au" value={v.delai} onChange={set('delai')} />
            <FreeText id="m-consequences" label="Conséquences en cas de non-respect" value={v.consequences} onInput={set('consequences')} rows={3} maxLength={2000} />
          </>
        )}
        {v.type === 'cloture' && <ChoiceButtons label="Issue" options={ISSUES_CLOTURE} value={v.issue} onChange={set('issue')} />}
        <p class="hint">Une démarche validée ne se modifie plus : une correction est une nouvelle démarche.</p>
        <Errors errors={errors} />
        <div class="actions"><button type="submit" class="primary">Valider la démarche</button></div>
      </form>
    </main>
  );
}

/** A validated démarche, frozen. */
function DemarcheView({ demarche: d }) {
  return (
    <main id="contenu" class="troubles">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href={`#/dossier_trouble/${encodeURIComponent(d.dossier_id)}`}>Dossier</a></nav>
      <h2>{demarcheLabel(d.type)}</h2>
      <p class="muted">Démarche validée : elle ne se modifie plus.</p>
      <dl class="details">
        <dt>Date</dt><dd>{d.date ? formatDateTime(d.date) : '—'}</dd>
        <dt>Détails</dt><dd>{d.details || '—'}</dd>
        {d.delai && <><dt>Délai</dt><dd>{formatDate(d.delai)}</dd></>}
        {d.consequences && <><dt>Conséquences</dt><dd>{d.consequences}</dd></>}
      </dl>
      <button type="button" class="secondary" onClick={() => navigate(recordHash('demarche', uuidv7(), d.dossier_id))}>Corriger par une nouvelle démarche</button>
    </main>
  );
}

/** #/demarche/<id>?dossier_trouble=<id>: a new démarche's form, else the frozen démarche. */
export function DemarcheScreen({ id, parentId, now = () => new Date() }) {
  const d = useLive(() => getFieldRecord('demarche', id).then((r) => r ?? null), [id]);
  if (d === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!d) return <DemarcheNew id={id} dossierId={parentId} now={now} />;
  return <DemarcheView demarche={d} />;
}
