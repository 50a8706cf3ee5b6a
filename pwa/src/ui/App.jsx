import { useEffect, useState } from 'preact/hooks';
import { session } from '../app.js';
import { ATraiter } from './ATraiter.jsx';
import { navigate, useRoute, useStore } from './hooks.js';
import { Logement } from './Logement.jsx';
import { Batiment, Residence, Residences } from './Logements.jsx';
import { Login } from './Login.jsx';
import { StatusBar } from './StatusBar.jsx';
import { UpdateBanner } from './UpdateBanner.jsx';
import { VisiteForm } from './VisiteForm.jsx';

/** The application shell: header, status bar, update banner and the routed screen. */
export function App() {
  const s = useStore(session);
  const route = useRoute();
  const [flash, setFlash] = useState(null);
  const [head, id] = route.parts;
  const here = `#/${route.parts.join('/')}`;
  useEffect(() => {
    if (flash && flash.hash !== here) setFlash(null);
  }, [here]);

  if (s.state === 'loading') return <p class="muted center">Chargement…</p>;
  if (s.state !== 'ready') {
    return (
      <>
        <StatusBar loggedIn={false} />
        <Login notice={s.notice} />
      </>
    );
  }

  const done = (logementId, message) => {
    const hash = logementId ? `#/logement/${logementId}` : '#/logements';
    setFlash({ hash, text: message });
    navigate(hash);
  };
  const flashText = flash && flash.hash === here ? flash.text : null;

  let screen;
  if (head === 'residence' && id) screen = <Residence id={id} />;
  else if (head === 'batiment' && id) screen = <Batiment id={id} />;
  else if (head === 'logement' && id) screen = <Logement id={id} flash={flashText} />;
  else if (head === 'visite' && id) screen = <VisiteForm key={id} id={id} logementId={route.query.get('logement')} onDone={done} />;
  else if (head === 'a-traiter') screen = <ATraiter />;
  else screen = <Residences />;

  return (
    <>
      <UpdateBanner editing={head === 'visite'} />
      <header class="top">
        <span class="brand">Palier</span>
        <nav aria-label="Navigation principale">
          <a href="#/logements" aria-current={!head || ['logements', 'residence', 'batiment', 'logement'].includes(head) ? 'page' : undefined}>Logements</a>
        </nav>
        <span class="user small">{s.user?.name}</span>
      </header>
      <StatusBar />
      <div class="screen">{screen}</div>
    </>
  );
}
