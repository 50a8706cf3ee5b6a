import { useState } from 'preact/hooks';
import { getFieldRecord, recordsUnder } from '../../db/queries.js';
import { writeFieldRecords } from '../../db/writes.js';
import { recordHash } from '../../families/index.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { uuidv7 } from '../../lib/uuid.js';
import { callsPolice, demarcheLabel, FREQUENCES, natureLabel, NATURES_TROUBLE, POLICE_NOW, QUALIFICATIONS, roleLabel } from '../../troubles/labels.js';
import { chronology, procedureStep } from '../../troubles/procedure.js';
import { navigate, useLive } from '../hooks.js';
import { Attestations } from './AttestationList.jsx';
import { ChoiceButtons, DateOnly, Errors, FreeText } from './parts.jsx';
import './troubles.css';

/** French errors of a new dossier (what the server would refuse). */
export function checkDossier(v) {
  const out = [];
  if (!v.nature?.length) out.push('Choisissez au moins une nature de trouble.');
  if (!v.qualification) out.push('Choisissez la qualification.');
  if (!Number.isInteger(v.menages_concernes) || v.menages_concernes < 1 || v.menages_concernes > 500) out.push('Le nombre de ménages concernés va de 1 à 500.');
  if ((v.description || '').length > 5000) out.push('Description trop longue (5000 caractères au plus).');
  return out;
}

/** The red callout of a danger or an infraction. */
export const PoliceCallout = ({ qualification }) => (callsPolice(qualification) ? <p class="callout error police" role="alert"><strong>{POLICE_NOW}</strong></p> : null);

/** The form opening a dossier on the mis en cause's logement. */
function DossierNew({ id, logementId, now = () => new Date() }) {
  const [v, setV] = useState({ nature: [], depuis: null, frequence: null, menages_concernes: 1, qualification: 'trouble_voisinage', description: '' });
  const [errors, setErrors] = useState([]);
  const set = (f) => (x) => setV((o) => ({ ...o, [f]: x }));
  const submit = async (e) => {
    e.preventDefault();
    const errs = checkDossier(v);
    setErrors(errs);
    if (errs.length) return;
    await writeFieldRecords([{ entity: 'dossier_trouble', id, values: { ...v, logement_id: logementId, ouvert_le: toIsoWithOffset(now()) } }]);
  };
  if (!logementId) return <main id="contenu"><p role="alert">Ouvrez le dossier depuis la page du logement du mis en cause.</p></main>;
  return (
    <main id="contenu" class="troubles">
      <h2>Ouvrir un dossier de troubles</h2>
      <form aria-label="Dossier de troubles" onSubmit={submit} novalidate>
        <ChoiceButtons label="Qualification" options={QUALIFICATIONS} value={v.qualification} onChange={set('qualification')} />
        <PoliceCallout qualification={v.qualification} />
        <ChoiceButtons label="Nature des troubles (plusieurs possibles)" options={NATURES_TROUBLE} value={v.nature} onChange={set('nature')} multi />
        <DateOnly id="d-depuis" label="Depuis le" value={v.depuis} onChange={set('depuis')} />
        <ChoiceButtons label="Fréquence" options={FREQUENCES} value={v.frequence} onChange={set('frequence')} />
        <div class="field">
          <label for="d-menages">Ménages concernés</label>
          <input id="d-menages" type="number" inputMode="numeric" min="1" max="500" value={v.menages_concernes ?? ''}
            onInput={(e) => set('menages_concernes')(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))} />
        </div>
        <FreeText id="d-description" label="Description" value={v.description} onInput={set('description')} rows={5} maxLength={5000} />
        <Errors errors={errors} />
        <div class="actions"><button type="submit" class="primary">Ouvrir le dossier</button></div>
      </form>
    </main>
  );
}

const ITEM_TEXT = {
  fait: (r) => `Fait : ${natureLabel(r.nature)}`,
  entretien: (r) => `Entretien avec ${r.personne || 'une personne'} (${roleLabel(r.role).toLowerCase() || 'rôle à préciser'})`,
  demarche: (r) => `Démarche : ${demarcheLabel(r.type)}`,
  attestation_temoin: (r) => `Attestation de témoin : ${[r.prenom, r.nom].filter(Boolean).join(' ')}`,
};

