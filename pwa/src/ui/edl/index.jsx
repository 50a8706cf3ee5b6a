// The screens of the états des lieux family, by the route its declaration names
// (src/families/etat_des_lieux.js).
import { EdlScreen } from './EdlScreen.jsx';

/** route → screen; each screen gets {id, parentId, onDone(parentId, message)}. */
export const screens = {
  etat_des_lieux: ({ id, parentId }) => <EdlScreen key={id} id={id} logementId={parentId} />,
};
