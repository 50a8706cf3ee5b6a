// The screens of the troubles family, by the route its declaration names
// (src/families/troubles.js), each loaded in the troubles chunk on first use.
import { lazyScreen } from '../edl/lazy.jsx';

const load = () => import('./TroublesScreens.jsx');

/** route → screen; each screen gets {id, parentId, onDone(parentId, message)}. */
export const screens = {
  dossier_trouble: lazyScreen(load, 'DossierScreen'),
  fait: lazyScreen(load, 'FaitScreen'),
  entretien: lazyScreen(load, 'EntretienScreen'),
  demarche: lazyScreen(load, 'DemarcheScreen'),
  attestation_temoin: lazyScreen(load, 'AttestationScreen'),
};
