// The screens of every family, by route: one folder per family in ui/ (ui/visite/…). The App
// finds the record's entity from the route through the family declarations (src/families/).
import { screens as edl } from './edl/index.jsx';
import { pages as reclamationPages, screens as reclamations } from './reclamations/index.jsx';
import { screens as troubles } from './troubles/index.jsx';
import { screens as visite } from './visite/index.jsx';

/** route → screen component ({id, parentId, onDone}). */
export const SCREENS = { ...visite, ...edl, ...troubles, ...reclamations };

/** Pages that are not a record's screen: '#/<name>' → component. */
export const PAGES = { ...reclamationPages };
