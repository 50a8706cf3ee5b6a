// The troubles screens, one chunk (ui/troubles/index.jsx loads it on first use).
export { DossierScreen } from './DossierScreen.jsx';
export { FaitScreen } from './FaitScreen.jsx';
export { EntretienScreen } from './EntretienScreen.jsx';
export { DemarcheScreen } from './DemarcheScreen.jsx';
export { AttestationScreen } from './AttestationScreen.jsx';
