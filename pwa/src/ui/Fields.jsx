import { isoToLocalInput, localInputToIso } from '../lib/datetime.js';
import { DECISIONS, fieldLabel, RESPONSABILITES } from '../lib/labels.js';

function Errors({ id, errors }) {
  if (!errors?.length) return null;
  return <p id={id} class="field-error">{errors.join(' ')}</p>;
}

/** A labelled control: kind = text | textarea | datetime | number | select. */
export function Field({ name, type, kind = 'textarea', value, onChange, errors, options, hint }) {
  const id = `f-${name}`;
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? 'true' : undefined };
  let control;
  if (kind === 'textarea') {
    control = <textarea {...common} rows={4} value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value)} />;
  } else if (kind === 'text') {
    control = <input {...common} type="text" value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value)} />;
  } else if (kind === 'datetime') {
    control = <input {...common} type="datetime-local" value={isoToLocalInput(value)} onInput={(e) => onChange(localInputToIso(e.currentTarget.value))} />;
  } else if (kind === 'number') {
    control = (
      <input {...common} type="number" inputMode="decimal" min="0" step="0.01" value={value ?? ''}
        onInput={(e) => {
          const v = e.currentTarget.value;
          onChange(v === '' ? null : Number(v));
        }} />
    );
  } else {
    control = (
      <select {...common} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)}>
        <option value="">— Choisir —</option>
        {options.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
      </select>
    );
  }
  return (
    <div class={`field ${kind}`}>
      <label for={id}>{fieldLabel(name, type)}</label>
      {hint && <p id={hintId} class="hint">{hint}</p>}
      {control}
      <Errors id={errId} errors={errors} />
    </div>
  );
}

/** The fields specific to a visite type. */
export function TypeFields({ type, values, set, errors }) {
  const f = (name, kind = 'textarea', extra = {}) => (
    <Field key={name} name={name} type={type} kind={kind} value={values[name]} onChange={(v) => set(name, v)} errors={errors[name]} {...extra} />
  );
  switch (type) {
    case 'candidat':
      return [
        f('candidat_nom', 'text'),
        f('decision', 'select', { options: DECISIONS }),
        values.decision === 'refuse' || values.motif_refus ? f('motif_refus') : null,
      ];
    case 'courtoisie':
      return [f('equipements', 'textarea', { hint: 'Équipements en état de marche, contrats souscrits, premières demandes.' })];
    case 'conseil':
      return [f('reparations', 'textarea', { hint: 'Réparations locatives à prévoir avant le départ.' }), f('cout_estime', 'number', { hint: 'Après application de la grille de vétusté.' })];
    case 'technique':
      return [f('responsabilite', 'select', { options: RESPONSABILITES }), f('reparations')];
    case 'enquete_occupation':
      return [f('occupants', 'textarea', { hint: 'Rappel : uniquement des faits constatés (personnes présentes, éléments visibles), sans interprétation.' })];
    case 'logement_temoin':
      return [f('defauts', 'textarea', { hint: 'Défauts relevés et retours des visiteurs.' })];
    default:
      return null;
  }
}
