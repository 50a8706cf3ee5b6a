// The last places a réclamation was reported at, kept in the device's meta store so the next
// report starts from them (a gardien works the same stairwells all day).
import { getMeta, setMeta } from '../db/meta.js';

const KEY = 'reclamation_lieux';
export const LIEUX_KEPT = 5;
const PLACE_FIELDS = ['logement_id', 'batiment_id', 'cage', 'etage', 'partie_commune'];

/** The place fields of a réclamation: a logement, or a bâtiment with cage, étage and partie commune. */
export function lieuOf(row) {
  if (row?.logement_id) return { logement_id: row.logement_id, batiment_id: null, cage: '', etage: null, partie_commune: null };
  return { logement_id: null, batiment_id: row?.batiment_id ?? null, cage: row?.cage || '', etage: row?.etage ?? null, partie_commune: row?.partie_commune ?? null };
}

/** A key naming one place (two reports at the same place have the same key). */
export const lieuKey = (lieu) => PLACE_FIELDS.map((f) => String(lieu?.[f] ?? '')).join('|');

/** The places used last, newest first: [{logement_id, batiment_id, cage, etage, partie_commune, label}]. */
export async function recentLieux() {
  return (await getMeta(KEY)) || [];
}

/** Put a place (with its `label` in words) first in the recent ones, keeping the last five. */
export async function rememberLieu(lieu, label) {
  const entry = { ...lieuOf(lieu), label };
  const others = (await recentLieux()).filter((l) => lieuKey(l) !== lieuKey(entry));
  const list = [entry, ...others].slice(0, LIEUX_KEPT);
  await setMeta(KEY, list);
  return list;
}
