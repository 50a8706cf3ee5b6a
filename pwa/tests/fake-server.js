// A small in-memory stand-in of the server's push and pull, with the rules the tests need: a
// visite dated before 2000 is refused; a photo whose visite the server does not hold is refused
// with `unknown_reference` (as server/sync_engine.py does); deletions; exactly-once by seq.

/** Create the fake server; `api` has the methods of api/client.js the sync cycle uses. */
export function fakeServer() {
  const records = new Map(); // "entity:id" → {fields, version, deleted}
  const pushes = [];
  let lastSeq = 0;
  const stored = new Map(); // seq → result (duplicates answer the first result)

  function apply(m) {
    const key = `${m.entity}:${m.record}`;
    const cur = records.get(key);
    const live = cur && !cur.deleted;
    if (m.entity === 'visite' && typeof m.fields.realisee_le === 'string' && m.fields.realisee_le.slice(0, 4) < '2000') {
      return { seq: m.seq, status: 'rejected', version: null, code: 'validation_error', message: 'Certains champs sont invalides.', errors: { realisee_le: ['Date hors des limites (2000 à 2100).'] } };
    }
    if (m.op === 'delete') {
      if (!live) return { seq: m.seq, status: 'applied', version: null };
      records.set(key, { ...cur, deleted: true, version: cur.version + 1 });
      return { seq: m.seq, status: 'applied', version: cur.version + 1 };
    }
    if (m.entity === 'photo' && !live) {
      const owner = records.get(`visite:${m.fields.owner_record}`);
      if (!owner || owner.deleted) {
        const problem = 'Visite inconnue : la photo doit accompagner une visite.';
        return { seq: m.seq, status: 'rejected', version: null, code: 'unknown_reference', message: problem, errors: { owner_record: [problem] } };
      }
    }
    const version = (cur?.version || 0) + 1;
    records.set(key, { fields: { ...(live ? cur.fields : {}), ...m.fields }, version, deleted: false });
    return { seq: m.seq, status: 'applied', version };
  }

  const api = {
    hasBlob: async () => true,
    putBlob: async () => 201,
    rules: async () => ({ notModified: true }),
    pull: async () => ({ changes: [], cursor: 'c', more: false, reset: false }),
    push: async ({ mutations }) => {
      pushes.push(mutations.map((m) => `${m.seq} ${m.entity} ${m.op}`));
      const results = mutations.map((m) => {
        if (m.seq <= lastSeq) return { ...stored.get(m.seq), status: 'duplicate' };
        lastSeq = m.seq;
        const r = apply(m);
        stored.set(m.seq, r);
        return r;
      });
      return { results, last_seq: lastSeq };
    },
  };
  return { api, records, pushes, live: (entity, id) => { const r = records.get(`${entity}:${id}`); return r && !r.deleted ? r : null; } };
}
