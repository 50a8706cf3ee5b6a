// Issue 8, item 3: the device checks the server's rules (GET /api/v1/rules) before "Valider".
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../src/api/client.js';
import { db } from '../src/db/database.js';
import { getRules, rulesEtag, saveRules } from '../src/db/rules.js';
import { allowedValues, checkField, checkRecord, inputAttrs } from '../src/lib/validate.js';
import { createSyncEngine } from '../src/sync/engine.js';
import { refreshRules } from '../src/sync/rules.js';
import { login } from '../src/sync/session.js';
import { checkVisiteDraft } from '../src/ui/visite/VisiteForm.jsx';
import { freshDb } from './helpers.js';
import { GARDIEN_RULES } from './rules-fixture.js';

const NOW = Date.parse('2026-06-15T10:00:00+02:00');
const V = GARDIEN_RULES.entities.visite;

const json = (body, status = 200, headers = {}) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

beforeEach(freshDb);

describe('checking a value against a rule', () => {
  it('dates before 2000 and beyond maxDaysAhead get the server\'s messages', () => {
    expect(checkField(V.fields.realisee_le, '1999-12-31T10:00:00+01:00', NOW)).toEqual(['Date hors des limites (le 01/01/2000 au plus tôt).']);
    expect(checkField(V.fields.realisee_le, '2099-01-01T10:00:00+01:00', NOW)).toEqual(["Date hors des limites (1 jour(s) après aujourd'hui au plus tard)."]);
    expect(checkField(V.fields.realisee_le, '2026-06-16T09:00:00+02:00', NOW)).toEqual([]);
    expect(checkField(V.fields.realisee_le, '2000-01-01T00:00:00+01:00', NOW)).toEqual([]);
    expect(checkField(V.fields.prevue_le, '2028-06-01T10:00:00+02:00', NOW)).toEqual([]);
    expect(checkField(V.fields.realisee_le, null, NOW)).toEqual([]);
    expect(checkField(V.fields.realisee_le, 'hier', NOW)).toEqual(['Date et heure invalides (format ISO 8601 attendu).']);
  });

  it('texts above maxLength, values outside the enum, numbers out of bounds, bad list items', () => {
    expect(checkField(V.fields.observations, 'x'.repeat(100000))).toEqual(['Texte trop long (20000 caractères au plus).']);
    expect(checkField(V.fields.observations, 'é'.repeat(20000))).toEqual([]);
    expect(checkField(V.fields.observations, '🙂'.repeat(20000))).toEqual([]); // code points, as the server counts
    expect(checkField(V.fields.observations, null)).toEqual(['Ce champ ne peut pas être vide.']);
    expect(checkField(V.fields.type, 'technique')).toEqual(['Valeur non autorisée (valeurs possibles : courtoisie).']);
    expect(checkField(V.fields.type, 'courtoisie')).toEqual([]);
    expect(checkField(V.fields.cout_estime, -1)).toEqual(['Valeur trop petite (0 au moins).']);
    expect(checkField(V.fields.cout_estime, '1_000')).toEqual(['Nombre attendu.']);
    expect(checkField(V.fields.cout_estime, 350.5)).toEqual([]);
    expect(checkField(V.fields.photo_ids, ['pas-un-uuid'])).toEqual(['Identifiant invalide.']);
    expect(checkField(V.fields.photo_ids, Array(201).fill('0190f3a2-0000-7000-8000-0000000000f1'))).toEqual(['Trop de photos (200 au plus).']);
    expect(checkField(undefined, 'anything')).toEqual([]);
  });

  it('a record: the fields required on creation, and only the fields asked for', () => {
    expect(checkRecord(V, { logement_id: '0190f3a2-0000-7000-8000-000000000001', type: null }, { creating: true })).toEqual({ type: ['Ce champ est obligatoire.'] });
    expect(checkRecord(V, { type: 'conseil', observations: 'ok' }, { fields: ['observations'] })).toEqual({});
    expect(checkRecord(null, { type: 'conseil' })).toEqual({}); // never fetched: no rule
  });

  it('limits for the inputs, and the values a field may take', () => {
    expect(inputAttrs(V.fields.observations)).toEqual({ maxLength: 20000 });
    expect(inputAttrs(V.fields.realisee_le, Date.parse('2026-06-15T10:00:00'))).toEqual({ min: '2000-01-01T00:00', max: '2026-06-16T10:00' });
    expect(inputAttrs(V.fields.cout_estime)).toEqual({ min: 0, max: 10000000 });
    expect(allowedValues(V, 'type')).toEqual(['courtoisie']);
    expect(allowedValues(null, 'type')).toBe(null);
  });
});

