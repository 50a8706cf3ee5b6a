import { useEffect, useRef, useState } from 'preact/hooks';
import { beforeUpdate, onBeforeLock } from '../../app.js';
import { REVIEW_STATES } from '../../config.js';
import { addDraftPhoto, discardDraft, openDraft, saveDraftMerged } from '../../db/drafts.js';
import { getFieldRecord, getLogement, issuesOfRecord } from '../../db/queries.js';
import { entityRules, getRules } from '../../db/rules.js';
import { deleteFieldRecord, validateDraft } from '../../db/writes.js';
import { VISITE_FIELDS, VISITE_TYPES, visiteFieldLabel as fieldLabel } from '../../families/visite.js';
import { allowedValues, checkField, checkRecord, inputAttrs } from '../../lib/validate.js';
import { changedFields } from '../../sync/rebase.js';
import { Confirm } from '../Confirm.jsx';
import { NOT_A_NUMBER } from '../Fields.jsx';
import { useLive } from '../hooks.js';
import { Photos } from '../Photos.jsx';
import { Field, FIELD_KINDS, TypeFields, typeFieldNames } from './fields.jsx';

export const CNIL_REMINDER =
  "Écrivez des faits objectifs, comme si la personne concernée allait vous lire : pas de données de santé, d'opinions ni d'infractions.";

/** Fields every visite form shows, whatever its type. */
const COMMON_FIELDS = ['type', 'prevue_le', 'realisee_le', 'participants', 'observations', 'suites'];

/**
 * Check a visite draft before "Valider": what the inputs impose (a type, numbers), then the
 * server's rules (`rules`: null when never fetched) on the fields the mutation will send.
 * Returns {field: [French messages]}; `_photos` for the photos' captions.
 */
export function checkVisiteDraft(draft, { rules, accepted, rejectedFields = [], now = Date.now() }) {
  const v = draft.values;
  const errs = {};
  if (!v.type) errs.type = ['Choisissez le type de visite.'];
  const visite = entityRules(rules, 'visite');
  const names = accepted
    ? [...new Set([...changedFields(draft.orig, v, VISITE_FIELDS), ...rejectedFields])]
    : VISITE_FIELDS;
  const fromRules = checkRecord(visite, Object.fromEntries(names.filter((f) => f in v).map((f) => [f, v[f]])), { now, creating: !accepted });
  for (const [f, msgs] of Object.entries(fromRules)) if (!errs[f]) errs[f] = msgs;
  for (const f of names) {
    if (FIELD_KINDS[f] === 'number' && typeof v[f] === 'string' && !errs[f]) errs[f] = [NOT_A_NUMBER];
  }
  const caption = entityRules(rules, 'photo')?.fields?.caption;
  const bad = (draft.photos || []).filter((p) => (v.photo_ids || []).includes(p.id)).flatMap((p) => checkField(caption, p.caption ?? '', now));
  if (bad.length) errs._photos = [...new Set(bad)];
  return errs;
}

