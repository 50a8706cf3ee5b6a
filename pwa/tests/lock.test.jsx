// @vitest-environment happy-dom
// The lock (issue 13): after the idle time the key leaves memory and the lock screen covers the
// app, whose form keeps what was typed (its draft flushed first); a wrong secret is refused in an
// alert; "Changer d'utilisateur" counts the unsent changes without the key; a page opened on
// encrypted data starts locked; the PIN form.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lock } from '../src/app.js';
import { db } from '../src/db/database.js';
import { setDataKey } from '../src/db/encryption.js';
import { createKeyring, forgetKeyring, hasPin, lockKeyring } from '../src/db/keyring.js';
import { watchIdle } from '../src/lib/idle.js';
import { loadSession, session } from '../src/sync/session.js';
import { App } from '../src/ui/App.jsx';
import { PinForm } from '../src/ui/PinSetup.jsx';
import { freshDb, LOG } from './helpers.js';

const V1 = '0190f3a2-0000-7000-8000-0000000000a1';
const setupKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

let root;
beforeEach(async () => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch'))); // no server: unlocking starts a sync
  forgetKeyring();
  await createKeyring('secret', 'u1'); // the data below is written under the keyring's key
  await freshDb();
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  act(() => render(null, root));
  document.body.innerHTML = '';
  location.hash = '';
  vi.unstubAllGlobals();
});
afterAll(() => {
  forgetKeyring();
  setDataKey(setupKey);
});

const $ = (sel) => root.querySelector(sel);
const button = (text) => [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
const type = (el, value) => act(() => {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
});
const submit = (form) => act(() => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
const lockDialog = () => root.querySelector('[role="dialog"][aria-labelledby="lock-title"]');

describe('the lock screen', () => {
  it('covers the form without unmounting it; a wrong secret is refused, the right one gives it back', async () => {
    await loadSession();
    location.hash = `#/visite/${V1}?logement=${LOG}`;
    act(() => render(<App />, root));
    await vi.waitFor(() => expect($('#f-observations')).not.toBeNull());
    const field = $('#f-observations');
    type(field, 'Fuite sous l’évier');

    await act(() => lock());
    expect(lockDialog().querySelector('h1').textContent).toBe('Palier est verrouillé');
    expect($('.app-body').hasAttribute('inert')).toBe(true);
    expect($('#f-observations')).toBe(field); // still mounted
    expect(field.value).toBe('Fuite sous l’évier');

    const secret = lockDialog().querySelector('input');
    expect(root.querySelector(`label[for="${secret.id}"]`).textContent).toBe('Code PIN ou mot de passe');
    type(secret, 'faux');
    submit(lockDialog().querySelector('form'));
    await vi.waitFor(() => expect(lockDialog().querySelector('[role="alert"]')?.textContent).toBe('Code ou mot de passe incorrect.'));

    type(lockDialog().querySelector('input'), 'secret');
    submit(lockDialog().querySelector('form'));
    await vi.waitFor(() => expect(lockDialog()).toBeNull());
    expect($('#f-observations')).toBe(field);
    expect(field.value).toBe('Fuite sous l’évier');
    expect((await db.drafts.get(V1)).values.observations).toBe('Fuite sous l’évier'); // flushed before the lock
  });

  it('"Changer d\'utilisateur" says how many changes are unsent, counted while locked', async () => {
    await db.outbox.bulkAdd([{ seq: 1, record: 'a', entity: 'visite' }, { seq: 2, record: 'b', entity: 'visite' }]);
    lockKeyring();
    await loadSession();
    expect(session.get().state).toBe('locked');
    act(() => render(<App />, root));
    expect(lockDialog()).not.toBeNull();
    expect(root.querySelector('.app-body')).toBeNull(); // nothing of the app was ever read
    act(() => button("Changer d'utilisateur").click());
    await vi.waitFor(() => expect(root.querySelector('[role="alertdialog"]')?.textContent).toContain('2 modifications non envoyées sur cet appareil.'));
    act(() => button('Annuler').click());

    type(lockDialog().querySelector('input'), 'secret');
    submit(lockDialog().querySelector('form'));
    await vi.waitFor(() => expect(session.get()).toMatchObject({ state: 'ready', locked: false }));
    await vi.waitFor(() => expect(lockDialog()).toBeNull());
  });
});

describe('the PIN form', () => {
  it('asks 6 to 12 digits twice, on a numeric keyboard, then the PIN unlocks', async () => {
    const done = vi.fn();
    act(() => render(<PinForm onDone={done} onCancel={() => {}} />, root));
    const [pin, again] = root.querySelectorAll('input');
    expect([pin.getAttribute('inputmode'), again.getAttribute('inputmode')]).toEqual(['numeric', 'numeric']);
    expect([...root.querySelectorAll('label')].map((l) => l.textContent)).toEqual(['Code PIN', 'Confirmer le code PIN']);
    type(pin, '1234');
    type(again, '1234');
    submit(root.querySelector('form'));
    expect(root.querySelector('[role="alert"]').textContent).toBe('Le code PIN doit compter de 6 à 12 chiffres.');
    type(pin, '24681012');
    type(again, '24681013');
    submit(root.querySelector('form'));
    expect(root.querySelector('[role="alert"]').textContent).toBe('Les deux codes ne sont pas identiques.');
    type(again, '24681012');
    submit(root.querySelector('form'));
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    expect(hasPin()).toBe(true);
  });
});

describe('the idle watch', () => {
  afterEach(() => vi.useRealTimers());

  it('fires after the idle time without input, input postpones it, and a long hidden page locks on return', () => {
    vi.useFakeTimers();
    let t = 0;
    const onIdle = vi.fn();
    const w = watchIdle({ seconds: () => 60, onIdle, now: () => t });
    t = 50_000;
    vi.advanceTimersByTime(50_000);
    document.dispatchEvent(new Event('pointerdown'));
    t = 100_000;
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    t = 110_000;
    vi.advanceTimersByTime(10_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    w.stop();

    const back = vi.fn();
    t = 0;
    watchIdle({ seconds: () => 60, onIdle: back, now: () => t });
    t = 300_000; // the page was hidden: its timers did not run
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(back).toHaveBeenCalledTimes(1);
  });
});
