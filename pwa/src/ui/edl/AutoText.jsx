import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A text input (or textarea) that saves itself: 800 ms after the last keystroke and when it
 * loses focus, so that a flat battery loses at most the last second of typing. `rows`: a textarea's height.
 */
export function AutoText({ id, label, value, onSave, multiline = false, rows = 3, inputMode, hint }) {
  const [text, setText] = useState(value ?? '');
  const timer = useRef(null);
  const last = useRef(value ?? '');
  useEffect(() => {
    // A value written elsewhere (another field, a pull) shows unless this one is being typed in.
    if (!timer.current && (value ?? '') !== last.current) {
      last.current = value ?? '';
      setText(value ?? '');
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const flush = (v) => {
    clearTimeout(timer.current);
    timer.current = null;
    if (v === last.current) return;
    last.current = v;
    onSave(v);
  };
  const onInput = (e) => {
    const v = e.currentTarget.value;
    setText(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => flush(v), 800);
  };
  const Tag = multiline ? 'textarea' : 'input';
  return (
    <div class="auto-text">
      <label for={id}>{label}</label>
      {hint && <p class="hint">{hint}</p>}
      <Tag id={id} type={multiline ? undefined : 'text'} inputMode={inputMode} rows={multiline ? rows : undefined} value={text}
        onInput={onInput} onBlur={(e) => flush(e.currentTarget.value)} />
    </div>
  );
}