/** #/visite/<id>[?logement=<id>]: the visite form with autosaved draft. */
export function VisiteForm({ id, logementId, onDone }) {
  const [draft, setDraft] = useState(null);
  const [saveState, setSaveState] = useState('');
  const [errors, setErrors] = useState({});
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const latest = useRef(null);
  const dirty = useRef(false);
  const timer = useRef(null);
  const record = useLive(() => getFieldRecord('visite', id), [id]);
  const issues = useLive(() => issuesOfRecord(id), [id]);
  const rules = useLive(() => getRules(), []);
  const lid = draft?.parent || logementId;
  const logement = useLive(() => (lid ? getLogement(lid) : null), [lid]);

  async function flush() {
    clearTimeout(timer.current);
    if (!dirty.current || !latest.current) return;
    dirty.current = false;
    const sent = latest.current;
    const stored = await saveDraftMerged(sent);
    if (latest.current === sent) {
      latest.current = stored;
      setDraft(stored);
    }
    setSaveState('saved');
  }

  useEffect(() => {
    let alive = true;
    openDraft('visite', id, logementId).then((d) => {
      if (!alive) return;
      latest.current = d || false;
      setDraft(d || false);
      setSaveState(d?.saved ? 'restored' : '');
    });
    const onHide = () => flush();
    const off = beforeUpdate.on(onHide);
    const offLock = onBeforeLock(flush);
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      alive = false;
      flush();
      off();
      offLock();
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [id]);

  function change(next) {
    latest.current = next;
    setDraft(next);
    dirty.current = true;
    setSaveState('pending');
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, 500);
  }
  const set = (field, value) => {
    change({ ...latest.current, values: { ...latest.current.values, [field]: value } });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  // A role allowed one visite type only (the gardien: courtoisie) does not have to choose it.
  const onlyType = allowedValues(entityRules(rules, 'visite'), 'type');
  const needsType = !!draft && !draft.values?.type && !draft.orig?.type && onlyType?.length === 1;
  useEffect(() => { if (needsType) set('type', onlyType[0]); }, [needsType]);

  if (draft === null) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (draft === false) {
    return <main id="contenu"><p>Visite introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  }

  const v = draft.values;
  const l = logement?.logement;
  const rejected = (issues || []).filter((i) => i.kind === 'rejected');
  const serverErrors = Object.assign({}, ...rejected.map((i) => i.errors || {}));
  const fieldErrors = { ...serverErrors, ...Object.fromEntries(Object.entries(errors).filter(([, e]) => e)) };
  const visiteRules = entityRules(rules, 'visite');
  const attrsOf = (name) => inputAttrs(visiteRules?.fields?.[name]);
  const allowed = allowedValues(visiteRules, 'type');
  const typeOptions = VISITE_TYPES.filter(([t]) => !allowed || allowed.includes(t) || t === draft.orig?.type);
  const shown = new Set([...COMMON_FIELDS, ...typeFieldNames(v.type, v)]);
  const hidden = Object.entries(fieldErrors).filter(([f, e]) => e && !shown.has(f) && f !== '_form');
  const common = (name, kind = 'textarea') => (
    <Field name={name} type={v.type} kind={kind} value={v[name]} onChange={(x) => set(name, x)} errors={fieldErrors[name]} attrs={attrsOf(name)} />
  );

  async function addPhoto(photo, blob) {
    const cur = latest.current;
    const next = { ...cur, photos: [...(cur.photos || []), photo], values: { ...cur.values, photo_ids: [...(cur.values.photo_ids || []), photo.id] } };
    latest.current = next;
    setDraft(next);
    await addDraftPhoto(next, photo, blob);
    setSaveState('saved');
  }
  const removePhoto = (pid) => {
    const cur = latest.current;
    change({ ...cur, photos: cur.photos.filter((p) => p.id !== pid), values: { ...cur.values, photo_ids: cur.values.photo_ids.filter((x) => x !== pid) } });
  };
  const setCaption = (pid, caption) => {
    const cur = latest.current;
    change({ ...cur, photos: cur.photos.map((p) => (p.id === pid ? { ...p, caption } : p)) });
  };

  async function validate(e) {
    e.preventDefault();
    const accepted = record?._v !== null && record?._v !== undefined;
    const rejectedFields = rejected.flatMap((i) => Object.keys(i.fields || {}));
    const errs = checkVisiteDraft(latest.current, { rules: rules || null, accepted, rejectedFields });
    if (Object.keys(errs).length) {
      setErrors(errs);
      const first = Object.keys(errs).find((f) => shown.has(f));
      (first ? document.getElementById(`f-${first}`) : document.getElementById('erreurs-visite'))?.focus();
      return;
    }
    setBusy(true);
    clearTimeout(timer.current);
    dirty.current = false;
    try {
      const queued = await validateDraft(latest.current);
      onDone(draft.parent, queued.length
        ? 'Visite validée : elle sera envoyée à la prochaine synchronisation.'
        : 'Aucune modification à envoyer.');
    } catch (err) {
      console.error(err);
      dirty.current = true;
      setBusy(false);
      setErrors({ _form: ["La visite n'a pas pu être enregistrée sur l'appareil. Réessayez."] });
    }
  }

  async function remove() {
    setBusy(true);
    clearTimeout(timer.current);
    dirty.current = false;
    try {
      await deleteFieldRecord('visite', id);
      onDone(draft.parent, 'Visite supprimée.');
    } catch (err) {
      console.error(err);
      setBusy(false);
      setErrors({ _form: ["La visite n'a pas pu être supprimée sur l'appareil. Réessayez."] });
    }
  }

  async function discard() {
    clearTimeout(timer.current);
    dirty.current = false;
    await discardDraft(id);
    onDone(draft.parent, 'Brouillon abandonné.');
  }

  const title = draft.isNew && !record ? 'Nouvelle visite' : 'Visite';
  const hasDraft = draft.saved || saveState === 'saved' || saveState === 'pending';
  return (
    <main id="contenu">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href="#/logements">Logements</a>
        {l && <> › <a href={`#/logement/${l.id}`}>Logement {l.numero}</a></>}
        {' › '}<span>{title}</span>
      </nav>
      <h2>{title}{l ? ` — logement ${l.numero}` : ''}</h2>
      {logement?.residence && <p class="muted">{logement.residence.nom}{logement.batiment ? ` · ${logement.batiment.nom || logement.batiment.code}` : ''}</p>}
      {record?.review_state === 'a_corriger' && (
        <div class="callout warn" role="alert">
          <strong>À corriger</strong> — commentaire du back office : {record.review_comment || '(sans commentaire)'}
        </div>
      )}
      {record?.review_state && record.review_state !== 'a_corriger' && (
        <p class="muted">État de la relecture : {REVIEW_STATES[record.review_state] || record.review_state}</p>
      )}
      {rejected.map((i) => (
        <div key={i.id} class="callout error" role="alert">
          <strong>Refusée par le serveur :</strong> {i.message}
          {Object.keys(i.errors || {}).length > 0 && (
            <ul>{Object.entries(i.errors).map(([f, msgs]) => <li key={f}>{fieldLabel(f, v.type)} : {[].concat(msgs).join(' ')}</li>)}</ul>
          )}
          <span class="small"> Corrigez puis validez de nouveau.</span>
        </div>
      ))}
      <form onSubmit={validate} aria-label="Visite" novalidate>
        {hidden.length > 0 && (
          <div id="erreurs-visite" class="callout error" role="alert" tabIndex={-1}>
            <ul>{hidden.map(([f, msgs]) => <li key={f}>{f === '_photos' ? 'Légendes des photos' : fieldLabel(f, v.type)} : {[].concat(msgs).join(' ')}</li>)}</ul>
          </div>
        )}
        <Field name="type" type={v.type} kind="select" options={typeOptions} value={v.type} onChange={(x) => set('type', x)} errors={fieldErrors.type} />
        <div class="row2">
          {common('prevue_le', 'datetime')}
          {common('realisee_le', 'datetime')}
        </div>
        <p class="cnil" role="note">{CNIL_REMINDER}</p>
        {common('participants')}
        <TypeFields type={v.type} values={v} set={set} errors={fieldErrors} attrsOf={attrsOf} />
        {common('observations')}
        {common('suites')}
        <Photos draft={draft} onAdd={addPhoto} onRemove={removePhoto} onCaption={setCaption}
          captionMax={entityRules(rules, 'photo')?.fields?.caption?.maxLength} />
        {fieldErrors._form && <p class="error" role="alert">{[].concat(fieldErrors._form).join(' ')}</p>}
        <p class="autosave small" aria-live="polite">
          {saveState === 'pending' ? 'Enregistrement du brouillon…' : saveState === 'saved' ? 'Brouillon enregistré' : saveState === 'restored' ? 'Brouillon enregistré (repris)' : ''}
        </p>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>Valider la visite</button>
          {hasDraft && !confirmDiscard && (
            <button type="button" class="secondary" onClick={() => setConfirmDiscard(true)}>Abandonner le brouillon</button>
          )}
          {confirmDiscard && (
            <>
              <button type="button" class="danger" onClick={discard}>Confirmer l'abandon</button>
              <button type="button" class="secondary" onClick={() => setConfirmDiscard(false)}>Garder le brouillon</button>
            </>
          )}
          {record && !confirmDelete && (
            <button type="button" class="secondary delete" onClick={() => setConfirmDelete(true)}>Supprimer la visite</button>
          )}
        </div>
        {record && confirmDelete && (
          <Confirm title="Supprimer cette visite ?" danger="Supprimer définitivement" busy={busy}
            onConfirm={remove} onCancel={() => setConfirmDelete(false)}>
            <p>
              {record._v === null || record._v === undefined
                ? "Elle n'a jamais été envoyée : elle sera effacée de l'appareil, avec ses photos."
                : 'Elle sera supprimée de l’appareil, puis du serveur à la prochaine synchronisation.'}
            </p>
          </Confirm>
        )}
      </form>
    </main>
  );
}
