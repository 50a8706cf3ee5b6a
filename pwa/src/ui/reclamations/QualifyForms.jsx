// The gestionnaire's "Qualifier" and "Affecter" on a réclamation, offline, as the back office
// does them (server/backoffice/reclamation_views.py): each one is ONE write — the réclamation's
// changed fields and the step's reclamation_evenement. Shown only to the roles that may record
// those steps (the server's rules: a gardien may not).
import { useState } from 'preact/hooks';
import { writeFieldRecords } from '../../db/writes.js';
import { toIsoWithOffset } from '../../lib/datetime.js';
import { uuidv7 } from '../../lib/uuid.js';
import { CATEGORIE_LABELS, RESPONSABILITE_LABELS } from '../../reclamations/labels.js';
import { affectationStep, CATEGORIES, follows, qualificationStep, transitionRefusal, URGENCES } from '../../reclamations/statut.js';
import { Errors } from '../troubles/parts.jsx';

const ENTREPRISE_MAX = 200;
const REFERENCE_MAX = 100;
const URGENCE_OPTIONS = { U1: 'U1 — sous 4 h', U2: 'U2 — sous 24 h', U3: 'U3 — sous 5 jours ouvrés' };
const SAVED_OFFLINE = 'elle sera envoyée à la prochaine synchronisation.';

/** French errors of the Qualifier form (the back office's QualifierForm). */
export function checkQualifier(v) {
  const out = [];
  if (!URGENCES.includes(v.urgence)) out.push("Choisissez l'urgence : U1, U2 ou U3.");
  if (!CATEGORIES.includes(v.categorie)) out.push('Choisissez une catégorie de la liste.');
  if (v.responsabilite && !(v.responsabilite in RESPONSABILITE_LABELS)) out.push('Choisissez une responsabilité de la liste.');
  return out;
}

/** French errors of the Affecter form (the back office's AffecterForm). */
export function checkAffecter(v) {
  const out = [];
  if (!v.entreprise) out.push("Nom de l'entreprise obligatoire.");
  else if (v.entreprise.length > ENTREPRISE_MAX) out.push(`Nom trop long (${ENTREPRISE_MAX} caractères au plus).`);
  if (v.entreprise_reference.length > REFERENCE_MAX) out.push(`Référence trop longue (${REFERENCE_MAX} caractères au plus).`);
  return out;
}

/** The records of one save: the réclamation's changed fields (if any) and the step (if any). */
function itemsOf(r, changes, step, commentaire, now) {
  const changed = Object.fromEntries(Object.entries(changes).filter(([f, v]) => (r[f] ?? null) !== v));
  const items = [];
  if (Object.keys(changed).length) items.push({ entity: 'reclamation', id: r.id, values: changed });
  if (step) {
    items.push({ entity: 'reclamation_evenement', id: uuidv7(), values: {
      reclamation_id: r.id, statut: step, commentaire: commentaire || null, le: toIsoWithOffset(now()),
    } });
  }
  return items;
}

/** One compact form: its fields as typed over the réclamation's values, a save, its messages. */
function useStepForm(r, fields, { check, save }) {
  const [typed, setTyped] = useState({});
  const [errors, setErrors] = useState([]);
  const [done, setDone] = useState('');
  const values = Object.fromEntries(fields.map((f) => [f, typed[f] ?? r[f] ?? '']));
  const set = (f) => (e) => { setTyped((t) => ({ ...t, [f]: e.currentTarget.value })); setDone(''); };
  const submit = async (e) => {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries(values).map(([f, v]) => [f, String(v).trim()]));
    const errs = check(clean);
    setDone('');
    setErrors(errs);
    if (errs.length) return;
    const { items, refusal, success } = save(clean);
    if (refusal) return setErrors([refusal]);
    if (!items.length) return setDone("Aucun champ n'a été modifié.");
    try {
      await writeFieldRecords(items);
      setTyped({});
      setDone(success);
    } catch (err) {
      console.error(err);
      setErrors(["La modification n'a pas pu être enregistrée sur l'appareil. Réessayez."]);
    }
  };
  return { values, set, submit, errors, done };
}

