import { useState } from 'preact/hooks';
import { login } from '../app.js';
import { rememberDeviceName, rememberedDeviceName } from '../lib/device.js';

/** Connexion screen: Identifiant, Mot de passe, "Se connecter". */
export function Login({ notice }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [device, setDevice] = useState(() => rememberedDeviceName());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(name.trim(), password, device);
      rememberDeviceName(device.trim());
      if (!location.hash || location.hash === '#/' || location.hash.startsWith('#/connexion')) location.hash = '#/logements';
    } catch (err) {
      setError(err.code === 'network'
        ? 'Serveur injoignable : la première connexion demande le réseau.'
        : err.message || 'Connexion impossible.');
      setBusy(false);
    }
  }

  return (
    <main class="login" id="contenu">
      <h1 class="brand">Palier</h1>
      <p class="muted">Visites et suivi des logements, même sans réseau.</p>
      {notice && <p class="notice" role="alert">{notice}</p>}
      <form onSubmit={submit} aria-label="Connexion">
        <h2>Connexion</h2>
        <label for="login-id">Identifiant</label>
        <input id="login-id" name="login" autocomplete="username" autocapitalize="none" required
          value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="login-password">Mot de passe</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required
          value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <label for="login-device">Nom de cet appareil</label>
        <input id="login-device" name="device" maxLength={200} aria-describedby="login-device-aide"
          value={device} onInput={(e) => setDevice(e.currentTarget.value)} />
        <p id="login-device-aide" class="muted small">Le back office le voit dans la liste des appareils, par exemple « Tablette 2 — agence Vaulx ».</p>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Connexion…' : 'Se connecter'}</button>
      </form>
      <p class="muted small">Après une première connexion avec le réseau, l'application fonctionne hors ligne.</p>
    </main>
  );
}
