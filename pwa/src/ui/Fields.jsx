import { useEffect, useState } from 'preact/hooks';
import { isoToLocalInput, localInputToIso } from '../lib/datetime.js';
import { formatDecimalInput, parseDecimal } from '../lib/format.js';
import { DECISIONS, fieldLabel, RESPONSABILITES } from '../lib/labels.js';

/** The kind of control of each visite field (textarea when not listed). */
export const FIELD_KINDS = {
  type: 'select', prevue_le: 'datetime', realisee_le: 'datetime', candidat_nom: 'text', decision: 'select',
  cout_estime: 'number', responsabilite: 'select',
};

/** What a number input imposes, rules or not: a typed text that is not a number is refused. */
export const NOT_A_NUMBER = 'Nombre attendu, par exemple 350,50.';

function Errors({ id, errors }) {
  if (!errors?.length) return null;
  return <p id={id} class="field-error">{errors.join(' ')}</p>;
}

/**
 * A decimal input that keeps what the user types ("350,50", "350.50") and hands the parsed
 * number up (the typed text itself when it is not a number, so "Valider" can refuse it). A
 * type="number" input re-rendered with the parsed value lost the separator and the caret.
 */
function DecimalInput({ common, value, onChange }) {
  const [text, setText] = useState(() => formatDecimalInput(value));
  useEffect(() => {
    const shown = typeof value === 'string' ? value === text : parseDecimal(text) === (value ?? null);
    if (!shown) setText(formatDecimalInput(value));
  }, [value]);
  return (
    <input {...common} type="text" inputMode="decimal" autocomplete="off" value={text}
      onInput={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        const n = parseDecimal(t);
        onChange(Number.isNaN(n) ? t : n);
      }} />
  );
}

/**
 * A labelled control: kind = text | textarea | datetime | number | select. `attrs`: HTML limits
 * taken from the server's rules (maxLength, min, max).
 */
export function Field({ name, type, kind = 'textarea', value, onChange, errors, options, hint, attrs = {} }) {
  const id = `f-${name}`;
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? 'true' : undefined };
  const { min, max, maxLength } = attrs;
  // The attribute (not the maxLength property: Preact would set it to 0 when the rule goes away).
  const maxlength = maxLength;
  let control;
  if (kind === 'textarea') {
    control = <textarea {...common} maxlength={maxlength} rows={4} value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value)} />;
  } else if (kind === 'text') {
    control = <input {...common} maxlength={maxlength} type="text" value={value ?? ''} onInput={(e) => onChange(e.currentTarget.value)} />;
  } else if (kind === 'datetime') {
    control = <input {...common} min={min} max={max} type="datetime-local" value={isoToLocalInput(value)} onInput={(e) => onChange(localInputToIso(e.currentTarget.value))} />;
  } else if (kind === 'number') {
    control = <DecimalInput common={common} value={value} onChange={onChange} />;
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

/** Names of the type-specific fields a visite of `type` shows, given its values. */
export function typeFieldNames(type, values) {
  switch (type) {
    case 'candidat': return ['candidat_nom', 'decision', ...(values.decision === 'refuse' || values.motif_refus ? ['motif_refus'] : [])];
    case 'courtoisie': return ['equipements'];
    case 'conseil': return ['reparations', 'cout_estime'];
    case 'technique': return ['responsabilite', 'reparations'];
    case 'enquete_occupation': return ['occupants'];
    case 'logement_temoin': return ['defauts'];
    default: return [];
  }
}

const OPTIONS = { decision: DECISIONS, responsabilite: RESPONSABILITES };
const HINTS = {
  courtoisie: { equipements: 'Équipements en état de marche, contrats souscrits, premières demandes.' },
  conseil: { reparations: 'Réparations locatives à prévoir avant le départ.', cout_estime: 'Après application de la grille de vétusté.' },
  enquete_occupation: { occupants: 'Rappel : uniquement des faits constatés (personnes présentes, éléments visibles), sans interprétation.' },
  logement_temoin: { defauts: 'Défauts relevés et retours des visiteurs.' },
};

/** The fields specific to a visite type; `attrsOf(name)` gives each one's limits from the rules. */
export function TypeFields({ type, values, set, errors, attrsOf = () => ({}) }) {
  return typeFieldNames(type, values).map((name) => (
    <Field key={name} name={name} type={type} kind={FIELD_KINDS[name] || 'textarea'} value={values[name]}
      onChange={(v) => set(name, v)} errors={errors[name]} options={OPTIONS[name]} hint={HINTS[type]?.[name]}
      attrs={attrsOf(name)} />
  ));
}
