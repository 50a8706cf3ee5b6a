// The screens of the réclamations family, by the route its declaration names
// (src/families/reclamations.js), and its two lists, each loaded in one chunk on first use.
import { lazyScreen } from '../edl/lazy.jsx';

const load = () => import('./ReclamationsScreens.jsx');

/** route → screen; each screen gets {id, parentId, flash, onDone(parentId, message)}. */
export const screens = {
  reclamation: lazyScreen(load, 'ReclamationScreen'),
  permanence: lazyScreen(load, 'PermanenceScreen'),
  contact_permanence: lazyScreen(load, 'ContactScreen'),
};

/** Pages of their own: #/reclamations, #/permanences. */
export const pages = {
  reclamations: lazyScreen(load, 'ReclamationsList'),
  permanences: lazyScreen(load, 'PermanencesList'),
};
