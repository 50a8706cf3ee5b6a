// The screens of the états des lieux family, by the route its declaration names
// (src/families/etat_des_lieux.js).
import { parseHash } from '../hooks.js';
import { EdlScreen } from './EdlScreen.jsx';

/** The sens asked for a new EDL by its route ("#/etat_des_lieux/<id>?logement=…&sens=sortie"). */
const askedSens = () => (parseHash(globalThis.location?.hash).query.get('sens') === 'sortie' ? 'sortie' : 'entree');

/** route → screen; each screen gets {id, parentId, onDone(parentId, message)}. */
export const screens = {
  etat_des_lieux: ({ id, parentId }) => <EdlScreen key={id} id={id} logementId={parentId} sens={askedSens()} />,
};
