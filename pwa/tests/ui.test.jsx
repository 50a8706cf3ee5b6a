// @vitest-environment happy-dom
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
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Synchroniser']);
    const link = root.querySelector('a[href="#/a-traiter"]');
    expect(link.textContent).toBe('À traiter (2)');
    expect(root.querySelector('progress')).toBeNull();
    expect(region.getAttribute('data-sync-state')).toBe('idle');
  });

  it('shows a progress bar while syncing and "Serveur injoignable" when the server is unreachable', () => {
    engine.status.set({ online: true, reachable: false, syncing: true, phase: 'envoi', progress: { value: 1, max: 4 } });
    const root = mount(<StatusBar />);
    const progress = root.querySelector('progress');
    expect(progress.getAttribute('aria-label')).toBe('Synchronisation en cours');
    expect(root.querySelector('[data-testid="connexion"]').textContent).toBe('Serveur injoignable');
    expect(root.textContent).not.toContain('Hors ligne');
    expect(root.querySelector('[role="status"]').getAttribute('data-sync-state')).toBe('syncing');
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

describe('login screen', () => {
  it('has labelled fields and the "Se connecter" button, and shows the wipe notice', () => {
    const root = mount(<Login notice="Cet appareil a été révoqué : ses données locales ont été effacées." />);
    const labels = [...root.querySelectorAll('label')].map((l) => [l.textContent, root.querySelector(`#${l.htmlFor}`).type]);
    expect(labels).toEqual([['Identifiant', 'text'], ['Mot de passe', 'password']]);
    expect(root.querySelector('button[type="submit"]').textContent).toBe('Se connecter');
    expect(root.querySelector('[role="alert"]').textContent).toBe('Cet appareil a été révoqué : ses données locales ont été effacées.');
  });
});
