// Development stand-in for the Flask API (the contract of DESIGN.md §4), in memory, plus static
// files of dist/. Not the real server: a naive merge, for trying the field app in a browser.
//   node scripts/mock-server.js [port]     (login: any identifiant, mot de passe "secret")
// Test hooks: POST /mock/revoke (all devices), POST /mock/a-corriger/<visite id>,
// POST /mock/touch/<visite id> (a server-side edit of observations).
import { createServer } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.argv[2] || process.env.PORT || 5000);
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const SEED_VISITES = Number(process.env.SEED_VISITES || 0);
const devices = new Map(); // token → {id, revoked, lastSeq, results}
const records = new Map(); // id → {entity, id, version, deleted, hlc, fields, fieldVersions}
const log = []; // change log: record ids, index = change id
const lastPos = new Map(); // record id → index of its latest change
const logPush = (id) => lastPos.set(id, log.push(id) - 1);
const blobs = new Map();
let serverClock = 0;
const hlc = () => `${String(Math.max(Date.now(), ++serverClock)).padStart(15, '0')}-00000-server`;

function put(entity, id, fields, version = 1) {
  const r = { entity, id, version, deleted: false, hlc: hlc(), fields, fieldVersions: {} };
  for (const f of Object.keys(fields)) r.fieldVersions[f] = version;
  records.set(id, r);
  logPush(id);
  return r;
}

(function seed() {
  const id = () => randomUUID();
  const logements = [];
  const noms = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
  for (const [ri, [code, nom, adresse]] of [['R01', 'Les Tilleuls', '3 rue des Lilas'], ['R02', 'Le Clos Fleuri', '18 avenue Jean Jaurès']].entries()) {
    const rid = id();
    put('residence', rid, { residence_id: rid, code, nom, adresse, code_postal: '69003', ville: 'Lyon', secteur_code: 'S1' });
    for (const bc of ['A', 'B']) {
      const bid = id();
      put('batiment', bid, { residence_id: rid, code: bc, nom: `Bâtiment ${bc}`, adresse, etages: 4 });
      for (let n = 1; n <= 10; n++) {
        const lid = id();
        const etage = Math.floor((n - 1) / 3);
        put('logement', lid, { residence_id: rid, batiment_id: bid, numero: `${bc}${etage}${n}`, etage, typologie: `T${1 + (n % 5)}`, surface: 30 + n * 7, nature: 'logement' });
        const tid = id();
        put('locataire', tid, { residence_id: rid, nom: noms[(n + ri * 3) % 10], prenom: ['Élise', 'Karim', 'Marie', 'Paul'][n % 4], telephone: '06 12 34 56 78', email: '' });
        put('bail', id(), { residence_id: rid, logement_id: lid, type: 'habitation', debut: '2021-03-01', fin: null, loyer: 480 + n, depot_garantie: 480, locataire_ids: [tid] });
        logements.push([rid, lid]);
      }
    }
  }
  // SEED_VISITES visites spread over the logements in creation order (interleaved).
  for (let v = 0; v < SEED_VISITES; v++) {
    const [rid, lid] = logements[v % logements.length];
    put('visite', id(), { residence_id: rid, logement_id: lid, type: 'courtoisie', prevue_le: null, realisee_le: '2025-10-02T10:00:00+02:00', participants: '', observations: `Visite ${v}`, suites: '', photo_ids: [], candidat_nom: '', decision: null, motif_refus: '', equipements: 'RAS', reparations: '', cout_estime: null, responsabilite: null, occupants: '', defauts: '', review_state: 'valide', review_comment: '' });
  }
  put('grille_vetuste', id(), { residence_id: null, element: 'Peinture', duree_vie: 9, franchise: 1, abattement_annuel: 10, part_residuelle: 20 });
})();

const send = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
};
const error = (res, status, code, message, extra = {}) => send(res, status, { error: { code, message, fields: {} }, ...extra });
const body = (req) => new Promise((ok) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => ok(Buffer.concat(parts)));
});

function auth(req, res) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  const d = devices.get(token);
  if (!d) return error(res, 401, 'invalid_token', 'Session inconnue : reconnectez-vous.'), null;
  if (d.revoked) return error(res, 401, 'device_revoked', 'Cet appareil a été révoqué.', { wipe: true }), null;
  return d;
}

function apply(m) {
  const r = records.get(m.record);
  if (m.entity === 'visite' && /interdit/i.test(m.fields.observations || '')) {
    return { status: 'rejected', version: r?.version ?? null, code: 'validation', message: 'La visite contient un terme à reformuler.', errors: { observations: ['Terme interdit : reformulez de façon factuelle.'] } };
  }
  if (!r) {
    if (m.base !== null) return { status: 'rejected', version: null, code: 'not_found', message: 'Enregistrement inconnu du serveur.' };
    const owner = m.entity === 'photo' ? records.get(m.fields.owner_record) : null;
    const lg = m.entity === 'visite' ? records.get(m.fields.logement_id) : null;
    const residence_id = lg?.fields.residence_id ?? owner?.fields.residence_id ?? null;
    const extra = m.entity === 'visite' ? { review_state: 'recu', review_comment: '' } : {};
    put(m.entity, m.record, { ...m.fields, residence_id, ...extra }, 1);
    return { status: 'applied', version: 1 };
  }
  let status = r.version === m.base ? 'applied' : 'merged';
  const conflicts = [];
  for (const [f, v] of Object.entries(m.fields)) {
    const changedSince = (r.fieldVersions[f] || 0) > (m.base ?? 0);
    if (changedSince && JSON.stringify(r.fields[f]) !== JSON.stringify(v) && m.base !== null) {
      conflicts.push(randomUUID());
      status = 'conflict';
      if (m.hlc < r.hlc) continue; // the later clock stays current
    }
    r.fields[f] = v;
    r.fieldVersions[f] = r.version + 1;
  }
  r.version += 1;
  r.hlc = m.hlc > r.hlc ? m.hlc : r.hlc;
  if (m.entity === 'visite' && r.fields.review_state === 'a_corriger') r.fields.review_state = 'corrige';
  logPush(r.id);
  return { status, version: r.version, ...(conflicts.length ? { conflicts } : {}) };
}

