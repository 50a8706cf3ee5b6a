import { vi } from 'vitest';
// Vitest setup: an in-memory IndexedDB for Dexie.
import 'fake-indexeddb/auto';

// Conditions are waited for, never slept on; on a busy machine (CI beside a build) IndexedDB and
// rendering take longer than vi.waitFor's 1 s default, so every wait allows 15 s.
{
  const waitFor = vi.waitFor;
  vi.waitFor = (check, options) => waitFor(check, typeof options === 'number' ? options : { timeout: 15000, interval: 20, ...options });
}

// Every test runs on the encrypted database (pwa/src/db/encryption.js) with a key in memory.
{
  const { setDataKey } = await import('../src/db/encryption.js');
  setDataKey(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
}
