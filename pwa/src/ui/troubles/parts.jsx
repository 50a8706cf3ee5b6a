// Small inputs of the troubles screens: a free text with the CNIL's gentle warning, a choice of
// big buttons, a date and time. Labelled, large touch targets, usable at 390 px.
import { cnilWarning } from '../../troubles/cnil.js';
import { isoToLocalInput, localInputToIso } from '../../lib/datetime.js';

/** A free text (textarea when `rows` > 1) with the CNIL warning under it as the user types. */
export function FreeText({ id, label, value, onInput, onBlur, rows = 3, maxLength, hint, cnil = true, required = false }) {
  const warning = cnil ? cnilWarning(value || '') : null;
  const Tag = rows > 1 ? 'textarea' : 'input';
  return (
    <div class="field">
      <label for={id}>{label}{required ? ' *' : ''}</label>
      {hint && <p class="hint" id={`${id}-aide`}>{hint}</p>}
      <Tag id={id} rows={rows > 1 ? rows : undefined} type={rows > 1 ? undefined : 'text'} value={value || ''} maxLength={maxLength}
        aria-describedby={[hint ? `${id}-aide` : null, warning ? `${id}-cnil` : null].filter(Boolean).join(' ') || undefined}
        onInput={(e) => onInput(e.currentTarget.value)} onBlur={onBlur} />
      {warning && <p class="callout warn small" id={`${id}-cnil`} role="status">{warning}</p>}
    </div>
  );
}

/** One choice among `options` ([code, label]) as big buttons (aria-pressed); `multi`: a list of codes. */
export function ChoiceButtons({ label, options, value, onChange, multi = false }) {
  const chosen = (code) => (multi ? (value || []).includes(code) : value === code);
  const toggle = (code) => {
    if (!multi) return onChange(code);
    const list = value || [];
    return onChange(list.includes(code) ? list.filter((c) => c !== code) : [...list, code]);
  };
  return (
    <fieldset class="choices">
      <legend>{label}</legend>
      <div class="choice-grid">
        {options.map(([code, text]) => (
          <button key={code} type="button" class={chosen(code) ? 'choice on' : 'choice'} aria-pressed={chosen(code) ? 'true' : 'false'} onClick={() => toggle(code)}>
            {text}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** A date and time (ISO value with offset; null when empty). */
export function DateTime({ id, label, value, onChange, required = false }) {
  return (
    <div class="field">
      <label for={id}>{label}{required ? ' *' : ''}</label>
      <input id={id} type="datetime-local" value={isoToLocalInput(value)} onInput={(e) => onChange(localInputToIso(e.currentTarget.value))} />
    </div>
  );
}

/** A date (YYYY-MM-DD; null when empty). */
export function DateOnly({ id, label, value, onChange }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type="date" value={value || ''} onInput={(e) => onChange(e.currentTarget.value || null)} />
    </div>
  );
}

/** A select of [code, label] options with an empty first choice. */
export function Select({ id, label, options, value, onChange, required = false }) {
  return (
    <div class="field">
      <label for={id}>{label}{required ? ' *' : ''}</label>
      <select id={id} value={value || ''} onChange={(e) => onChange(e.currentTarget.value || null)}>
        <option value="">— choisir —</option>
        {options.map(([code, text]) => <option key={code} value={code}>{text}</option>)}
      </select>
    </div>
  );
}

/** Errors of a form, in one alert. */
export const Errors = ({ errors }) => (errors.length ? <div class="callout error" role="alert"><ul>{errors.map((e) => <li key={e}>{e}</li>)}</ul></div> : null);
