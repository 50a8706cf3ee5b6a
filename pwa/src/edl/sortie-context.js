// What a sortie is compared with, gathered from the device: the grille de vétusté, the entry EDL
// it continues (its date, its elements and their photos). The figures are edl/sortie.js's.
import { getFieldRecord, grilleVetuste } from '../db/queries.js';
import { recordsOfParent } from '../db/records.js';

/**
 * The context of a sortie `edl`: {grilles, sortieLe, dateEntree, entree (the entry EDL or null),
 * entreeElements: Map id → element, entreePhotos: Map element id → photos}. sortie.js's
 * vetusteLine reads {grilles, sortieLe, dateEntree}.
 */
export async function loadSortieContext(edl) {
  const [grilles, entree] = await Promise.all([
    grilleVetuste(), edl?.entree_id ? getFieldRecord('etat_des_lieux', edl.entree_id) : null,
  ]);
  const entreeElements = new Map();
  const entreePhotos = new Map();
  if (entree) {
    const elements = await recordsOfParent('edl_element', entree.id);
    const photos = await Promise.all(elements.map((e) => recordsOfParent('photo', e.id)));
    elements.forEach((e, i) => {
      entreeElements.set(e.id, e);
      const own = photos[i].filter((p) => p.owner_entity === 'edl_element');
      if (own.length) entreePhotos.set(e.id, own.sort((a, b) => String(a.taken_at || '').localeCompare(String(b.taken_at || ''))));
    });
  }
  return {
    grilles, sortieLe: edl?.date_edl ?? null, dateEntree: entree?.date_edl ?? null,
    entree: entree ?? null, entreeElements, entreePhotos,
  };
}
