import { useEffect, useRef, useState } from 'preact/hooks';
import { getBatiment, getResidence, listResidences } from '../db/queries.js';
import { logementsOfBatiment, searchChanged, searchLogements } from '../db/search.js';
import { etageLabel, NATURES } from '../lib/labels.js';
import { uuidv7 } from '../lib/uuid.js';
import { navigate, useLive } from './hooks.js';

/** One logement as a link: "Logement 12", étage, typologie, tenants. */
export function LogementLink({ entry, showPlace = false }) {
  const l = entry.logement;
  return (
    <li>
      <a class="card" href={`#/logement/${l.id}`}>
        <strong>Logement {l.numero}</strong>
        <span>{[etageLabel(l.etage), l.typologie, l.nature && l.nature !== 'logement' ? NATURES[l.nature] || l.nature : null].filter(Boolean).join(' · ')}</span>
        {showPlace && <span>{[entry.residence.nom, entry.batiment.nom].filter(Boolean).join(' — ')}</span>}
        <span class="tenants">{entry.tenants.length ? entry.tenants.join(', ') : 'Vacant ou sans bail en cours'}</span>
      </a>
    </li>
  );
}

/** A counter bumped whenever the search index is invalidated (référentiel changed). */
function useSearchVersion() {
  const [version, setVersion] = useState(0);
  useEffect(() => searchChanged.on(() => setVersion((v) => v + 1)), []);
  return version;
}

function Search() {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState(null);
  const seq = useRef(0);
  const version = useSearchVersion();
  useEffect(() => {
    const mine = ++seq.current;
    if (!q.trim()) {
      setHits(null);
      return;
    }
    searchLogements(q).then((r) => {
      if (mine === seq.current) setHits(r);
    });
  }, [q, version]);
  return (
    <div class="search">
      <label for="search-logement">Rechercher un logement</label>
      <input id="search-logement" type="search" autocomplete="off" value={q}
        placeholder="Résidence, adresse, n° de logement, locataire"
        onInput={(e) => setQ(e.currentTarget.value)} />
      {hits && (
        <section aria-label="Résultats de la recherche">
          <p class="muted" aria-live="polite">{hits.length ? `${hits.length}${hits.length === 50 ? '+' : ''} résultat${hits.length > 1 ? 's' : ''}` : 'Aucun logement trouvé.'}</p>
          <ul class="cards">{hits.map((h) => <LogementLink key={h.logement.id} entry={h} showPlace />)}</ul>
        </section>
      )}
      {hits && <hr />}
    </div>
  );
}

/** The gardien's day in one tap: "Signaler", the réclamations in progress, the permanences. */
function QuickActions() {
  return (
    <nav class="quick-actions" aria-label="Réclamations et permanences">
      <button type="button" class="primary signaler" onClick={() => navigate(`#/reclamation/${uuidv7()}`)}>Signaler</button>
      <a href="#/reclamations">Réclamations</a>
      <a href="#/permanences">Permanences</a>
    </nav>
  );
}

/** #/logements: quick actions, search + résidences. */
export function Residences() {
  const residences = useLive(() => listResidences(), []);
  return (
    <main id="contenu">
      <QuickActions />
      <h2>Logements</h2>
      <Search />
      <h3>Résidences</h3>
      {residences === undefined && <p class="muted">Chargement…</p>}
      {residences?.length === 0 && <p class="muted">Aucune résidence sur l'appareil : synchronisez-le une première fois avec le réseau.</p>}
      <ul class="cards">
        {residences?.map((r) => (
          <li key={r.id}>
            <a class="card" href={`#/residence/${r.id}`}>
              <strong>{r.nom}</strong>
              <span>{r.code} · {[r.adresse, [r.code_postal, r.ville].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</span>
              <span>{r.logements} logement{r.logements > 1 ? 's' : ''}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** #/residence/<id>: its bâtiments. */
export function Residence({ id }) {
  const data = useLive(() => getResidence(id), [id]);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!data.residence) return <main id="contenu"><p>Résidence introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const r = data.residence;
  return (
    <main id="contenu">
      <nav class="crumbs" aria-label="Fil d'Ariane"><a href="#/logements">Logements</a> › <span>{r.nom}</span></nav>
      <h2>{r.nom}</h2>
      <p class="muted">{r.code} · {[r.adresse, [r.code_postal, r.ville].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</p>
      <h3>Bâtiments</h3>
      {data.batiments.length === 0 && <p class="muted">Aucun bâtiment.</p>}
      <ul class="cards">
        {data.batiments.map((b) => (
          <li key={b.id}>
            <a class="card" href={`#/batiment/${b.id}`}>
              <strong>{b.nom || `Bâtiment ${b.code}`}</strong>
              <span>{[b.code, b.adresse, b.etages !== undefined && b.etages !== null ? `${b.etages} étage${b.etages > 1 ? 's' : ''}` : null].filter(Boolean).join(' · ')}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** #/batiment/<id>: its logements with number, floor, typology and tenants. */
export function Batiment({ id }) {
  const version = useSearchVersion();
  const data = useLive(async () => ({ ...(await getBatiment(id)), logements: await logementsOfBatiment(id) }), [id, version]);
  if (data === undefined) return <main id="contenu"><p class="muted">Chargement…</p></main>;
  if (!data.batiment) return <main id="contenu"><p>Bâtiment introuvable sur l'appareil.</p><a href="#/logements">Retour aux logements</a></main>;
  const { batiment: b, residence: r } = data;
  return (
    <main id="contenu">
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href="#/logements">Logements</a> › {r && <a href={`#/residence/${r.id}`}>{r.nom}</a>} › <span>{b.nom || b.code}</span>
      </nav>
      <h2>{b.nom || `Bâtiment ${b.code}`}</h2>
      {b.adresse && <p class="muted">{b.adresse}</p>}
      <h3>Logements</h3>
      {data.logements.length === 0 && <p class="muted">Aucun logement.</p>}
      <ul class="cards">{data.logements.map((e) => <LogementLink key={e.logement.id} entry={e} />)}</ul>
    </main>
  );
}
