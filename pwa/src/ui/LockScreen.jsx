import { useEffect, useRef, useState } from 'preact/hooks';
import { hasUnsentWork, logout, unlock, unlockDelay, unsentCount } from '../app.js';
import { plural } from '../lib/format.js';
import { Confirm } from './Confirm.jsx';

/** "Changer d'utilisateur" from the lock screen: the unsent changes are counted without the key. */
function SwitchUserDialog({ onCancel }) {
  const [unsent, setUnsent] = useState(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    Promise.all([unsentCount(), hasUnsentWork()]).then(([n, any]) => setUnsent({ n, any }), () => setUnsent({ n: 0, any: false }));
  }, []);
  if (unsent === undefined) return null;
  const go = async () => {
    setBusy(true);
    await logout();
  };
  return (
    <Confirm title="Changer d'utilisateur ?" danger="Effacer les données et changer d'utilisateur" busy={busy} onConfirm={go} onCancel={onCancel}>
      {unsent.n > 0 ? (
        <p><strong>{plural(unsent.n, 'modification non envoyée', 'modifications non envoyées')} sur cet appareil.</strong> Elles seront perdues : pour les garder, déverrouillez et synchronisez d'abord.</p>
      ) : unsent.any ? (
        <p><strong>Des brouillons ou des saisies à corriger sont sur cet appareil.</strong> Ils seront perdus.</p>
      ) : (
        <p>Tout a été envoyé au serveur.</p>
      )}
      <p>Les données de cet appareil seront effacées ; le nouvel utilisateur se connecte avec le réseau.</p>
    </Confirm>
  );
}

/**
 * The lock screen (role="dialog"): "Code PIN ou mot de passe", "Déverrouiller"; a wrong secret is
 * said in an alert, and after repeated ones the button waits (the delay survives reloads).
 */
export function LockScreen() {
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [wait, setWait] = useState(() => unlockDelay());
  const [switching, setSwitching] = useState(false);
  const input = useRef(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  useEffect(() => {
    if (wait <= 0) return undefined;
    const t = setTimeout(() => setWait(unlockDelay()), Math.min(wait, 1000));
    return () => clearTimeout(t);
  }, [wait]);

  async function submit(e) {
    e.preventDefault();
    if (busy || wait > 0) return;
    setBusy(true);
    setError(null);
    try {
      await unlock(secret);
    } catch (err) {
      setError(err.code === 'wrong_secret' || err.code === 'retry_later' ? err.message : err.message || 'Déverrouillage impossible.');
      setWait(unlockDelay());
      setSecret('');
      setBusy(false);
      input.current?.focus();
    }
  }

  return (
    <div class="lock" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <main class="login" id="verrou">
        <h1 class="brand" id="lock-title">Palier est verrouillé</h1>
        <p class="muted">Les données de cet appareil sont chiffrées. Saisissez votre code PIN ou votre mot de passe pour continuer.</p>
        <form onSubmit={submit} aria-label="Déverrouillage">
          <label for="lock-secret">Code PIN ou mot de passe</label>
          <input id="lock-secret" ref={input} name="secret" type="password" autocomplete="current-password" required
            value={secret} onInput={(ev) => setSecret(ev.currentTarget.value)} />
          {error && <p class="error" role="alert">{error}</p>}
          {wait > 0 && <p class="muted small" aria-live="polite">Nouvel essai possible dans {Math.ceil(wait / 1000)} s.</p>}
          <button type="submit" class="primary" disabled={busy || wait > 0}>{busy ? 'Déverrouillage…' : 'Déverrouiller'}</button>
        </form>
        {switching
          ? <SwitchUserDialog onCancel={() => setSwitching(false)} />
          : <button type="button" class="secondary switch-user" onClick={() => setSwitching(true)}>Changer d'utilisateur</button>}
      </main>
    </div>
  );
}
