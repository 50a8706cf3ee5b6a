// The screens of every family, by route: one folder per family in ui/ (ui/visite/…). The App
// finds the record's entity from the route through the family declarations (src/families/).
import { screens as edl } from './edl/index.jsx';
import { screens as troubles } from './troubles/index.jsx';
import { screens as visite } from './visite/index.jsx';

/** route → screen component ({id, parentId, onDone}). */
export const SCREENS = { ...visite, ...edl, ...troubles };
