// #/contact_permanence/<id>?permanence=<id>: a contact taken fast during a permanence — the time
// (now), who (a locataire or logement, another person, or anonymous), the category, the request,
// the answer, the follow-up — and in one tap a réclamation or a troubles fait created from it,
// written with the contact (its suite and suite_id) in the same transaction.
import { useState } from 'preact/hooks';
import { getFieldRecord, getLogement } from '../../db/queries.js';
import { permanenceDetail } from '../../db/reclamations.js';
import { writeFieldRecords } from '../../db/writes.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { formatDateTime } from '../../lib/format.js';
import { uuidv7 } from '../../lib/uuid.js';
import { CONTACT_CATEGORIES, SUITE_LABELS, SUITES } from '../../reclamations/labels.js';
import { INTENSITES, isNight, NATURES_TROUBLE } from '../../troubles/labels.js';
import { navigate, parseHash, useLive } from '../hooks.js';
import { ChoiceButtons, DateTime, Errors, FreeText } from '../troubles/parts.jsx';
import { LogementSearch } from './LieuPicker.jsx';
import { ReclamationForm } from './ReclamationForm.jsx';
import './reclamations.css';

const CHANTIER_FIELDS = ['acces_refuse', 'nuisances_chantier', 'degats_entreprise', 'vulnerable'];

/** French errors of a contact. */
export function checkContact(v) {
  const out = [];
  if (!v.categorie) out.push('Choisissez la catégorie de la demande.');
  if (!String(v.demande || '').trim()) out.push('Notez la demande.');
  if (v.suite === 'rendez_vous' && !v.rendez_vous_le) out.push('Indiquez la date du rendez-vous.');
  return out;
}

/** A checkbox with its label, large. */
const Check = ({ id, label, checked, onChange }) => (
  <label class="check" for={id}><input id={id} type="checkbox" checked={!!checked} onChange={(e) => onChange(e.currentTarget.checked)} />{label}</label>
);

/** Who came: a locataire of a logement, the logement only, another person (name) or anonymous. */
function Who({ v, setMany }) {
  const [mode, setMode] = useState(v.anonyme ? 'anonyme' : v.nom ? 'autre' : 'logement');
  const logement = useLive(() => (v.logement_id ? getLogement(v.logement_id) : null), [v.logement_id]);
  const go = (m) => {
    setMode(m);
    if (m === 'anonyme') setMany({ anonyme: true, locataire_id: null, nom: '' });
    else setMany({ anonyme: false, ...(m === 'autre' ? { locataire_id: null } : { nom: '' }) });
  };
  return (
    <fieldset>
      <legend>Qui ?</legend>
      <div class="tiles" role="group" aria-label="Personne reçue">
        {[['logement', 'Locataire / logement'], ['autre', 'Autre personne'], ['anonyme', 'Anonyme']].map(([m, text]) => (
          <button key={m} type="button" class={mode === m ? 'tile on' : 'tile'} aria-pressed={mode === m ? 'true' : 'false'} onClick={() => go(m)}>{text}</button>
        ))}
      </div>
      {mode === 'autre' && <FreeText id="c-nom" label="Nom" value={v.nom} onInput={(x) => setMany({ nom: x })} rows={1} maxLength={200} cnil={false} />}
      {mode !== 'anonyme' && (v.logement_id && logement ? (
        <>
          <p class="picked">
            <span>Logement {logement.logement.numero} — {logement.residence?.nom}</span>
            <button type="button" class="secondary" onClick={() => setMany({ logement_id: null, locataire_id: null })}>Changer</button>
          </p>
          {mode === 'logement' && logement.locataires.length > 0 && (
            <div class="tiles" role="group" aria-label="Locataire">
              {logement.locataires.map((t) => (
                <button key={t.id} type="button" class={v.locataire_id === t.id ? 'tile on' : 'tile'} aria-pressed={v.locataire_id === t.id ? 'true' : 'false'}
                  onClick={() => setMany({ locataire_id: v.locataire_id === t.id ? null : t.id })}>
                  {[t.prenom, t.nom].filter(Boolean).join(' ')}
                </button>
              ))}
            </div>
          )}
        </>
      ) : (
        <LogementSearch id="c-logement" label={mode === 'autre' ? 'Logement concerné (facultatif)' : 'Logement ou locataire'} onPick={(h) => setMany({ logement_id: h.logement.id, locataire_id: null })} />
      ))}
    </fieldset>
  );
}