async function api(req, res, path) {
  const url = new URL(req.url, 'http://x');
  if (path === '/health') return send(res, 200, { status: 'ok', schema: 1 });
  if (path === '/auth/device' && req.method === 'POST') {
    const b = JSON.parse((await body(req)).toString() || '{}');
    if (b.password !== 'secret') return error(res, 401, 'invalid_credentials', 'Identifiant ou mot de passe incorrect.');
    const token = randomBytes(32).toString('hex');
    const d = { id: randomUUID(), revoked: false, lastSeq: 0, results: new Map() };
    devices.set(token, d);
    return send(res, 201, { token, device_id: d.id, user: { id: `u-${b.login}`, login: b.login, name: `Agent ${b.login}`, role: 'gestionnaire' }, schema: 1 });
  }
  const d = auth(req, res);
  if (!d) return;
  if (path === '/sync/push' && req.method === 'POST') {
    const raw = await body(req);
    const b = JSON.parse(raw.toString());
    if (b.mutations.length > 500 || raw.length > 2 * 1024 * 1024) return error(res, 413, 'payload_too_large', 'Envoi trop volumineux.');
    const results = [];
    for (const m of b.mutations) {
      if (m.seq <= d.lastSeq) { results.push({ ...(d.results.get(m.seq) || {}), seq: m.seq, status: 'duplicate' }); continue; }
      if (m.seq !== d.lastSeq + 1) return error(res, 409, 'seq_gap', 'Séquence interrompue.', { expected: d.lastSeq + 1 });
      const r = { seq: m.seq, ...apply(m) };
      d.lastSeq = m.seq;
      d.results.set(m.seq, r);
      results.push(r);
    }
    return send(res, 200, { results, last_seq: d.lastSeq });
  }
  if (path === '/sync/pull') {
    const from = Number(url.searchParams.get('cursor') || 0);
    const limit = Math.min(5000, Number(url.searchParams.get('limit') || 1000));
    const seen = new Set();
    const changes = [];
    let i = from;
    for (; i < log.length && changes.length < limit; i++) {
      const id = log[i];
      if (seen.has(id) || lastPos.get(id) !== i) continue; // each record once, at its latest
      seen.add(id);
      const r = records.get(id);
      changes.push({ entity: r.entity, record: r.id, version: r.version, deleted: r.deleted, hlc: r.hlc, fields: r.fields });
    }
    return send(res, 200, { changes, cursor: String(i), more: i < log.length, reset: false });
  }
  const bm = /^\/blobs\/([0-9a-f]{64})(\/thumb)?$/.exec(path);
  if (bm) {
    if (req.method === 'PUT') {
      const data = await body(req);
      if (createHash('sha256').update(data).digest('hex') !== bm[1]) return error(res, 400, 'hash_mismatch', 'Empreinte invalide.');
      const existed = blobs.has(bm[1]);
      blobs.set(bm[1], data);
      return send(res, existed ? 200 : 201, {});
    }
    const data = blobs.get(bm[1]);
    if (!data) return req.method === 'HEAD' ? (res.writeHead(404), res.end()) : error(res, 404, 'not_found', 'Photo introuvable.');
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': data.length });
    return res.end(req.method === 'HEAD' ? undefined : data);
  }
  return error(res, 404, 'not_found', 'Introuvable.');
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

let downUntil = 0; // POST /mock/down/<s>: API connections dropped, as if the server were stopped

createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    const down = /^\/mock\/down\/(\d+)$/.exec(path);
    if (down) { downUntil = Date.now() + 1000 * Number(down[1]); return send(res, 200, {}); }
    if (req.method === 'GET' && path === '/mock/stats') {
      const count = (e) => [...records.values()].filter((r) => r.entity === e).length;
      return send(res, 200, { visites: count('visite'), photos: count('photo'), blobs: blobs.size });
    }
    if (Date.now() < downUntil) return req.socket.destroy();
    if (path.startsWith('/api/v1')) return await api(req, res, path.slice(7));
    if (req.method === 'POST' && path === '/mock/revoke') { for (const d of devices.values()) d.revoked = true; return send(res, 200, {}); }
    const mm = /^\/mock\/(a-corriger|touch)\/(.+)$/.exec(path);
    if (req.method === 'POST' && mm) {
      const r = records.get(mm[2]);
      if (!r) return error(res, 404, 'not_found', 'Introuvable.');
      r.version += 1;
      r.hlc = hlc();
      if (mm[1] === 'a-corriger') Object.assign(r.fields, { review_state: 'a_corriger', review_comment: 'Préciser les travaux à commander.' });
      else { r.fields.observations = `${r.fields.observations} (modifié au bureau)`; r.fieldVersions.observations = r.version; }
      logPush(r.id);
      return send(res, 200, { version: r.version });
    }
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) return error(res, 404, 'not_found', 'Introuvable.');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': path === '/sw.js' ? 'no-cache' : 'public, max-age=0' });
    res.end(readFileSync(file));
  } catch (e) {
    console.error(e);
    error(res, 500, 'server_error', 'Erreur du serveur.');
  }
}).listen(PORT, '127.0.0.1', () => console.log(`mock API + dist on http://127.0.0.1:${PORT} (${records.size} records)`));
