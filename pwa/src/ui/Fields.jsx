// Form widgets shared by the families' screens.
import { useEffect, useState } from 'preact/hooks';
import { isoToLocalInput, localInputToIso } from '../lib/datetime.js';
import { formatDecimalInput, parseDecimal } from '../lib/format.js';

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
 * A labelled control of any family's form: kind = text | textarea | datetime | number | select.
 * `attrs`: HTML limits taken from the server's rules (maxLength, min, max).
 */
export function Field({ name, label, kind = 'textarea', value, onChange, errors, options, hint, attrs = {} }) {
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
      <label for={id}>{label ?? name}</label>
      {hint && <p id={hintId} class="hint">{hint}</p>}
      {control}
      <Errors id={errId} errors={errors} />
    </div>
  );
}
