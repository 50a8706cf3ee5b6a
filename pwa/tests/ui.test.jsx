// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL as NodeURL } from 'node:url';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { engine } from '../src/app.js';
import { initialStatus } from '../src/sync/engine.js';
import { Login } from '../src/ui/Login.jsx';
import { StatusBar, storageInfo } from '../src/ui/StatusBar.jsx';

const mount = (vnode) => {
  const root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(vnode, root));
  return root;
};

afterEach(() => {
  document.body.innerHTML = '';
  engine.status.set(initialStatus({ onLine: true }));
});

describe('status bar', () => {
  it('says where things stand, with a role="status" region', () => {
    engine.status.set({
      online: true, reachable: true, pending: { records: 3, photos: 2, bytes: 1200000 }, attention: 2,
      lastSyncAt: null, storage: { usage: 50e6, quota: 1e9 },
    });
    const root = mount(<StatusBar />);
    const region = root.querySelector('[role="status"]');
    expect(region.getAttribute('aria-label')).toBe('État de la synchronisation');
    expect(region.textContent).toContain('En ligne');
    expect(region.textContent).toContain('3 éléments et 2 photos en attente (1,2 Mo)');
    expect(region.textContent).toContain('Dernière synchronisation : jamais');
    expect(region.textContent).toContain('Stockage : 50 Mo utilisés, 950 Mo disponibles');
    expect([...root.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') || b.textContent))
      .toEqual(['Synchroniser', 'Détails de la synchronisation']);
    const link = root.querySelector('a[href="#/a-traiter"]');
    expect(link.textContent).toBe('À traiter (2)');
    expect(root.querySelector('progress')).toBeNull();
    expect(region.getAttribute('data-sync-state')).toBe('idle');
  });

  it('shows a progress bar while syncing', () => {
    engine.status.set({ online: true, reachable: true, syncing: true, phase: 'envoi', progress: { value: 1, max: 4 } });
    const root = mount(<StatusBar />);
    const progress = root.querySelector('progress');
    expect(progress.getAttribute('aria-label')).toBe('Synchronisation en cours');
    expect(root.textContent).toContain('Synchronisation en cours : envoi des modifications');
    expect(root.querySelector('[role="status"]').getAttribute('data-sync-state')).toBe('syncing');
  });

  it('says "Hors ligne" when requests get no answer although navigator.onLine is true', () => {
    engine.status.set({ online: true, reachable: false, error: { code: 'network', message: 'Serveur injoignable.' } });
    const root = mount(<StatusBar />);
    expect(root.querySelector('[data-testid="connexion"]').textContent).toBe('Hors ligne');
    expect(root.querySelector('.net-hint').textContent).toBe('(serveur injoignable)');
    act(() => engine.status.set({ reachable: true, serverError: true, error: { code: 'http_503', message: 'Erreur du serveur (503).' } }));
    expect(root.querySelector('[data-testid="connexion"]').textContent).toBe('Serveur indisponible');
    expect(root.querySelector('.net-hint')).toBeNull();
  });

  it('says "Hors ligne" without network, and "En ligne" when the server answers', () => {
    engine.status.set({ online: false, reachable: false });
    const root = mount(<StatusBar />);
    const pill = root.querySelector('[data-testid="connexion"]');
    expect(pill.textContent).toBe('Hors ligne');
    act(() => engine.status.set({ online: true, reachable: true }));
    expect(pill.textContent).toBe('En ligne');
  });

  it('warns when less than 10 % or 200 Mo of storage is left', () => {
    expect(storageInfo({ usage: 950e6, quota: 1e9 }).low).toBe(true);
    expect(storageInfo({ usage: 5e9, quota: 5.15e9 }).low).toBe(true);
    expect(storageInfo({ usage: 1e9, quota: 5e9 }).low).toBe(false);
    engine.status.set({ storage: { usage: 950e6, quota: 1e9 } });
    const root = mount(<StatusBar />);
    expect(root.querySelector('[role="alert"]').textContent).toContain("l'espace de stockage est presque plein");
  });
});

describe('status bar on a phone', () => {
  it('one line with a "Détails" toggle: the rest (pending, last sync, storage) folds under it', () => {
    engine.status.set({ pending: { records: 2, photos: 1, blobs: 1, bytes: 10 }, storage: { usage: 50e6, quota: 1e9 } });
    const root = mount(<StatusBar />);
    const toggle = root.querySelector('button[aria-label="Détails de la synchronisation"]');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.querySelector('.badge').textContent).toBe('3');
    const details = root.querySelector(`#${toggle.getAttribute('aria-controls')}`);
    expect([...details.children].map((c) => c.className)).toEqual(['pending', 'last', 'storage small']);
    act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector('[role="status"]').classList.contains('open')).toBe(true);
    // The phone rules: details hidden unless open, the toggle shown, the progress a thin line.
    const css = readFileSync(fileURLToPath(new NodeURL('../src/ui/styles.css', import.meta.url)), 'utf8');
    const phone = css.slice(css.indexOf('@media (max-width: 600px)'));
    expect(phone).toContain('.statusbar .details { display: none; }');
    expect(phone).toContain('.statusbar.open .details { display: flex;');
    expect(phone).toContain('.statusbar button.more { display: inline-flex;');
  });
});

describe('login screen', () => {
  it('has labelled fields and the "Se connecter" button, and shows the wipe notice', () => {
    const root = mount(<Login notice="Cet appareil a été révoqué : ses données locales ont été effacées." />);
    const labels = [...root.querySelectorAll('label')].map((l) => [l.textContent, root.querySelector(`#${l.htmlFor}`).type]);
    expect(labels).toEqual([['Identifiant', 'text'], ['Mot de passe', 'password'], ['Nom de cet appareil', 'text']]);
    expect(root.querySelector('button[type="submit"]').textContent).toBe('Se connecter');
    expect(root.querySelector('[role="alert"]').textContent).toBe('Cet appareil a été révoqué : ses données locales ont été effacées.');
  });
});
