import { useEffect, useRef } from 'preact/hooks';

let seq = 0;

/**
 * An inline confirmation (role="alertdialog", named by its title): the safe choice has the focus,
 * Escape cancels. `danger` is the label of the confirming button.
 */
export function Confirm({ title, children, danger, cancel = 'Annuler', onConfirm, onCancel, busy = false }) {
  const id = useRef(`confirm-${++seq}`).current;
  const safe = useRef(null);
  useEffect(() => {
    safe.current?.focus();
  }, []);
  const onKey = (e) => {
    if (e.key === 'Escape') onCancel();
  };
  return (
    <div class="confirm" role="alertdialog" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} onKeyDown={onKey}>
      <strong id={`${id}-t`}>{title}</strong>
      <div id={`${id}-d`}>{children}</div>
      <div class="actions">
        <button type="button" class="danger" onClick={onConfirm} disabled={busy}>{danger}</button>
        <button type="button" class="secondary" ref={safe} onClick={onCancel}>{cancel}</button>
      </div>
    </div>
  );
}
