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