/** The loose faits of the logement, each with "Rattacher à ce dossier". */
function LooseFaits({ faits, dossierId }) {
  const loose = faits.filter((f) => !f.dossier_id && !f.draftOnly);
  if (!loose.length) return null;
  const attach = (f) => writeFieldRecords([{ entity: 'fait', id: f.id, values: { dossier_id: dossierId } }]);
  return (
    <section aria-labelledby="faits-libres">
      <h3 id="faits-libres">Faits du logement sans dossier</h3>
      <ul class="plain">
        {loose.map((f) => (
          <li key={f.id}>
            {natureLabel(f.nature)} — {f.survenu_le ? formatDateTime(f.survenu_le) : 'sans date'}{' '}
            <button type="button" class="secondary" onClick={() => attach(f)}>Rattacher à ce dossier</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The dossier's page: step and next one, one chronology, the buttons adding each kind. */
function DossierPage({ dossier }) {
  const lists = useLive(() => Promise.all([
    recordsUnder('fait', dossier.logement_id), recordsUnder('entretien', dossier.id),
    recordsUnder('demarche', dossier.id), recordsUnder('attestation_temoin', dossier.id),
  ]), [dossier.id, dossier.logement_id]);
  if (!lists) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  const [allFaits, entretiens, demarches, attestations] = lists;
  const faits = allFaits.filter((f) => f.dossier_id === dossier.id);
  const step = procedureStep(entretiens.filter((e) => !e.draftOnly), demarches);
  const items = chronology({ faits, entretiens, demarches, attestations });
  const add = (entity) => navigate(recordHash(entity, uuidv7(), dossier.id));
  return (
    <main id="contenu" class="troubles">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href={`#/logement/${encodeURIComponent(dossier.logement_id)}`}>Logement du mis en cause</a></nav>
      <h2>Dossier de troubles</h2>
      <PoliceCallout qualification={step.closed ? null : dossier.qualification} />
      <dl class="details">
        <dt>Nature</dt><dd>{(dossier.nature || []).map(natureLabel).join(', ') || '—'}</dd>
        <dt>Ouvert le</dt><dd>{dossier.ouvert_le ? formatDate(dossier.ouvert_le) : '—'}</dd>
        <dt>Depuis le</dt><dd>{dossier.depuis ? formatDate(dossier.depuis) : '—'}</dd>
        <dt>Ménages concernés</dt><dd>{dossier.menages_concernes ?? '—'}</dd>
        <dt>Étape</dt><dd>{step.name}</dd>
      </dl>
      {step.sentence && <p class="callout warn" role="status"><strong>{step.sentence}</strong></p>}
      <div class="actions">
        <button type="button" class="primary" onClick={() => navigate(`${recordHash('fait', uuidv7(), dossier.logement_id)}&dossier=${encodeURIComponent(dossier.id)}`)}>Ajouter un fait</button>
        <button type="button" class="primary" onClick={() => add('entretien')}>Nouvel entretien</button>
        <button type="button" class="primary" onClick={() => add('demarche')}>Nouvelle démarche</button>
        <button type="button" class="primary" onClick={() => add('attestation_temoin')}>Recueillir une attestation de témoin</button>
      </div>
      <section aria-labelledby="chrono">
        <h3 id="chrono">Chronologie</h3>
        {items.length === 0 && <p class="muted">Rien encore.</p>}
        <ol class="chrono">
          {items.map(({ kind, date, row }) => {
            const href = recordHash(kind, row.id, kind === 'fait' ? row.logement_id : dossier.id);
            // an attestation is dated by a day (fait_le), the others by an instant
            const when = kind === 'attestation_temoin' ? formatDate(date) : formatDateTime(date);
            const text = `${date ? when : 'Sans date'} — ${ITEM_TEXT[kind](row)}${row.draftOnly ? ' (brouillon)' : ''}`;
            return <li key={row.id}>{href ? <a href={href}>{text}</a> : text}</li>;
          })}
        </ol>
      </section>
      <Attestations dossierId={dossier.id} drafts={attestations.filter((a) => a.draftOnly)} />
      <LooseFaits faits={allFaits} dossierId={dossier.id} />
    </main>
  );
}

/** #/dossier_trouble/<id>?logement=<id>: the new dossier's form, else the dossier's page. */
export function DossierScreen({ id, parentId, now }) {
  const dossier = useLive(() => getFieldRecord('dossier_trouble', id).then((r) => r ?? null), [id]);
  if (dossier === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!dossier) return <DossierNew id={id} logementId={parentId} now={now} />;
  return <DossierPage dossier={dossier} />;
}
