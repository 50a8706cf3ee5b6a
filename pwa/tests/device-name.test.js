import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../src/api/client.js';
import { db } from '../src/db/database.js';
import { deviceName, rememberDeviceName, rememberedDeviceName } from '../src/lib/device.js';
import { login } from '../src/sync/session.js';

function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)) };
}

describe('the name of the device', () => {
  it('is what the user typed at login, sent as device_name', async () => {
    await db.meta.clear();
    const bodies = [];
    const fetchImpl = vi.fn(async (url, init) => {
      bodies.push(JSON.parse(init.body));
      return new Response(JSON.stringify({ token: 't', device_id: 'd1', user: { id: 1, login: 'gardien', name: 'G', role: 'gardien' }, schema: 1 }), { status: 201, headers: { 'Content-Type': 'application/json' } });
    });
    const api = createApi({ getToken: async () => null, fetchImpl });
    await login(api, 'gardien', 'secret', { userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/150' }, '  Téléphone du gardien — Tilleuls ');
    expect(bodies[0].device_name).toBe('Téléphone du gardien — Tilleuls');
    await login(api, 'gardien', 'secret', { userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/150' }, '   ');
    expect(bodies[1].device_name).toBe('Chrome sur Android');
  });

  it('is remembered across logouts, else guessed from the browser', () => {
    const storage = memoryStorage();
    const ua = 'Mozilla/5.0 (iPad; CPU OS 17_0) Safari/604.1';
    expect(rememberedDeviceName(storage, ua)).toBe('Safari sur iPad');
    rememberDeviceName('Tablette 2 — agence Vaulx', storage);
    expect(rememberedDeviceName(storage, ua)).toBe('Tablette 2 — agence Vaulx');
    expect(deviceName(ua)).toBe('Safari sur iPad');
  });
});
