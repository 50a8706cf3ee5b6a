import { useState } from 'preact/hooks';
import { getFieldRecord } from '../../db/queries.js';
import { writeFieldRecords } from '../../db/writes.js';
import { faitTitle } from '../../families/troubles.js';
import { formatDateTime } from '../../lib/format.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { INTENSITES, intensiteLabel, isNight, NATURES_TROUBLE } from '../../troubles/labels.js';
import { navigate, parseHash, useLive } from '../hooks.js';
import { ChoiceButtons, DateTime, Errors, FreeText } from './parts.jsx';
import './troubles.css';

/** French errors of a fait (what the server would refuse). */
export function checkFait(v) {
  const out = [];
  if (!v.nature) out.push('Choisissez la nature du fait.');
  if (!v.survenu_le) out.push('Indiquez quand le fait est survenu.');
  if (v.fin_le && v.survenu_le && Date.parse(v.fin_le) < Date.parse(v.survenu_le)) out.push('La fin ne peut pas précéder le début.');
  return out;
}

/** The dossier a new fait is reported in ("#/fait/<id>?logement=…&dossier=…"), or null. */
const askedDossier = () => parseHash(globalThis.location?.hash).query.get('dossier') || null;

/** A new fait in a few taps (390 px first): nature, when (now by default), intensity, who, witnesses, description. */
function FaitNew({ id, logementId, dossierId, now, onDone }) {
  const [v, setV] = useState(() => ({ nature: null, survenu_le: toIsoWithOffset(now()), fin_le: null, intensite: 'moyenne', signale_par: '', temoins: '', description: '' }));
  const [errors, setErrors] = useState([]);
  const set = (f) => (x) => setV((o) => ({ ...o, [f]: x }));
  const submit = async (e) => {
    e.preventDefault();
    const errs = checkFait(v);
    setErrors(errs);
    if (errs.length) return;
    await writeFieldRecords([{ entity: 'fait', id, values: { ...v, logement_id: logementId, dossier_id: dossierId, nuit: isNight(v.survenu_le) } }]);
    if (dossierId) navigate(`#/dossier_trouble/${encodeURIComponent(dossierId)}`);
    else onDone?.(logementId, 'Fait enregistré.');
  };
  if (!logementId) return <main id="contenu"><p role="alert">Signalez le fait depuis la page du logement concerné.</p></main>;
  return (
    <main id="contenu" class="troubles">
      <h2>Signaler un fait</h2>
      <form aria-label="Fait" onSubmit={submit} novalidate>
        <ChoiceButtons label="Nature" options={NATURES_TROUBLE} value={v.nature} onChange={set('nature')} />
        <DateTime id="f-survenu" label="Début" value={v.survenu_le} onChange={set('survenu_le')} required />
        <DateTime id="f-fin" label="Fin (si connue)" value={v.fin_le} onChange={set('fin_le')} />
        <ChoiceButtons label="Intensité" options={INTENSITES} value={v.intensite} onChange={set('intensite')} />
        <FreeText id="f-signale" label="Signalé par" value={v.signale_par} onInput={set('signale_par')} rows={1} maxLength={200} cnil={false}
          hint="Par exemple : Gardien, M. X (plaignant)" />
        <FreeText id="f-temoins" label="Témoins" value={v.temoins} onInput={set('temoins')} rows={2} maxLength={1000} />
        <FreeText id="f-description" label="Description" value={v.description} onInput={set('description')} rows={4} maxLength={5000} />
        <Errors errors={errors} />
        <div class="actions"><button type="submit" class="primary">Enregistrer le fait</button></div>
      </form>
    </main>
  );
}

/** A fait already recorded, read only. */
function FaitView({ fait }) {
  return (
    <main id="contenu" class="troubles">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href={`#/logement/${encodeURIComponent(fait.logement_id)}`}>Logement</a></nav>
      <h2>{faitTitle(fait)}</h2>
      <dl class="details">
        <dt>Fin</dt><dd>{fait.fin_le ? formatDateTime(fait.fin_le) : '—'}</dd>
        <dt>Intensité</dt><dd>{intensiteLabel(fait.intensite) || '—'}</dd>
        <dt>La nuit</dt><dd>{fait.nuit ? 'Oui' : 'Non'}</dd>
        <dt>Signalé par</dt><dd>{fait.signale_par || '—'}</dd>
        <dt>Témoins</dt><dd>{fait.temoins || '—'}</dd>
        <dt>Description</dt><dd>{fait.description || '—'}</dd>
        <dt>Dossier</dt><dd>{fait.dossier_id ? <a href={`#/dossier_trouble/${encodeURIComponent(fait.dossier_id)}`}>Voir le dossier</a> : 'Sans dossier'}</dd>
      </dl>
    </main>
  );
}

/** #/fait/<id>?logement=<id>[&dossier=<id>]: a new fait's form, else the fait. */
export function FaitScreen({ id, parentId, onDone, now = () => new Date() }) {
  const fait = useLive(() => getFieldRecord('fait', id).then((r) => r ?? null), [id]);
  if (fait === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!fait) return <FaitNew id={id} logementId={parentId} dossierId={askedDossier()} now={now} onDone={onDone} />;
  return <FaitView fait={fait} />;
}
