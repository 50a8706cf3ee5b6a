// All HTTP of the field app: login, health, rules, push, pull, blobs. Bearer token on every call
// except login and health; every call tells the server the app's version and how much waits on
// the device (X-Palier-App-Version, X-Palier-Pending). Errors become ApiError {status, code,
// message (French), data, wipe}; a request that got no answer at all has status 0, code 'network'.
import { APP_VERSION } from '../config.js';

/** An API failure with the server's code and French message. */
export class ApiError extends Error {
  constructor({ status = 0, code, message, data = null, wipe = false, fields = null }) {
    super(message);
    this.status = status;
    this.code = code;
    this.data = data;
    this.wipe = wipe;
    this.fields = fields;
  }
}

const DEFAULT_MESSAGES = {
  0: 'Serveur injoignable.',
  401: 'Authentification refusée.',
  403: 'Accès refusé.',
  404: 'Introuvable.',
  409: 'Conflit de séquence avec le serveur.',
  413: 'Envoi trop volumineux.',
  426: 'Mise à jour requise : rechargez l’application.',
  429: 'Trop de tentatives : réessayez dans quelques minutes.',
};

/** Map a fetch Response with an error status to an ApiError (reads the JSON error shape). */
export async function toApiError(res) {
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  const err = data?.error || {};
  return new ApiError({
    status: res.status,
    code: err.code || `http_${res.status}`,
    message: err.message || DEFAULT_MESSAGES[res.status] || `Erreur du serveur (${res.status}).`,
    fields: err.fields || null,
    data,
    wipe: res.status === 401 && data?.wipe === true,
  });
}

/** Whether an error means the request got no answer (no network, server down, DNS…). */
export const isNetworkError = (e) => e?.status === 0 || e?.code === 'network';

/**
 * Create the API client. `getToken()` returns the current Bearer token; `onWipe(error)` is
 * called when the server answers 401 with "wipe": true (revoked device); `getPending()` returns
 * the number of outbox entries and photos not uploaded yet (sent in X-Palier-Pending).
 */
export function createApi({ baseUrl = '', getToken = () => null, onWipe = () => {}, fetchImpl, appVersion = APP_VERSION, getPending = () => 0 } = {}) {
  const doFetch = fetchImpl || ((...a) => globalThis.fetch(...a));

  async function call(method, path, { body, raw, contentType, auth = true, accept = 'json', etag } = {}) {
    const headers = { 'X-Palier-App-Version': String(appVersion).slice(0, 40) };
    const pending = Number(getPending()) || 0;
    headers['X-Palier-Pending'] = String(Math.max(0, Math.floor(pending)));
    if (auth) {
      const token = await getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    if (etag) headers['If-None-Match'] = etag;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (raw !== undefined) headers['Content-Type'] = contentType || 'application/octet-stream';
    if (accept === 'json' || accept === 'etag') headers.Accept = 'application/json';
    let res;
    try {
      res = await doFetch(`${baseUrl}/api/v1${path}`, {
        method, headers, cache: 'no-store', credentials: 'omit',
        body: body !== undefined ? JSON.stringify(body) : raw,
      });
    } catch (e) {
      throw new ApiError({ status: 0, code: 'network', message: DEFAULT_MESSAGES[0], data: String(e) });
    }
    if (res.status === 304 && accept === 'etag') return { notModified: true };
    if (!res.ok) {
      const error = await toApiError(res);
      if (error.wipe) await onWipe(error);
      throw error;
    }
    if (accept === 'status') return res.status;
    if (accept === 'blob') return res.blob();
    if (accept === 'etag') return { notModified: false, etag: res.headers.get('ETag'), body: await res.json() };
    if (res.status === 204) return null;
    return res.json();
  }

  return {
    /** POST /auth/device → {token, device_id, user, schema}. */
    login: (login, password, deviceName) =>
      call('POST', '/auth/device', { body: { login, password, device_name: deviceName }, auth: false }),
    /** GET /health → {status, schema}. */
    health: () => call('GET', '/health', { auth: false }),
    /** GET /rules (If-None-Match: etag) → {notModified: true} or {notModified: false, etag, body}. */
    rules: (etag) => call('GET', '/rules', { accept: 'etag', etag }),
    /** POST /sync/push {schema, mutations} → {results, last_seq}. */
    push: (payload) => call('POST', '/sync/push', { body: payload }),
    /** GET /sync/pull?cursor&limit → {changes, cursor, more, reset}. */
    pull: (cursor, limit) => {
      const q = new URLSearchParams();
      if (cursor) q.set('cursor', cursor);
      if (limit) q.set('limit', String(limit));
      return call('GET', `/sync/pull?${q}`);
    },
    /** HEAD /blobs/<sha> → true when the server has it, false on 404. */
    hasBlob: async (sha) => {
      try {
        await call('HEAD', `/blobs/${sha}`, { accept: 'status' });
        return true;
      } catch (e) {
        if (e.status === 404) return false;
        throw e;
      }
    },
    /** PUT /blobs/<sha> with the raw JPEG bytes → 201 or 200. */
    putBlob: (sha, blob) =>
      call('PUT', `/blobs/${sha}`, { raw: blob, contentType: blob.type || 'image/jpeg', accept: 'status' }),
    /** GET /blobs/<sha> (or its /thumb) → Blob. */
    getBlob: (sha, { thumb = false } = {}) => call('GET', `/blobs/${sha}${thumb ? '/thumb' : ''}`, { accept: 'blob' }),
  };
}