function Done({ text }) {
  return <p class="callout ok small" role="status">{text}</p>;
}

/** "Qualifier": urgence, catégorie, responsabilité; a saisie or réouverte one becomes qualifiée. */
function Qualifier({ r, statut, now }) {
  const f = useStepForm(r, ['urgence', 'categorie', 'responsabilite'], {
    check: checkQualifier,
    save: (v) => ({
      items: itemsOf(r, { urgence: v.urgence, categorie: v.categorie, responsabilite: v.responsabilite || null }, qualificationStep(statut), '', now),
      success: `La réclamation est qualifiée ; ${SAVED_OFFLINE}`,
    }),
  });
  return (
    <form class="qualify" aria-labelledby="qualifier-titre" onSubmit={f.submit} novalidate>
      <h3 id="qualifier-titre">Qualifier</h3>
      <div class="field">
        <label for="q-urgence">Urgence *</label>
        <select id="q-urgence" value={f.values.urgence} onChange={f.set('urgence')}>
          <option value="">— choisir —</option>
          {URGENCES.map((u) => <option key={u} value={u}>{URGENCE_OPTIONS[u]}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="q-categorie">Catégorie *</label>
        <select id="q-categorie" value={f.values.categorie} onChange={f.set('categorie')}>
          <option value="">— choisir —</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORIE_LABELS[c]}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="q-responsabilite">Responsabilité</label>
        <select id="q-responsabilite" value={f.values.responsabilite} onChange={f.set('responsabilite')}>
          <option value="">— non précisée —</option>
          {Object.entries(RESPONSABILITE_LABELS).map(([code, text]) => <option key={code} value={code}>{text}</option>)}
        </select>
      </div>
      <Errors errors={f.errors} />
      {f.done && <Done text={f.done} />}
      <div class="actions"><button type="submit" class="primary">Qualifier</button></div>
    </form>
  );
}

/** "Affecter": the contractor and its reference; the réclamation becomes affectée. */
function Affecter({ r, statut, now }) {
  const f = useStepForm(r, ['entreprise', 'entreprise_reference'], {
    check: checkAffecter,
    save: (v) => {
      const step = affectationStep(statut);
      if (step && !follows(statut, step)) return { refusal: transitionRefusal(statut, step) };
      const commentaire = [v.entreprise, v.entreprise_reference].filter(Boolean).join(' — ');
      return {
        items: itemsOf(r, { entreprise: v.entreprise, entreprise_reference: v.entreprise_reference || null }, step, commentaire, now),
        success: `Réclamation affectée à ${v.entreprise} ; ${SAVED_OFFLINE}`,
      };
    },
  });
  return (
    <form class="qualify" aria-labelledby="affecter-titre" onSubmit={f.submit} novalidate>
      <h3 id="affecter-titre">Affecter</h3>
      <div class="field">
        <label for="a-entreprise">Entreprise *</label>
        <input id="a-entreprise" type="text" autocomplete="organization" maxLength={ENTREPRISE_MAX} value={f.values.entreprise} onInput={f.set('entreprise')} />
      </div>
      <div class="field">
        <label for="a-reference">Référence (bon de commande, ticket)</label>
        <input id="a-reference" type="text" autocomplete="off" maxLength={REFERENCE_MAX} value={f.values.entreprise_reference} onInput={f.set('entreprise_reference')} />
      </div>
      <Errors errors={f.errors} />
      {f.done && <Done text={f.done} />}
      <div class="actions"><button type="submit" class="primary">Affecter</button></div>
    </form>
  );
}

/**
 * The two forms for a réclamation `r` at `statut` (the device's), for a user whose `allowed`
 * steps (stepsAllowed()) include qualifiée and affectée; nothing otherwise.
 */
export function QualifyForms({ r, statut, allowed, now = () => new Date() }) {
  const canQualify = allowed.includes('qualifiee');
  const canAssign = allowed.includes('affectee');
  if (!canQualify && !canAssign) return null;
  return (
    <section class="qualify-forms" aria-label="Qualification et affectation">
      {canQualify && <Qualifier r={r} statut={statut} now={now} />}
      {canAssign && <Affecter r={r} statut={statut} now={now} />}
    </section>
  );
}
