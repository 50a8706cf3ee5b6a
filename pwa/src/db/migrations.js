// Upgrades of the IndexedDB schema. Each one is frozen: it writes the format of its own version,
// whatever later code does (a device may jump several versions in one open).

const V2_ROWS = 64;

/** v1 → v2: one visite bucket per logement (keyed by its id) → group buckets of ≤ 64; issues.open. */
export async function toV2(tx) {
  const buckets = tx.table('visite_buckets');
  const keys = (await buckets.toCollection().primaryKeys()).filter((k) => !k.includes('#'));
  for (let i = 0; i < keys.length; i += 50) {
    const old = (await buckets.bulkGet(keys.slice(i, i + 50))).filter(Boolean);
    await buckets.bulkDelete(old.map((b) => b.k));
    const out = [];
    for (const b of old) {
      const rows = Object.values(b.rows);
      for (let j = 0, n = 0; j < rows.length; j += V2_ROWS, n += 1) {
        const chunk = Object.fromEntries(rows.slice(j, j + V2_ROWS).map((r) => [r.id, r]));
        const ids = Object.keys(chunk);
        out.push({ k: `${b.k}#${String(n).padStart(4, '0')}`, rows: chunk, ids, corriger: ids.filter((id) => chunk[id].review_state === 'a_corriger') });
      }
    }
    await buckets.bulkPut(out);
  }
  await tx.table('issues').toCollection().modify((i) => {
    i.open = i.resolved || i.dismissed ? 0 : 1;
  });
}

const V3_ROWS = 64;
const v3Ref = (entity, id) => `${entity}:${id}`;

/** A v2 visite bucket or patch in the v3 format: refs "visite:<id>", groups "visite:<logement>". */
function v3Visites(b) {
  const rows = Object.fromEntries(Object.entries(b.rows).map(([id, r]) => [v3Ref('visite', id), r]));
  const ids = Object.keys(rows);
  const out = { k: b.k[0] === '!' ? b.k : `visite:${b.k}`, rows, ids, corriger: ids.filter((ref) => rows[ref].review_state === 'a_corriger'), tags: [] };
  if (b.k[0] === '!') {
    out.pids = ids;
    out.gs = [...new Set((b.gs || []).map((g) => `visite:${g}`))];
  }
  return out;
}

/** Photos in v3 group buckets: ≤ 64 photos of one owner record, tagged by sha256. */
function v3Photos(photos) {
  const byOwner = new Map();
  for (const p of photos) {
    const g = `photo:${p.owner_record ?? '_'}`;
    (byOwner.get(g) || byOwner.set(g, []).get(g)).push(p);
  }
  const out = [];
  for (const [g, list] of byOwner) {
    for (let j = 0, n = 0; j < list.length; j += V3_ROWS, n += 1) {
      const rows = Object.fromEntries(list.slice(j, j + V3_ROWS).map((p) => [v3Ref('photo', p.id), p]));
      const tags = [...new Set(Object.values(rows).filter((p) => p.sha256).map((p) => `photo.sha256=${p.sha256}`))];
      out.push({ k: `${g}#${String(n).padStart(4, '0')}`, rows, ids: Object.keys(rows), corriger: [], tags });
    }
  }
  return out;
}

/**
 * v2 → v3: every field record in one `records` table keyed by entity and parent (visites and
 * photos so far: their buckets, patches and rows move as they are, unsynced ones included);
 * drafts are indexed by their group ("visite:<logement>").
 */
export async function toV3(tx) {
  const records = tx.table('records');
  const visites = tx.table('visite_buckets');
  const keys = await visites.toCollection().primaryKeys();
  for (let i = 0; i < keys.length; i += 100) {
    const objects = (await visites.bulkGet(keys.slice(i, i + 100))).filter(Boolean);
    await records.bulkPut(objects.map(v3Visites));
  }
  const photos = await tx.table('photo').toArray();
  if (photos.length) await records.bulkPut(v3Photos(photos));
  await tx.table('drafts').toCollection().modify((d) => {
    d.entity = d.entity || 'visite';
    d.parent = d.parent ?? d.logement_id ?? null;
    d.group = `${d.entity}:${d.parent ?? '_'}`;
  });
}
