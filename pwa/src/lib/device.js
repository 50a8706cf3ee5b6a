// Device name sent at login, derived from the user agent.

/** A short French device name such as "Chrome sur Android" from a user agent string. */
export function deviceName(ua = globalThis.navigator?.userAgent || '') {
  const os =
    (/iPad/.test(ua) && 'iPad') ||
    (/iPhone/.test(ua) && 'iPhone') ||
    (/Android/.test(ua) && 'Android') ||
    (/Windows/.test(ua) && 'Windows') ||
    (/CrOS/.test(ua) && 'ChromeOS') ||
    (/Mac OS X/.test(ua) && 'macOS') ||
    (/Linux/.test(ua) && 'Linux') ||
    'appareil inconnu';
  const browser =
    (/Edg\//.test(ua) && 'Edge') ||
    (/Firefox\//.test(ua) && 'Firefox') ||
    (/(Chrome|Chromium|CriOS)\//.test(ua) && 'Chrome') ||
    (/Safari\//.test(ua) && 'Safari') ||
    'Navigateur';
  return `${browser} sur ${os}`;
}

const NAME_KEY = 'palier.device-name';

/** The name the user gave this device at its last login (kept across logouts), or a guess. */
export function rememberedDeviceName(storage = globalThis.localStorage, ua = undefined) {
  try {
    const saved = storage?.getItem(NAME_KEY);
    if (saved && saved.trim()) return saved.trim();
  } catch { /* storage blocked: fall back to the guess */ }
  return deviceName(ua);
}

/** Remember the device's name for the next login (a shared tablet keeps its name). */
export function rememberDeviceName(name, storage = globalThis.localStorage) {
  try { storage?.setItem(NAME_KEY, name); } catch { /* storage blocked: nothing to keep */ }
}
