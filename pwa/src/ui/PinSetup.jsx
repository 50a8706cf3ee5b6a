import { useState } from 'preact/hooks';
import { hasPin, isValidPin, setPin } from '../app.js';

const DISMISSED = 'palier.pin-later';

/** The PIN form: "Code PIN" and its confirmation (6 to 12 digits), numeric keyboard. */
export function PinForm({ onDone, onCancel }) {
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    if (!isValidPin(pin)) return setError('Le code PIN doit compter de 6 à 12 chiffres.');
    if (pin !== again) return setError('Les deux codes ne sont pas identiques.');
    setBusy(true);
    setError(null);
    try {
      await setPin(pin);
      onDone();
    } catch (err) {
      setError(err.message || 'Code PIN non enregistré.');
      setBusy(false);
    }
    return undefined;
  }

  const digits = (set) => (ev) => set(ev.currentTarget.value.replace(/\D/g, '').slice(0, 12));
  return (
    <form class="pin-form" onSubmit={submit} aria-label="Choisir un code PIN">
      <h2>Choisir un code PIN</h2>
      <p class="muted small">De 6 à 12 chiffres, pour déverrouiller Palier sur cet appareil. Votre mot de passe reste valable.</p>
      <label for="pin-new">Code PIN</label>
      <input id="pin-new" type="password" inputmode="numeric" pattern="[0-9]*" autocomplete="new-password" maxLength={12} required
        value={pin} onInput={digits(setPinValue)} />
      <label for="pin-again">Confirmer le code PIN</label>
      <input id="pin-again" type="password" inputmode="numeric" pattern="[0-9]*" autocomplete="new-password" maxLength={12} required
        value={again} onInput={digits(setAgain)} />
      {error && <p class="error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Enregistrement…' : 'Enregistrer le code PIN'}</button>
        <button type="button" class="secondary" onClick={onCancel}>Annuler</button>
      </div>
    </form>
  );
}

/**
 * After the first login, a banner that does not block the work: "Choisir un code PIN", or "Plus
 * tard" (remembered on this device). `open` forces the form (the header's menu).
 */
export function PinBanner({ open = false, onClose = () => {} }) {
  const [form, setForm] = useState(false);
  const [later, setLater] = useState(() => globalThis.localStorage?.getItem(DISMISSED) === '1');
  const [done, setDone] = useState(false);
  const showForm = form || open;
  const close = () => {
    setForm(false);
    onClose();
  };
  if (done && !showForm) return <p class="banner pin-banner" role="status">Code PIN enregistré : il déverrouille Palier sur cet appareil.</p>;
  if (showForm) {
    return <section class="banner pin-banner"><PinForm onDone={() => { setDone(true); close(); }} onCancel={close} /></section>;
  }
  if (later || hasPin()) return null;
  return (
    <section class="banner pin-banner" aria-label="Code PIN">
      <span>Protégez l'accès à cet appareil : un code PIN déverrouille Palier plus vite que le mot de passe.</span>
      <button type="button" class="primary" onClick={() => setForm(true)}>Choisir un code PIN</button>
      <button type="button" class="secondary" onClick={() => { globalThis.localStorage?.setItem(DISMISSED, '1'); setLater(true); }}>Plus tard</button>
    </section>
  );
}
