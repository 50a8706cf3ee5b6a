import { render } from 'preact';
import { boot } from './app.js';
import { registerServiceWorker } from './lib/sw-client.js';
import { App } from './ui/App.jsx';
import './ui/styles.css';

render(<App />, document.getElementById('app'));
boot().catch((e) => console.error('Démarrage impossible', e));
registerServiceWorker();
