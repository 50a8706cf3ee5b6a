// The screens of the visites family, by the route its declaration names (src/families/visite.js).
import { VisiteForm } from './VisiteForm.jsx';

/** route → screen; each screen gets {id, parentId, onDone(parentId, message)}. */
export const screens = {
  visite: ({ id, parentId, onDone }) => <VisiteForm key={id} id={id} logementId={parentId} onDone={onDone} />,
};
