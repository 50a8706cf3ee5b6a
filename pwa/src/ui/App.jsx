import { useEffect, useState } from 'preact/hooks';
import { logout, session } from '../app.js';
import { unsentSummary } from '../db/queries.js';
import { allFamilies, entityForRoute, recordHash } from '../families/index.js';
import { plural } from '../lib/format.js';
import { ATraiter } from './ATraiter.jsx';
import { Confirm } from './Confirm.jsx';
import { navigate, useRoute, useStore } from './hooks.js';
import { Logement } from './Logement.jsx';
import { Batiment, Residence, Residences } from './Logements.jsx';
import { LockScreen } from './LockScreen.jsx';
import { Login } from './Login.jsx';
import { PinBanner } from './PinSetup.jsx';
import { StatusBar } from './StatusBar.jsx';
import { PAGES, SCREENS } from './screens.js';
import { UpdateBanner } from './UpdateBanner.jsx';

/** What logging out would lose, in words ("3 modifications, 1 photo et 1 brouillon"), or null. */
export function unsentText({ modifications = 0, photos = 0, drafts = 0, refused = 0 }) {
  const parts = [];
  if (modifications) parts.push(plural(modifications, 'modification'));
  if (photos) parts.push(plural(photos, 'photo'));
  if (drafts) parts.push(plural(drafts, 'brouillon'));
  if (refused) parts.push(plural(refused, 'saisie refusée à corriger', 'saisies refusées à corriger'));
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]}`;
}

/** "Se déconnecter": says what is still unsent, then wipes the device once confirmed. */
export function LogoutDialog({ onCancel }) {
  const [unsent, setUnsent] = useState(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    unsentSummary().then(setUnsent, () => setUnsent(null));
  }, []);
  if (unsent === undefined) return null;
  const text = unsent ? unsentText(unsent) : null;
  const go = async () => {
    setBusy(true);
    await logout();
  };
  return (
    <Confirm title="Se déconnecter de cet appareil ?" danger="Se déconnecter et effacer" busy={busy} onConfirm={go} onCancel={onCancel}>
      {text ? (
        <p><strong>Pas encore envoyé : {text}.</strong> Ces saisies seront perdues. Pour les garder, synchronisez avec le réseau avant de vous déconnecter.</p>
      ) : (
        <p>Tout a été envoyé au serveur.</p>
      )}
      <p>Les données de cet appareil ({['logements', ...allFamilies().map((f) => f.label.toLowerCase())].join(', ')}) seront effacées.</p>
    </Confirm>
  );
}

/**
 * The app under the lock screen: kept mounted (forms keep what was typed), out of reach of
 * keyboard and screen readers while locked.
 */
function Lockable({ locked, children }) {
  return (
    <>
      <div class="app-body" inert={locked ? true : undefined} aria-hidden={locked ? 'true' : undefined}>{children}</div>
      {locked && <LockScreen />}
    </>
  );
}

/** The application shell: header, status bar, update banner and the routed screen. */
export function App() {
  const s = useStore(session);
  const route = useRoute();
  const [flash, setFlash] = useState(null);
  const [leaving, setLeaving] = useState(false);
  const [pinOpen, setPinOpen] = useState(false);
  const [head, id] = route.parts;
  const here = `#/${route.parts.join('/')}`;
  useEffect(() => {
    if (flash && flash.hash !== here) setFlash(null);
  }, [here]);
  useEffect(() => setLeaving(false), [s.state]);

  if (s.state === 'loading') return <p class="muted center">Chargement…</p>;
  if (s.state === 'locked') return <LockScreen />;
  if (s.state !== 'ready') {
    return (
      <Lockable locked={s.locked}>
        <StatusBar loggedIn={false} />
        <Login notice={s.notice} />
      </Lockable>
    );
  }

  // A family's screen: the route names the entity (its declaration), the parent comes in the query.
  const record = entityForRoute(head);
  const Screen = record && SCREENS[head];
  const done = (parentId, message) => {
    const hash = (record && recordHash(record.parentEntity, parentId)) || '#/logements';
    setFlash({ hash, text: message });
    navigate(hash);
  };
  const flashText = flash && flash.hash === here ? flash.text : null;

  let screen;
  if (head === 'residence' && id) screen = <Residence id={id} />;
  else if (head === 'batiment' && id) screen = <Batiment id={id} />;
  else if (head === 'logement' && id) screen = <Logement id={id} flash={flashText} />;
  else if (Screen && id) screen = <Screen key={id} id={id} parentId={route.query.get(record.parentEntity)} flash={flashText} onDone={done} />;
  else if (PAGES[head]) {
    const Page = PAGES[head];
    screen = <Page />;
  }
  else if (head === 'a-traiter') screen = <ATraiter />;
  else screen = <Residences />;

  return (
    <Lockable locked={s.locked}>
      <UpdateBanner editing={!!Screen} />
      {(pinOpen || !head || head === 'logements') && <PinBanner open={pinOpen} onClose={() => setPinOpen(false)} />}
      <header class="top">
        <span class="brand">Palier</span>
        <nav aria-label="Navigation principale">
          <a href="#/logements" aria-current={!head || ['logements', 'residence', 'batiment', 'logement'].includes(head) ? 'page' : undefined}>Logements</a>
        </nav>
        <span class="user small">{s.user?.name}</span>
        <button type="button" class="pin" aria-expanded={pinOpen ? 'true' : 'false'} onClick={() => setPinOpen(true)}>Code PIN</button>
        <button type="button" class="logout" aria-expanded={leaving ? 'true' : 'false'} onClick={() => setLeaving(true)}>Se déconnecter</button>
      </header>
      <StatusBar onPin={() => setPinOpen(true)} pinOpen={pinOpen} />
      {leaving && <div class="screen"><LogoutDialog onCancel={() => setLeaving(false)} /></div>}
      <div class="screen">{screen}</div>
    </Lockable>
  );
}
