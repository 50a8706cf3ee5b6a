// The réclamations and permanences screens, one chunk (ui/reclamations/index.jsx loads it on first
// use, with date-holidays for the deadlines).
export { ReclamationScreen } from './ReclamationScreen.jsx';
export { ReclamationsList } from './ReclamationsList.jsx';
export { PermanenceScreen, PermanencesList } from './PermanenceScreen.jsx';
export { ContactScreen } from './ContactScreen.jsx';