describe('"Valider" checks the draft against the stored rules', () => {
  const draft = (values) => ({ orig: {}, photos: [], values: { logement_id: '0190f3a2-0000-7000-8000-000000000001', type: 'courtoisie', photo_ids: [], observations: '', realisee_le: null, ...values } });

  it('refuses what the server would refuse, with the same messages', () => {
    const errs = checkVisiteDraft(draft({ type: 'technique', realisee_le: '1999-12-31T10:00:00+01:00', observations: 'x'.repeat(100000) }), { rules: GARDIEN_RULES, accepted: false, now: NOW });
    expect(errs).toEqual({
      type: ['Valeur non autorisée (valeurs possibles : courtoisie).'],
      realisee_le: ['Date hors des limites (le 01/01/2000 au plus tôt).'],
      observations: ['Texte trop long (20000 caractères au plus).'],
    });
    expect(checkVisiteDraft(draft({ realisee_le: '2026-06-15T09:00:00+02:00' }), { rules: GARDIEN_RULES, accepted: false, now: NOW })).toEqual({});
  });

  it('an edit of an accepted visite checks the fields it changes (and the refused ones it resends)', () => {
    const d = draft({ realisee_le: '1999-12-31T10:00:00+01:00', observations: 'Nouveau' });
    d.orig = { ...d.values, observations: 'Ancien' };
    expect(checkVisiteDraft(d, { rules: GARDIEN_RULES, accepted: true, now: NOW })).toEqual({});
    expect(checkVisiteDraft(d, { rules: GARDIEN_RULES, accepted: true, rejectedFields: ['realisee_le'], now: NOW }))
      .toEqual({ realisee_le: ['Date hors des limites (le 01/01/2000 au plus tôt).'] });
  });

  it('captions of new photos too', () => {
    const d = draft({ photo_ids: ['p1'] });
    d.photos = [{ id: 'p1', caption: 'c'.repeat(501) }];
    expect(checkVisiteDraft(d, { rules: GARDIEN_RULES, accepted: false, now: NOW })._photos).toEqual(['Texte trop long (500 caractères au plus).']);
  });
});

describe('getting the rules', () => {
  it('at login (in its response) and at each sync cycle, with If-None-Match', async () => {
    await db.meta.clear();
    const calls = [];
    let etag = '"r1"';
    const fetchImpl = vi.fn(async (url, init) => {
      calls.push([init.method, url, init.headers['If-None-Match'] || null]);
      if (url.endsWith('/auth/device')) {
        return json({ token: 't', device_id: 'd1', user: { id: 'u9', login: 'gardien', name: 'G. Ardien', role: 'gardien' }, schema: 1, rules: GARDIEN_RULES, agence: 'Office Rhône Habitat' }, 201);
      }
      if (url.endsWith('/rules')) {
        if (init.headers['If-None-Match'] === etag) return new Response(null, { status: 304 });
        return json(GARDIEN_RULES, 200, { ETag: etag });
      }
      if (url.includes('/sync/pull')) return json({ changes: [], cursor: 'c', more: false, reset: false });
      throw new Error(`unexpected ${url}`);
    });
    const api = createApi({ getToken: async () => (await db.meta.get('session'))?.value?.token, fetchImpl });
    await login(api, 'gardien', 'secret', { userAgent: '' });
    expect(await getRules()).toEqual(GARDIEN_RULES);
    expect((await db.meta.get('session')).value.agence).toBe('Office Rhône Habitat');
    expect(await rulesEtag()).toBe(null);

    const engine = createSyncEngine({ api, nav: { onLine: true } });
    expect(await engine.sync()).toBe(true);
    expect(await rulesEtag()).toBe('"r1"');
    expect(await engine.sync()).toBe(true);
    expect(calls.filter(([, url]) => url.endsWith('/rules'))).toEqual([
      ['GET', '/api/v1/rules', null], ['GET', '/api/v1/rules', '"r1"'],
    ]);
    etag = '"r2"';
    const fewer = { ...GARDIEN_RULES, permissions: ['sync.pull'] };
    fetchImpl.mockImplementationOnce(async () => json(fewer, 200, { ETag: '"r2"' }));
    expect(await refreshRules(api)).toBe(true);
    expect((await getRules()).permissions).toEqual(['sync.pull']);
  });

  it('a server without the endpoint keeps the stored rules; no answer fails the cycle', async () => {
    await saveRules(GARDIEN_RULES, '"r1"');
    const notFound = createApi({ fetchImpl: async () => json({ error: { code: 'not_found', message: 'Introuvable.' } }, 404) });
    expect(await refreshRules(notFound)).toBe(false);
    expect(await getRules()).toEqual(GARDIEN_RULES);
    const down = createApi({ fetchImpl: async () => { throw new TypeError('Failed to fetch'); } });
    await expect(refreshRules(down)).rejects.toMatchObject({ code: 'network' });
  });
});