/** A troubles fait reported from the contact: nature and intensity, the rest prefilled. */
function FaitFromContact({ contact, onSave, onBack }) {
  const [f, setF] = useState({ nature: null, intensite: 'moyenne', description: contact.demande });
  const [errors, setErrors] = useState([]);
  const submit = (e) => {
    e.preventDefault();
    if (!f.nature) return setErrors(['Choisissez la nature du fait.']);
    return onSave(f);
  };
  return (
    <form class="reclam" aria-label="Fait" onSubmit={submit} novalidate>
      <ChoiceButtons label="Nature" options={NATURES_TROUBLE} value={f.nature} onChange={(x) => setF({ ...f, nature: x })} />
      <ChoiceButtons label="Intensité" options={INTENSITES} value={f.intensite} onChange={(x) => setF({ ...f, intensite: x })} />
      <FreeText id="c-fait-description" label="Description" value={f.description} onInput={(x) => setF({ ...f, description: x })} rows={3} maxLength={5000} />
      <Errors errors={errors} />
      <div class="actions"><button type="submit" class="primary">Enregistrer le fait et le contact</button><button type="button" class="secondary" onClick={onBack}>Retour au contact</button></div>
    </form>
  );
}

/** The new contact's form, then (on request) the réclamation or fait made from it. */
function ContactNew({ id, permanence, onDone, now }) {
  const [v, setV] = useState(() => ({
    permanence_id: permanence.id, heure: toIsoWithOffset(now()), locataire_id: null, logement_id: null, anonyme: false, nom: '', categorie: null,
    demande: '', reponse: '', orientation: '', suite: null, suite_id: null, rendez_vous_le: null, documents_remis: '',
    ...(permanence.chantier ? { acces_refuse: false, nuisances_chantier: '', degats_entreprise: '', vulnerable: false } : {}),
  }));
  const [step, setStep] = useState('contact');
  const [reclamationId] = useState(uuidv7);
  const [errors, setErrors] = useState([]);
  const set = (f) => (x) => setV((o) => ({ ...o, [f]: x }));
  const setMany = (changes) => setV((o) => ({ ...o, ...changes }));
  const contactItem = (changes = {}) => {
    const values = { ...v, demande: v.demande.trim(), ...changes };
    if (!permanence.chantier) for (const f of CHANTIER_FIELDS) delete values[f];
    return { entity: 'contact_permanence', id, values };
  };
  const go = (next) => {
    const errs = checkContact({ ...v, suite: null });
    setErrors(errs);
    if (!errs.length) setStep(next);
  };
  const save = async (e) => {
    e.preventDefault();
    const errs = checkContact(v);
    setErrors(errs);
    if (errs.length) return;
    await writeFieldRecords([contactItem()]);
    onDone(permanence.id, 'Contact enregistré.');
  };
  const saveFait = async (f) => {
    const faitId = uuidv7();
    await writeFieldRecords([
      { entity: 'fait', id: faitId, values: {
        logement_id: v.logement_id, dossier_id: null, survenu_le: v.heure, fin_le: null, nature: f.nature, intensite: f.intensite,
        signale_par: 'Permanence', temoins: '', description: f.description, nuit: isNight(v.heure),
      } },
      contactItem({ suite: 'fait', suite_id: faitId }),
    ]);
    onDone(permanence.id, 'Contact et fait enregistrés.');
  };

  if (step === 'reclamation') {
    return (
      <main id="contenu" class="reclam">
        <h2>Réclamation depuis le contact</h2>
        <button type="button" class="secondary" onClick={() => setStep('contact')}>Retour au contact</button>
        <ReclamationForm id={reclamationId} now={now} submitLabel="Enregistrer la réclamation et le contact"
          initial={{ logement_id: v.logement_id, description: v.demande.trim(), origine: 'permanence', contact_id: id, signalee_le: v.heure }}
          withItems={(rid) => [contactItem({ suite: 'reclamation', suite_id: rid })]}
          onSaved={() => onDone(permanence.id, 'Contact et réclamation enregistrés.')} />
      </main>
    );
  }
  if (step === 'fait') {
    return (
      <main id="contenu" class="reclam">
        <h2>Fait signalé depuis le contact</h2>
        <FaitFromContact contact={v} onSave={saveFait} onBack={() => setStep('contact')} />
      </main>
    );
  }
  return (
    <main id="contenu" class="reclam">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href={`#/permanence/${encodeURIComponent(permanence.id)}`}>Permanence — {permanence.site}</a></nav>
      <h2>Nouveau contact</h2>
      <form aria-label="Contact" onSubmit={save} novalidate>
        <DateTime id="c-heure" label="Heure" value={v.heure} onChange={set('heure')} required />
        <Who v={v} setMany={setMany} />
        <fieldset>
          <legend>Catégorie de la demande</legend>
          <div class="tiles">
            {CONTACT_CATEGORIES.map(([c, text]) => (
              <button key={c} type="button" class={v.categorie === c ? 'tile on' : 'tile'} aria-pressed={v.categorie === c ? 'true' : 'false'} onClick={() => set('categorie')(c)}>{text}</button>
            ))}
          </div>
        </fieldset>
        <FreeText id="c-demande" label="Demande" value={v.demande} onInput={set('demande')} rows={3} maxLength={2000} required />
        <FreeText id="c-reponse" label="Réponse apportée" value={v.reponse} onInput={set('reponse')} rows={2} maxLength={2000} />
        <FreeText id="c-orientation" label="Orientation" value={v.orientation} onInput={set('orientation')} rows={1} maxLength={500} cnil={false} hint="Vers qui la personne est orientée" />
        <FreeText id="c-documents" label="Documents remis" value={v.documents_remis} onInput={set('documents_remis')} rows={1} maxLength={500} cnil={false} />
        {permanence.chantier && (
          <fieldset>
            <legend>Chantier</legend>
            <Check id="c-acces" label="Accès au logement refusé" checked={v.acces_refuse} onChange={set('acces_refuse')} />
            <FreeText id="c-nuisances" label="Nuisances du chantier" value={v.nuisances_chantier} onInput={set('nuisances_chantier')} rows={2} maxLength={1000} />
            <FreeText id="c-degats" label="Dégâts causés par l'entreprise" value={v.degats_entreprise} onInput={set('degats_entreprise')} rows={2} maxLength={1000} />
            <Check id="c-vulnerable" label="Personne vulnérable (sans détail de santé)" checked={v.vulnerable} onChange={set('vulnerable')} />
          </fieldset>
        )}
        <fieldset>
          <legend>Suite</legend>
          <div class="two">
            <button type="button" class="primary" onClick={() => go('reclamation')}>Créer une réclamation</button>
            <button type="button" class="primary" disabled={!v.logement_id} onClick={() => go('fait')}>Signaler un fait</button>
          </div>
          {!v.logement_id && <p class="small muted">Un fait se signale sur un logement : choisissez-le plus haut.</p>}
          <ChoiceButtons label="Autre suite" options={SUITES} value={v.suite} onChange={(x) => setMany({ suite: v.suite === x ? null : x })} />
          {v.suite === 'rendez_vous' && <DateTime id="c-rdv" label="Rendez-vous le" value={v.rendez_vous_le} onChange={set('rendez_vous_le')} required />}
        </fieldset>
        <Errors errors={errors} />
        <div class="send"><button type="submit" class="primary">Enregistrer le contact</button></div>
      </form>
    </main>
  );
}

