import { useEffect, useRef, useState } from 'preact/hooks';
import { parseCout } from '../../edl/sortie.js';
import { formatDecimalInput } from '../../lib/format.js';

/**
 * An amount in euros typed the French way ("120,50"), saved like AutoText (800 ms after the last
 * keystroke, and on blur) when it reads as an amount, else its French error shows.
 * `onPreview(value | undefined)` follows every keystroke (the shares shown at once).
 */
export function AmountField({ id, label, value, onSave, onPreview }) {
  const [text, setText] = useState(formatDecimalInput(value));
  const [error, setError] = useState(null);
  const timer = useRef(null);
  const last = useRef(value ?? null);
  useEffect(() => {
    if (!timer.current && (value ?? null) !== last.current) {
      last.current = value ?? null;
      setText(formatDecimalInput(value));
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const flush = (v) => {
    clearTimeout(timer.current);
    timer.current = null;
    const parsed = parseCout(v);
    setError(parsed.error || null);
    if (parsed.error || parsed.value === last.current) return;
    last.current = parsed.value;
    onSave(parsed.value);
  };
  const onInput = (e) => {
    const v = e.currentTarget.value;
    setText(v);
    const parsed = parseCout(v);
    onPreview?.(parsed.error ? undefined : parsed.value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => flush(v), 800);
  };
  const errId = `${id}-err`;
  return (
    <div class="amount-field">
      <label for={id}>{label}</label>
      <input id={id} type="text" inputMode="decimal" autocomplete="off" value={text} onInput={onInput} onBlur={(e) => flush(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined} aria-describedby={error ? errId : undefined} />
      {error && <p id={errId} class="error" role="alert">{error}</p>}
    </div>
  );
}
