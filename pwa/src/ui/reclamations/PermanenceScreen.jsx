// Permanences: the list (#/permanences), starting one (site, agents, chantier; now by default),
// and a permanence's page (#/permanence/<id>) with its contacts and "Nouveau contact" in one tap.
import { useState } from 'preact/hooks';
import { listResidences } from '../../db/queries.js';
import { listPermanences, permanenceDetail } from '../../db/reclamations.js';
import { recordHash } from '../../families/index.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { formatDateTime, plural } from '../../lib/format.js';
import { uuidv7 } from '../../lib/uuid.js';
import { writeFieldRecords } from '../../db/writes.js';
import { CONTACT_CATEGORIES, SUITE_LABELS } from '../../reclamations/labels.js';
import { navigate, useLive } from '../hooks.js';
import { DateTime, Errors, FreeText } from '../troubles/parts.jsx';
import './reclamations.css';

const contactCategorie = (c) => Object.fromEntries(CONTACT_CATEGORIES)[c] || c;

/** #/permanences: the device's permanences, newest first, and "Démarrer une permanence". */
export function PermanencesList() {
  const list = useLive(() => listPermanences(), []);
  return (
    <main id="contenu" class="reclam">
      <h2>Permanences</h2>
      <div class="quick"><button type="button" class="primary big" onClick={() => navigate(`#/permanence/${uuidv7()}`)}>Démarrer une permanence</button></div>
      {list?.length === 0 && <p class="muted">Aucune permanence sur l'appareil.</p>}
      <ul class="cards" aria-label="Permanences">
        {list?.map(({ permanence: p, residence, contacts }) => (
          <li key={p.id}>
            <a class="card" href={`#/permanence/${encodeURIComponent(p.id)}`}>
              <strong>{p.site}</strong>
              <span>{residence?.nom} · {formatDateTime(p.debut)}{p.fin ? '' : ' · en cours'}</span>
              <span>{plural(contacts, 'contact')}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** French errors of a permanence. */
export function checkPermanence(v) {
  const out = [];
  if (!v.residence_id) out.push('Choisissez la résidence.');
  if (!String(v.site || '').trim()) out.push('Indiquez le lieu de la permanence.');
  if (!v.debut) out.push('Indiquez le début.');
  if (v.fin && v.debut && Date.parse(v.fin) < Date.parse(v.debut)) out.push('La fin ne peut pas précéder le début.');
  return out;
}

/** Start a permanence: résidence, site, agents, chantier; it starts now. */
function PermanenceNew({ id, residenceId, now }) {
  const residences = useLive(() => listResidences(), []);
  const [v, setV] = useState(() => ({ residence_id: residenceId || null, site: '', debut: toIsoWithOffset(now()), fin: null, agents: '', chantier: false }));
  const [errors, setErrors] = useState([]);
  const set = (f) => (x) => setV((o) => ({ ...o, [f]: x }));
  const residence = v.residence_id || (residences?.length === 1 ? residences[0].id : null);
  const submit = async (e) => {
    e.preventDefault();
    const values = { ...v, residence_id: residence, site: v.site.trim() };
    const errs = checkPermanence(values);
    setErrors(errs);
    if (!errs.length) await writeFieldRecords([{ entity: 'permanence', id, values }]);
  };
  return (
    <main id="contenu" class="reclam">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href="#/permanences">Permanences</a></nav>
      <h2>Démarrer une permanence</h2>
      <form aria-label="Permanence" onSubmit={submit} novalidate>
        <div class="field">
          <label for="p-residence">Résidence *</label>
          <select id="p-residence" value={residence || ''} onChange={(e) => set('residence_id')(e.currentTarget.value || null)}>
            <option value="">— choisir —</option>
            {(residences || []).map((r) => <option key={r.id} value={r.id}>{r.nom}</option>)}
          </select>
        </div>
        <FreeText id="p-site" label="Lieu" value={v.site} onInput={set('site')} rows={1} maxLength={200} cnil={false} required hint="Par exemple : loge du gardien, hall du bâtiment B" />
        <FreeText id="p-agents" label="Agents présents" value={v.agents} onInput={set('agents')} rows={1} maxLength={500} cnil={false} />
        <label class="check" for="p-chantier">
          <input id="p-chantier" type="checkbox" checked={v.chantier} onChange={(e) => set('chantier')(e.currentTarget.checked)} />
          Chantier en site occupé (travaux de réhabilitation)
        </label>
        <DateTime id="p-debut" label="Début" value={v.debut} onChange={set('debut')} required />
        <Errors errors={errors} />
        <div class="send"><button type="submit" class="primary">Démarrer la permanence</button></div>
      </form>
    </main>
  );
}

/** A permanence: its contacts, "Nouveau contact", "Terminer la permanence". */
function PermanenceView({ detail, flash, now }) {
  const { permanence: p, residence, contacts } = detail;
  const finish = () => writeFieldRecords([{ entity: 'permanence', id: p.id, values: { fin: toIsoWithOffset(now()) } }]);
  return (
    <main id="contenu" class="reclam">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href="#/permanences">Permanences</a></nav>
      {flash && <p class="flash" role="alert">{flash}</p>}
      <h2>Permanence — {p.site}</h2>
      <p class="muted">{residence?.nom} · {formatDateTime(p.debut)}{p.fin ? ` – ${formatDateTime(p.fin)}` : ' · en cours'}{p.chantier ? ' · chantier en site occupé' : ''}</p>
      {p.agents && <p>Agents : {p.agents}</p>}
      <div class="quick">
        <button type="button" class="primary big" onClick={() => navigate(recordHash('contact_permanence', uuidv7(), p.id))}>Nouveau contact</button>
      </div>
      <h3>{plural(contacts.length, 'contact')}</h3>
      <ul class="cards" aria-label="Contacts">
        {contacts.map((c) => (
          <li key={c.id}>
            <a class="card" href={recordHash('contact_permanence', c.id, p.id)}>
              <strong>{formatDateTime(c.heure)} — {contactCategorie(c.categorie)}</strong>
              <span>{c.demande}</span>
              {c.suite && <span class="small">{SUITE_LABELS[c.suite] || c.suite}</span>}
            </a>
          </li>
        ))}
      </ul>
      {!p.fin && <div class="actions"><button type="button" class="secondary" onClick={finish}>Terminer la permanence</button></div>}
    </main>
  );
}

/** #/permanence/<id>[?residence=<id>]: a new permanence's form, else the permanence. */
export function PermanenceScreen({ id, parentId, flash, now = () => new Date() }) {
  const detail = useLive(() => permanenceDetail(id), [id]);
  if (detail === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!detail) return <PermanenceNew id={id} residenceId={parentId} now={now} />;
  return <PermanenceView detail={detail} flash={flash} now={now} />;
}