/** A contact already recorded, read only, with a link to what came of it. */
function ContactView({ contact: c, permanence }) {
  const suiteHref = c.suite === 'reclamation' && c.suite_id ? `#/reclamation/${encodeURIComponent(c.suite_id)}`
    : c.suite === 'fait' && c.suite_id ? `#/fait/${encodeURIComponent(c.suite_id)}` : null;
  return (
    <main id="contenu" class="reclam">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href={`#/permanence/${encodeURIComponent(c.permanence_id)}`}>Permanence{permanence ? ` — ${permanence.site}` : ''}</a></nav>
      <h2>Contact — {formatDateTime(c.heure)}</h2>
      <dl class="details">
        <dt>Catégorie</dt><dd>{Object.fromEntries(CONTACT_CATEGORIES)[c.categorie] || '—'}</dd>
        <dt>Personne</dt><dd>{c.anonyme ? 'Anonyme' : c.nom || (c.locataire_id ? 'Locataire' : c.logement_id ? 'Logement' : '—')}</dd>
        <dt>Demande</dt><dd>{c.demande}</dd>
        <dt>Réponse</dt><dd>{c.reponse || '—'}</dd>
        <dt>Orientation</dt><dd>{c.orientation || '—'}</dd>
        <dt>Suite</dt><dd>{suiteHref ? <a href={suiteHref}>{SUITE_LABELS[c.suite]}</a> : SUITE_LABELS[c.suite] || '—'}{c.rendez_vous_le ? ` le ${formatDateTime(c.rendez_vous_le)}` : ''}</dd>
        {c.documents_remis && <><dt>Documents remis</dt><dd>{c.documents_remis}</dd></>}
      </dl>
    </main>
  );
}

/** #/contact_permanence/<id>?permanence=<id> (or ?parent=<id>): the new contact's form, else the contact. */
export function ContactScreen({ id, parentId, onDone = (pid) => navigate(`#/permanence/${encodeURIComponent(pid)}`), now = () => new Date() }) {
  const contact = useLive(() => getFieldRecord('contact_permanence', id).then((r) => r ?? null), [id]);
  const pid = contact?.permanence_id || parentId || parseHash(globalThis.location?.hash).query.get('parent');
  const detail = useLive(() => (pid ? permanenceDetail(pid) : null), [pid]);
  if (contact === undefined || detail === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (contact) return <ContactView contact={contact} permanence={detail?.permanence} />;
  if (!detail) return <main id="contenu"><p role="alert">Ajoutez le contact depuis sa permanence.</p><a href="#/permanences">Permanences</a></main>;
  return <ContactNew id={id} permanence={detail.permanence} onDone={onDone} now={now} />;
}
