import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso, toIsoWithOffset } from '../src/lib/datetime.js';
import { deviceName } from '../src/lib/device.js';
import { fold, formatBytes, pendingText } from '../src/lib/format.js';
import { fitSize } from '../src/lib/photo.js';
import { uuidv7 } from '../src/lib/uuid.js';

describe('French status texts', () => {
  it('counts waiting records and photos with their size', () => {
    expect(pendingText({ records: 3, photos: 2, bytes: 1200000 })).toBe('3 éléments et 2 photos en attente (1,2 Mo)');
    expect(pendingText({ records: 1, photos: 0, bytes: 266 })).toBe('1 élément en attente (266 o)');
    expect(pendingText({ records: 0, photos: 1, bytes: 350400 })).toBe('1 photo en attente (350 ko)');
    expect(pendingText({ records: 0, photos: 0, bytes: 0 })).toBe('Rien en attente');
    expect(formatBytes(2.5e9)).toBe('2,5 Go');
  });
  it('folds accents and case for search', () => {
    expect(fold('Élise DUPRÉ')).toBe('elise dupre');
  });
});

describe('dates', () => {
  it('round-trips a datetime-local value through ISO 8601 with offset', () => {
    const iso = localInputToIso('2026-11-26T09:30');
    expect(iso).toMatch(/^2026-11-26T09:30:00[+-]\d\d:\d\d$/);
    expect(isoToLocalInput(iso)).toBe('2026-11-26T09:30');
    expect(localInputToIso('')).toBe(null);
    expect(isoToLocalInput(null)).toBe('');
    expect(toIsoWithOffset(new Date(2026, 0, 2, 3, 4, 5))).toMatch(/^2026-01-02T03:04:05[+-]\d\d:\d\d$/);
  });
});

describe('misc', () => {
  it('UUIDv7: version 7, variant 10, time-ordered', () => {
    const a = uuidv7(1764150000000);
    const b = uuidv7(1764150000001);
    expect(a).toMatch(/^019abf88-b980-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
  it('photo size: longest side at most 2048 px, ratio kept', () => {
    expect(fitSize(4032, 3024)).toEqual({ width: 2048, height: 1536 });
    expect(fitSize(3000, 4000)).toEqual({ width: 1536, height: 2048 });
    expect(fitSize(800, 600)).toEqual({ width: 800, height: 600 });
  });
  it('device name from the user agent', () => {
    expect(deviceName('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36')).toBe('Chrome sur Android');
    expect(deviceName('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1')).toBe('Safari sur iPad');
  });
});
